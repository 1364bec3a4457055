/**
 * Opening a connection: the active open (connect: tcp_v4_connect,
 * tcp_connect_init) and the passive one (a SYN on a listener:
 * tcp_conn_request, tcp_v4_syn_recv_sock), and the SYN options both sides
 * agree on.
 */
import type { Ipv4 } from '../../wire/addr';
import { TCP_OPTION_LEN } from '../../wire/tcp';
import type { Route } from '../../net/ip/route';
import { armRtx, sendSyn } from './output';
import { TCP_PARAMS } from './params';
import { seqAdd } from './seq';
import type { Seg } from './segment';
import { setState } from './state';
import { Tcb, type TcpErrno, type TcpOwner } from './tcb';
import type { TcpStack } from './table';

/** The MSS we announce on the route's device: MTU − 40, at most 65495 (ipv4_default_advmss). */
function advMssFor(tcp: TcpStack, route: Route): number {
  const dev = tcp.stack.iface(route.dev);
  const mtu = dev ? (dev.nic ? dev.nic.mtu : dev.loMtu) : 1500;
  return Math.min(mtu - 40, 65535 - 40);
}

/** tcp_select_initial_window as CentOS 7 shows it on the wire: 20 segments (29200), or 43690 on loopback-sized MSS. */
function initialWindow(mss: number): number {
  return mss > 1460 ? TCP_PARAMS.INIT_RCVWND_LARGE_MSS : TCP_PARAMS.INIT_RCVWND_SEGS * mss;
}

/** Payload bytes per segment once both MSS values and the timestamp option are known (tcp_sync_mss). */
function effectiveMss(tcb: Tcb): number {
  return Math.min(tcb.advMss, tcb.peerMss) - (tcb.tsOk ? 2 + TCP_OPTION_LEN.TIMESTAMPS : 0);
}

export interface ConnectOpts {
  /** Bind to this local address (it must be one of the host's). */
  src?: Ipv4;
  /** Bind to this local port instead of an ephemeral one. */
  sport?: number;
  owner: TcpOwner;
}

/** connect(): pick the route, source and port, send the SYN. Returns the connection in SYN-SENT. */
export function activeOpen(tcp: TcpStack, dst: Ipv4, dport: number, opts: ConnectOpts): Tcb | TcpErrno {
  const stack = tcp.stack;
  if (!(dport > 0 && dport <= 0xffff)) return 'ECONNREFUSED';
  if (opts.src !== undefined && opts.src !== 0 && !stack.isLocalAddress(opts.src)) return 'EADDRNOTAVAIL';
  const route = stack.routeOutput(dst);
  if (!route) return 'ENETUNREACH';
  const dev = stack.iface(route.dev)!;
  const src = opts.src || route.prefsrc || stack.selectSource(dev, dst);
  if (!src) return 'EADDRNOTAVAIL';
  let sport = opts.sport ?? 0;
  if (sport) {
    if (tcp.lookup(src, sport, dst, dport) || tcp.portHasListener(sport)) return 'EADDRINUSE';
  } else {
    sport = tcp.ephemeralPort(src, dst, dport);
    if (!sport) return 'EADDRNOTAVAIL';
  }
  const tcb = new Tcb(tcp);
  tcb.localIp = src;
  tcb.localPort = sport;
  tcb.remoteIp = dst;
  tcb.remotePort = dport;
  tcb.advMss = advMssFor(tcp, route);
  tcb.tsOk = tcp.sysctl('net/ipv4/tcp_timestamps') !== 0;
  tcb.sackOk = tcp.sysctl('net/ipv4/tcp_sack') !== 0;
  tcb.wsOk = tcp.sysctl('net/ipv4/tcp_window_scaling') !== 0;
  tcb.rcvWscale = tcb.wsOk ? TCP_PARAMS.WSCALE : 0;
  tcb.rcvWndInit = initialWindow(tcb.advMss);
  tcb.rcvSsthresh = tcb.rcvWndInit;
  tcb.mss = effectiveMss(tcb);
  tcb.iss = tcp.isn(src, sport, dst, dport);
  tcb.sndUna = tcb.iss;
  tcb.sndNxt = tcb.iss;
  tcb.sndMax = tcb.iss;
  tcb.ipId = (tcb.iss ^ Math.floor(tcp.world.now / 1000)) & 0xffff; // inet_id = write_seq ^ jiffies
  tcp.adopt(tcb, opts.owner);
  tcp.hash(tcb);
  setState(tcb, 'SYN-SENT');
  sendSynTimed(tcb);
  return tcb;
}

/** A SYN for a listener: a child in SYN-RECEIVED answers with SYN-ACK. `iss` is forced when reusing a TIME-WAIT pair. */
export function passiveOpen(listener: Tcb, seg: Seg, iss?: number): Tcb | string {
  const tcp = listener.tcp;
  const route = tcp.stack.routeOutput(seg.src);
  if (!route) return `no route back to the client for the SYN-ACK`;
  const tcb = new Tcb(tcp);
  tcb.localIp = seg.dst;
  tcb.localPort = seg.dport;
  tcb.remoteIp = seg.src;
  tcb.remotePort = seg.sport;
  tcb.parent = listener;
  tcb.nodelay = listener.nodelay;
  tcb.advMss = advMssFor(tcp, route);
  tcb.tsOk = seg.hasTs && tcp.sysctl('net/ipv4/tcp_timestamps') !== 0;
  tcb.sackOk = seg.sackPerm && tcp.sysctl('net/ipv4/tcp_sack') !== 0;
  tcb.wsOk = seg.wscale >= 0 && tcp.sysctl('net/ipv4/tcp_window_scaling') !== 0;
  tcb.sndWscale = tcb.wsOk ? seg.wscale : 0;
  tcb.rcvWscale = tcb.wsOk ? TCP_PARAMS.WSCALE : 0;
  tcb.peerMss = seg.mss > 0 ? seg.mss : TCP_PARAMS.MSS_DEFAULT;
  tcb.mss = effectiveMss(tcb);
  tcb.rcvWndInit = initialWindow(tcb.advMss - (tcb.tsOk ? 2 + TCP_OPTION_LEN.TIMESTAMPS : 0));
  tcb.rcvSsthresh = tcb.rcvWndInit;
  if (seg.hasTs) tcb.tsRecent = seg.tsVal;
  tcb.irs = seg.seq;
  tcb.rcvNxt = seqAdd(seg.seq, 1);
  tcb.rcvWup = tcb.rcvNxt;
  tcb.copiedSeq = tcb.rcvNxt;
  tcb.iss = iss ?? tcp.isn(seg.dst, seg.dport, seg.src, seg.sport);
  tcb.sndUna = tcb.iss;
  tcb.sndNxt = tcb.iss;
  tcb.sndMax = tcb.iss;
  tcb.sndWnd = seg.wnd; // a SYN's window is never scaled (RFC 7323 §2.2)
  tcb.maxSndWnd = seg.wnd;
  tcb.sndWl1 = seg.seq;
  tcb.ipId = (tcb.iss ^ Math.floor(tcp.world.now / 1000)) & 0xffff;
  listener.synRecv++;
  tcb.state = 'LISTEN'; // a request born from the listener: the trace shows LISTEN → SYN-RECEIVED
  tcp.hash(tcb);
  setState(tcb, 'SYN-RECEIVED');
  sendSynTimed(tcb);
  return tcb;
}

/** Send (or resend) our SYN / SYN-ACK and time it. */
function sendSynTimed(tcb: Tcb): void {
  tcb.rtSeq = seqAdd(tcb.iss, 1);
  tcb.rtTime = tcb.tcp.world.now;
  sendSyn(tcb);
  tcb.sndNxt = seqAdd(tcb.iss, 1);
  tcb.sndMax = tcb.sndNxt;
  armRtx(tcb);
}

/** What the peer's SYN-ACK (or crossing SYN) settles for an active open. */
export function negotiateActive(tcb: Tcb, seg: Seg): void {
  tcb.tsOk = tcb.tsOk && seg.hasTs;
  tcb.sackOk = tcb.sackOk && seg.sackPerm;
  tcb.wsOk = tcb.wsOk && seg.wscale >= 0;
  tcb.sndWscale = tcb.wsOk ? seg.wscale : 0;
  if (!tcb.wsOk) tcb.rcvWscale = 0;
  tcb.peerMss = seg.mss > 0 ? seg.mss : TCP_PARAMS.MSS_DEFAULT;
  tcb.mss = effectiveMss(tcb);
  if (seg.hasTs) tcb.tsRecent = seg.tsVal;
}
