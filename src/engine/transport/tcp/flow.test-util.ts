/**
 * Test helpers: the TCP segments a world put on the wire, as tcpdump prints
 * them with relative sequence numbers (`tcpdump -n` without -S), and the
 * `tcp.*` lines of the state stream.
 */
import type { HopEvent } from '../../sim/trace';
import type { World } from '../../world';
import { parseEthernet, ETHERTYPE } from '../../wire/ethernet';
import { IP_PROTOCOL, parseIpv4 } from '../../wire/ipv4';
import { parseTcp, summarizeTcp, TCP_FLAG } from '../../wire/tcp';

export interface SegLine {
  /** Send time in ms (3 decimals). */
  t: number;
  from: string;
  to: string;
  flags: number;
  /** tcpdump's line after the addresses, relative numbers. */
  text: string;
  len: number;
  lost: boolean;
}

/** Every TCP segment put on a wire (hop from a host), in order; with `dropped`, also those a cut cable swallowed. */
export function segments(world: World, opts: { dropped?: boolean } = {}): SegLine[] {
  const isn = new Map<string, number>();
  const out: SegLine[] = [];
  for (const p of world.trace.packets) {
    let h: HopEvent;
    if (p.type === 'hop') h = p;
    else if (opts.dropped && p.reason === 'link down') h = { type: 'hop', t: p.t, arrive: p.t, pid: p.pid, link: '', from: { node: p.node, iface: p.iface ?? '' }, to: { node: '?', iface: '' }, frame: p.frame, lost: 'link down' };
    else continue;
    const eth = parseEthernet(h.frame);
    if (!eth.ok || eth.value.repr.ethertype !== ETHERTYPE.IPV4) continue;
    const ip = parseIpv4(h.frame, eth.value.payloadOffset);
    if (!ip.ok || ip.value.repr.protocol !== IP_PROTOCOL.TCP) continue;
    const tcp = parseTcp(h.frame, ip.value.payloadOffset, ip.value.payloadLen);
    if (!tcp.ok) continue;
    const r = tcp.value.repr;
    const key = (a: number, ap: number, b: number, bp: number) => `${a}:${ap}>${b}:${bp}`;
    const fwd = key(ip.value.repr.src, r.srcPort, ip.value.repr.dst, r.dstPort);
    const rev = key(ip.value.repr.dst, r.dstPort, ip.value.repr.src, r.srcPort);
    if (r.flags & TCP_FLAG.SYN) isn.set(fwd, r.seq);
    const text = summarizeTcp(r, tcp.value.payloadLen, { seqBase: isn.get(fwd) ?? 0, ackBase: isn.get(rev) ?? 0 });
    out.push({ t: Math.round(h.t) / 1000, from: h.from.node, to: h.to.node, flags: r.flags, text, len: tcp.value.payloadLen, lost: !!h.lost });
  }
  return out;
}

/** `from > to: text` lines without options (timestamps change with the seed). */
export function flow(world: World): string[] {
  return segments(world).map((s) => `${s.from} > ${s.to}: ${s.text.replace(/, options \[[^\]]*\]/, '')}`);
}

/** The `tcp.state` lines of one node (or all), as `t node text`. */
export function stateLines(world: World, node?: string): string[] {
  return world.trace.states.filter((s) => s.kind === 'tcp.state' && (!node || s.node === node)).map((s) => `${(s.t / 1e6).toFixed(6)} ${s.node} ${s.text}`);
}
