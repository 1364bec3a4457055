/**
 * One event list from both trace streams (packet hops and drops, state
 * changes), in trace order, with a filter by node, protocol, kind and text.
 * Each entry is built once — the tcpdump line computed, the search text
 * lower-cased — so filtering 100k entries is a plain loop with no dissection.
 */
import { frameKind, summarizeFrame } from '../wire/summary';
import { isDrop, type PacketLike } from './packets';

export type TimelineKind = 'packet' | 'drop' | 'state';

export interface TimelineEntry {
  /** Position in the whole trace (both streams share one sequence). */
  seq: number;
  t: number;
  /** Hop: sender then receiver; drop and state: the node (`*` for the whole lab: a cable cut, a storm). */
  nodes: string[];
  /** Packets: the frame kind (`arp`, `tcp`, `icmp`, `dns`, `vrrp`, `ipip`, ...); states: the kind's family (`tcp.state` → `tcp`). */
  protocol: string;
  kind: TimelineKind;
  /** States: the full kind (`tcp.state`, `route.add`, `shell.command`). */
  stateKind?: string;
  /** One line: the tcpdump line for a packet, the reason and the line for a drop, the state's text. */
  text: string;
  pid?: number;
  /** Lower-cased text and node names, for the search box. */
  search: string;
}

export interface StateLike {
  seq?: number;
  t: number;
  node: string;
  kind: string;
  text: string;
}

/** What the worker already computed for a frame (HopMsg/DropMsg carry it): reused instead of dissecting again. */
interface Precomputed {
  summary?: unknown;
  kind?: unknown;
}

const pre = (p: object): { summary?: string; kind?: string } => {
  const x = p as Precomputed;
  return { ...(typeof x.summary === 'string' ? { summary: x.summary } : {}), ...(typeof x.kind === 'string' && x.kind !== 'hop' && x.kind !== 'drop' ? { kind: x.kind } : {}) };
};

const searchOf = (text: string, nodes: readonly string[]): string => `${text}\n${nodes.join(' ')}`.toLowerCase();

export function entryOfPacket(p: PacketLike): TimelineEntry {
  const known = pre(p);
  const line = known.summary ?? summarizeFrame(p.frame);
  const protocol = known.kind ?? frameKind(p.frame);
  if (isDrop(p)) {
    const nodes = [p.node];
    const text = `dropped at ${p.node}${p.iface ? `:${p.iface}` : ''}: ${p.reason} — ${line}`;
    return { seq: p.seq ?? -1, t: p.t, nodes, protocol, kind: 'drop', text, pid: p.pid, search: searchOf(text, nodes) };
  }
  const nodes = [p.from.node, p.to.node];
  const text = p.lost ? `${line} (${p.lost})` : line;
  return { seq: p.seq ?? -1, t: p.t, nodes, protocol, kind: 'packet', text, pid: p.pid, search: searchOf(text, nodes) };
}

export function entryOfState(s: StateLike): TimelineEntry {
  const nodes = [s.node];
  const dot = s.kind.indexOf('.');
  return {
    seq: s.seq ?? -1,
    t: s.t,
    nodes,
    protocol: dot < 0 ? s.kind : s.kind.slice(0, dot),
    kind: 'state',
    stateKind: s.kind,
    text: s.text,
    search: searchOf(`${s.text}\n${s.kind}`, nodes),
  };
}

/** Both streams merged in trace order (by `seq`; each stream is already in order). */
export function buildTimeline(packets: readonly PacketLike[], states: readonly StateLike[]): TimelineEntry[] {
  const out: TimelineEntry[] = new Array(packets.length + states.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < packets.length || j < states.length) {
    const takePacket = j >= states.length || (i < packets.length && (packets[i].seq ?? 0) <= (states[j].seq ?? 0));
    out[k++] = takePacket ? entryOfPacket(packets[i++]) : entryOfState(states[j++]);
  }
  return out;
}

export interface TimelineFilter {
  /** Entries touching any of these nodes (entries for the whole lab, `*`, always match). */
  nodes?: readonly string[];
  protocols?: readonly string[];
  kinds?: readonly TimelineKind[];
  /** Case-insensitive substring of the text or a node name. */
  text?: string;
  from?: number;
  to?: number;
}

/** The entries that pass every given criterion, in order. */
export function filterTimeline(entries: readonly TimelineEntry[], f: TimelineFilter): TimelineEntry[] {
  const nodes = f.nodes && f.nodes.length > 0 ? new Set(f.nodes) : null;
  const protocols = f.protocols && f.protocols.length > 0 ? new Set(f.protocols) : null;
  const kinds = f.kinds && f.kinds.length > 0 ? new Set(f.kinds) : null;
  const needle = f.text ? f.text.toLowerCase() : '';
  const from = f.from ?? -Infinity;
  const to = f.to ?? Infinity;
  const out: TimelineEntry[] = [];
  for (const e of entries) {
    if (e.t < from || e.t > to) continue;
    if (kinds && !kinds.has(e.kind)) continue;
    if (protocols && !protocols.has(e.protocol)) continue;
    if (nodes && !e.nodes.some((n) => n === '*' || nodes.has(n))) continue;
    if (needle && !e.search.includes(needle)) continue;
    out.push(e);
  }
  return out;
}

/** The distinct protocols and nodes present, for the filter menus (sorted). */
export function timelineFacets(entries: readonly TimelineEntry[]): { protocols: string[]; nodes: string[] } {
  const protocols = new Set<string>();
  const nodes = new Set<string>();
  for (const e of entries) {
    protocols.add(e.protocol);
    for (const n of e.nodes) if (n !== '*') nodes.add(n);
  }
  return { protocols: [...protocols].sort(), nodes: [...nodes].sort() };
}
