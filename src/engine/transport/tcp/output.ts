/**
 * The sending side (tcp_output.c): building segments, the window we offer,
 * segmentation of the send buffer under the peer's window, the congestion
 * window and Nagle, and the resets.
 */
import { TIMER } from './lazy-timer';
import type { Ipv4 } from '../../wire/addr';
import { writeU16, writeU32 } from '../../wire/bytes';
import { allocPacket } from '../../net/ip/skb';
import { emitIpv4, IP_PROTOCOL, IPV4_HEADER_LEN } from '../../wire/ipv4';
import {
  emitTcpOptions,
  linuxSynOptions,
  TCP_FIELD,
  TCP_FLAG,
  TCP_HEADER_LEN,
  TCP_OPTION_KIND,
  TCP_OPTION_LEN,
  tcpChecksum,
  tcpOptionsLen,
  type TcpOption,
} from '../../wire/tcp';
import { DEFAULT_TTL } from '../../net/ip/stack';
import { TCP_PARAMS } from './params';
import { seqAdd, seqGe, seqGt, seqLt, seqSub } from './seq';
import type { Seg } from './segment';
import type { Tcb } from './tcb';
import type { TcpStack } from './table';

const F = TCP_FLAG;
/** NOP, NOP, Timestamps: what Linux puts on every segment after the handshake when timestamps are on (linuxTimestampOptions). */
const TS_BLOCK_LEN = 2 + TCP_OPTION_LEN.TIMESTAMPS;

/** The options of our SYN or SYN-ACK, in Linux's order (tcp_options_write): MSS, SACK-permitted, Timestamps, NOP, Window scale. */
function synOptions(tcb: Tcb): TcpOption[] {
  if (tcb.tsOk && tcb.sackOk && tcb.wsOk) return linuxSynOptions(tcb.tcp.tsNow(), tcb.advMss, tcb.rcvWscale, tcb.tsRecent);
  const out: TcpOption[] = [{ type: 'mss', mss: tcb.advMss }];
  if (tcb.tsOk) {
    if (tcb.sackOk) out.push({ type: 'sackPermitted' });
    else out.push({ type: 'nop' }, { type: 'nop' });
    out.push({ type: 'timestamps', tsVal: tcb.tcp.tsNow(), tsEcr: tcb.tsRecent });
  } else if (tcb.sackOk) out.push({ type: 'nop' }, { type: 'nop' }, { type: 'sackPermitted' });
  if (tcb.wsOk) out.push({ type: 'nop' }, { type: 'windowScale', shift: tcb.rcvWscale });
  return out;
}

/** tcp_full_space: the most window the receive buffer allows. */
export const fullSpace = (tcb: Tcb): number => tcb.rcvBuf >> 1;

/**
 * __tcp_select_window: half the free receive buffer, no more than
 * rcv_ssthresh, rounded up to the scale unit; zero rather than less than a
 * segment once the buffer is half full (RFC 1122 §4.2.3.3 silly windows).
 */
export function offeredWindow(tcb: Tcb): number {
  const unit = 1 << tcb.rcvWscale;
  const full = fullSpace(tcb);
  let free = (tcb.rcvBuf - tcb.rcvQueue.length) >> 1;
  if (free < full >> 1) {
    tcb.quick = 0;
    if (free < Math.min(tcb.rcvMss, full)) return 0;
  }
  if (free > tcb.rcvSsthresh) free = tcb.rcvSsthresh;
  return free % unit === 0 ? free : (Math.floor(free / unit) + 1) * unit;
}

/** tcp_select_window: the offered window, never pulling back the right edge already advertised; recorded as advertised. */
function selectWindow(tcb: Tcb): number {
  const unit = 1 << tcb.rcvWscale;
  let win = offeredWindow(tcb);
  const cur = seqSub(seqAdd(tcb.rcvWup, tcb.rcvWndAdv), tcb.rcvNxt);
  if (win < cur) win = Math.ceil(cur / unit) * unit;
  const max = 0xffff * unit;
  if (win > max) win = max;
  tcb.rcvWndAdv = win;
  tcb.rcvWup = tcb.rcvNxt;
  return win / unit;
}

/** Put a segment on the wire: IPv4 + TCP header (+ options) + payload, one allocation. */
export function transmit(tcb: Tcb, flags: number, seq: number, payload: Uint8Array | null): void {
  const tcp = tcb.tcp;
  const syn = (flags & F.SYN) !== 0;
  let options: TcpOption[] | null = null;
  let optLen = 0;
  if (syn) {
    options = synOptions(tcb);
    optLen = tcpOptionsLen(options);
  } else if (tcb.tsOk) optLen = TS_BLOCK_LEN;
  const plen = payload ? payload.length : 0;
  const hl = TCP_HEADER_LEN + optLen;
  const tcpLen = hl + plen;
  const pkt = allocPacket(IPV4_HEADER_LEN + tcpLen);
  tcb.ipId = (tcb.ipId + 1) & 0xffff;
  writeIp(pkt, tcpLen, syn && tcb.state === 'SYN-RECEIVED' && tcb.parent ? 0 : tcb.ipId, tcb.localIp, tcb.remoteIp);
  const o = IPV4_HEADER_LEN;
  const ackFlag = (flags & F.ACK) !== 0;
  let window: number;
  if (syn) {
    window = Math.min(tcb.rcvWndInit, 0xffff);
    tcb.rcvWndAdv = window;
    tcb.rcvWup = tcb.rcvNxt;
  } else window = selectWindow(tcb);
  writeU16(pkt, o + TCP_FIELD.SRC_PORT[0], tcb.localPort);
  writeU16(pkt, o + TCP_FIELD.DST_PORT[0], tcb.remotePort);
  writeU32(pkt, o + TCP_FIELD.SEQ_NUM[0], seq);
  writeU32(pkt, o + TCP_FIELD.ACK_NUM[0], ackFlag ? tcb.rcvNxt : 0);
  writeU16(pkt, o + TCP_FIELD.DATA_OFFSET_FLAGS[0], ((hl / 4) << 12) | flags);
  writeU16(pkt, o + TCP_FIELD.WINDOW[0], window);
  if (options) emitTcpOptions(options, pkt, o + TCP_HEADER_LEN);
  else if (optLen) {
    const p = o + TCP_HEADER_LEN;
    pkt[p] = TCP_OPTION_KIND.NOP;
    pkt[p + 1] = TCP_OPTION_KIND.NOP;
    pkt[p + 2] = TCP_OPTION_KIND.TIMESTAMPS;
    pkt[p + 3] = TCP_OPTION_LEN.TIMESTAMPS;
    writeU32(pkt, p + 4, tcp.tsNow());
    writeU32(pkt, p + 8, tcb.tsRecent);
  }
  if (plen) pkt.set(payload!, o + hl);
  writeU16(pkt, o + TCP_FIELD.CHECKSUM[0], tcpChecksum(pkt, o, tcpLen, tcb.localIp, tcb.remoteIp));
  if (ackFlag) ackSent(tcb);
  if (plen) dataSent(tcb);
  tcp.output(pkt, tcb.remoteIp, tcb);
}

function writeIp(pkt: Uint8Array, tcpLen: number, id: number, src: Ipv4, dst: Ipv4): void {
  // Linux sets DF on TCP (PMTU discovery, ip_no_pmtu_disc=0); a SYN-ACK from a listener carries IP ID 0.
  emitIpv4(
    { tos: 0, totalLength: IPV4_HEADER_LEN + tcpLen, identification: id, dontFragment: true, moreFragments: false, fragmentOffset: 0, ttl: DEFAULT_TTL, protocol: IP_PROTOCOL.TCP, src, dst },
    pkt,
    0,
  );
}

/** tcp_event_ack_sent: an ACK went out (alone or on data): no delayed ACK pending, one quick ACK used. */
function ackSent(tcb: Tcb): void {
  tcb.ackPending = false;
  tcb.ackNow = false;
  tcb.timers.clear(TIMER.DELACK);
  if (tcb.quick > 0 && --tcb.quick === 0) tcb.ato = TCP_PARAMS.ATO_MIN;
}

/** tcp_event_data_sent: answering within the ACK timeout of the last data received means an interactive (ping-pong) exchange. */
function dataSent(tcb: Tcb): void {
  if (tcb.tcp.world.now - tcb.lrcvtime < tcb.ato) tcb.pingpong = true;
}

/** A pure ACK (tcp_send_ack). */
export function sendAck(tcb: Tcb): void {
  transmit(tcb, F.ACK, tcb.sndNxt, null);
}

/** Our SYN (SYN-SENT) or SYN-ACK (SYN-RECEIVED), first sent or retransmitted. */
export function sendSyn(tcb: Tcb): void {
  transmit(tcb, tcb.state === 'SYN-RECEIVED' ? F.SYN | F.ACK : F.SYN, tcb.iss, null);
}

/** tcp_send_active_reset: RST from a connection we abort (close with unread data, abort()). */
export function sendActiveReset(tcb: Tcb): void {
  transmit(tcb, F.RST | F.ACK, tcb.sndNxt, null);
}

/**
 * The reset for a segment no connection wants (RFC 9293 §3.10.7.1,
 * tcp_v4_send_reset): <SEQ=SEG.ACK><CTL=RST> if it had ACK, else
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. No options, window 0, IP ID 0.
 */
export function sendResetFor(tcp: TcpStack, seg: Seg): void {
  if (seg.rst) return;
  const pkt = allocPacket(IPV4_HEADER_LEN + TCP_HEADER_LEN);
  writeIp(pkt, TCP_HEADER_LEN, 0, seg.dst, seg.src);
  const o = IPV4_HEADER_LEN;
  let seq = 0;
  let ack = 0;
  let flags = F.RST;
  if (seg.hasAck) seq = seg.ack;
  else {
    ack = seqAdd(seg.seq, seg.segLen);
    flags |= F.ACK;
  }
  writeU16(pkt, o + TCP_FIELD.SRC_PORT[0], seg.dport);
  writeU16(pkt, o + TCP_FIELD.DST_PORT[0], seg.sport);
  writeU32(pkt, o + TCP_FIELD.SEQ_NUM[0], seq);
  writeU32(pkt, o + TCP_FIELD.ACK_NUM[0], ack);
  writeU16(pkt, o + TCP_FIELD.DATA_OFFSET_FLAGS[0], ((TCP_HEADER_LEN / 4) << 12) | flags);
  writeU16(pkt, o + TCP_FIELD.CHECKSUM[0], tcpChecksum(pkt, o, TCP_HEADER_LEN, seg.dst, seg.src));
  tcp.output(pkt, seg.src, null);
}

/** Start the retransmission timer if it is not running (RFC 6298 §5.1). */
export function armRtx(tcb: Tcb): void {
  if (tcb.timers.armed(TIMER.RTX) && tcb.rtxMode === 'retransmit') return;
  tcb.rtxMode = 'retransmit';
  tcb.timers.set(TIMER.RTX, tcb.tcp.world.now + tcb.rto);
}

/** States that may send data and FIN. */
function canSend(tcb: Tcb): boolean {
  const s = tcb.state;
  return s === 'ESTABLISHED' || s === 'CLOSE-WAIT' || s === 'FIN-WAIT-1' || s === 'CLOSING' || s === 'LAST-ACK';
}

/**
 * tcp_write_xmit: send what the windows allow from SND.NXT on, the FIN
 * after the last byte. Segments carry PSH when they empty the queue.
 */
export function tcpOutput(tcb: Tcb): void {
  if (!canSend(tcb)) return;
  const now = tcb.tcp.world.now;
  for (;;) {
    const inFlight = seqSub(tcb.sndNxt, tcb.sndUna);
    const queued = tcb.sndBuf.length;
    const unsent = queued - inFlight;
    const wnd = Math.min(tcb.sndWnd, tcb.cwnd);
    const usable = wnd - inFlight;
    if (unsent > 0) {
      let len = Math.min(unsent, tcb.mss);
      if (usable <= 0) {
        if (tcb.sndWnd === 0 && inFlight === 0) armProbe(tcb);
        return;
      }
      if (len > usable) {
        // Sender silly-window avoidance (RFC 1122 §4.2.3.4): wait for a better window unless it is all we will ever get.
        if (inFlight > 0 && usable < (tcb.maxSndWnd >> 1)) return;
        len = usable;
      }
      const last = len === unsent;
      const fin = last && tcb.finQueued;
      // Nagle as Linux (tcp_nagle_test): a short segment waits while an earlier short one is unacknowledged, unless it carries FIN.
      if (len < tcb.mss && !fin && !tcb.nodelay && inFlight > 0 && seqGt(tcb.sndSml, tcb.sndUna)) return;
      const seq = tcb.sndNxt;
      const retrans = seqLt(seq, tcb.sndMax);
      if (!retrans && tcb.rtTime < 0) {
        tcb.rtSeq = seqAdd(seq, len);
        tcb.rtTime = now;
      }
      if (len < tcb.mss) tcb.sndSml = seqAdd(seq, len);
      transmit(tcb, F.ACK | (last ? F.PSH : 0) | (fin ? F.FIN : 0), seq, tcb.sndBuf.view(inFlight, len));
      tcb.sndNxt = seqAdd(seq, len + (fin ? 1 : 0));
      if (seqGt(tcb.sndNxt, tcb.sndMax)) tcb.sndMax = tcb.sndNxt;
      armRtx(tcb);
      if (fin) return;
      continue;
    }
    if (tcb.finQueued && tcb.sndNxt === tcb.finSeq) {
      const seq = tcb.sndNxt;
      transmit(tcb, F.FIN | F.ACK, seq, null);
      tcb.sndNxt = seqAdd(seq, 1);
      if (seqGt(tcb.sndNxt, tcb.sndMax)) tcb.sndMax = tcb.sndNxt;
      armRtx(tcb);
    }
    return;
  }
}

/**
 * Resend the first unacknowledged segment only (fast retransmit and NewReno
 * partial ACKs, RFC 6582): what follows may be waiting in the receiver's
 * out-of-order queue.
 */
export function retransmitHead(tcb: Tcb): void {
  const queued = tcb.sndBuf.length;
  const flightData = Math.min(queued, seqSub(tcb.sndMax, tcb.sndUna));
  const finSent = tcb.finQueued && seqGt(tcb.sndMax, tcb.finSeq);
  const len = Math.min(tcb.mss, flightData);
  if (len <= 0) {
    if (finSent) transmit(tcb, F.FIN | F.ACK, tcb.sndUna, null);
    return;
  }
  const last = len === queued;
  transmit(tcb, F.ACK | (last ? F.PSH : 0) | (last && finSent ? F.FIN : 0), tcb.sndUna, tcb.sndBuf.view(0, len));
  const end = seqAdd(tcb.sndUna, len + (last && finSent ? 1 : 0));
  if (seqGt(end, tcb.sndNxt)) tcb.sndNxt = end;
}

/** Zero window with data waiting: the persist timer (tcp_probe_timer), backed off like the RTO. */
function armProbe(tcb: Tcb): void {
  if (tcb.timers.armed(TIMER.RTX)) return;
  tcb.rtxMode = 'probe';
  tcb.timers.set(TIMER.RTX, tcb.tcp.world.now + Math.min(tcb.rto * 2 ** tcb.retransmits, TCP_PARAMS.RTO_MAX));
}

/** tcp_xmit_probe_skb: a segment with an old sequence number that makes the receiver answer with its window. */
export function sendWindowProbe(tcb: Tcb): void {
  transmit(tcb, F.ACK, seqAdd(tcb.sndUna, -1), null);
}

/** Is anything sent still unacknowledged? */
export const hasInFlight = (tcb: Tcb): boolean => seqGt(tcb.sndMax, tcb.sndUna);

/** Data or a FIN waiting to be sent. */
export const hasUnsent = (tcb: Tcb): boolean =>
  seqSub(tcb.sndNxt, tcb.sndUna) < tcb.sndBuf.length || (tcb.finQueued && seqGe(tcb.finSeq, tcb.sndNxt));
