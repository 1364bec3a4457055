import { Prng } from './sim/prng';
import { Simulator } from './sim/simulator';
import type { QueuedEvent } from './sim/event-queue';
import { Trace } from './sim/trace';
import type { Micros } from './sim/time';
import type { Mac } from './wire/addr';
import { Link } from './net/link';
import type { NetNode } from './net/node';
import type { Nic } from './net/nic';

/** Above this many frames on the wires within one virtual second, the world reports a storm and stops forwarding. */
export const STORM_HOPS_PER_SECOND = 200_000;
/** A frame flooded by switches more often than this is circulating in a switching loop. */
export const MAX_FLOODS_PER_PACKET = 64;

/**
 * One simulated network: its clock, its randomness, its trace, its nodes and
 * cables. Worlds share nothing, so tests and benchmarks can run many at once.
 */
export class World {
  readonly sim = new Simulator();
  readonly rng: Prng;
  readonly trace = new Trace();
  readonly nodes = new Map<string, NetNode>();
  readonly links = new Map<string, Link>();
  private nextPid = 1;
  private usedMacs = new Set<Mac>();
  private stormWindowStart = 0;
  private stormWindowHops = 0;
  /** Set when a broadcast storm was detected; forwarding stops until cleared. */
  storm: string | null = null;
  /** Frames per virtual second above which a storm is declared (benchmarks raise it). */
  stormLimit = STORM_HOPS_PER_SECOND;
  /** How many times switches flooded each packet: a frame flooded this often is going round a loop. */
  private floods = new Map<number, number>();

  constructor(readonly seed = 1) {
    this.rng = new Prng(seed);
  }

  get now(): Micros {
    return this.sim.now;
  }

  addNode<N extends NetNode>(node: N): N {
    if (this.nodes.has(node.id)) throw new Error(`node ${node.id} exists`);
    this.nodes.set(node.id, node);
    return node;
  }

  node(id: string): NetNode | undefined {
    return this.nodes.get(id);
  }

  /** A new packet's identity; forwarded or rewritten copies keep it. */
  newPid(): number {
    return this.nextPid++;
  }

  /**
   * The MAC of `node`'s interface `iface` when the scenario gives none: VMware's
   * 00:0c:29 OUI (the course's VMs) and 24 bits hashed from (seed, node, iface),
   * so adding a node never changes the MACs of the others. Never reused.
   */
  deriveMac(node: string, iface: string): Mac {
    for (let attempt = 0; ; attempt++) {
      const mac = 0x000c29_000000 + (fnv1a(`${this.seed}/${node}/${iface}/${attempt}`) & 0xffffff);
      if (!this.usedMacs.has(mac)) {
        this.usedMacs.add(mac);
        return mac;
      }
    }
  }

  reserveMac(mac: Mac): void {
    this.usedMacs.add(mac);
  }

  connect(id: string, a: Nic, b: Nic, latency: Micros = 100, loss = 0): Link {
    if (a.link || b.link) throw new Error(`${a.link ? a.node.id + ':' + a.name : b.node.id + ':' + b.name} already has a cable`);
    if (this.links.has(id)) throw new Error(`link ${id} exists`);
    const link = new Link(id, a, b, latency, loss);
    a.link = link;
    b.link = link;
    this.links.set(id, link);
    return link;
  }

  /**
   * Put a frame on the wire from `nic`. Records the hop, applies loss, and
   * delivers to the far end after the link's latency if it is still there.
   */
  transmit(nic: Nic, frame: Uint8Array, pid: number): void {
    const node = nic.node;
    const link = nic.link;
    if (!nic.adminUp || !node.powered) return this.drop(node, nic, frame, pid, 'interface down');
    if (!link) return this.drop(node, nic, frame, pid, 'no cable');
    if (!link.up) return this.drop(node, nic, frame, pid, 'link down');
    if (this.storm) return this.drop(node, nic, frame, pid, 'storm: forwarding stopped');
    if (this.countStorm()) return this.drop(node, nic, frame, pid, 'storm: forwarding stopped');
    const peer = link.peerOf(nic);
    const t = this.sim.now;
    const arrive = t + link.latency;
    const lost = link.loss > 0 && this.rng.float() < link.loss ? 'lost on the link' : undefined;
    nic.txPackets++;
    nic.txBytes += frame.length;
    if (!this.trace.wantsPackets) this.trace.packetCount++;
    else this.trace.packet({
      type: 'hop',
      t,
      arrive,
      pid,
      link: link.id,
      from: { node: node.id, iface: nic.name },
      to: { node: peer.node.id, iface: peer.name },
      frame,
      ...(lost ? { lost } : {}),
    });
    if (lost) return;
    this.sim.post(link.latency, new Arrival(this, link, peer, frame, pid));
  }

  /** The last bit of a frame reached `peer`. The cable may have been cut, or the far end switched off, in flight. */
  arrive(link: Link, peer: Nic, frame: Uint8Array, pid: number): void {
    if (!link.up) return this.drop(peer.node, peer, frame, pid, 'link down');
    if (!peer.adminUp || !peer.node.powered) return this.drop(peer.node, peer, frame, pid, 'interface down');
    peer.rxPackets++;
    peer.rxBytes += frame.length;
    peer.node.receive(peer, frame, pid);
  }

  /** `iface` names a device with no Nic (lo, tunl0) when `nic` is undefined. */
  drop(node: NetNode, nic: Nic | undefined, frame: Uint8Array, pid: number, reason: string, iface?: string): void {
    const dev = nic?.name ?? iface;
    this.trace.packet({ type: 'drop', t: this.sim.now, pid, node: node.id, ...(dev ? { iface: dev } : {}), frame, reason });
  }

  /**
   * A switch flooded packet `pid` once more. Without spanning tree a broadcast
   * in a switching loop circulates forever (or multiplies): past
   * MAX_FLOODS_PER_PACKET the world reports a loop and stops forwarding.
   */
  flooded(pid: number, switchId: string): boolean {
    if (this.storm) return true;
    const n = (this.floods.get(pid) ?? 0) + 1;
    if (this.floods.size > 50_000) this.floods.clear();
    this.floods.set(pid, n);
    if (n <= MAX_FLOODS_PER_PACKET) return false;
    this.storm = `switching loop: a broadcast was flooded ${MAX_FLOODS_PER_PACKET} times (last by ${switchId}) — two switches are joined by more than one path and there is no spanning tree; remove a cable`;
    this.trace.state({ t: this.sim.now, node: switchId, kind: 'world.storm', text: this.storm });
    return true;
  }

  /** Loops and storms must never hang the tab: count hops per virtual second. */
  private countStorm(): boolean {
    const now = this.sim.now;
    if (now - this.stormWindowStart >= 1_000_000) {
      this.stormWindowStart = now;
      this.stormWindowHops = 0;
    }
    if (++this.stormWindowHops <= this.stormLimit) return false;
    this.storm = `more than ${this.stormLimit} frames within one second at t=${(now / 1e6).toFixed(3)}s: a switching loop or broadcast storm`;
    this.trace.state({ t: now, node: '*', kind: 'world.storm', text: this.storm });
    return true;
  }
}

/** A frame in flight: the event that delivers it (one object per hop; every frame of every lab makes one). */
class Arrival implements QueuedEvent {
  time = 0;
  seq = 0;
  cancelled = false;
  constructor(
    private readonly world: World,
    private readonly link: Link,
    private readonly peer: Nic,
    private readonly frame: Uint8Array,
    private readonly pid: number,
  ) {}

  fn(): void {
    this.world.arrive(this.link, this.peer, this.frame, this.pid);
  }
}

/** FNV-1a over UTF-16 code units, with a final avalanche (murmur3 fmix32). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
