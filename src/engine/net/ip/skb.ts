import { readIpv4 } from '../../wire/addr';
import { allocRoomy } from '../../wire/bytes';
import { ETHERNET_HEADER_LEN, ETHERNET_MIN_FRAME_LEN } from '../../wire/ethernet';
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
  /** The bytes come from allocPacket: the Ethernet header may be written in front of them, once. */
  headroom?: boolean;
  /** Conntrack entry attached by the netfilter layer, if any. */
  ct?: unknown;
}

/**
 * A new skb. Every one is made here with the same fields in the same order,
 * so the stack's code sees one object shape (a mix of shapes makes every
 * property access on the receive and send paths slower).
 */
export function newSkb(data: Uint8Array, pid: number, inDev: Iface | null, l2multicast = false, owned = false, headroom = false): Skb {
  return { data, pid, inDev, l2multicast, mark: 0, owned, headroom, ct: undefined };
}

/** A copy of `s` arriving on `inDev` (loopback delivery), same shape. */
export function cloneSkb(s: Skb, inDev: Iface | null): Skb {
  return { data: s.data, pid: s.pid, inDev, l2multicast: false, mark: s.mark, owned: s.owned, headroom: s.headroom ?? false, ct: s.ct };
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
    const copy = allocPacket(s.data.length);
    copy.set(s.data);
    s.data = copy;
    s.owned = true;
    s.headroom = true;
  }
  return s.data;
}

/**
 * Bytes for an IPv4 packet of `n` bytes with room in front for the Ethernet
 * header and behind for padding to the minimum frame (the kernel's
 * LL_RESERVED_SPACE): the frame is then built around the packet, not copied.
 */
export const allocPacket = (n: number): Uint8Array => allocRoomy(n, ETHERNET_HEADER_LEN, ETHERNET_MIN_FRAME_LEN);
