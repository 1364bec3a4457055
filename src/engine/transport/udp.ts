/**
 * UDP sockets (RFC 768) of one host: the kernel's udp_table in miniature.
 *
 * - `bind` to ip:port (0.0.0.0 = any local address; port 0 = an ephemeral
 *   port drawn from the world's PRNG in Linux's default
 *   ip_local_port_range 32768–60999, as udp_lib_get_port does);
 * - `connect` fixes the peer (glibc's resolver connects its query socket);
 * - `sendto` builds the datagram with the wire codec and hands it to the IP
 *   layer (`stack.sendIp`);
 * - received datagrams go to the best-matching socket (udp4_lib_lookup's
 *   scoring: a connected 4-tuple beats a bound address beats a wildcard),
 *   queue there and wake blocked readers through the socket's Signal, or go to
 *   its `onDatagram` callback (daemons);
 * - no socket on the port: ICMP port unreachable (udp_rcv → icmp_send);
 * - an ICMP error about a datagram a connected socket sent is reported on
 *   that socket as ECONNREFUSED / EHOSTUNREACH (ip_icmp_error / sk_err).
 *
 * Not modelled: SO_REUSEADDR/SO_REUSEPORT groups, multicast membership,
 * socket buffers (queues are unbounded), UDP-Lite, corking.
 */
import { IPV4_ANY, formatIpv4, readIpv4, type Ipv4 } from '../wire/addr';
import { ICMP_TYPE, ICMP_UNREACH, type IcmpRepr } from '../wire/icmp';
import { IP_PROTOCOL, IPV4_HEADER_LEN } from '../wire/ipv4';
import { buildUdp, parseUdp, UDP_FIELD } from '../wire/udp';
import { readU16 } from '../wire/bytes';
import { icmpListen, icmpSendError } from '../net/ip/icmp';
import { ipDst, ipHeaderLen, ipSrc, ipTtl, type Skb } from '../net/ip/skb';
import type { IpStack, SendError } from '../net/ip/stack';
import { Signal } from '../os/signal';

/** Linux's default net.ipv4.ip_local_port_range. */
export const EPHEMERAL_PORT_MIN = 32768;
export const EPHEMERAL_PORT_MAX = 60999;

/** One received datagram. */
export interface UdpDatagram {
  src: Ipv4;
  srcPort: number;
  dst: Ipv4;
  dstPort: number;
  data: Uint8Array;
  /** IP TTL it arrived with. */
  ttl: number;
}

/** The process a socket belongs to (what `netstat -p` prints as `pid/name`). */
export interface SocketOwner {
  pid: number;
  comm: string;
}

/** Errors a UDP socket call can return (errno names). */
export type UdpError = SendError | 'EDESTADDRREQ' | 'EADDRINUSE' | 'EADDRNOTAVAIL' | 'EINVAL' | 'EBADF' | 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ENETUNREACH' | 'EMSGSIZE';

export interface UdpSendOpts {
  ttl?: number;
  /** SO_BINDTODEVICE / IP_PKTINFO interface. */
  oif?: string;
  /** Source address for a socket bound to 0.0.0.0 (IP_PKTINFO: a server answers from the address it was asked on). */
  src?: Ipv4;
}

/** One UDP socket. Create with `udpSockets(stack).open(owner)`. */
export class UdpSocket {
  localIp: Ipv4 = IPV4_ANY;
  /** 0 until bound (explicitly or by the first send). */
  localPort = 0;
  remoteIp: Ipv4 = IPV4_ANY;
  remotePort = 0;
  /** Received datagrams not read yet. */
  readonly queue: UdpDatagram[] = [];
  /** Notified when a datagram or an error arrives. */
  readonly readable = new Signal();
  /** A pending asynchronous error (sk_err), reported and cleared by the next `recv`/`takeError`. */
  error: UdpError | null = null;
  /** Daemons take datagrams here instead of the queue. */
  onDatagram: ((d: UdpDatagram) => void) | null = null;
  closed = false;
  /** Bytes sent and received, for `netstat`-like views. */
  sendQ = 0;

  constructor(
    private readonly table: UdpSockets,
    readonly owner: SocketOwner,
  ) {}

  get connected(): boolean {
    return this.remotePort !== 0;
  }

  /** Bytes waiting to be read (netstat's Recv-Q). */
  get recvQ(): number {
    return this.queue.reduce((n, d) => n + d.data.length, 0);
  }

  bind(ip: Ipv4, port: number): UdpError | null {
    return this.table.bind(this, ip, port);
  }

  /** connect(2) on a datagram socket: fixes the peer and the source address (bound on demand). */
  connect(ip: Ipv4, port: number): UdpError | null {
    if (this.closed) return 'EBADF';
    if (port <= 0 || port > 0xffff) return 'EINVAL';
    const route = this.table.stack.routeOutput(ip);
    if (!route) return 'ENETUNREACH';
    if (this.localPort === 0) {
      const err = this.table.bind(this, IPV4_ANY, 0);
      if (err) return err;
    }
    if (this.localIp === IPV4_ANY) {
      const dev = this.table.stack.iface(route.dev);
      this.localIp = route.prefsrc || (dev ? this.table.stack.selectSource(dev, ip) : IPV4_ANY);
    }
    this.remoteIp = ip;
    this.remotePort = port;
    this.table.event(this, 'connect');
    return null;
  }

  /** sendto(2); on a connected socket `dst`/`port` may be omitted. Returns an errno or null. */
  sendto(data: Uint8Array, dst?: Ipv4, port?: number, opts: UdpSendOpts = {}): UdpError | null {
    return this.table.send(this, data, dst ?? this.remoteIp, port ?? this.remotePort, opts);
  }

  /** Take the next datagram, if any. */
  recv(): UdpDatagram | undefined {
    return this.queue.shift();
  }

  /** Report and clear the pending error (SO_ERROR / the next recv). */
  takeError(): UdpError | null {
    const e = this.error;
    this.error = null;
    return e;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.table.release(this);
    this.readable.notify();
  }
}

/** What `netstat -naup` lists for one socket. */
export interface UdpSocketInfo {
  localIp: Ipv4;
  localPort: number;
  remoteIp: Ipv4;
  remotePort: number;
  recvQ: number;
  sendQ: number;
  pid: number;
  comm: string;
}

/** The UDP socket table of a host; attached to its IpStack as protocol 17. */
export class UdpSockets {
  private readonly sockets: UdpSocket[] = [];

  constructor(readonly stack: IpStack) {
    stack.protocols.set(IP_PROTOCOL.UDP, (skb) => this.rcv(skb));
    icmpListen(stack, (msg, from) => this.icmpError(msg, from));
  }

  /** A new, unbound socket owned by `owner`. */
  open(owner: SocketOwner): UdpSocket {
    return new UdpSocket(this, owner);
  }

  /** Every open, bound socket (in bind order). */
  list(): UdpSocketInfo[] {
    return this.sockets.map((s) => ({
      localIp: s.localIp,
      localPort: s.localPort,
      remoteIp: s.remoteIp,
      remotePort: s.remotePort,
      recvQ: s.recvQ,
      sendQ: s.sendQ,
      pid: s.owner.pid,
      comm: s.owner.comm,
    }));
  }

  /** @internal */
  bind(s: UdpSocket, ip: Ipv4, port: number): UdpError | null {
    if (s.closed) return 'EBADF';
    if (s.localPort !== 0) return 'EINVAL';
    if (port < 0 || port > 0xffff) return 'EINVAL';
    if (ip !== IPV4_ANY && !this.stack.isLocalAddress(ip)) return 'EADDRNOTAVAIL';
    if (port === 0) {
      const p = this.ephemeralPort(ip);
      if (p === 0) return 'EADDRINUSE';
      port = p;
    } else if (this.inUse(ip, port)) return 'EADDRINUSE';
    s.localIp = ip;
    s.localPort = port;
    this.sockets.push(s);
    this.event(s, 'bind');
    return null;
  }

  private inUse(ip: Ipv4, port: number): boolean {
    return this.sockets.some((o) => o.localPort === port && (o.localIp === IPV4_ANY || ip === IPV4_ANY || o.localIp === ip));
  }

  /** udp_lib_get_port: start at a random port of the range and walk up (wrapping) to a free one. */
  private ephemeralPort(ip: Ipv4): number {
    const span = EPHEMERAL_PORT_MAX - EPHEMERAL_PORT_MIN + 1;
    const start = this.stack.world.rng.int(0, span - 1);
    for (let i = 0; i < span; i++) {
      const port = EPHEMERAL_PORT_MIN + ((start + i) % span);
      if (!this.inUse(ip, port)) return port;
    }
    return 0;
  }

  /** @internal */
  release(s: UdpSocket): void {
    const i = this.sockets.indexOf(s);
    if (i >= 0) {
      this.sockets.splice(i, 1);
      this.event(s, 'close');
    }
  }

  /** @internal udp_sendmsg. */
  send(s: UdpSocket, data: Uint8Array, dst: Ipv4, port: number, opts: UdpSendOpts): UdpError | null {
    if (s.closed) return 'EBADF';
    // sendto without an address on an unconnected socket: EDESTADDRREQ in Linux; port 0 is EINVAL.
    if (port <= 0 || port > 0xffff) return s.connected || port !== 0 ? 'EINVAL' : 'EDESTADDRREQ';
    if (data.length > 0xffff - 8 - IPV4_HEADER_LEN) return 'EMSGSIZE';
    const route = this.stack.routeOutput(dst, opts.oif);
    if (!route) return 'ENETUNREACH';
    if (s.localPort === 0) {
      const err = this.bind(s, IPV4_ANY, 0);
      if (err) return err;
    }
    const dev = this.stack.iface(route.dev);
    const src = s.localIp !== IPV4_ANY ? s.localIp : opts.src || route.prefsrc || (dev ? this.stack.selectSource(dev, dst) : IPV4_ANY);
    const payload = buildUdp({ srcPort: s.localPort, dstPort: port }, data, src, dst);
    // Linux sends UDP without DF unless IP_PMTUDISC_DO (ip_no_pmtu_disc / IP_PMTUDISC_WANT for small datagrams: DF set). DNS queries from glibc go out with DF.
    return this.stack.sendIp({ proto: IP_PROTOCOL.UDP, dst, src, payload, df: true, ...(opts.ttl !== undefined ? { ttl: opts.ttl } : {}), ...(opts.oif ? { oif: opts.oif } : {}) });
  }

  /** udp_rcv: checksum, socket lookup, queue — or ICMP port unreachable. */
  private rcv(skb: Skb): void {
    const hl = ipHeaderLen(skb);
    const src = ipSrc(skb);
    const dst = ipDst(skb);
    const p = parseUdp(skb.data, hl, skb.data.length - hl, src, dst);
    if (!p.ok) return this.stack.dropSkb(skb, p.error);
    const { srcPort, dstPort } = p.value.repr;
    const sock = this.lookup(src, srcPort, dst, dstPort);
    if (!sock) {
      icmpSendError(this.stack, skb, ICMP_TYPE.DEST_UNREACHABLE, ICMP_UNREACH.PORT);
      return this.stack.dropSkb(skb, `UDP port ${dstPort} unreachable (no socket bound)`);
    }
    const d: UdpDatagram = {
      src,
      srcPort,
      dst,
      dstPort,
      data: skb.data.slice(p.value.payloadOffset, p.value.payloadOffset + p.value.payloadLen),
      ttl: ipTtl(skb),
    };
    if (sock.onDatagram) return sock.onDatagram(d);
    sock.queue.push(d);
    sock.readable.notify();
  }

  /** udp4_lib_lookup's compute_score: every specified field must match; more specific wins. */
  private lookup(src: Ipv4, srcPort: number, dst: Ipv4, dstPort: number): UdpSocket | undefined {
    let best: UdpSocket | undefined;
    let bestScore = -1;
    for (const s of this.sockets) {
      if (s.localPort !== dstPort) continue;
      let score = 0;
      if (s.localIp !== IPV4_ANY) {
        if (s.localIp !== dst) continue;
        score += 4;
      }
      if (s.remotePort !== 0) {
        if (s.remoteIp !== src || s.remotePort !== srcPort) continue;
        score += 8;
      }
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best;
  }

  /** __udp4_lib_err: an ICMP error quoting one of our datagrams sets sk_err on a connected socket. */
  private icmpError(msg: IcmpRepr, _from: Ipv4): void {
    if (msg.type !== ICMP_TYPE.DEST_UNREACHABLE && msg.type !== ICMP_TYPE.TIME_EXCEEDED) return;
    const q = msg.original;
    if (q.length < IPV4_HEADER_LEN + 8 || q[9] !== IP_PROTOCOL.UDP) return;
    const ihl = (q[0] & 0x0f) * 4;
    if (q.length < ihl + 8) return;
    const src = readIpv4(q, 12);
    const dst = readIpv4(q, 16);
    const sport = readU16(q, ihl + UDP_FIELD.SRC_PORT[0]);
    const dport = readU16(q, ihl + UDP_FIELD.DST_PORT[0]);
    // The quoted datagram went from us (src:sport) to the peer (dst:dport).
    const sock = this.sockets.find((s) => s.localPort === sport && (s.localIp === IPV4_ANY || s.localIp === src) && s.connected && s.remoteIp === dst && s.remotePort === dport);
    if (!sock) return;
    // icmp_err_convert: port unreachable → ECONNREFUSED; host/net unreachable, TTL → EHOSTUNREACH.
    sock.error = msg.type === ICMP_TYPE.DEST_UNREACHABLE && msg.code === ICMP_UNREACH.PORT ? 'ECONNREFUSED' : msg.type === ICMP_TYPE.DEST_UNREACHABLE && msg.code === ICMP_UNREACH.NET ? 'ENETUNREACH' : 'EHOSTUNREACH';
    sock.readable.notify();
  }

  /** @internal A state-stream line (`udp.bind`, `udp.connect`, `udp.close`). */
  event(s: UdpSocket, what: 'bind' | 'connect' | 'close'): void {
    const local = `${formatIpv4(s.localIp)}:${s.localPort}`;
    const remote = s.remotePort ? ` -> ${formatIpv4(s.remoteIp)}:${s.remotePort}` : '';
    this.stack.event(`udp.${what}`, `UDP ${local}${remote} ${what === 'close' ? 'closed' : what === 'bind' ? 'bound' : 'connected'} (${s.owner.pid}/${s.owner.comm})`, {
      local,
      remote: s.remotePort ? `${formatIpv4(s.remoteIp)}:${s.remotePort}` : null,
      pid: s.owner.pid,
      comm: s.owner.comm,
    });
  }
}

const tables = new WeakMap<IpStack, UdpSockets>();

/** The host's UDP socket table, created (and attached as protocol 17) on first use. */
export function udpSockets(stack: IpStack): UdpSockets {
  let t = tables.get(stack);
  if (!t) tables.set(stack, (t = new UdpSockets(stack)));
  return t;
}
