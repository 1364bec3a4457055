import { IPV4_BROADCAST, isMulticastIpv4, type Ipv4 } from '../../wire/addr';
import { buildIcmp, ICMP_TYPE, parseIcmp, quoteOriginal, type IcmpRepr } from '../../wire/icmp';
import { IP_PROTOCOL } from '../../wire/ipv4';
import { ipDst, ipHeaderLen, ipProto, ipSrc, type Skb } from './skb';
import type { IpStack } from './stack';

/** A raw ICMP socket's view (ping): every ICMP message delivered to this host. */
export type IcmpListener = (msg: IcmpRepr, from: Ipv4, to: Ipv4, ttl: number, skb: Skb) => void;

const listeners = new WeakMap<IpStack, Set<IcmpListener>>();

export function icmpListen(stack: IpStack, l: IcmpListener): () => void {
  let set = listeners.get(stack);
  if (!set) listeners.set(stack, (set = new Set()));
  set.add(l);
  return () => set!.delete(l);
}

/** icmp_rcv: answer echo requests, hand everything to raw listeners. */
export function icmpRcv(stack: IpStack, skb: Skb): void {
  const hl = ipHeaderLen(skb);
  const p = parseIcmp(skb.data, hl, skb.data.length - hl);
  if (!p.ok) return stack.dropSkb(skb, p.error);
  const msg = p.value.repr;
  const src = ipSrc(skb);
  const dst = ipDst(skb);
  for (const l of listeners.get(stack) ?? []) l(msg, src, dst, skb.data[8], skb);
  if (msg.type === ICMP_TYPE.ECHO_REQUEST) {
    // icmp_echo_ignore_broadcasts=1 by default.
    if (dst === IPV4_BROADCAST || isMulticastIpv4(dst)) return;
    const reply = buildIcmp({ type: ICMP_TYPE.ECHO_REPLY, identifier: msg.identifier, sequence: msg.sequence, data: msg.data });
    stack.sendIp({ proto: IP_PROTOCOL.ICMP, dst: src, src: dst, payload: reply, df: false });
  }
}

/**
 * icmp_send: report a problem with `skb` to its sender. Never about an ICMP
 * error, a broadcast/multicast, or a packet from 0.0.0.0 (RFC 1122 §3.2.2).
 * `local`: the failing packet was our own (its sender is this host).
 */
export function icmpSendError(stack: IpStack, skb: Skb, type: 3 | 11, code: number, local = false): void {
  const src = ipSrc(skb);
  const dst = ipDst(skb);
  if (src === 0 || isMulticastIpv4(src) || src === IPV4_BROADCAST || isMulticastIpv4(dst) || dst === IPV4_BROADCAST) return;
  if (skb.l2multicast) return;
  if (ipProto(skb) === IP_PROTOCOL.ICMP) {
    const t = skb.data[ipHeaderLen(skb)];
    if (t !== ICMP_TYPE.ECHO_REQUEST && t !== ICMP_TYPE.ECHO_REPLY) return;
  }
  const original = quoteOriginal(skb.data);
  const msg: IcmpRepr = type === ICMP_TYPE.TIME_EXCEEDED ? { type, code, original } : { type: ICMP_TYPE.DEST_UNREACHABLE, code, nextHopMtu: 0, original };
  let from: Ipv4;
  if (local) from = src;
  else if (stack.isLocalAddress(dst)) from = dst;
  else {
    const back = stack.routeOutput(src);
    const dev = back && stack.iface(back.dev);
    from = dev ? stack.selectSource(dev, src) : 0;
  }
  stack.sendIp({ proto: IP_PROTOCOL.ICMP, dst: src, src: from || undefined, payload: buildIcmp(msg), df: false, tos: 0xc0 });
}
