/**
 * The transport flow a frame belongs to: protocol, addresses and ports of the
 * innermost packet (through IP-in-IP), or of the datagram an ICMP error quotes.
 * ICMP echo uses its identifier as both ports, as conntrack does.
 */
import { formatIpv4, type Ipv4 } from '../wire/addr';
import { readU16 } from '../wire/bytes';
import { ETHERTYPE, parseEthernet } from '../wire/ethernet';
import { ICMP_FIELD, ICMP_HEADER_LEN, ICMP_TYPE } from '../wire/icmp';
import { IP_PROTOCOL, parseIpv4 } from '../wire/ipv4';

export type FlowProto = 'tcp' | 'udp' | 'icmp';

export interface FlowTuple {
  proto: FlowProto;
  src: Ipv4;
  sport: number;
  dst: Ipv4;
  dport: number;
}

export interface FrameFlow {
  tuple: FlowTuple;
  /** The tuple is that of a datagram quoted by an ICMP error, which travels the other way. */
  quoted: boolean;
  /** Outer IP-in-IP headers around the packet, outermost first (`192.168.150.11 > 192.168.150.13`). */
  encap: string[];
}

const MAX_DEPTH = 4;

export const tupleKey = (t: FlowTuple): string => `${t.proto} ${t.src}:${t.sport} ${t.dst}:${t.dport}`;
export const reverseTuple = (t: FlowTuple): FlowTuple => ({ proto: t.proto, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport });
export const sameTuple = (a: FlowTuple, b: FlowTuple): boolean => tupleKey(a) === tupleKey(b);

/** `tcp 192.168.150.1:41234 > 192.168.150.100:80` */
export function formatTuple(t: FlowTuple): string {
  if (t.proto === 'icmp') return `icmp ${formatIpv4(t.src)} > ${formatIpv4(t.dst)} id ${t.sport}`;
  return `${t.proto} ${formatIpv4(t.src)}:${t.sport} > ${formatIpv4(t.dst)}:${t.dport}`;
}

/** The flow of a frame, or undefined for ARP, VRRP, fragments and anything unparsable. Never throws. */
export function flowOfFrame(frame: Uint8Array): FrameFlow | undefined {
  const eth = parseEthernet(frame);
  if (!eth.ok || eth.value.repr.ethertype !== ETHERTYPE.IPV4) return undefined;
  return ipFlow(frame, eth.value.payloadOffset, eth.value.payloadLen, false, [], 0);
}

function ipFlow(b: Uint8Array, off: number, len: number, quoted: boolean, encap: string[], depth: number): FrameFlow | undefined {
  const ip = parseIpv4(b, off, len, { verifyChecksum: false, quoted: true });
  if (!ip.ok || ip.value.repr.fragmentOffset !== 0) return undefined;
  const { repr, payloadOffset: p, payloadLen: n } = ip.value;
  const { src, dst } = repr;
  switch (repr.protocol) {
    case IP_PROTOCOL.IPIP:
      if (quoted || depth >= MAX_DEPTH) return undefined;
      return ipFlow(b, p, n, false, [...encap, `${formatIpv4(src)} > ${formatIpv4(dst)}`], depth + 1);
    case IP_PROTOCOL.TCP:
    case IP_PROTOCOL.UDP:
      if (n < 4) return undefined;
      return { tuple: { proto: repr.protocol === IP_PROTOCOL.TCP ? 'tcp' : 'udp', src, sport: readU16(b, p), dst, dport: readU16(b, p + 2) }, quoted, encap };
    case IP_PROTOCOL.ICMP: {
      if (n < ICMP_HEADER_LEN) return undefined;
      const type = b[p];
      if (type === ICMP_TYPE.ECHO_REQUEST || type === ICMP_TYPE.ECHO_REPLY) {
        const id = readU16(b, p + ICMP_FIELD.ECHO_IDENT[0]);
        return { tuple: { proto: 'icmp', src, sport: id, dst, dport: id }, quoted, encap };
      }
      if (!quoted && (type === ICMP_TYPE.DEST_UNREACHABLE || type === ICMP_TYPE.TIME_EXCEEDED)) {
        return ipFlow(b, p + ICMP_HEADER_LEN, n - ICMP_HEADER_LEN, true, encap, depth + 1);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
