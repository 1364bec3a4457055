import { emitIpv4, IPV4_HEADER_LEN, decrementTtl, setIpv4Checksum, IP_PROTOCOL, IPV4_FIELD } from '../wire/ipv4';
import { writeIpv4 } from '../wire/addr';
import { writeU16 } from '../wire/bytes';
import { tcpChecksum } from '../wire/tcp';
import { udpChecksum } from '../wire/udp';
import { icmpSendError } from '../net/ip/icmp';
import { allocPacket, cloneSkb, ipHeaderLen, ipProto, ipTtl, writable, type Skb } from '../net/ip/skb';
import type { IpStack } from '../net/ip/stack';
import { ICMP_TIME_EXCEEDED, ICMP_TYPE } from '../wire/icmp';
import type { IpvsConn } from './conn';

/**
 * The three forwarding methods of ip_vs_xmit.c. Each routes toward the real
 * server, decrements the TTL (decrement_ttl), rewrites exactly what the
 * kernel rewrites, and sends through LOCAL_OUT/POST_ROUTING.
 */
export function ipvsXmit(stack: IpStack, skb: Skb, cp: IpvsConn): void {
  const route = stack.routeOutput(cp.daddr);
  if (!route) return stack.dropSkb(skb, `IPVS: no route to real server`);
  if (route.type !== 'local') {
    if (ipTtl(skb) <= 1) {
      icmpSendError(stack, skb, ICMP_TYPE.TIME_EXCEEDED, ICMP_TIME_EXCEEDED.TTL);
      return stack.dropSkb(skb, 'IPVS: TTL exceeded');
    }
    decrementTtl(writable(skb), 0);
  }
  switch (cp.fwd) {
    case 'masq':
      natRewriteDst(skb, cp);
      break;
    case 'tunnel':
      return sendOut(stack, encapsulate(stack, skb, cp), cp.daddr, false);
    default:
      break; // DR: the packet is unchanged; only the next hop (and so the MAC) is the real server
  }
  sendOut(stack, skb, cp.daddr, cp.fwd === 'route');
}

/**
 * ip_vs_send_or_cont: LOCAL_OUT then POST_ROUTING. DR routes with
 * IP_VS_RT_MODE_KNOWN_NH: the real server itself is the next hop, so only
 * the destination MAC changes; NAT and TUN follow the route's gateway.
 */
function sendOut(stack: IpStack, skb: Skb, rip: number, knownNexthop: boolean): void {
  const route = stack.routeOutput(rip);
  if (!route) return stack.dropSkb(skb, 'IPVS: no route to real server');
  if (route.type === 'local') return stack.deliver(skb);
  const dev = stack.iface(route.dev)!;
  const v = stack.nf.run('output', skb, null, dev);
  if (v.v === 'drop') return stack.dropSkb(skb, v.reason);
  if (v.v === 'stolen') return;
  stack.postrouting(skb, dev, knownNexthop || !route.gateway ? rip : route.gateway);
}

/** NAT in: destination VIP:vport → RIP:dport, checksums fixed (ip_vs_nat_xmit + tcp_dnat_handler). */
function natRewriteDst(skb: Skb, cp: IpvsConn): void {
  const d = writable(skb);
  writeIpv4(d, IPV4_FIELD.DST_ADDR[0], cp.daddr);
  const hl = ipHeaderLen(skb);
  writeU16(d, hl + 2, cp.dport);
  fixL4Checksum(skb);
  setIpv4Checksum(d, 0);
}

/** NAT out: source RIP:dport → VIP:vport on the reply (ip_vs_out + tcp_snat_handler). */
export function natRewriteSrc(skb: Skb, cp: IpvsConn): void {
  const d = writable(skb);
  writeIpv4(d, IPV4_FIELD.SRC_ADDR[0], cp.vaddr);
  const hl = ipHeaderLen(skb);
  writeU16(d, hl, cp.vport);
  fixL4Checksum(skb);
  setIpv4Checksum(d, 0);
}

function fixL4Checksum(skb: Skb): void {
  const d = skb.data;
  const hl = ipHeaderLen(skb);
  const len = d.length - hl;
  const src = ((d[12] << 24) | (d[13] << 16) | (d[14] << 8) | d[15]) >>> 0;
  const dst = ((d[16] << 24) | (d[17] << 16) | (d[18] << 8) | d[19]) >>> 0;
  if (ipProto(skb) === IP_PROTOCOL.TCP) {
    writeU16(d, hl + 16, 0);
    writeU16(d, hl + 16, tcpChecksum(d, hl, len, src, dst));
  } else if (ipProto(skb) === IP_PROTOCOL.UDP) {
    writeU16(d, hl + 6, 0);
    const c = udpChecksum(d, hl, len, src, dst);
    writeU16(d, hl + 6, c === 0 ? 0xffff : c);
  }
}

/**
 * ip_vs_tunnel_xmit: a new outer IPv4 header DIP → RIP, protocol 4, TTL and
 * TOS from the inner header, DF copied (pmtu_disc=1), a fresh IP ID.
 */
function encapsulate(stack: IpStack, skb: Skb, cp: IpvsConn): Skb {
  const inner = skb.data;
  const route = stack.routeOutput(cp.daddr)!;
  const dev = stack.iface(route.dev)!;
  const src = route.prefsrc || stack.selectSource(dev, cp.daddr);
  const out = allocPacket(IPV4_HEADER_LEN + inner.length);
  emitIpv4(
    {
      tos: inner[1],
      totalLength: out.length,
      identification: stack.nextIpId(),
      dontFragment: (inner[6] & 0x40) !== 0,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: inner[8],
      protocol: IP_PROTOCOL.IPIP,
      src,
      dst: cp.daddr,
    },
    out,
    0,
  );
  out.set(inner, IPV4_HEADER_LEN);
  const outer = cloneSkb(skb, skb.inDev);
  outer.data = out;
  outer.owned = outer.headroom = true;
  return outer;
}
