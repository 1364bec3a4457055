import { readU16 } from '../../wire/bytes';
import { IP_PROTOCOL } from '../../wire/ipv4';
import { ipHeaderLen, ipProto, type Skb } from '../ip/skb';
import { readIpv4 } from '../../wire/addr';

/**
 * A conntrack tuple (include/net/netfilter/nf_conntrack_tuple.h): what
 * identifies one direction of a flow. TCP/UDP: addresses and ports. ICMP
 * queries: `sport` is the echo identifier (the "port" NAT rewrites) and
 * `dport` is type << 8 | code, so a request and its reply are inverses.
 * Other protocols (the generic tracker): ports are 0.
 */
export interface Tuple {
  proto: number;
  src: number;
  dst: number;
  sport: number;
  dport: number;
}

/** ICMP query types and the reply each expects (nf_conntrack_proto_icmp.c invmap). */
export const ICMP_INVERSE: Readonly<Record<number, number>> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };
/** Types that may start a tracked ICMP "connection" (icmp_new valid_new). */
export const ICMP_VALID_NEW: ReadonlySet<number> = new Set([8, 13, 15, 17]);
/** ICMP errors that quote a packet and can be RELATED (icmp_error). */
export const ICMP_ERROR_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);

export const hasPorts = (proto: number): boolean => proto === IP_PROTOCOL.TCP || proto === IP_PROTOCOL.UDP;

/** Hash key of a tuple: a string, compared exactly. */
export const tupleKey = (t: Tuple): string => `${t.proto}/${t.src}/${t.dst}/${t.sport}/${t.dport}`;

export function invertTuple(t: Tuple): Tuple {
  if (t.proto === IP_PROTOCOL.ICMP) {
    const type = t.dport >> 8;
    const inv = ICMP_INVERSE[type];
    return { proto: t.proto, src: t.dst, dst: t.src, sport: t.sport, dport: ((inv ?? type) << 8) | (t.dport & 0xff) };
  }
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

export const tupleEqual = (a: Tuple, b: Tuple): boolean =>
  a.proto === b.proto && a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;

/**
 * The tuple of the IPv4 packet at `off` in `buf` (nf_ct_get_tuple), or
 * undefined when its transport header is cut short (a packet quoted in an
 * ICMP error only promises 8 bytes of transport header, which is enough).
 */
export function tupleAt(buf: Uint8Array, off: number, len: number): Tuple | undefined {
  if (len < 20) return undefined;
  const hl = (buf[off] & 0x0f) * 4;
  const proto = buf[off + 9];
  const src = readIpv4(buf, off + 12);
  const dst = readIpv4(buf, off + 16);
  const l4 = off + hl;
  const l4len = len - hl;
  if (hasPorts(proto)) {
    if (l4len < 4) return undefined;
    return { proto, src, dst, sport: readU16(buf, l4), dport: readU16(buf, l4 + 2) };
  }
  if (proto === IP_PROTOCOL.ICMP) {
    if (l4len < 8) return undefined;
    const type = buf[l4];
    const code = buf[l4 + 1];
    const isQuery = ICMP_INVERSE[type] !== undefined;
    return { proto, src, dst, sport: isQuery ? readU16(buf, l4 + 4) : 0, dport: (type << 8) | code };
  }
  return { proto, src, dst, sport: 0, dport: 0 };
}

export const skbTuple = (skb: Skb): Tuple | undefined => tupleAt(skb.data, 0, skb.data.length);

/** The ICMP type of an ICMP packet (undefined for other protocols). */
export function icmpTypeOf(skb: Skb): number | undefined {
  if (ipProto(skb) !== IP_PROTOCOL.ICMP) return undefined;
  const hl = ipHeaderLen(skb);
  return skb.data.length > hl ? skb.data[hl] : undefined;
}

export const isIcmpError = (skb: Skb): boolean => {
  const t = icmpTypeOf(skb);
  return t !== undefined && ICMP_ERROR_TYPES.has(t);
};
