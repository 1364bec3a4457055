/**
 * Transitions that more than one path takes: the handshake completing, the
 * close of either side (tcp_close, tcp_shutdown, tcp_fin, tcp_time_wait),
 * resets and failures (tcp_reset, tcp_done).
 */
import { TIMER } from './lazy-timer';
import { sendActiveReset, tcpOutput } from './output';
import { TCP_PARAMS } from './params';
import { seqAdd } from './seq';
import { setState } from './state';
import type { Tcb, TcpErrno } from './tcb';

/** SYN-RECEIVED → ESTABLISHED; a passive connection joins its listener's accept queue. */
export function establish(tcb: Tcb): void {
  tcb.cwnd = TCP_PARAMS.INIT_CWND * tcb.mss;
  tcb.copiedSeq = tcb.rcvNxt;
  setState(tcb, 'ESTABLISHED');
  const l = tcb.parent;
  if (l) {
    l.synRecv--;
    l.acceptQueue.push(tcb);
    l.signal.notify();
    if (l.onConnection) {
      const cb = l.onConnection;
      tcb.tcp.world.sim.schedule(0, cb);
    }
  }
  tcb.tcp.confirmNeigh(tcb);
}

/** The connection ends with `err` reported to its program (null: silently, e.g. a request the peer reset). */
export function connectionFailed(tcb: Tcb, err: TcpErrno | null): void {
  if (err && !tcb.orphan) tcb.error = err;
  setState(tcb, 'CLOSED');
}

/** tcp_reset: the peer reset the connection. */
export function connectionReset(tcb: Tcb): void {
  const s = tcb.state;
  if (s === 'SYN-RECEIVED' && tcb.parent) return connectionFailed(tcb, null);
  connectionFailed(tcb, s === 'SYN-SENT' || s === 'SYN-RECEIVED' ? 'ECONNREFUSED' : s === 'CLOSE-WAIT' ? 'EPIPE' : s === 'ESTABLISHED' || s === 'FIN-WAIT-1' || s === 'FIN-WAIT-2' ? 'ECONNRESET' : null);
}

/** TIME-WAIT for 2·MSL (Linux: a fixed 60 s), then gone. */
export function enterTimeWait(tcb: Tcb): void {
  tcb.timers.clear(TIMER.RTX);
  tcb.timers.clear(TIMER.WAIT);
  setState(tcb, 'TIME-WAIT');
  tcb.tcp.timeWait(tcb);
}

/** FIN-WAIT-1 → FIN-WAIT-2; an orphan waits tcp_fin_timeout for the peer's FIN, then is dropped. */
export function enterFinWait2(tcb: Tcb): void {
  setState(tcb, 'FIN-WAIT-2');
  if (tcb.orphan) armFinTimeout(tcb);
}

function armFinTimeout(tcb: Tcb): void {
  const secs = tcb.tcp.sysctl('net/ipv4/tcp_fin_timeout') ?? 60;
  tcb.timers.set(TIMER.WAIT, tcb.tcp.world.now + secs * 1_000_000);
}

function queueFin(tcb: Tcb): void {
  tcb.finQueued = true;
  tcb.finSeq = seqAdd(tcb.sndUna, tcb.sndBuf.length);
}

/** tcp_close_state + tcp_send_fin: the FIN goes after the queued data. */
function sendFin(tcb: Tcb): void {
  if (tcb.finQueued) return;
  const s = tcb.state;
  if (s === 'ESTABLISHED' || s === 'SYN-RECEIVED') {
    queueFin(tcb);
    setState(tcb, 'FIN-WAIT-1');
  } else if (s === 'CLOSE-WAIT') {
    queueFin(tcb);
    setState(tcb, 'LAST-ACK');
  } else return;
  tcpOutput(tcb);
}

/**
 * close() (tcp_close): the descriptor goes away and the kernel finishes
 * alone. Unread data means the peer is told with a RST; a listener resets
 * the connections nobody accepted.
 */
export function userClose(tcb: Tcb): void {
  if (tcb.orphan) return;
  tcb.orphan = true;
  tcb.owner = null;
  tcb.inode = 0;
  const s = tcb.state;
  if (s === 'CLOSED' || s === 'TIME-WAIT') return;
  if (s === 'LISTEN') {
    for (const child of [...tcb.acceptQueue]) {
      sendActiveReset(child);
      child.orphan = true;
      setState(child, 'CLOSED');
    }
    for (const child of tcb.tcp.childrenOf(tcb)) setState(child, 'CLOSED');
    setState(tcb, 'CLOSED');
    return;
  }
  if (s === 'SYN-SENT') return setState(tcb, 'CLOSED');
  if (tcb.rcvQueue.length > 0) {
    // tcp_close: "data_was_unread" → RST, not FIN (RFC 2525 §2.17).
    tcb.rcvQueue.clear();
    sendActiveReset(tcb);
    setState(tcb, 'CLOSED');
    return;
  }
  sendFin(tcb);
  if (tcb.state === 'FIN-WAIT-2') armFinTimeout(tcb);
}

/** shutdown(SHUT_WR): send FIN, keep reading. */
export function userShutdownWrite(tcb: Tcb): void {
  sendFin(tcb);
}

/** Abortive close (SO_LINGER 0 / tcp_disconnect): RST to the peer, gone at once. */
export function userAbort(tcb: Tcb): void {
  const s = tcb.state;
  tcb.orphan = true;
  tcb.owner = null;
  tcb.inode = 0;
  if (s === 'CLOSED') return;
  if (s === 'LISTEN') return userCloseListener(tcb);
  if (s !== 'SYN-SENT' && s !== 'TIME-WAIT') sendActiveReset(tcb);
  setState(tcb, 'CLOSED');
}

function userCloseListener(tcb: Tcb): void {
  tcb.orphan = false;
  userClose(tcb);
}
