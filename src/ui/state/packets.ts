import { create } from 'zustand';
import type { FrameKind } from '../../engine/wire/summary';
import type { DropMsg, HopMsg } from '../../worker/protocol';

/** One line of the packet log: a hop between two interfaces, or a drop at a node. */
export interface PacketRow {
  seq: number;
  pid: number;
  t: number;
  /** Hops: when the frame reaches the far end. */
  arrive?: number;
  kind: FrameKind;
  tcpFlags?: string;
  broadcast: boolean;
  summary: string;
  /** `node01:eth0` */
  from: string;
  /** `sw:p1`, or for a drop the node that dropped it. */
  to: string;
  link?: string;
  /** Why the frame was dropped (drops and frames lost on a cable). */
  dropped?: string;
}

const LOG_ROWS = 400;
const FRAMES_KEPT = 4000;

interface PacketsState {
  rows: PacketRow[];
  hops: number;
  drops: number;
  /** Frames seen per kind since the lab (re)started. */
  kinds: Partial<Record<FrameKind, number>>;
}

export const usePackets = create<PacketsState>()(() => ({ rows: [], hops: 0, drops: 0, kinds: {} }));

/** Frame bytes by seq, for the inspector (the most recent FRAMES_KEPT). */
export const frames = new Map<number, Uint8Array>();

/** What the animation layer draws; read every animation frame, never rendered by React. */
export interface Flight {
  seq: number;
  pid: number;
  t: number;
  arrive: number;
  link: string;
  from: string;
  fromIface: string;
  to: string;
  toIface: string;
  kind: FrameKind;
  tcpFlags?: string;
  lost?: string;
}

export interface DropMark {
  seq: number;
  pid: number;
  t: number;
  node: string;
  iface?: string;
  kind: FrameKind;
  reason: string;
  /** A broadcast somebody ignored: drawn small and quiet. */
  broadcast?: boolean;
  /** performance.now() when it first became visible. */
  shownAt?: number;
}

export const flights = {
  hops: [] as Flight[],
  drops: [] as DropMark[],
  /** Bumped when the lab restarts, so the layer forgets what it drew. */
  epoch: 0,
};

export function resetPackets(): void {
  usePackets.setState({ rows: [], hops: 0, drops: 0, kinds: {} });
  frames.clear();
  flights.hops = [];
  flights.drops = [];
  flights.epoch++;
}

function keepFrame(seq: number, f: Uint8Array): void {
  frames.set(seq, f);
  if (frames.size > FRAMES_KEPT) {
    const first = frames.keys().next().value;
    if (first !== undefined) frames.delete(first);
  }
}

export function addPackets(hops: HopMsg[], drops: DropMsg[], elided: number): void {
  if (!hops.length && !drops.length && !elided) return;
  const rows: PacketRow[] = [];
  for (const h of hops) {
    keepFrame(h.seq, h.frame);
    flights.hops.push({
      seq: h.seq,
      pid: h.pid,
      t: h.t,
      arrive: h.arrive,
      link: h.link,
      from: h.from.node,
      fromIface: h.from.iface,
      to: h.to.node,
      toIface: h.to.iface,
      kind: h.kind,
      ...(h.tcpFlags ? { tcpFlags: h.tcpFlags } : {}),
      ...(h.lost ? { lost: h.lost } : {}),
    });
    rows.push({
      seq: h.seq,
      pid: h.pid,
      t: h.t,
      arrive: h.arrive,
      kind: h.kind,
      ...(h.tcpFlags ? { tcpFlags: h.tcpFlags } : {}),
      broadcast: h.broadcast,
      summary: h.summary,
      from: `${h.from.node}:${h.from.iface}`,
      to: `${h.to.node}:${h.to.iface}`,
      link: h.link,
      ...(h.lost ? { dropped: h.lost } : {}),
    });
  }
  for (const d of drops) {
    keepFrame(d.seq, d.frame);
    flights.drops.push({ seq: d.seq, pid: d.pid, t: d.t, node: d.node, ...(d.iface ? { iface: d.iface } : {}), kind: d.kind, reason: d.reason, ...(d.broadcast ? { broadcast: true } : {}) });
    rows.push({ seq: d.seq, pid: d.pid, t: d.t, kind: d.kind, broadcast: d.broadcast, summary: d.summary, from: d.iface ? `${d.node}:${d.iface}` : d.node, to: d.node, dropped: d.reason });
  }
  rows.sort((a, b) => a.seq - b.seq);
  usePackets.setState((s) => {
    const kinds = { ...s.kinds };
    for (const h of hops) kinds[h.kind] = (kinds[h.kind] ?? 0) + 1;
    const all = s.rows.concat(rows);
    return {
      rows: all.length > LOG_ROWS ? all.slice(all.length - LOG_ROWS) : all,
      hops: s.hops + hops.length + elided,
      drops: s.drops + drops.length,
      kinds,
    };
  });
}
