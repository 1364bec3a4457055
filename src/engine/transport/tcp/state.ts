import type { Tcb } from './tcb';

/** Connection states, spelled as RFC 9293 §3.3.2 spells them. */
export type TcpState =
  | 'CLOSED'
  | 'LISTEN'
  | 'SYN-SENT'
  | 'SYN-RECEIVED'
  | 'ESTABLISHED'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'CLOSE-WAIT'
  | 'CLOSING'
  | 'LAST-ACK'
  | 'TIME-WAIT';

/** net-tools' names (netstat.c tcp_state[]). */
export const NETSTAT_STATE: Readonly<Record<TcpState, string>> = {
  CLOSED: 'CLOSE',
  LISTEN: 'LISTEN',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECEIVED': 'SYN_RECV',
  ESTABLISHED: 'ESTABLISHED',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST_ACK',
  'TIME-WAIT': 'TIME_WAIT',
};

/** iproute2's names (ss.c sstate_name[]). */
export const SS_STATE: Readonly<Record<TcpState, string>> = {
  CLOSED: 'UNCONN',
  LISTEN: 'LISTEN',
  'SYN-SENT': 'SYN-SENT',
  'SYN-RECEIVED': 'SYN-RECV',
  ESTABLISHED: 'ESTAB',
  'FIN-WAIT-1': 'FIN-WAIT-1',
  'FIN-WAIT-2': 'FIN-WAIT-2',
  'CLOSE-WAIT': 'CLOSE-WAIT',
  CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST-ACK',
  'TIME-WAIT': 'TIME-WAIT',
};

/** States in which both sides' ISNs are known (RFC 9293 "synchronized states"). */
export function isSynchronized(s: TcpState): boolean {
  return s !== 'CLOSED' && s !== 'LISTEN' && s !== 'SYN-SENT' && s !== 'SYN-RECEIVED';
}

/**
 * The one place a connection changes state: records a `tcp.state` line on the
 * state stream, wakes whoever waits on the socket, and takes a CLOSED
 * connection out of the host's table (and stops its timers).
 */
export function setState(tcb: Tcb, next: TcpState): void {
  const prev = tcb.state;
  if (prev === next) return;
  tcb.state = next;
  const stack = tcb.tcp.stack;
  if (stack.world.trace.wantsStates) {
    const local = tcb.localLabel();
    const remote = tcb.remoteLabel();
    stack.event('tcp.state', `TCP ${local} ${remote} ${prev} → ${next}`, { local, remote, from: prev, to: next });
  }
  if (next === 'CLOSED') tcb.tcp.release(tcb);
  tcb.signal.notify();
}
