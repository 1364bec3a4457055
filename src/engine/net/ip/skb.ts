import { readIpv4 } from '../../wire/addr';
import { copyBytes } from '../../wire/bytes';
import { IPV4_FIELD } from '../../wire/ipv4';
import type { Iface } from './iface';

/**
 * A packet inside one host's stack (after the kernel's sk_buff): the IPv4
 * datagram's bytes plus where it came from. Frames on the wire are shared
 * with the trace and never mutated: call `writable` before rewriting.
 */
export interface Skb {
  data: Uint8Array;
  pid: number;
  inDev: Iface | null;
  /** The frame arrived as an L2 broadcast/multicast (not PACKET_HOST): never forwarded. */
  l2multicast: boolean;
  /** Netfilter mark (fwmark). */
  mark: number;
  /** Set once the bytes are this host's own copy. */
  owned: boolean;
  /** Conntrack entry attached by the netfilter layer, if any. */
  ct?: unknown;
  /** Set by IPVS once it has handled the packet. */
  ipvs?: boolean;
}

export const ipHeaderLen = (s: Skb): number => (s.data[0] & 0x0f) * 4;
export const ipSrc = (s: Skb): number => readIpv4(s.data, IPV4_FIELD.SRC_ADDR[0]);
export const ipDst = (s: Skb): number => readIpv4(s.data, IPV4_FIELD.DST_ADDR[0]);
export const ipProto = (s: Skb): number => s.data[IPV4_FIELD.PROTOCOL[0]];
export const ipTtl = (s: Skb): number => s.data[IPV4_FIELD.TTL[0]];
/** The transport header and data. */
export const l4 = (s: Skb): Uint8Array => s.data.subarray(ipHeaderLen(s));

/** Make the packet's bytes this host's own before rewriting them. */
export function writable(s: Skb): Uint8Array {
  if (!s.owned) {
    s.data = copyBytes(s.data);
    s.owned = true;
  }
  return s.data;
}
