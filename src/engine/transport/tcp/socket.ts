/**
 * The socket API programs use (httpd, curl, bash's /dev/tcp, keepalived's
 * checkers). Blocking calls are generator steps for a Task:
 *
 *   const s = yield* tcpConnect(host, ip, 80, { owner: { pid, comm: 'curl' } });
 *   if (typeof s === 'string') → errno ('ECONNREFUSED', 'ETIMEDOUT', ...)
 *   s.send('GET / HTTP/1.0\r\n\r\n');
 *   for (;;) { const d = yield* s.recv(); if (d === null) break; ... }   // null: EOF (or s.error)
 *   s.close();
 *
 *   const l = tcpListen(host, 80, { owner: { pid, comm: 'httpd', fd: 4 } });
 *   const c = yield* l.accept();   // a TcpSocket owned by the listener's process
 */
import type { Host } from '../../os/host';
import { waitFor, type Block, type Wake } from '../../os/task';
import type { Signal } from '../../os/signal';
import type { IpStack } from '../../net/ip/stack';
import type { Micros } from '../../sim/time';
import type { Ipv4 } from '../../wire/addr';
import { decodeUtf8, encodeUtf8 } from '../../wire/text';
import { allocBytes } from '../../wire/bytes';
import { userAbort, userClose, userShutdownWrite } from './lifecycle';
import { activeOpen } from './open';
import { fullSpace, offeredWindow, sendAck, tcpOutput } from './output';
import { TCP_PARAMS } from './params';
import { seqAdd, seqSub } from './seq';
import { setState, type TcpState } from './state';
import { Tcb, type TcpErrno, type TcpOwner } from './tcb';
import { tcpOf, type TcpStack } from './table';
import { TIMER } from './lazy-timer';

export { TCP_STRERROR, type TcpErrno, type TcpOwner } from './tcb';
export type { TcpState } from './state';

const EMPTY = new Uint8Array(0);

function stackOf(host: Host): IpStack {
  if (!host.stack) throw new Error(`${host.id} has no network stack`);
  return host.stack as IpStack;
}

/** The host's TCP (attached on first use). */
export function tcpOfHost(host: Host): TcpStack {
  return tcpOf(stackOf(host));
}

/** The bytes to queue: the caller's array itself (see `send`), or the text encoded (into the packet slabs: TCP copies it out again). */
const toBytes = (data: Uint8Array | string): Uint8Array => (typeof data === 'string' ? encodeUtf8(data, allocBytes) : data);

/** States in which the connection is up from the program's point of view (connect() returned). */
const CONNECTED: ReadonlySet<TcpState> = new Set<TcpState>(['ESTABLISHED', 'CLOSE-WAIT', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING', 'LAST-ACK', 'TIME-WAIT']);

export class TcpSocket {
  constructor(readonly tcb: Tcb) {}

  get state(): TcpState {
    return this.tcb.state;
  }
  /** Notified on every change: data, EOF, state, a queued connection. */
  get readable(): Signal {
    return this.tcb.signal;
  }
  /** The error that ended the connection (ECONNRESET, ETIMEDOUT, ...), if any. */
  get error(): TcpErrno | null {
    return this.tcb.error;
  }
  get localAddress(): Ipv4 {
    return this.tcb.localIp;
  }
  get localPort(): number {
    return this.tcb.localPort;
  }
  get remoteAddress(): Ipv4 {
    return this.tcb.remoteIp;
  }
  get remotePort(): number {
    return this.tcb.remotePort;
  }
  /** `socket:[inode]` is what /proc/PID/fd shows. */
  get inode(): number {
    return this.tcb.inode;
  }
  get owner(): TcpOwner | null {
    return this.tcb.owner;
  }
  /** Nothing more will arrive and everything was read. */
  get eof(): boolean {
    const t = this.tcb;
    return t.rcvQueue.length === 0 && (t.finReceived || t.state === 'CLOSED');
  }
  /** Bytes waiting to be read. */
  get available(): number {
    return this.tcb.rcvQueue.length;
  }

  /** Hand the socket to a process (after fork, or to name it for netstat -p). */
  setOwner(owner: TcpOwner): void {
    const t = this.tcb;
    t.owner = t.tcp.ownerWithFd(owner);
  }

  /** TCP_NODELAY: no Nagle (httpd sets it). */
  setNoDelay(on = true): void {
    this.tcb.nodelay = on;
  }

  /**
   * write(): queue and send as the windows allow. Returns the bytes queued, or
   * an errno. A Uint8Array is queued as it is, not copied: do not change it
   * afterwards.
   */
  send(data: Uint8Array | string): number | TcpErrno {
    const t = this.tcb;
    if (t.error) return t.error;
    if (t.finQueued || t.orphan) return 'EPIPE';
    const s = t.state;
    if (s === 'LISTEN') return 'ENOTCONN';
    if (s === 'CLOSED' || s === 'TIME-WAIT') return 'EPIPE';
    const bytes = toBytes(data);
    t.sndBuf.append(bytes);
    tcpOutput(t);
    return bytes.length;
  }

  /**
   * Non-blocking read: up to `max` bytes, an empty array when nothing is
   * there yet, or null at end of file (check `error` for a reset).
   */
  read(max = Infinity): Uint8Array | null {
    const t = this.tcb;
    if (t.rcvQueue.length > 0) {
      const d = t.rcvQueue.take(max);
      t.copiedSeq = seqAdd(t.copiedSeq, d.length);
      windowUpdate(t);
      return d;
    }
    if (t.finReceived) {
      t.copiedSeq = t.rcvNxt; // reading EOF consumes the FIN
      return null;
    }
    if (t.state === 'CLOSED' || t.state === 'LISTEN') return null;
    return EMPTY;
  }

  /** read() that blocks until data, EOF or `timeoutUs` (then an empty array). */
  *recv(max = Infinity, timeoutUs?: Micros): Generator<Block, Uint8Array | null, Wake> {
    const sim = this.tcb.tcp.world.sim;
    const deadline = timeoutUs === undefined ? Infinity : sim.now + timeoutUs;
    for (;;) {
      const r = this.read(max);
      if (r === null || r.length > 0) return r;
      const left = deadline - sim.now;
      if (left <= 0) return r;
      yield waitFor(this.readable, deadline === Infinity ? undefined : left);
    }
  }

  /** Everything until EOF. */
  *readAll(): Generator<Block, Uint8Array, Wake> {
    const parts: Uint8Array[] = [];
    let n = 0;
    for (;;) {
      const d = yield* this.recv();
      if (d === null) break;
      parts.push(d);
      n += d.length;
    }
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  /** Everything until EOF, as text (UTF-8). */
  *readText(): Generator<Block, string, Wake> {
    return decodeUtf8(yield* this.readAll());
  }

  /** accept() without blocking: the oldest handshaked connection, owned by `owner` (default: the listener's process). */
  tryAccept(owner?: TcpOwner): TcpSocket | null {
    const l = this.tcb;
    const c = l.acceptQueue.shift();
    if (!c) return null;
    c.parent = null;
    const o = owner ?? l.owner;
    if (o) l.tcp.adopt(c, { pid: o.pid, comm: o.comm, ...(owner?.fd !== undefined ? { fd: owner.fd } : {}) });
    return new TcpSocket(c);
  }

  /** accept(): wait for a connection (null if the listener closes or `timeoutUs` passes). */
  *accept(timeoutUs?: Micros, owner?: TcpOwner): Generator<Block, TcpSocket | null, Wake> {
    const sim = this.tcb.tcp.world.sim;
    const deadline = timeoutUs === undefined ? Infinity : sim.now + timeoutUs;
    for (;;) {
      const c = this.tryAccept(owner);
      if (c) return c;
      if (this.tcb.state !== 'LISTEN') return null;
      const left = deadline - sim.now;
      if (left <= 0) return null;
      yield waitFor(this.readable, deadline === Infinity ? undefined : left);
    }
  }

  /** Connections waiting in the accept queue. */
  get pending(): number {
    return this.tcb.acceptQueue.length;
  }

  /** For a listener: call `fn` (in a later event) whenever a connection is ready to accept. */
  set onConnection(fn: (() => void) | null) {
    this.tcb.onConnection = fn;
  }

  /** Wait until the handshake completes (true) or fails/times out (false: see `error`). */
  *waitConnected(timeoutUs?: Micros): Generator<Block, boolean, Wake> {
    const sim = this.tcb.tcp.world.sim;
    const deadline = timeoutUs === undefined ? Infinity : sim.now + timeoutUs;
    for (;;) {
      if (CONNECTED.has(this.state)) return true;
      if (this.state === 'CLOSED') return false;
      const left = deadline - sim.now;
      if (left <= 0) return false;
      yield waitFor(this.readable, deadline === Infinity ? undefined : left);
    }
  }

  /** close(): FIN after the queued data (RST if unread data is thrown away); the kernel finishes alone. */
  close(): void {
    userClose(this.tcb);
  }

  /** shutdown(SHUT_WR): send FIN, keep reading. */
  shutdown(): void {
    userShutdownWrite(this.tcb);
  }

  /** Abortive close: RST now. */
  abort(): void {
    userAbort(this.tcb);
  }
}

/**
 * tcp_cleanup_rbuf: after the program reads, tell the peer if the window
 * the buffer now allows is at least twice what it was told (RFC 1122
 * §4.2.3.3 window update), when that was no more than half the buffer.
 */
function windowUpdate(t: Tcb): void {
  const s = t.state;
  if (s !== 'ESTABLISHED' && s !== 'FIN-WAIT-1' && s !== 'FIN-WAIT-2') return;
  const cur = Math.max(0, seqSub(seqAdd(t.rcvWup, t.rcvWndAdv), t.rcvNxt));
  if (2 * cur > fullSpace(t)) return;
  const next = offeredWindow(t);
  if (next && next >= 2 * cur) sendAck(t);
}

export interface TcpConnectOpts {
  /** Source address to bind (default: the route's). */
  src?: Ipv4;
  /** Source port to bind (default: an ephemeral one). */
  sport?: number;
  /** Give up after this long (the program's own timeout, e.g. curl --connect-timeout); default: the kernel's SYN retries. */
  timeoutUs?: Micros;
  owner: TcpOwner;
}

/** connect() without waiting: the socket in SYN-SENT, or an immediate errno (ENETUNREACH, EADDRNOTAVAIL, ...). */
export function tcpOpen(host: Host, dst: Ipv4, dport: number, opts: TcpConnectOpts): TcpSocket | TcpErrno {
  const r = activeOpen(tcpOfHost(host), dst, dport, {
    owner: opts.owner,
    ...(opts.src !== undefined ? { src: opts.src } : {}),
    ...(opts.sport !== undefined ? { sport: opts.sport } : {}),
  });
  return typeof r === 'string' ? r : new TcpSocket(r);
}

/** connect(): returns the connected socket, or the errno it failed with ('ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', ...). */
export function* tcpConnect(host: Host, dst: Ipv4, dport: number, opts: TcpConnectOpts): Generator<Block, TcpSocket | TcpErrno, Wake> {
  const s = tcpOpen(host, dst, dport, opts);
  if (typeof s === 'string') return s;
  let connected = false;
  try {
    connected = yield* s.waitConnected(opts.timeoutUs);
    if (connected) return s;
    return s.error ?? 'ETIMEDOUT';
  } finally {
    if (!connected) s.close();
  }
}

export interface TcpListenOpts {
  /** Local address (default 0.0.0.0: every address of the host). */
  addr?: Ipv4;
  /** Accept-queue length (capped at SOMAXCONN, 128). */
  backlog?: number;
  owner: TcpOwner;
}

/** socket() + bind() + listen(). Port 0 takes an ephemeral port. */
export function tcpListen(host: Host, port: number, opts: TcpListenOpts): TcpSocket | TcpErrno {
  const tcp = tcpOfHost(host);
  const addr = opts.addr ?? 0;
  if (addr !== 0 && !tcp.stack.isLocalAddress(addr)) return 'EADDRNOTAVAIL';
  if (!(port >= 0 && port <= 0xffff)) return 'EINVAL';
  if (port === 0) {
    port = tcp.ephemeralPort(addr, 0, 0);
    if (!port) return 'EADDRINUSE';
  } else if (tcp.listenConflict(addr, port)) return 'EADDRINUSE';
  const t = new Tcb(tcp);
  t.localIp = addr;
  t.localPort = port;
  t.backlog = Math.min(Math.max(opts.backlog ?? TCP_PARAMS.SOMAXCONN, 0), TCP_PARAMS.SOMAXCONN);
  tcp.adopt(t, opts.owner);
  tcp.addListener(t);
  setState(t, 'LISTEN');
  return new TcpSocket(t);
}

/** The kernel closes a process's descriptors when it exits: close (or abort) every socket it owns. */
export function tcpCloseOwned(host: Host, pid: number, abort = false): void {
  tcpOfHost(host).closeOwned(pid, abort);
}

/** What netstat and ss list for one TCP socket. */
export interface TcpSocketInfo {
  state: TcpState;
  localIp: Ipv4;
  localPort: number;
  remoteIp: Ipv4;
  remotePort: number;
  /** RCV.NXT − copied (bytes and an unread FIN), or for a listener the accept queue. */
  recvQ: number;
  /** Unacknowledged and unsent bytes (and a FIN), or for a listener its backlog. */
  sendQ: number;
  inode: number;
  owner: TcpOwner | null;
  /** The pending timer as /proc/net/tcp's tr/tm->when/retrnsmt columns report it (`netstat -o`). */
  timer: { kind: 'off' | 'on' | 'probe' | 'timewait'; leftUs: number; retransmits: number };
}

/**
 * The host's sockets in /proc/net/tcp order: listeners by hash bucket
 * (port mod 32, newest first within a bucket), each followed by its
 * SYN-RECEIVED requests; then the other connections, oldest first (the
 * kernel's established hash is keyed by a boot secret, so its order is
 * arbitrary anyway).
 */
export function tcpSocketList(host: Host): TcpSocketInfo[] {
  const tcp = tcpOfHost(host);
  const listeners: Tcb[] = [];
  const others: Tcb[] = [];
  for (const t of tcp.all) {
    if (t.state === 'LISTEN') listeners.push(t);
    else if (!(t.state === 'SYN-RECEIVED' && t.parent)) others.push(t);
  }
  listeners.sort((a, b) => (a.localPort & 31) - (b.localPort & 31) || b.serial - a.serial);
  const out: TcpSocketInfo[] = [];
  for (const l of listeners) {
    out.push(info(l));
    for (const c of tcp.childrenOf(l)) out.push(info(c));
  }
  for (const t of others) out.push(info(t));
  return out;
}

function timerOf(t: Tcb): TcpSocketInfo['timer'] {
  const now = t.tcp.world.now;
  if (t.state === 'TIME-WAIT') return { kind: 'timewait', leftUs: Math.max(0, t.twExpire - now), retransmits: 0 };
  if (t.state === 'FIN-WAIT-2' && t.timers.armed(TIMER.WAIT)) {
    return { kind: 'timewait', leftUs: Math.max(0, t.timers.deadline(TIMER.WAIT) - now), retransmits: 0 };
  }
  if (t.timers.armed(TIMER.RTX)) return { kind: t.rtxMode === 'probe' ? 'probe' : 'on', leftUs: Math.max(0, t.timers.deadline(TIMER.RTX) - now), retransmits: t.retransmits };
  return { kind: 'off', leftUs: 0, retransmits: t.retransmits };
}

function info(t: Tcb): TcpSocketInfo {
  const listen = t.state === 'LISTEN';
  const request = t.state === 'SYN-RECEIVED' && t.parent !== null;
  const tw = t.state === 'TIME-WAIT';
  const quiet = request || tw;
  return {
    state: t.state,
    localIp: t.localIp,
    localPort: t.localPort,
    remoteIp: listen ? 0 : t.remoteIp,
    remotePort: listen ? 0 : t.remotePort,
    recvQ: listen ? t.acceptQueue.length : quiet ? 0 : Math.max(0, seqSub(t.rcvNxt, t.copiedSeq)),
    sendQ: listen ? t.backlog : quiet ? 0 : t.sndBuf.length + (t.finQueued && !t.finAcked ? 1 : 0),
    inode: quiet ? 0 : t.inode,
    owner: quiet ? null : t.owner,
    timer: timerOf(t),
  };
}
