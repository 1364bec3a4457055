/**
 * The REJECT target (net/ipv4/netfilter/ipt_REJECT.c): answer the sender of a
 * refused packet with an ICMP destination unreachable (port unreachable by
 * default), or with a TCP RST (`--reject-with tcp-reset`, send_reset).
 */
import { IPV4_BROADCAST, isMulticastIpv4 } from '../../wire/addr';
import { readU16, readU32 } from '../../wire/bytes';
import { ICMP_TYPE, ICMP_UNREACH } from '../../wire/icmp';
import { buildIpv4Packet, IP_PROTOCOL } from '../../wire/ipv4';
import { buildTcp, TCP_FLAG, tcpChecksum } from '../../wire/tcp';
import { icmpSendError } from '../ip/icmp';
import type { HookPoint } from '../ip/netfilter';
import { ipDst, ipHeaderLen, ipProto, ipSrc, newSkb, type Skb } from '../ip/skb';
import { DEFAULT_TTL, type IpStack } from '../ip/stack';
import { ctRef, ORIGINAL, REPLY, type CtRef } from './conntrack';
import type { RejectWith } from './rules';

const ICMP_CODE: Readonly<Record<Exclude<RejectWith, 'tcp-reset'>, number>> = {
  'icmp-net-unreachable': ICMP_UNREACH.NET,
  'icmp-host-unreachable': ICMP_UNREACH.HOST,
  'icmp-proto-unreachable': ICMP_UNREACH.PROTOCOL,
  'icmp-port-unreachable': ICMP_UNREACH.PORT,
  'icmp-net-prohibited': ICMP_UNREACH.NET_PROHIBITED,
  'icmp-host-prohibited': ICMP_UNREACH.HOST_PROHIBITED,
  'icmp-admin-prohibited': ICMP_UNREACH.ADMIN_PROHIBITED,
};

export function sendReject(stack: IpStack, skb: Skb, how: RejectWith, hook: HookPoint): void {
  if (how === 'tcp-reset') return sendReset(stack, skb);
  // A packet this host sent itself (OUTPUT) is answered to itself.
  icmpSendError(stack, skb, ICMP_TYPE.DEST_UNREACHABLE, ICMP_CODE[how], hook === 'output');
}

/** send_reset: an RST in answer to a TCP segment, from its destination, IP id 0, DF, window 0. */
function sendReset(stack: IpStack, skb: Skb): void {
  if (ipProto(skb) !== IP_PROTOCOL.TCP) return;
  const d = skb.data;
  if ((readU16(d, 6) & 0x1fff) !== 0) return; // not the first fragment
  const hl = ipHeaderLen(skb);
  if (d.length < hl + 20) return;
  const flags = readU16(d, hl + 12) & 0x0fff;
  if (flags & TCP_FLAG.RST) return; // no RST for RST
  const src = ipSrc(skb);
  const dst = ipDst(skb);
  if (skb.l2multicast || dst === IPV4_BROADCAST || isMulticastIpv4(dst)) return;
  if (readU16(d, hl + 16) !== tcpChecksum(d, hl, d.length - hl, src, dst)) return; // nf_ip_checksum
  const doff = (d[hl + 12] >> 4) * 4;
  const seq = readU32(d, hl + 4);
  const ackSeq = readU32(d, hl + 8);
  const hasAck = (flags & TCP_FLAG.ACK) !== 0;
  const segLen = d.length - hl - doff + (flags & TCP_FLAG.SYN ? 1 : 0) + (flags & TCP_FLAG.FIN ? 1 : 0);
  const tcp = buildTcp(
    {
      srcPort: readU16(d, hl + 2),
      dstPort: readU16(d, hl),
      seq: hasAck ? ackSeq : 0,
      ack: hasAck ? 0 : (seq + segLen) >>> 0,
      flags: TCP_FLAG.RST | (hasAck ? 0 : TCP_FLAG.ACK),
      window: 0,
      urgentPointer: 0,
      options: [],
    },
    new Uint8Array(0),
    dst,
    src,
  );
  const pkt = buildIpv4Packet(
    { tos: 0, identification: 0, dontFragment: true, moreFragments: false, fragmentOffset: 0, ttl: DEFAULT_TTL, protocol: IP_PROTOCOL.TCP, src: dst, dst: src },
    tcp,
  );
  const nskb: Skb = newSkb(pkt, stack.world.newPid(), null, false, true);
  // nf_ct_attach: the reset belongs to the refused packet's flow, in the other direction.
  const ref = ctRef(skb);
  if (ref) nskb.ct = { conn: ref.conn, dir: ref.dir === ORIGINAL ? REPLY : ORIGINAL, info: 'RELATED' } satisfies CtRef;
  stack.outputSkb(nskb);
}
