/**
 * A ladder (sequence) diagram: hosts as columns, one arrow per end-to-end hop
 * (a switch in between is folded into the arrow, its latency included), in
 * time order, labelled as tcpdump would say it.
 *
 * A flow ladder follows one transport flow in both directions through every
 * rewrite: a packet keeps its pid across a NAT or IPVS rewrite, so the new
 * tuple is learnt as an alias of the flow (conntrack-like) and replies to it
 * are recognised. A DR or TUN flow client ↔ VIP thus shows client, director
 * and real server, with the director carrying only the client → server half.
 * A host-pair ladder shows every packet that travels between two hosts,
 * including hosts that forward it on the way.
 */
import { parseArp } from '../wire/arp';
import { ETHERTYPE, parseEthernet } from '../wire/ethernet';
import { frameKind, type FrameKind } from '../wire/summary';
import { arrowLabel, newSeqBases, type SeqBases } from './arrow-label';
import { flowOfFrame, reverseTuple, tupleKey, type FlowTuple } from './flow';
import { indexOf, inferSwitches, isDrop, visitsOf, type HopLike, type PacketIndex, type PacketLike, type Visit } from './packets';

export interface LadderArrow {
  from: string;
  /** null when the frame never reached a host (lost on a cable, dropped inside a switch). */
  to: string | null;
  tSend: number;
  /** When the last hop reached `to` (sum of the latencies of the folded hops). */
  tArrive: number;
  label: string;
  kind: FrameKind;
  pid: number;
  /** Stream positions of the hops folded into this arrow, first (as sent) to last. */
  hops: number[];
  /** Switches crossed. */
  via: string[];
  /** Flow ladders: 0 for the direction of the flow's first packet, 1 for replies. */
  dir?: 0 | 1;
  /** Why the receiving node (or a switch on the way) threw the frame away. */
  dropped?: string;
  lost?: string;
  /** IP-in-IP headers around the packet (`192.168.150.11 > 192.168.150.13`). */
  encap?: string[];
}

export interface Ladder {
  /** Hosts in order of first appearance (switches too with `keepSwitches`). */
  columns: string[];
  arrows: LadderArrow[];
}

export type LadderSelect = { flow: FlowTuple } | { hosts: readonly [string, string] };

export interface LadderOptions {
  /** Nodes to fold into arrows; inferred from the stream when absent (nodes that only pass frames on unchanged). */
  switches?: ReadonlySet<string>;
  /** Draw switches as columns, one arrow per cable. */
  keepSwitches?: boolean;
  /** Flow ladders: also show ARP between the flow's hosts while the flow lasts (from 3 s before its first packet). */
  arp?: boolean;
  /** Only packets sent in [from, to] (µs). */
  from?: number;
  to?: number;
}

/** ARP that resolved a hop of the flow happens just before its first packet leaves. */
const ARP_LEAD_US = 3_000_000;

/** The flow of a hop or drop, oriented as the packet travels (for an ICMP error: the flow it reports on). */
export function flowOfPacket(p: PacketLike): FlowTuple | undefined {
  return flowOfFrame(p.frame)?.tuple;
}

interface Segment {
  start: Visit;
  end?: Visit;
  hops: HopLike[];
  via: string[];
  dropped?: string;
  lost?: string;
}

/** The end-to-end arrows of one packet: from each non-folded node that sent it to the next non-folded node it reached. */
function segmentsOf(visits: readonly Visit[], fold: (node: string) => boolean): Segment[] {
  const entered = new Map<HopLike, Visit>();
  for (const v of visits) if (v.in) entered.set(v.in, v);
  const out: Segment[] = [];
  const follow = (start: Visit, h: HopLike, hops: HopLike[], via: string[]): void => {
    const w = h.lost ? undefined : entered.get(h);
    if (!w) return void out.push({ start, hops, via, ...(h.lost ? { lost: h.lost } : {}) });
    if (fold(w.node)) {
      if (w.out.length === 0) out.push({ start, hops, via: [...via, w.node], dropped: w.drop?.reason ?? `not forwarded by ${w.node}` });
      for (const o of w.out) follow(start, o, [...hops, o], [...via, w.node]);
      return;
    }
    out.push({ start, end: w, hops, via, ...(w.drop && w.out.length === 0 ? { dropped: w.drop.reason } : {}) });
  };
  for (const v of visits) {
    if (fold(v.node)) continue;
    if (!v.in && v.out.length === 0 && v.drop) out.push({ start: v, hops: [], via: [], dropped: v.drop.reason });
    for (const h of v.out) follow(v, h, [h], []);
  }
  return out;
}

interface Picked {
  seg: Segment;
  pid: number;
  dir?: 0 | 1;
}

function toArrow(p: Picked, label: string): LadderArrow {
  const { seg } = p;
  const first = seg.hops[0];
  const last = seg.hops[seg.hops.length - 1];
  const frame = first ? first.frame : seg.start.drop!.frame;
  const encap = flowOfFrame(frame)?.encap ?? [];
  const tSend = first ? first.t : seg.start.drop!.t;
  return {
    from: seg.start.node,
    to: seg.end ? seg.end.node : null,
    tSend,
    tArrive: last ? (last.lost ? last.t : last.arrive) : tSend,
    label,
    kind: frameKind(frame),
    pid: p.pid,
    hops: seg.hops.map((h) => h.seq ?? -1),
    via: seg.via,
    ...(p.dir !== undefined ? { dir: p.dir } : {}),
    ...(seg.dropped ? { dropped: seg.dropped } : {}),
    ...(seg.lost ? { lost: seg.lost } : {}),
    ...(encap.length ? { encap } : {}),
  };
}

const firstT = (s: Segment): number => (s.hops[0] ? s.hops[0].t : (s.start.drop?.t ?? 0));
const firstSeq = (s: Segment): number => (s.hops[0] ? (s.hops[0].seq ?? 0) : (s.start.drop?.seq ?? 0));

/** Arrows in time order, labelled (TCP numbers relative per direction), and the columns they touch. */
function assemble(picked: Picked[], keep: (a: Picked) => boolean = () => true): Ladder {
  picked.sort((a, b) => firstT(a.seg) - firstT(b.seg) || firstSeq(a.seg) - firstSeq(b.seg));
  const flowBases = newSeqBases();
  // Without a chosen flow (host pairs), each connection numbers from its own first segments.
  const perFlow = new Map<string, { fwd: string; bases: SeqBases }>();
  const label = (p: Picked, frame: Uint8Array): string => {
    if (p.dir !== undefined) return arrowLabel(frame, p.dir, flowBases);
    const f = flowOfFrame(frame);
    if (!f || f.quoted) return arrowLabel(frame);
    const k = tupleKey(f.tuple);
    const r = tupleKey(reverseTuple(f.tuple));
    const canon = k < r ? k : r;
    let e = perFlow.get(canon);
    if (!e) perFlow.set(canon, (e = { fwd: k, bases: newSeqBases() }));
    return arrowLabel(frame, e.fwd === k ? 0 : 1, e.bases);
  };
  const arrows: LadderArrow[] = [];
  for (const p of picked) {
    if (!keep(p)) continue;
    const frame = p.seg.hops[0]?.frame ?? p.seg.start.drop!.frame;
    arrows.push(toArrow(p, label(p, frame)));
  }
  const columns: string[] = [];
  const add = (n: string | null): void => {
    if (n !== null && !columns.includes(n)) columns.push(n);
  };
  for (const a of arrows) {
    add(a.from);
    add(a.to);
  }
  return { columns, arrows };
}

function inWindow(p: PacketLike, o: LadderOptions): boolean {
  return (o.from === undefined || p.t >= o.from) && (o.to === undefined || p.t <= o.to);
}

/** A ladder of one flow (both directions, through rewrites) or of everything between two hosts. */
export function ladder(packets: readonly PacketLike[] | PacketIndex, select: LadderSelect, opts: LadderOptions = {}): Ladder {
  const index = indexOf(packets);
  const switches = opts.switches ?? inferSwitches(index);
  const fold = (n: string): boolean => !opts.keepSwitches && switches.has(n);
  return 'flow' in select ? flowLadder(index, select.flow, fold, opts) : hostLadder(index, select.hosts, fold, opts);
}

function flowLadder(index: PacketIndex, flow: FlowTuple, fold: (n: string) => boolean, opts: LadderOptions): Ladder {
  // Tuples seen as this flow, with their direction; pids carrying it.
  const dirOf = new Map<string, 0 | 1>([
    [tupleKey(flow), 0],
    [tupleKey(reverseTuple(flow)), 1],
  ]);
  // The addresses the flow's initiator talks to (VIP, and a real server's after a rewrite).
  const served = new Set<number>([flow.dst]);
  const pidDir = new Map<number, 0 | 1>();
  let tFirst = Infinity;
  let tLast = -Infinity;
  for (const p of index.packets) {
    if (!inWindow(p, opts)) continue;
    const f = flowOfFrame(p.frame);
    let dir = pidDir.get(p.pid);
    if (dir === undefined) {
      if (!f) continue;
      const d = dirOf.get(tupleKey(f.tuple));
      if (d === undefined) continue;
      dir = f.quoted ? ((1 - d) as 0 | 1) : d;
      pidDir.set(p.pid, dir);
    } else if (f && !f.quoted && !dirOf.has(tupleKey(f.tuple))) {
      // The packet was rewritten (NAT, IPVS masq): its new tuple is the same flow.
      dirOf.set(tupleKey(f.tuple), dir);
      dirOf.set(tupleKey(reverseTuple(f.tuple)), (1 - dir) as 0 | 1);
      served.add(dir === 0 ? f.tuple.dst : f.tuple.src);
    }
    tFirst = Math.min(tFirst, p.t);
    tLast = Math.max(tLast, p.t);
  }
  const picked: Picked[] = [];
  for (const [pid, dir] of pidDir) {
    for (const seg of segmentsOf(visitsOf(index.ofPid(pid).filter((p) => inWindow(p, opts))), fold)) picked.push({ seg, pid, dir });
  }
  // Flooded copies that only reached hosts the frame was not for would add columns for bystanders.
  const live = new Set<string>();
  for (const { seg } of picked) {
    if (seg.dropped || seg.lost) continue;
    live.add(seg.start.node);
    if (seg.end) live.add(seg.end.node);
  }
  if (opts.arp && tFirst <= tLast) {
    const arpFrom = tFirst - ARP_LEAD_US;
    for (const pid of index.pids()) {
      const stream = index.ofPid(pid);
      const first = stream[0];
      if (!first || isDrop(first) || first.t < arpFrom || first.t > tLast || frameKind(first.frame) !== 'arp') continue;
      // A request's copies thrown away by bystanders are noise, unless it asked for an address of the flow (DR's hidden VIP).
      const target = arpTarget(first.frame);
      for (const seg of segmentsOf(visitsOf(stream), fold)) {
        if (!live.has(seg.start.node) || !seg.end || !live.has(seg.end.node)) continue;
        if (seg.dropped && (target === undefined || !served.has(target))) continue;
        picked.push({ seg, pid });
      }
    }
  }
  return assemble(picked, (p) => !p.seg.dropped || p.seg.end === undefined || live.has(p.seg.end.node));
}

/** The Target IP address of an ARP frame. */
function arpTarget(frame: Uint8Array): number | undefined {
  const eth = parseEthernet(frame);
  if (!eth.ok || eth.value.repr.ethertype !== ETHERTYPE.ARP) return undefined;
  const arp = parseArp(frame, eth.value.payloadOffset, eth.value.payloadLen);
  return arp.ok ? arp.value.repr.targetProtocolAddr : undefined;
}

function hostLadder(index: PacketIndex, hosts: readonly [string, string], fold: (n: string) => boolean, opts: LadderOptions): Ladder {
  const [a, b] = hosts;
  const picked: Picked[] = [];
  for (const pid of index.pids()) {
    const stream = index.ofPid(pid).filter((p) => inWindow(p, opts));
    const visits = visitsOf(stream);
    if (!visits.some((v) => v.node === a) || !visits.some((v) => v.node === b)) continue;
    // Nodes on the way to each visit (ancestors) and reached from it (descendants).
    const up = new Map<Visit, Set<string>>();
    const down = new Map<Visit, Set<string>>();
    for (const v of visits) up.set(v, new Set([v.node, ...(v.parent ? up.get(v.parent)! : [])]));
    for (const v of [...visits].reverse()) {
      const d = down.get(v) ?? new Set<string>();
      d.add(v.node);
      down.set(v, d);
      if (v.parent) {
        const pd = down.get(v.parent) ?? new Set<string>();
        for (const n of d) pd.add(n);
        down.set(v.parent, pd);
      }
    }
    for (const seg of segmentsOf(visits, fold)) {
      const u = up.get(seg.start)!;
      const d = seg.end ? down.get(seg.end)! : new Set<string>();
      const between = (u.has(a) && d.has(b)) || (u.has(b) && d.has(a));
      const strayFromEnd = !seg.end && (u.has(a) || u.has(b));
      if (between || strayFromEnd) picked.push({ seg, pid });
    }
  }
  return assemble(picked);
}
