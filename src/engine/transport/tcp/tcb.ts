import { Signal } from '../../os/signal';
import type { Micros } from '../../sim/time';
import { formatIpv4, type Ipv4 } from '../../wire/addr';
import type { SocketOwner } from '../udp';
import type { Route } from '../../net/ip/route';
import { RecvQueue, SendBuffer } from './buffers';
import { TcbTimers, TIMER, type TimerSlot } from './lazy-timer';
import { TCP_PARAMS } from './params';
import type { TcpState } from './state';
import type { TcpStack } from './table';

/** Errors a TCP socket call or a connection can end with (errno names). */
export type TcpErrno =
  | 'ECONNREFUSED'
  | 'ETIMEDOUT'
  | 'ECONNRESET'
  | 'EHOSTUNREACH'
  | 'ENETUNREACH'
  | 'EADDRINUSE'
  | 'EADDRNOTAVAIL'
  | 'EPIPE'
  | 'ENOTCONN'
  | 'EINVAL'
  | 'EISCONN'
  | 'ENOPROTOOPT'
  | 'EHOSTDOWN'
  | 'ENONET'
  | 'EOPNOTSUPP'
  | 'EPERM';

/** strerror(3) texts, as programs print them. */
export const TCP_STRERROR: Readonly<Record<TcpErrno, string>> = {
  ECONNREFUSED: 'Connection refused',
  ETIMEDOUT: 'Connection timed out',
  ECONNRESET: 'Connection reset by peer',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EPIPE: 'Broken pipe',
  ENOTCONN: 'Transport endpoint is not connected',
  EINVAL: 'Invalid argument',
  EISCONN: 'Transport endpoint is already connected',
  ENOPROTOOPT: 'Protocol not available',
  EHOSTDOWN: 'Host is down',
  ENONET: 'Machine is not on the network',
  EOPNOTSUPP: 'Operation not supported',
  EPERM: 'Operation not permitted',
};

/** The process holding a socket, and its descriptor number there (`netstat -p`, `ss -p`). */
export interface TcpOwner extends SocketOwner {
  fd?: number;
}

/** What the retransmission timer is timing. */
export type RtxMode = 'retransmit' | 'probe';

/**
 * Transmission control block (RFC 9293 §3.3.1) with the Linux parts this
 * simulator models: timestamps and window scaling, delayed ACKs with the
 * quick-ACK and ping-pong modes, RFC 6298 RTO, congestion window, the
 * accept queue of a listening socket. Plain data: the behaviour lives in
 * input.ts, output.ts and timers.ts.
 */
export class Tcb {
  state: TcpState = 'CLOSED';
  readonly signal = new Signal();
  /** Creation order within the host (netstat lists connections in this order). */
  readonly serial: number;

  localIp: Ipv4 = 0;
  localPort = 0;
  remoteIp: Ipv4 = 0;
  remotePort = 0;
  /** Next connection in the same hash bucket (table.ts). */
  hashNext: Tcb | null = null;
  hashed = false;

  // ---- send sequence space (RFC 9293 §3.3.1) ----
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  /** The highest SND.NXT ever reached (after a go-back-N retransmission SND.NXT falls back). */
  sndMax = 0;
  /** Peer's window in bytes (already scaled). */
  sndWnd = 0;
  sndWl1 = 0;
  sndWl2 = 0;
  /** Largest window the peer ever offered (sender-side silly-window avoidance). */
  maxSndWnd = 0;
  readonly sndBuf = new SendBuffer();
  /** close()/shutdown(SHUT_WR) asked for a FIN after the queued data. */
  finQueued = false;
  /** The FIN's sequence number (the byte after the last queued one), once queued. */
  finSeq = 0;
  /** End of the last sub-MSS segment sent (Nagle, Minshall's variant as tcp_minshall_check). */
  sndSml = 0;
  nodelay = false;

  // ---- receive sequence space ----
  irs = 0;
  rcvNxt = 0;
  /** RCV.NXT when the last ACK went out (the left edge of the advertised window). */
  rcvWup = 0;
  /** The window advertised with that ACK, in bytes. */
  rcvWndAdv = 0;
  /** The window of our SYN / SYN-ACK (tcp_select_initial_window). */
  rcvWndInit = 0;
  /** rcv_ssthresh: the window we offer grows from the initial one as full segments arrive (tcp_grow_window). */
  rcvSsthresh = 0;
  /** sk_rcvbuf (tcp_rmem[1]); half of it is window (tcp_adv_win_scale = 1). */
  rcvBuf: number = TCP_PARAMS.RCVBUF;
  readonly rcvQueue = new RecvQueue();
  /** The next byte the program will read (copied_seq): Recv-Q is RCV.NXT − this; reading EOF consumes the FIN. */
  copiedSeq = 0;
  /** A FIN arrived (everything before it too): reads end with EOF. */
  finReceived = false;
  /** Segments that arrived beyond a hole, kept until it is filled (tcp_data_queue_ofo), by sequence number. */
  ofo: Array<{ seq: number; data: Uint8Array; fin: boolean }> = [];

  // ---- negotiated options ----
  /** MSS we announce (interface MTU − 40). */
  advMss = 536;
  /** Peer's MSS option (536 when absent, RFC 9293 §3.7.1). */
  peerMss = 536;
  /** Payload bytes per full segment: min(advMss, peerMss) − option bytes. */
  mss = 536;
  wsOk = false;
  /** Shift applied to windows we receive. */
  sndWscale = 0;
  /** Shift applied to windows we send. */
  rcvWscale = 0;
  tsOk = false;
  sackOk = false;
  /** Peer's latest TSval, echoed as our TSecr. */
  tsRecent = 0;

  // ---- retransmission (RFC 6298) and congestion control ----
  rto: Micros = TCP_PARAMS.RTO_INIT;
  srtt: Micros = 0;
  rttvar: Micros = 0;
  /** Consecutive timeouts of the current segment (icsk_retransmits). */
  retransmits = 0;
  /** The segment being timed for an RTT sample (Karn: never a retransmitted one). */
  rtSeq = 0;
  rtTime: Micros = -1;
  cwnd = 0;
  ssthresh = 0x7fffffff;
  dupAcks = 0;
  /** Fast recovery (RFC 6582 NewReno) until SND.UNA reaches `recover`. */
  inRecovery = false;
  recover = 0;
  rtxMode: RtxMode = 'retransmit';
  /** The SYN was retransmitted (RTO falls back to 3 s after the handshake without an RTT sample). */
  synRetransmitted = false;

  // ---- delayed ACK (tcp_input.c __tcp_ack_snd_check, inet_connection_sock.h icsk_ack) ----
  ackPending = false;
  /** The next ACK must go now (out-of-order or duplicate data, FIN in FIN-WAIT). */
  ackNow = false;
  quick = 0;
  pingpong = false;
  /** 0 until the first data segment arrives. */
  ato: Micros = 0;
  lrcvtime: Micros = -Infinity;
  rcvMss: number = TCP_PARAMS.MSS_DEFAULT;

  /** When TIME-WAIT ends (the host's TIME-WAIT queue, table.ts). */
  twExpire = 0;
  /** Retransmission/persist (RTX), delayed ACK (DELACK), orphaned FIN-WAIT-2 (WAIT). */
  readonly timers: TcbTimers;

  // ---- the socket side ----
  owner: TcpOwner | null = null;
  /** Inode of the socket file (0 before accept(): netstat prints `-`). */
  inode = 0;
  /** The program closed its descriptor; the kernel finishes the close alone. */
  orphan = false;
  /** Pending error (sk_err), reported by the next call. */
  error: TcpErrno | null = null;
  /** The last ICMP error (sk_err_soft), reported if the connection then times out. */
  softError: TcpErrno | null = null;
  /** IP ID counter of a connected socket (inet_id; ip_select_ident with DF). */
  ipId = 0;
  /** The cached output route (sk_dst_cache), valid while the FIB's version is `routeVersion`. */
  route: Route | null = null;
  routeVersion = -1;

  // ---- listening sockets and their children ----
  /** The listener a passive connection came from, until accept(). */
  parent: Tcb | null = null;
  backlog = 0;
  /** Connections handshaked and waiting for accept(). */
  readonly acceptQueue: Tcb[] = [];
  /** Children in SYN-RECEIVED. */
  synRecv = 0;
  /** Called (in a later event) when a connection joins the accept queue: for daemons without a task. */
  onConnection: (() => void) | null = null;

  constructor(readonly tcp: TcpStack) {
    const sim = tcp.world.sim;
    this.serial = tcp.nextSerial++;
    this.timers = new TcbTimers(sim, this);
  }

  /** A timer of this connection expired. */
  onTimer(slot: TimerSlot): void {
    if (slot === TIMER.RTX) this.tcp.onRtxTimeout(this);
    else if (slot === TIMER.DELACK) this.tcp.onDelackTimeout(this);
    else this.tcp.onWaitTimeout(this);
  }

  private labels: [string, string] | null = null;

  localLabel(): string {
    return (this.labels ??= this.makeLabels())[0];
  }

  remoteLabel(): string {
    return (this.labels ??= this.makeLabels())[1];
  }

  /** Forget cached labels (the local address is fixed late for a socket bound to 0.0.0.0). */
  relabel(): void {
    this.labels = null;
  }

  private makeLabels(): [string, string] {
    return [`${formatIpv4(this.localIp)}:${this.localPort}`, `${formatIpv4(this.remoteIp)}:${this.state === 'LISTEN' || this.remotePort === 0 ? '*' : this.remotePort}`];
  }

  /** Bytes sent and not yet acknowledged plus bytes not yet sent (the Send-Q netstat shows). */
  get sendQueued(): number {
    return this.sndBuf.length;
  }

  /** Our FIN has been sent and acknowledged. */
  get finAcked(): boolean {
    return this.finQueued && ((this.sndUna - this.finSeq) | 0) > 0;
  }
}
