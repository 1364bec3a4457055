/**
 * Timers (tcp_timer.c): retransmission with exponential backoff and the
 * Linux give-up limits, the zero-window probe, the delayed ACK, TIME-WAIT
 * and the orphaned FIN-WAIT-2 timeout; RTT estimation (RFC 6298).
 */
import { TIMER } from './lazy-timer';
import type { Micros } from '../../sim/time';
import { connectionFailed } from './lifecycle';
import { hasInFlight, hasUnsent, retransmitHead, sendAck, sendSyn, sendWindowProbe, tcpOutput } from './output';
import { TCP_PARAMS } from './params';
import { seqSub } from './seq';
import { setState } from './state';
import type { Tcb } from './tcb';

/** RFC 6298 §2: RTO = SRTT + max(G, 4·RTTVAR) with Linux's 200 ms floor standing in for G; at most 120 s. */
export function computeRto(tcb: Tcb): Micros {
  const rto = tcb.srtt + Math.max(TCP_PARAMS.RTO_MIN, 4 * tcb.rttvar);
  return Math.min(Math.round(rto), TCP_PARAMS.RTO_MAX);
}

/** RFC 6298 §2.2–2.3: fold one RTT measurement into SRTT and RTTVAR. */
export function rttSample(tcb: Tcb, r: Micros): void {
  if (r < 1) r = 1;
  if (tcb.srtt === 0) {
    tcb.srtt = r;
    tcb.rttvar = r / 2;
  } else {
    tcb.rttvar = 0.75 * tcb.rttvar + 0.25 * Math.abs(tcb.srtt - r);
    tcb.srtt = 0.875 * tcb.srtt + 0.125 * r;
  }
  tcb.rto = computeRto(tcb);
}

/** How many times this connection retransmits before giving up (tcp_write_timeout). */
function retryLimit(tcb: Tcb): number {
  const tcp = tcb.tcp;
  switch (tcb.state) {
    case 'SYN-SENT':
      return tcp.sysctl('net/ipv4/tcp_syn_retries') ?? 6;
    case 'SYN-RECEIVED':
      return tcb.parent ? (tcp.sysctl('net/ipv4/tcp_synack_retries') ?? 5) : (tcp.sysctl('net/ipv4/tcp_syn_retries') ?? 6);
    default: {
      if (tcb.orphan) {
        const r = tcp.sysctl('net/ipv4/tcp_orphan_retries') ?? 0;
        return r === 0 ? 8 : r; // tcp_orphan_retries(): 0 means 8
      }
      return tcp.sysctl('net/ipv4/tcp_retries2') ?? 15;
    }
  }
}

/** The retransmission (or persist) timer expired (tcp_retransmit_timer, tcp_probe_timer). */
export function rtxTimeout(tcb: Tcb): void {
  const s = tcb.state;
  if (s === 'CLOSED' || s === 'LISTEN' || s === 'TIME-WAIT') return;
  const now = tcb.tcp.world.now;
  if (tcb.rtxMode === 'probe') {
    if (tcb.sndWnd > 0 || !hasUnsent(tcb)) {
      tcb.retransmits = 0;
      tcpOutput(tcb);
      return;
    }
    if (tcb.retransmits >= retryLimit(tcb)) return giveUp(tcb);
    tcb.retransmits++;
    sendWindowProbe(tcb);
    tcb.timers.set(TIMER.RTX, now + Math.min(tcb.rto * 2 ** tcb.retransmits, TCP_PARAMS.RTO_MAX));
    return;
  }
  if (!hasInFlight(tcb)) return;
  if (tcb.retransmits >= retryLimit(tcb)) return giveUp(tcb);
  tcb.retransmits++;
  tcb.rto = Math.min(tcb.rto * 2, TCP_PARAMS.RTO_MAX);
  tcb.rtTime = -1; // Karn: no RTT sample from a retransmitted segment
  tcb.tcp.stack.event('tcp.retransmit', `TCP ${tcb.localLabel()} ${tcb.remoteLabel()}: retransmission #${tcb.retransmits} (${s}), next RTO ${(tcb.rto / 1000).toFixed(0)} ms`, {
    local: tcb.localLabel(),
    remote: tcb.remoteLabel(),
    n: tcb.retransmits,
    rtoMs: tcb.rto / 1000,
  });
  if (s === 'SYN-SENT' || s === 'SYN-RECEIVED') {
    tcb.synRetransmitted = true;
    sendSyn(tcb);
    tcb.timers.set(TIMER.RTX, now + tcb.rto);
    return;
  }
  // RFC 5681 §3.1 after a timeout: one segment, then slow start; go back to the first unacknowledged byte.
  const flight = seqSub(tcb.sndMax, tcb.sndUna);
  tcb.ssthresh = Math.max(flight >> 1, 2 * tcb.mss);
  tcb.cwnd = tcb.mss;
  tcb.dupAcks = 0;
  tcb.inRecovery = false;
  tcb.sndNxt = tcb.sndUna;
  tcb.rtxMode = 'retransmit';
  tcb.timers.set(TIMER.RTX, now + tcb.rto);
  tcpOutput(tcb);
}

/** Three duplicate ACKs (RFC 5681 §3.2, RFC 6582): halve the window, resend the missing segment, stay in recovery until everything sent so far is acknowledged. */
export function fastRetransmit(tcb: Tcb): void {
  const flight = seqSub(tcb.sndMax, tcb.sndUna);
  tcb.ssthresh = Math.max(flight >> 1, 2 * tcb.mss);
  tcb.cwnd = tcb.ssthresh + 3 * tcb.mss;
  tcb.inRecovery = true;
  tcb.recover = tcb.sndMax;
  tcb.rtTime = -1;
  tcb.tcp.stack.event('tcp.retransmit', `TCP ${tcb.localLabel()} ${tcb.remoteLabel()}: fast retransmit after 3 duplicate ACKs`, {
    local: tcb.localLabel(),
    remote: tcb.remoteLabel(),
  });
  retransmitHead(tcb);
}

/** tcp_write_err: too many retransmissions. The program sees the last ICMP error, or ETIMEDOUT. */
function giveUp(tcb: Tcb): void {
  if (tcb.state === 'SYN-RECEIVED' && tcb.parent) return connectionFailed(tcb, null); // the request just expires
  connectionFailed(tcb, tcb.softError ?? 'ETIMEDOUT');
}

/** tcp_delack_timer_handler: the ACK we held back goes now; the ACK timeout adapts. */
export function delackTimeout(tcb: Tcb): void {
  const s = tcb.state;
  if (!tcb.ackPending || s === 'CLOSED' || s === 'LISTEN' || s === 'SYN-SENT') return;
  if (!tcb.pingpong) tcb.ato = Math.min(tcb.ato * 2, tcb.rto);
  else {
    tcb.pingpong = false;
    tcb.ato = TCP_PARAMS.ATO_MIN;
  }
  sendAck(tcb);
}

/** TIME-WAIT over, or an orphan gave up waiting in FIN-WAIT-2. */
export function waitTimeout(tcb: Tcb): void {
  if (tcb.state === 'TIME-WAIT' || tcb.state === 'FIN-WAIT-2') setState(tcb, 'CLOSED');
}
