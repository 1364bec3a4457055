/**
 * One host's TCP: the socket table (connections hashed by 4-tuple, listeners
 * by port, as the kernel's ehash / listening_hash), ISNs, ephemeral ports,
 * the timestamp clock, and the glue to the IP layer (protocol 6, ICMP
 * errors, neighbour confirmation).
 */
import { newSkb } from '../../net/ip/skb';
import type { IpStack } from '../../net/ip/stack';
import type { Route } from '../../net/ip/route';
import { icmpListen } from '../../net/ip/icmp';
import { formatIpv4, readIpv4, type Ipv4 } from '../../wire/addr';
import { readU16, readU32 } from '../../wire/bytes';
import { ICMP_TYPE, ICMP_UNREACH, type IcmpRepr } from '../../wire/icmp';
import { IP_PROTOCOL, IPV4_HEADER_LEN } from '../../wire/ipv4';
import type { World } from '../../world';
import type { EventHandle } from '../../sim/simulator';
import { tcpRcv } from './input';
import { connectionFailed, userAbort, userClose } from './lifecycle';
import { TCP_PARAMS, TCP_SYSCTLS } from './params';
import { seqGe, seqLe } from './seq';
import { Seg } from './segment';
import type { Tcb, TcpErrno, TcpOwner } from './tcb';
import { setState } from './state';
import { delackTimeout, rtxTimeout, waitTimeout } from './timers';

/** Bucket of a connection: a 30-bit hash of (local port, remote address, remote port), a small integer so Map lookups stay fast; chains hold collisions. */
const connKey = (lport: number, rip: Ipv4, rport: number): number => (Math.imul(rip ^ (lport << 16), 0x9e3779b1) ^ rport) & 0x3fffffff;

/** murmur3's finaliser over a few words: the keyed hash behind ISNs and port offsets (secure_seq.c uses siphash). */
function mix(secret: number, a: number, b: number, c: number): number {
  let h = (secret ^ a) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = (h ^ b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h ^ c) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

export class TcpStack {
  /** The segment being processed (one at a time, never kept). */
  readonly seg = new Seg();
  nextSerial = 0;
  private readonly conns = new Map<number, Tcb>();
  private readonly listeners = new Map<number, Tcb[]>();
  /** Every socket, in creation order (what netstat walks). */
  readonly all = new Set<Tcb>();
  private secrets: { isn: number; port: number; ts: number } | null = null;
  /** `hint` of __inet_hash_connect: where the next ephemeral-port search starts. */
  private portHint = 0;
  private nextInode = 0;
  private readonly nextFd = new Map<number, number>();
  private readonly confirmed = new Map<Ipv4, number>();

  constructor(readonly stack: IpStack) {
    stack.protocols.set(IP_PROTOCOL.TCP, (skb) => tcpRcv(this, skb));
    icmpListen(stack, (msg) => this.icmpError(msg));
    for (const [key, value, range] of TCP_SYSCTLS) if (!stack.sysctl.has(key)) stack.sysctl.define(key, value, range);
    // A process that ends has its descriptors closed by the kernel: its sockets close (FIN, or RST with unread data).
    stack.host.procs.onExit((p) => this.closeOwned(p.pid));
    // Socket inodes of a freshly booted CentOS 7 VM are in the tens of thousands; each host counts from its own base.
    let h = 0;
    for (const ch of stack.host.id) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
    this.nextInode = 18000 + (h % 9000);
  }

  get world(): World {
    return this.stack.world;
  }

  sysctl(key: string): number | undefined {
    return this.stack.sysctl.get(key);
  }

  /** Per-host secrets, drawn from the world's PRNG the first time TCP needs one (never at build time). */
  private keys(): { isn: number; port: number; ts: number } {
    if (!this.secrets) {
      const r = this.world.rng;
      this.secrets = { isn: r.u32(), port: r.u32(), ts: r.u32() };
    }
    return this.secrets;
  }

  /** ISN as secure_tcp_sequence_number: a keyed hash of the 4-tuple plus a clock ticking every 64 ns (RFC 6528). */
  isn(lip: Ipv4, lport: number, rip: Ipv4, rport: number): number {
    const k = this.keys();
    return (mix(k.isn, lip, rip, (lport << 16) | rport) + Math.floor(this.world.now * 15.625)) >>> 0;
  }

  /** TSval: a millisecond clock (jiffies at HZ=1000) from a random per-host boot offset. */
  tsNow(): number {
    return (this.keys().ts + Math.floor(this.world.now / 1000)) >>> 0;
  }

  // ---- the table ----

  lookup(lip: Ipv4, lport: number, rip: Ipv4, rport: number): Tcb | undefined {
    let t = this.conns.get(connKey(lport, rip, rport));
    while (t) {
      if (t.localIp === lip && t.remoteIp === rip && t.localPort === lport && t.remotePort === rport) return t;
      t = t.hashNext ?? undefined;
    }
    return undefined;
  }

  hash(tcb: Tcb): void {
    const k = connKey(tcb.localPort, tcb.remoteIp, tcb.remotePort);
    tcb.hashNext = this.conns.get(k) ?? null;
    this.conns.set(k, tcb);
    tcb.hashed = true;
    this.all.add(tcb);
  }

  /** The listener for a SYN to ip:port: one bound to that address first, else one on 0.0.0.0. */
  listener(ip: Ipv4, port: number): Tcb | undefined {
    const l = this.listeners.get(port);
    if (!l) return undefined;
    let any: Tcb | undefined;
    for (const t of l) {
      if (t.localIp === ip) return t;
      if (t.localIp === 0) any = t;
    }
    return any;
  }

  portHasListener(port: number): boolean {
    return this.listeners.has(port);
  }

  /** bind() + listen() conflicts: another listener on the port whose address overlaps. */
  listenConflict(ip: Ipv4, port: number): boolean {
    for (const t of this.listeners.get(port) ?? []) if (t.localIp === 0 || ip === 0 || t.localIp === ip) return true;
    return false;
  }

  addListener(tcb: Tcb): void {
    let l = this.listeners.get(tcb.localPort);
    if (!l) this.listeners.set(tcb.localPort, (l = []));
    l.push(tcb);
    this.all.add(tcb);
  }

  /** Passive children of a listener still in SYN-RECEIVED. */
  childrenOf(listener: Tcb): Tcb[] {
    const out: Tcb[] = [];
    if (listener.synRecv === 0) return out;
    for (const t of this.all) if (t.parent === listener && t.state === 'SYN-RECEIVED') out.push(t);
    return out;
  }

  /** A CLOSED connection leaves every index; its timers stop (called by setState). */
  release(tcb: Tcb): void {
    tcb.timers.dispose();
    this.all.delete(tcb);
    if (tcb.hashed) {
      const k = connKey(tcb.localPort, tcb.remoteIp, tcb.remotePort);
      let t = this.conns.get(k);
      let prev: Tcb | null = null;
      while (t && t !== tcb) {
        prev = t;
        t = t.hashNext ?? undefined;
      }
      if (t) {
        if (prev) prev.hashNext = tcb.hashNext;
        else if (tcb.hashNext) this.conns.set(k, tcb.hashNext);
        else this.conns.delete(k);
      }
      tcb.hashNext = null;
      tcb.hashed = false;
    } else {
      const l = this.listeners.get(tcb.localPort);
      if (l) {
        const i = l.indexOf(tcb);
        if (i >= 0) l.splice(i, 1);
        if (l.length === 0) this.listeners.delete(tcb.localPort);
      }
    }
    const p = tcb.parent;
    if (p) {
      const i = p.acceptQueue.indexOf(tcb);
      if (i >= 0) p.acceptQueue.splice(i, 1);
      else p.synRecv--;
      tcb.parent = null;
    }
  }

  /**
   * __inet_hash_connect (3.10): start at hint + a keyed hash of (src, dst,
   * dport) and take the first port with no listener and no connection to the
   * same peer; the hint then moves on, so repeated connections to one server
   * use consecutive ports.
   */
  ephemeralPort(lip: Ipv4, rip: Ipv4, rport: number): number {
    const low = TCP_PARAMS.PORT_LOW;
    const remaining = TCP_PARAMS.PORT_HIGH - low + 1;
    const offset = (this.portHint + mix(this.keys().port, lip, rip, rport)) >>> 0;
    for (let i = 1; i <= remaining; i++) {
      const port = low + ((i + offset) % remaining);
      if (this.listeners.has(port)) continue;
      if (this.lookup(lip, port, rip, rport)) continue;
      this.portHint = (this.portHint + i) >>> 0;
      return port;
    }
    return 0;
  }

  /** Close (or abort) every socket `pid` owns, as the kernel does when the process exits. */
  closeOwned(pid: number, abort = false): void {
    for (const t of [...this.all]) {
      if (t.owner?.pid !== pid) continue;
      if (abort) userAbort(t);
      else userClose(t);
    }
  }

  // ---- TIME-WAIT: one queue per host (every entry lasts the same 60 s, so it stays in order; inet_twdr) ----

  private twTcbs: Tcb[] = [];
  private twTimes: number[] = [];
  private twHead = 0;
  private twEvent: EventHandle | null = null;

  /** Start (or restart) `tcb`'s 60 s of TIME-WAIT. */
  timeWait(tcb: Tcb): void {
    const at = this.world.now + TCP_PARAMS.TIMEWAIT_LEN;
    tcb.twExpire = at;
    this.twTcbs.push(tcb);
    this.twTimes.push(at);
    if (this.twEvent === null) this.armTimeWait(at);
  }

  private armTimeWait(at: number): void {
    this.twEvent = this.world.sim.at(at, () => this.expireTimeWait());
  }

  private expireTimeWait(): void {
    this.twEvent = null;
    const now = this.world.now;
    while (this.twHead < this.twTcbs.length && this.twTimes[this.twHead] <= now) {
      const t = this.twTcbs[this.twHead];
      const at = this.twTimes[this.twHead];
      this.twTcbs[this.twHead] = undefined as unknown as Tcb;
      this.twHead++;
      // An entry left behind by a restart (or a pair reused by a new SYN) is skipped.
      if (t.state === 'TIME-WAIT' && t.twExpire === at) setState(t, 'CLOSED');
    }
    if (this.twHead > 1024 && this.twHead * 2 > this.twTcbs.length) {
      this.twTcbs = this.twTcbs.slice(this.twHead);
      this.twTimes = this.twTimes.slice(this.twHead);
      this.twHead = 0;
    }
    if (this.twHead < this.twTcbs.length) this.armTimeWait(this.twTimes[this.twHead]);
  }

  /** Give a socket to a program: owner (with a descriptor number) and an inode. */
  adopt(tcb: Tcb, owner: TcpOwner): void {
    tcb.owner = this.ownerWithFd(owner);
    tcb.inode = this.nextInode++;
  }

  /** The owner with a descriptor number: the one given (later ones go above it) or the next free one. */
  ownerWithFd(owner: TcpOwner): TcpOwner {
    let fd = owner.fd;
    if (fd === undefined) fd = this.allocFd(owner.pid);
    else if (fd >= (this.nextFd.get(owner.pid) ?? 3)) this.nextFd.set(owner.pid, fd + 1);
    return { pid: owner.pid, comm: owner.comm, fd };
  }

  /** The lowest descriptor a process has not used yet here (3 after stdin/stdout/stderr). */
  allocFd(pid: number): number {
    const fd = this.nextFd.get(pid) ?? 3;
    this.nextFd.set(pid, fd + 1);
    return fd;
  }

  /** `src:sport → dst:dport` of the current segment, for drop reasons. */
  tuple(seg: Seg): string {
    return `${formatIpv4(seg.src)}:${seg.sport} → ${formatIpv4(seg.dst)}:${seg.dport}`;
  }

  // ---- IP glue ----

  /** The connection's route, looked up again only when the FIB changed (sk_dst_cache / __sk_dst_check). */
  routeFor(tcb: Tcb): Route | undefined {
    const routes = this.stack.routes;
    if (tcb.route && tcb.routeVersion === routes.version) return tcb.route;
    const r = this.stack.routeOutput(tcb.remoteIp);
    tcb.route = r ?? null;
    tcb.routeVersion = routes.version;
    return r;
  }

  /** ip_queue_xmit: route and send a built packet; a missing route is a soft error on the connection. */
  output(pkt: Uint8Array, dst: Ipv4, tcb: Tcb | null): void {
    const stack = this.stack;
    const route = tcb ? this.routeFor(tcb) : stack.routeOutput(dst);
    if (!route) {
      if (tcb) tcb.softError = 'ENETUNREACH';
      stack.world.drop(stack.host, undefined, pkt, stack.world.newPid(), `no route to ${formatIpv4(dst)}`);
      return;
    }
    const err = stack.outputSkb(newSkb(pkt, stack.world.newPid(), null, false, true, true), route);
    if (err && tcb) tcb.softError = err === 'EPERM' ? 'EPERM' : 'ENETUNREACH';
  }

  /** dst_confirm: forward progress proves the next hop reachable (at most once a second per neighbour). */
  confirmNeigh(tcb: Tcb): void {
    const now = this.world.now;
    const last = this.confirmed.get(tcb.remoteIp);
    if (last !== undefined && now - last < 1_000_000) return;
    this.confirmed.set(tcb.remoteIp, now);
    const route = this.routeFor(tcb);
    if (!route || route.type === 'local') return;
    this.stack.neigh.confirm(route.dev, route.gateway || tcb.remoteIp);
  }

  /** tcp_v4_err: an ICMP error about one of our segments. Hard for a connection being opened, soft otherwise. */
  private icmpError(msg: IcmpRepr): void {
    if (msg.type !== ICMP_TYPE.DEST_UNREACHABLE && msg.type !== ICMP_TYPE.TIME_EXCEEDED) return;
    const q = msg.original;
    if (q.length < IPV4_HEADER_LEN + 8 || q[9] !== IP_PROTOCOL.TCP) return;
    const ihl = (q[0] & 0x0f) * 4;
    if (q.length < ihl + 8) return;
    const tcb = this.lookup(readIpv4(q, 12), readU16(q, ihl), readIpv4(q, 16), readU16(q, ihl + 2));
    if (!tcb) return;
    const seq = readU32(q, ihl + 4);
    if (!(seqGe(seq, tcb.sndUna) && seqLe(seq, tcb.sndMax))) return; // not about anything in flight
    let err: TcpErrno = 'EHOSTUNREACH';
    if (msg.type === ICMP_TYPE.DEST_UNREACHABLE) {
      if (msg.code === ICMP_UNREACH.FRAG_NEEDED) return;
      err = icmpErrno(msg.code);
    }
    if (tcb.state === 'SYN-SENT' || (tcb.state === 'SYN-RECEIVED' && !tcb.parent)) connectionFailed(tcb, err);
    else tcb.softError = err;
  }

  // ---- timer entry points (Tcb's LazyTimers call these) ----

  onRtxTimeout(tcb: Tcb): void {
    rtxTimeout(tcb);
  }

  onDelackTimeout(tcb: Tcb): void {
    delackTimeout(tcb);
  }

  onWaitTimeout(tcb: Tcb): void {
    waitTimeout(tcb);
  }
}

/** icmp_err_convert (net/ipv4/icmp.c). */
function icmpErrno(code: number): TcpErrno {
  const U = ICMP_UNREACH;
  switch (code) {
    case U.NET:
    case U.NET_UNKNOWN:
    case U.NET_PROHIBITED:
    case U.NET_TOS:
      return 'ENETUNREACH';
    case U.PROTOCOL:
      return 'ENOPROTOOPT';
    case U.PORT:
      return 'ECONNREFUSED';
    case U.SOURCE_ROUTE_FAILED:
      return 'EOPNOTSUPP';
    case U.HOST_UNKNOWN:
      return 'EHOSTDOWN';
    case U.HOST_ISOLATED:
      return 'ENONET';
    default:
      return 'EHOSTUNREACH';
  }
}

const stacks = new WeakMap<IpStack, TcpStack>();

/** Attach TCP to a host's IP stack (protocol 6); idempotent. Hosts built from a scenario get it in installBase. */
export function installTcp(stack: IpStack): TcpStack {
  let t = stacks.get(stack);
  if (!t) stacks.set(stack, (t = new TcpStack(stack)));
  return t;
}

/** The host's TCP, attached on first use. */
export function tcpOf(stack: IpStack): TcpStack {
  return installTcp(stack);
}
