/**
 * Segment arrival (RFC 9293 §3.10.7, in its order), with the Linux choices
 * that show on the wire: RFC 5961 challenge ACKs, tcp_sequence's
 * acceptability test, TIME-WAIT reuse by a newer SYN
 * (tcp_timewait_state_process), delayed ACKs (__tcp_ack_snd_check), and
 * a reset for data arriving after close().
 *
 * Segments beyond a hole wait in an out-of-order queue (no SACK blocks are
 * sent); each one is answered with a duplicate ACK at once.
 */
import { TIMER } from './lazy-timer';
import type { Skb } from '../../net/ip/skb';
import { connectionFailed, connectionReset, enterFinWait2, enterTimeWait, establish } from './lifecycle';
import { negotiateActive, passiveOpen } from './open';
import { fullSpace, hasInFlight, retransmitHead, sendAck, sendResetFor, sendSyn, tcpOutput } from './output';
import { TCP_PARAMS } from './params';
import { seqAdd, seqGe, seqGt, seqLe, seqLt, seqSub } from './seq';
import { readSegment, type Seg } from './segment';
import { setState } from './state';
import type { Tcb } from './tcb';
import type { TcpStack } from './table';
import { computeRto, fastRetransmit, rttSample } from './timers';

/** tcp_v4_rcv: find the connection (4-tuple, then listener) and hand the segment over. */
export function tcpRcv(tcp: TcpStack, skb: Skb): void {
  const seg = tcp.seg;
  const err = readSegment(seg, skb);
  if (err) return tcp.stack.dropSkb(skb, err);
  let tcb = tcp.lookup(seg.dst, seg.dport, seg.src, seg.sport);
  let reuseIss: number | undefined;
  if (tcb && tcb.state === 'TIME-WAIT') {
    reuseIss = timeWaitInput(tcb, seg);
    if (reuseIss === undefined) return;
    tcb = undefined;
  }
  if (tcb) return tcb.state === 'SYN-SENT' ? synSentInput(tcb, seg) : synchronizedInput(tcb, seg);
  const l = tcp.listener(seg.dst, seg.dport);
  if (l) return listenInput(l, seg, reuseIss);
  if (seg.rst) return tcp.stack.dropSkb(skb, `TCP RST for no connection (${tcp.tuple(seg)}): ignored`);
  sendResetFor(tcp, seg);
  tcp.stack.dropSkb(skb, `TCP port ${seg.dport} closed: no socket for ${tcp.tuple(seg)}, RST sent`);
}

/** §3.10.7.2 LISTEN: a SYN makes a child; an ACK gets a reset; a RST is ignored. */
function listenInput(l: Tcb, seg: Seg, reuseIss?: number): void {
  const tcp = l.tcp;
  if (seg.rst) return tcp.stack.dropSkb(seg.skb, `TCP RST to a listening socket: ignored`);
  if (seg.hasAck) {
    sendResetFor(tcp, seg);
    return tcp.stack.dropSkb(seg.skb, `TCP ACK for no connection on listening port ${seg.dport}: RST sent`);
  }
  if (!seg.syn) return tcp.stack.dropSkb(seg.skb, `TCP segment without SYN to a listening socket: dropped`);
  if (l.acceptQueue.length >= l.backlog) {
    return tcp.stack.dropSkb(seg.skb, `TCP SYN dropped: accept queue of ${l.localLabel()} is full (backlog ${l.backlog})`);
  }
  const child = passiveOpen(l, seg, reuseIss === undefined ? undefined : reuseIss);
  if (typeof child === 'string') tcp.stack.dropSkb(seg.skb, `TCP SYN dropped: ${child}`);
}

/** §3.10.7.3 SYN-SENT. */
function synSentInput(tcb: Tcb, seg: Seg): void {
  const tcp = tcb.tcp;
  if (seg.hasAck && (seqLe(seg.ack, tcb.iss) || seqGt(seg.ack, tcb.sndMax))) {
    if (!seg.rst) sendResetFor(tcp, seg);
    return;
  }
  if (seg.rst) {
    if (seg.hasAck) connectionFailed(tcb, 'ECONNREFUSED');
    return;
  }
  if (!seg.syn) return;
  tcb.irs = seg.seq;
  tcb.rcvNxt = seqAdd(seg.seq, 1);
  tcb.rcvWup = tcb.rcvNxt;
  tcb.copiedSeq = tcb.rcvNxt;
  negotiateActive(tcb, seg);
  tcb.sndWnd = seg.wnd; // never scaled in a SYN
  tcb.maxSndWnd = seg.wnd;
  tcb.sndWl1 = seg.seq;
  if (!seg.hasAck) {
    // Simultaneous open (§3.5 figure 8): answer the crossing SYN with SYN-ACK.
    setState(tcb, 'SYN-RECEIVED');
    sendSyn(tcb); // our SYN again, now with the ACK
    return;
  }
  tcb.sndUna = seg.ack;
  tcb.sndWl2 = seg.ack;
  if (tcb.rtTime >= 0 && !tcb.synRetransmitted) rttSample(tcb, tcp.world.now - tcb.rtTime);
  else if (tcb.srtt === 0) tcb.rto = TCP_PARAMS.RTO_FALLBACK;
  tcb.rtTime = -1;
  tcb.retransmits = 0;
  tcb.timers.clear(TIMER.RTX);
  tcb.cwnd = TCP_PARAMS.INIT_CWND * tcb.mss;
  setState(tcb, 'ESTABLISHED');
  tcp.confirmNeigh(tcb);
  sendAck(tcb);
  tcpOutput(tcb);
}

/** The receive window still open to the peer (tcp_receive_window). */
function receiveWindow(tcb: Tcb): number {
  const w = seqSub(seqAdd(tcb.rcvWup, tcb.rcvWndAdv), tcb.rcvNxt);
  return w > 0 ? w : 0;
}

/** §3.10.7.4: every state from SYN-RECEIVED on (TIME-WAIT has its own function). */
function synchronizedInput(tcb: Tcb, seg: Seg): void {
  const tcp = tcb.tcp;
  const segEnd = seqAdd(seg.seq, seg.segLen);
  // 1. Sequence number (tcp_sequence: anything reaching the last ACK point and starting inside the window).
  if (seqLt(segEnd, tcb.rcvWup) || seqGt(seg.seq, seqAdd(tcb.rcvNxt, receiveWindow(tcb)))) {
    if (!seg.rst) sendAck(tcb);
    return;
  }
  // RFC 7323 §4.3: remember the peer's timestamp to echo, from a segment that reaches the last ACK point (tcp_replace_ts_recent).
  if (seg.hasTs && tcb.tsOk && seqLe(seg.seq, tcb.rcvWup)) tcb.tsRecent = seg.tsVal;
  // 2. RST: only an exact match resets; anything else in the window earns a challenge ACK (RFC 5961 §3.2).
  if (seg.rst) {
    if (seg.seq === tcb.rcvNxt) connectionReset(tcb);
    else sendAck(tcb);
    return;
  }
  // 4. SYN.
  if (seg.syn) {
    if (tcb.state === 'SYN-RECEIVED' && tcb.parent && seg.seq === tcb.irs && !seg.hasAck) {
      sendSyn(tcb); // the client retransmitted its SYN: so do we (tcp_check_req → inet_rtx_syn_ack)
      return;
    }
    if (seqGe(seg.seq, tcb.rcvNxt)) {
      sendAck(tcb); // a SYN in the window: challenge ACK (RFC 5961 §4)
      return;
    }
  }
  // 5. ACK.
  if (!seg.hasAck) return;
  if (tcb.state === 'SYN-RECEIVED') {
    if (!(seqLt(tcb.sndUna, seg.ack) && seqLe(seg.ack, tcb.sndMax))) {
      sendResetFor(tcp, seg);
      return;
    }
    tcb.sndUna = seg.ack;
    tcb.sndWnd = seg.wnd * (1 << tcb.sndWscale);
    tcb.maxSndWnd = Math.max(tcb.maxSndWnd, tcb.sndWnd);
    tcb.sndWl1 = seg.seq;
    tcb.sndWl2 = seg.ack;
    if (tcb.rtTime >= 0 && !tcb.synRetransmitted) rttSample(tcb, tcp.world.now - tcb.rtTime);
    tcb.rtTime = -1;
    tcb.retransmits = 0;
    tcb.timers.clear(TIMER.RTX);
    establish(tcb);
  } else if (!ackInput(tcb, seg)) return;
  switch (tcb.state) {
    case 'FIN-WAIT-1':
      if (tcb.finAcked) enterFinWait2(tcb);
      break;
    case 'CLOSING':
      if (tcb.finAcked) enterTimeWait(tcb);
      break;
    case 'LAST-ACK':
      if (tcb.finAcked) return setState(tcb, 'CLOSED');
      break;
    default:
      break;
  }
  // 7–8. Text and FIN.
  if (seg.len > 0 || seg.fin) {
    if (!dataInput(tcb, seg)) return;
  }
  if (tcb.state === 'CLOSED') return;
  tcpOutput(tcb);
  ackSndCheck(tcb);
}

/** The ACK field of a segment in a synchronized state. Returns false when the segment must go no further. */
function ackInput(tcb: Tcb, seg: Seg): boolean {
  const tcp = tcb.tcp;
  const ack = seg.ack;
  if (seqGt(ack, tcb.sndMax)) {
    sendAck(tcb); // acknowledges something not yet sent
    return false;
  }
  if (seqLt(ack, tcb.sndUna)) return true; // old duplicate: ignore the ACK, keep the text
  const wnd = seg.wnd * (1 << tcb.sndWscale);
  let windowChanged = false;
  if (seqLt(tcb.sndWl1, seg.seq) || (tcb.sndWl1 === seg.seq && seqLe(tcb.sndWl2, ack))) {
    windowChanged = wnd !== tcb.sndWnd;
    tcb.sndWnd = wnd;
    tcb.sndWl1 = seg.seq;
    tcb.sndWl2 = ack;
    if (wnd > tcb.maxSndWnd) tcb.maxSndWnd = wnd;
  }
  if (ack === tcb.sndUna) {
    // RFC 5681 §2 duplicate ACK: nothing new, no data, same window, data outstanding.
    if (seg.len === 0 && !seg.fin && !windowChanged && hasInFlight(tcb)) {
      if (++tcb.dupAcks === 3 && !tcb.inRecovery) fastRetransmit(tcb);
      else if (tcb.inRecovery) tcb.cwnd += tcb.mss; // each duplicate ACK: a segment has left the network
    }
    if (tcb.rtxMode === 'probe' && tcb.sndWnd > 0) {
      tcb.timers.clear(TIMER.RTX);
      tcb.retransmits = 0;
    }
    return true;
  }
  const acked = seqSub(ack, tcb.sndUna);
  tcb.sndBuf.consume(acked);
  tcb.sndUna = ack;
  if (seqLt(tcb.sndNxt, ack)) tcb.sndNxt = ack;
  tcb.dupAcks = 0;
  const now = tcp.world.now;
  if (tcb.rtTime >= 0 && seqGe(ack, tcb.rtSeq)) {
    rttSample(tcb, now - tcb.rtTime);
    tcb.rtTime = -1;
  }
  tcb.retransmits = 0;
  if (tcb.srtt > 0) tcb.rto = computeRto(tcb);
  if (tcb.inRecovery) {
    if (seqGe(ack, tcb.recover)) {
      tcb.inRecovery = false; // full ACK: recovery over, window deflated (RFC 6582 §3.2 step 3)
      tcb.cwnd = tcb.ssthresh;
    } else {
      retransmitHead(tcb); // partial ACK: the next hole
      tcb.cwnd = Math.max(tcb.cwnd - acked + tcb.mss, tcb.mss);
    }
  } else if (tcb.cwnd < tcb.ssthresh) tcb.cwnd += Math.min(acked, tcb.mss);
  else tcb.cwnd += Math.max(1, Math.floor((tcb.mss * tcb.mss) / tcb.cwnd));
  if (!hasInFlight(tcb)) tcb.timers.clear(TIMER.RTX);
  else {
    tcb.rtxMode = 'retransmit';
    tcb.timers.set(TIMER.RTX, now + tcb.rto);
  }
  tcp.confirmNeigh(tcb);
  return true;
}

/** Text and FIN (§3.10.7.4 seventh and eighth). Returns false when the connection is gone. */
function dataInput(tcb: Tcb, seg: Seg): boolean {
  const tcp = tcb.tcp;
  const s = tcb.state;
  // The first payload byte's sequence number (a SYN takes one).
  const start = seg.syn ? seqAdd(seg.seq, 1) : seg.seq;
  const receiving = s === 'ESTABLISHED' || s === 'FIN-WAIT-1' || s === 'FIN-WAIT-2' || s === 'SYN-RECEIVED';
  if (seg.len > 0 && receiving && tcb.orphan && seqGt(seqAdd(start, seg.len), tcb.rcvNxt)) {
    // New data for a socket the program closed: nobody will read it (tcp_rcv_state_process → reset).
    sendResetFor(tcp, seg);
    connectionFailed(tcb, null);
    return false;
  }
  const off = seqSub(tcb.rcvNxt, start);
  if (off < 0) {
    // Beyond a hole: keep it (within the window) and ACK what we have at once, a duplicate ACK.
    if (receiving && seg.len + (seg.fin ? 1 : 0) > 0) queueOutOfOrder(tcb, start, seg);
    tcb.ackPending = true;
    tcb.ackNow = true;
    return true;
  }
  if (seg.len > 0 && receiving) {
    if (off >= seg.len) {
      tcb.ackPending = true; // a retransmission of what we have: ACK at once
      tcb.ackNow = true;
    } else {
      let take = seg.len - off;
      const room = receiveWindow(tcb);
      if (take > room) take = room;
      if (take <= 0) {
        tcb.ackPending = true;
        tcb.ackNow = true;
        return true;
      }
      accept(tcb, seg.data.subarray(seg.off + off, seg.off + off + take));
      if (take < seg.len - off) return true; // the rest (and any FIN) was beyond the window
    }
  }
  if (seg.fin) {
    const finSeq = seqAdd(start, seg.len);
    if (finSeq === tcb.rcvNxt && !tcb.finReceived) finArrived(tcb);
    else if (seqLt(finSeq, tcb.rcvNxt)) {
      tcb.ackPending = true;
      tcb.ackNow = true;
    }
  }
  if (tcb.ofo.length > 0) drainOutOfOrder(tcb);
  return true;
}

/** In-order bytes: to the receive queue. */
function accept(tcb: Tcb, data: Uint8Array): void {
  tcb.rcvQueue.push(data);
  tcb.rcvNxt = seqAdd(tcb.rcvNxt, data.length);
  dataReceived(tcb, data.length);
  tcb.signal.notify();
}

/** tcp_data_queue_ofo: keep a segment that arrived early, in sequence order (no SACK blocks are sent). */
function queueOutOfOrder(tcb: Tcb, start: number, seg: Seg): void {
  const room = seqSub(seqAdd(tcb.rcvNxt, receiveWindow(tcb)), start);
  const len = Math.min(seg.len, Math.max(0, room));
  if (len <= 0 && !seg.fin) return;
  const entry = { seq: start, data: seg.data.subarray(seg.off, seg.off + len), fin: seg.fin && len === seg.len };
  const q = tcb.ofo;
  let i = q.length;
  while (i > 0 && seqGt(q[i - 1].seq, start)) i--;
  if (i > 0 && q[i - 1].seq === start && q[i - 1].data.length >= len) return; // already have it
  q.splice(i, 0, entry);
  tcb.tcp.stack.event('tcp.ooo', `TCP ${tcb.localLabel()} ${tcb.remoteLabel()}: out-of-order segment (seq ${seqSub(start, tcb.irs)}, expected ${seqSub(tcb.rcvNxt, tcb.irs)}) queued`);
}

/** The hole is filled: move what now follows in order to the receive queue, and ACK at once (the sender is recovering). */
function drainOutOfOrder(tcb: Tcb): void {
  const q = tcb.ofo;
  while (q.length > 0 && seqLe(q[0].seq, tcb.rcvNxt)) {
    const e = q.shift()!;
    const skip = seqSub(tcb.rcvNxt, e.seq);
    if (skip < e.data.length) accept(tcb, e.data.subarray(skip));
    if (e.fin && seqAdd(e.seq, e.data.length) === tcb.rcvNxt && !tcb.finReceived) finArrived(tcb);
  }
  tcb.ackPending = true;
  tcb.ackNow = true;
}

/** tcp_fin: the peer has no more to send. */
function finArrived(tcb: Tcb): void {
  tcb.rcvNxt = seqAdd(tcb.rcvNxt, 1);
  tcb.finReceived = true;
  tcb.ackPending = true;
  tcb.ofo = [];
  switch (tcb.state) {
    case 'SYN-RECEIVED':
    case 'ESTABLISHED':
      tcb.pingpong = true; // the ACK may wait for our own FIN
      setState(tcb, 'CLOSE-WAIT');
      break;
    case 'FIN-WAIT-1':
      tcb.ackNow = true;
      setState(tcb, 'CLOSING');
      break;
    case 'FIN-WAIT-2':
      tcb.ackNow = true;
      enterTimeWait(tcb);
      break;
    default:
      break;
  }
  tcb.signal.notify();
}

/** tcp_event_data_recv: measure the peer's segment size, start quick-ACK mode on the first data, track the ACK timeout. */
function dataReceived(tcb: Tcb, len: number): void {
  const now = tcb.tcp.world.now;
  tcb.ackPending = true;
  if (len > tcb.rcvMss) tcb.rcvMss = Math.min(len, tcb.advMss);
  // tcp_grow_window: each segment of 128 bytes or more lets the offered window grow (toward half the buffer).
  if (len >= 128 && tcb.rcvSsthresh < fullSpace(tcb)) tcb.rcvSsthresh = Math.min(tcb.rcvSsthresh + Math.max(2 * tcb.advMss, 2 * len), fullSpace(tcb));
  const ATO = TCP_PARAMS.ATO_MIN;
  if (tcb.ato === 0) {
    incrQuickack(tcb);
    tcb.ato = ATO;
  } else {
    const m = now - tcb.lrcvtime;
    if (m <= ATO / 2) tcb.ato = Math.floor(tcb.ato / 2) + ATO / 2;
    else if (m < tcb.ato) tcb.ato = Math.min(Math.floor(tcb.ato / 2) + m, tcb.rto);
    else if (m > tcb.rto) incrQuickack(tcb); // a long silence: ACK quickly again
  }
  tcb.lrcvtime = now;
}

function incrQuickack(tcb: Tcb): void {
  let q = Math.floor(tcb.rcvWndAdv / (2 * tcb.rcvMss));
  if (q === 0) q = 2;
  if (q > tcb.quick) tcb.quick = Math.min(q, TCP_PARAMS.MAX_QUICKACKS);
}

/**
 * __tcp_ack_snd_check: ACK now when more than one full segment is
 * unacknowledged, in quick-ACK mode, or when something odd arrived;
 * otherwise start the delayed-ACK timer (40 ms).
 */
function ackSndCheck(tcb: Tcb): void {
  if (!tcb.ackPending) return;
  if (tcb.ackNow || seqSub(tcb.rcvNxt, tcb.rcvWup) > tcb.rcvMss || (tcb.quick > 0 && !tcb.pingpong)) {
    sendAck(tcb);
    return;
  }
  if (!tcb.timers.armed(TIMER.DELACK)) tcb.timers.set(TIMER.DELACK, tcb.tcp.world.now + delackTimeout(tcb));
}

/** tcp_send_delayed_ack: the ACK timeout, bounded by the measured RTT (but never under 40 ms) and by 200 ms in ping-pong mode. */
function delackTimeout(tcb: Tcb): number {
  let ato = tcb.ato;
  const MIN = TCP_PARAMS.ATO_MIN;
  if (ato > MIN) {
    let max = tcb.pingpong ? 200_000 : 500_000; // TCP_DELACK_MAX, HZ/2
    if (tcb.srtt > 0) max = Math.min(max, Math.max(tcb.srtt, MIN));
    ato = Math.min(ato, max);
  }
  return ato;
}

/**
 * TIME-WAIT (tcp_timewait_state_process): a retransmitted FIN is ACKed again
 * and restarts the timer; a RST ends it (tcp_rfc1337=0); a new SYN with a
 * higher sequence number or a newer timestamp reuses the pair. Returns the
 * ISN for the new connection in that last case, else undefined.
 */
function timeWaitInput(tcb: Tcb, seg: Seg): number | undefined {
  if (seg.hasTs && tcb.tsOk && !seg.syn && seqLe(seg.seq, tcb.rcvWup)) tcb.tsRecent = seg.tsVal;
  if (seg.rst) {
    setState(tcb, 'CLOSED');
    return undefined;
  }
  if (seg.syn && !seg.hasAck) {
    const newer = seqGt(seg.seq, tcb.rcvNxt) || (seg.hasTs && tcb.tsOk && ((tcb.tsRecent - seg.tsVal) | 0) < 0);
    if (newer) {
      const iss = seqAdd(tcb.sndNxt, 65535 + 2); // tcp_v4_init_sequence skipped: tw_snd_nxt + 65535 + 2
      setState(tcb, 'CLOSED');
      return iss;
    }
    sendAck(tcb);
    return undefined;
  }
  if (seg.fin && seqAdd(seg.seq, seg.len + 1) === tcb.rcvNxt) {
    sendAck(tcb);
    tcb.tcp.timeWait(tcb); // restart the 60 s
    return undefined;
  }
  if (seg.len > 0) sendAck(tcb);
  return undefined;
}
