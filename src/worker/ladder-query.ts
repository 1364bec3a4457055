/**
 * Ladder diagrams for the page, computed where the whole trace lives (the
 * worker): the flow of a selected packet, or everything between two hosts.
 * The result is plain data (structured-cloneable), capped around the packet
 * asked about so a long flow never floods the page.
 */
import { formatTuple } from '../engine/view/flow';
import { flowOfPacket, ladder, type LadderArrow } from '../engine/view/ladder';
import { isDrop, type PacketIndex } from '../engine/view/packets';

export type LadderSelect = { pid: number } | { hosts: [string, string] };

/** An arrow as the page draws it: `flying` while its frame is still on a cable (or inside a switch) at the current moment. */
export type LadderViewArrow = LadderArrow & { flying?: boolean };

export interface LadderView {
  columns: string[];
  arrows: LadderViewArrow[];
  /** What the ladder shows: `tcp 192.168.150.1:41234 > 192.168.150.100:80`, or `client ⟷ node01`. */
  title: string;
  /** Whether it follows one transport flow (else: a host pair). */
  flow: boolean;
  /** Arrows left out before and after the ones sent (a long flow). */
  cut: { before: number; after: number };
}

export const LADDER_MAX_ARROWS = 400;

export interface LadderQueryOptions {
  /** Nodes folded into arrows (the lab's switches). */
  switches: ReadonlySet<string>;
  arp?: boolean;
  /** The current virtual time: frames still travelling then are drawn as such, not as drops. */
  now?: number;
}

/** The two hosts a packet without a transport flow (ARP, VRRP) travels between: its sender and the first host that took it. */
function hostsOfPacket(index: PacketIndex, pid: number, switches: ReadonlySet<string>): [string, string] | undefined {
  const stream = index.ofPid(pid);
  const first = stream[0];
  if (!first) return undefined;
  const from = isDrop(first) ? first.node : first.from.node;
  const dropped = new Set(stream.filter(isDrop).map((d) => d.node));
  for (const p of stream) {
    if (isDrop(p) || p.lost) continue;
    const to = p.to.node;
    if (to !== from && !switches.has(to) && !dropped.has(to)) return [from, to];
  }
  for (const p of stream) if (!isDrop(p) && !switches.has(p.to.node) && p.to.node !== from) return [from, p.to.node];
  return undefined;
}

/**
 * A frame that has not arrived yet (still on its last cable, or just handed to
 * a switch that forwards it in the next instant) is travelling, not lost: the
 * ladder would call it "not forwarded by sw" because nothing left the switch yet.
 */
function markFlying(arrows: readonly LadderArrow[], now: number | undefined): LadderViewArrow[] {
  if (now === undefined) return arrows as LadderViewArrow[];
  return arrows.map((a) => {
    if (a.lost || a.tArrive < now) return a;
    if (a.dropped && !a.dropped.startsWith('not forwarded by')) return a;
    const { dropped: _d, ...rest } = a;
    return { ...rest, flying: true };
  });
}

/** Keep at most `max` arrows: from a little before the first arrow of `pid`, else the latest. */
function around(arrows: LadderViewArrow[], pid: number | undefined, max: number): { arrows: LadderViewArrow[]; cut: { before: number; after: number } } {
  if (arrows.length <= max) return { arrows, cut: { before: 0, after: 0 } };
  const i = pid === undefined ? -1 : arrows.findIndex((a) => a.pid === pid);
  const start = i < 0 ? arrows.length - max : Math.max(0, Math.min(arrows.length - max, i - Math.floor(max / 4)));
  return { arrows: arrows.slice(start, start + max), cut: { before: start, after: arrows.length - start - max } };
}

export function ladderQuery(index: PacketIndex, select: LadderSelect, opts: LadderQueryOptions): LadderView | null {
  const base = { switches: opts.switches, ...(opts.arp ? { arp: true } : {}) };
  if ('pid' in select) {
    const first = index.ofPid(select.pid)[0];
    if (!first) return null;
    const flow = flowOfPacket(first);
    if (flow) {
      const l = ladder(index, { flow }, base);
      return { columns: l.columns, ...around(markFlying(l.arrows, opts.now), select.pid, LADDER_MAX_ARROWS), title: formatTuple(flow), flow: true };
    }
    const hosts = hostsOfPacket(index, select.pid, opts.switches);
    if (!hosts) return null;
    return hostsView(index, hosts, base, opts.now, select.pid);
  }
  return hostsView(index, select.hosts, base, opts.now);
}

function hostsView(index: PacketIndex, hosts: [string, string], opts: { switches: ReadonlySet<string> }, now: number | undefined, pid?: number): LadderView {
  const l = ladder(index, { hosts }, opts);
  // The two hosts asked about come first, even before they sent anything.
  const columns = [...hosts, ...l.columns.filter((c) => !hosts.includes(c))];
  return { columns, ...around(markFlying(l.arrows, now), pid, LADDER_MAX_ARROWS), title: `${hosts[0]} ⟷ ${hosts[1]}`, flow: false };
}
