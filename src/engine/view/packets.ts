/**
 * The packet stream as the views read it: hops and drops, either the engine's
 * own events (`world.trace.packets`) or the copies the worker sends to the page
 * (which carry the same fields). A `pid` follows one packet through every node
 * that forwards or rewrites it, so the stream of one pid is a small tree of
 * visits: the frame enters a node, and copies (or nothing, or a drop) leave it.
 */
import type { Endpoint } from '../sim/trace';

export interface HopLike {
  seq?: number;
  pid: number;
  t: number;
  arrive: number;
  link?: string;
  from: Endpoint;
  to: Endpoint;
  frame: Uint8Array;
  lost?: string;
}

export interface DropLike {
  seq?: number;
  pid: number;
  t: number;
  node: string;
  iface?: string;
  reason: string;
  frame: Uint8Array;
}

export type PacketLike = HopLike | DropLike;

export const isDrop = (p: PacketLike): p is DropLike => 'reason' in p;

/** One stay of a packet at a node: how it came in (none where it was made), what left, and whether it died there. */
export interface Visit {
  node: string;
  /** The hop that brought the frame here; undefined at the node that sent it first. */
  in?: HopLike;
  /** Copies that left this node with the same pid (several when a switch floods). */
  out: HopLike[];
  drop?: DropLike;
  /** The visit whose out-hop brought the frame here. */
  parent?: Visit;
}

/** pid → the stream positions of its packets, built once and extended as events arrive. */
export class PacketIndex {
  readonly packets: PacketLike[] = [];
  private readonly byPid = new Map<number, number[]>();
  private readonly bySeq = new Map<number, number>();

  constructor(packets: Iterable<PacketLike> = []) {
    for (const p of packets) this.add(p);
  }

  add(p: PacketLike): void {
    const i = this.packets.length;
    this.packets.push(p);
    let l = this.byPid.get(p.pid);
    if (!l) this.byPid.set(p.pid, (l = []));
    l.push(i);
    if (p.seq !== undefined) this.bySeq.set(p.seq, i);
  }

  /** Every hop and drop of one packet, in stream order. */
  ofPid(pid: number): PacketLike[] {
    return (this.byPid.get(pid) ?? []).map((i) => this.packets[i]);
  }

  bySeqNo(seq: number): PacketLike | undefined {
    const i = this.bySeq.get(seq);
    return i === undefined ? undefined : this.packets[i];
  }

  pids(): IterableIterator<number> {
    return this.byPid.keys();
  }
}

/** Accept a plain array or a ready index. */
export const indexOf = (packets: readonly PacketLike[] | PacketIndex): PacketIndex => (packets instanceof PacketIndex ? packets : new PacketIndex(packets));

/**
 * The visits of one packet in the order they began. A hop leaves the latest
 * visit at its sending node (a loop may bring a packet back to a node); a node
 * that sends a hop without having received it is where the packet was made.
 */
export function visitsOf(stream: readonly PacketLike[]): Visit[] {
  const visits: Visit[] = [];
  const latest = new Map<string, Visit>();
  const open = (node: string, parent?: Visit, hop?: HopLike): Visit => {
    const v: Visit = { node, out: [], ...(hop ? { in: hop } : {}), ...(parent ? { parent } : {}) };
    visits.push(v);
    latest.set(node, v);
    return v;
  };
  for (const p of stream) {
    if (isDrop(p)) {
      const v = latest.get(p.node) ?? open(p.node);
      if (!v.drop) v.drop = p;
      continue;
    }
    const v = latest.get(p.from.node) ?? open(p.from.node);
    v.out.push(p);
    if (!p.lost) open(p.to.node, v, p);
  }
  return visits;
}

/** The visit a hop started at its receiving node (undefined when the hop was lost on the cable). */
export function visitOfHop(visits: readonly Visit[], hop: HopLike): Visit | undefined {
  return visits.find((v) => v.in === hop);
}

/** Nodes that only ever pass frames on unchanged (learning bridges): every frame they send came in with the same pid and bytes. */
export function inferSwitches(packets: readonly PacketLike[] | PacketIndex): Set<string> {
  const index = indexOf(packets);
  const senders = new Set<string>();
  const notSwitch = new Set<string>();
  for (const pid of index.pids()) {
    for (const v of visitsOf(index.ofPid(pid))) {
      if (v.out.length === 0) continue;
      senders.add(v.node);
      if (!v.in || v.out.some((o) => !sameBytes(o.frame, v.in!.frame))) notSwitch.add(v.node);
    }
  }
  return new Set([...senders].filter((n) => !notSwitch.has(n)));
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
