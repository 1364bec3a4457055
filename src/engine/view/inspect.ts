/**
 * Everything the packet inspector shows for one packet (one pid): its path
 * node by node, what each node did to it (the frame that entered beside each
 * copy that left, field by field, with a one-line summary), and the selected
 * frame's layers and bytes. Plain data (structured-cloneable): the worker
 * builds it from the full trace and the page only draws it.
 */
import { dissectFrame } from '../wire/dissect';
import type { Layer } from '../wire/field';
import type { FrameKind } from '../wire/summary';
import type { Endpoint } from '../sim/trace';
import { hopDiff, type Bilingual, type DiffContext } from './diff';
import type { FrameDiff } from './frame-diff';
import { frameInfo } from './frame-info';
import { indexOf, isDrop, visitsOf, type PacketIndex, type PacketLike, type Visit } from './packets';

/** One hop or drop of the packet, without its bytes. */
export interface FrameRef {
  /** Trace position (-1 when the event had none). */
  seq: number;
  t: number;
  kind: FrameKind;
  tcpFlags?: string;
  /** As `tcpdump -n` prints it. */
  summary: string;
  length: number;
  /** A frame put on a cable. */
  hop?: { from: Endpoint; to: Endpoint; arrive: number; link?: string; lost?: string };
  /** A frame a node threw away. */
  drop?: { node: string; iface?: string; reason: string };
}

/** One copy that left a node, compared with the frame that came in. */
export interface OutView {
  seq: number;
  iface: string;
  to: string;
  toIface: string;
  t: number;
  lost?: string;
  /** Left exactly as it came in (a switch): no diff is sent. */
  identical: boolean;
  summary: Bilingual;
  /** Field by field (absent when identical, or where the packet was made). */
  diff?: FrameDiff;
}

/** One stay of the packet at a node. */
export interface VisitView {
  node: string;
  /** Index of the visit whose copy brought the packet here. */
  parent?: number;
  depth: number;
  /** How it came in (absent where the packet was made). */
  in?: { seq: number; iface: string; from: string; arrive: number };
  outs: OutView[];
  drop?: { seq: number; reason: string; t: number };
  /** Nothing left and nothing was dropped: the node took the packet for itself. */
  delivered: boolean;
  /** The packet was made here. */
  origin: boolean;
  summary: Bilingual;
}

export interface PacketInspection {
  pid: number;
  /** The frame asked about. */
  seq: number;
  /** Every hop and drop of the packet, in trace order (at most MAX_FRAMES). */
  frames: FrameRef[];
  visits: VisitView[];
  /** The frame asked about: its layers (Wireshark's tree) and bytes; null when unknown. */
  selected: { ref: FrameRef; layers: Layer[]; bytes: Uint8Array } | null;
  /** Which node's change to show first for the selected frame: a visit, and an out of it. */
  focus: { visit: number; out: number } | null;
  /** The packet had more frames than are listed. */
  truncated: boolean;
}

/** A packet flooded out of many ports, or looping, is cut here. */
export const MAX_FRAMES = 400;

const seqOf = (p: PacketLike): number => p.seq ?? -1;

function refOf(p: PacketLike): FrameRef {
  const info = frameInfo(p.frame);
  const base = { seq: seqOf(p), t: p.t, kind: info.kind, ...(info.tcpFlags ? { tcpFlags: info.tcpFlags } : {}), summary: info.summary, length: p.frame.length };
  if (isDrop(p)) return { ...base, drop: { node: p.node, ...(p.iface ? { iface: p.iface } : {}), reason: p.reason } };
  return { ...base, hop: { from: { ...p.from }, to: { ...p.to }, arrive: p.arrive, ...(p.link ? { link: p.link } : {}), ...(p.lost ? { lost: p.lost } : {}) } };
}

const MADE: (node: string) => Bilingual = (node) => ({ en: `${node} made this packet and sent it`, zh: `${node} 生成并发出了这个数据包` });

function viewOf(index: PacketIndex, v: Visit, at: Map<Visit, number>, depth: Map<Visit, number>, ctx: DiffContext): VisitView {
  const parent = v.parent ? at.get(v.parent) : undefined;
  const d = v.parent ? (depth.get(v.parent) ?? 0) + 1 : 0;
  depth.set(v, d);
  const common = {
    node: v.node,
    ...(parent !== undefined ? { parent } : {}),
    depth: d,
    ...(v.drop ? { drop: { seq: seqOf(v.drop), reason: v.drop.reason, t: v.drop.t } } : {}),
  };
  const outBase = (o: Visit['out'][number]) => ({ seq: seqOf(o), iface: o.from.iface, to: o.to.node, toIface: o.to.iface, t: o.t, ...(o.lost ? { lost: o.lost } : {}) });
  if (!v.in) {
    return { ...common, outs: v.out.map((o) => ({ ...outBase(o), identical: false, summary: MADE(v.node) })), delivered: false, origin: true, summary: MADE(v.node) };
  }
  const inView = { seq: seqOf(v.in), iface: v.in.to.iface, from: v.in.from.node, arrive: v.in.arrive };
  const nd = hopDiff(index, v.in, ctx);
  const outs: OutView[] = v.out.map((o, i) => {
    const c = nd?.outs[i];
    const identical = c ? c.diff.identical : false;
    return { ...outBase(o), identical, summary: c?.summary ?? { en: '', zh: '' }, ...(c && !identical ? { diff: c.diff } : {}) };
  });
  const delivered = v.out.length === 0 && !v.drop;
  return { ...common, in: inView, outs, delivered, origin: false, summary: nd?.summary ?? { en: '', zh: '' } };
}

/** Where to look first for `seq`: the node that made this frame out of the one it received, else the node it reached. */
function focusOf(visits: readonly Visit[], seq: number): { visit: number; out: number } | null {
  const sender = visits.findIndex((v) => v.out.some((o) => o.seq === seq));
  const receiver = visits.findIndex((v) => v.in?.seq === seq);
  const dropAt = visits.findIndex((v) => v.drop?.seq === seq);
  if (dropAt >= 0) return { visit: dropAt, out: 0 };
  if (sender >= 0 && visits[sender].in) return { visit: sender, out: visits[sender].out.findIndex((o) => o.seq === seq) };
  if (receiver >= 0 && (visits[receiver].out.length > 0 || visits[receiver].drop)) {
    return { visit: receiver, out: 0 };
  }
  if (sender >= 0) return { visit: sender, out: visits[sender].out.findIndex((o) => o.seq === seq) };
  return receiver >= 0 ? { visit: receiver, out: 0 } : null;
}

/**
 * The inspector's picture of packet `pid`, with frame `seq` selected.
 * `ctx.directors` names the IPVS directors (see `ipvsNodes`).
 */
export function inspectPacket(packets: readonly PacketLike[] | PacketIndex, pid: number, seq: number, ctx: DiffContext = {}): PacketInspection {
  const index = indexOf(packets);
  let stream = index.ofPid(pid);
  const truncated = stream.length > MAX_FRAMES;
  if (truncated) {
    // Keep the selected frame in view: the window of MAX_FRAMES around it.
    const at = Math.max(0, stream.findIndex((p) => seqOf(p) === seq));
    const from = Math.max(0, Math.min(at - MAX_FRAMES / 4, stream.length - MAX_FRAMES));
    stream = stream.slice(from, from + MAX_FRAMES);
  }
  const visits = visitsOf(stream);
  const at = new Map<Visit, number>(visits.map((v, i) => [v, i]));
  const depth = new Map<Visit, number>();
  const views = visits.map((v) => viewOf(index, v, at, depth, ctx));
  const sel = stream.find((p) => seqOf(p) === seq);
  return {
    pid,
    seq,
    frames: stream.map(refOf),
    visits: views,
    selected: sel ? { ref: refOf(sel), layers: dissectFrame(sel.frame), bytes: sel.frame.slice() } : null,
    focus: focusOf(visits, seq),
    truncated,
  };
}
