import type { EventHandle } from '../../sim/simulator';
import type { Micros } from '../../sim/time';
import type { Ipv4, Mac } from '../../wire/addr';

/** NUD states of the kernel's neighbour table (include/net/neighbour.h). */
export type NudState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'PERMANENT';

/** arp_tbl defaults (net/ipv4/arp.c): times in µs. */
export const NEIGH_PARMS = {
  baseReachableTime: 30_000_000,
  delayFirstProbeTime: 5_000_000,
  retransTime: 1_000_000,
  mcastSolicit: 3,
  ucastSolicit: 3,
  locktime: 1_000_000,
  unresQlen: 101,
} as const;

export interface NeighEntry {
  ip: Ipv4;
  dev: string;
  mac: Mac;
  state: NudState;
  /** Last time the MAC was confirmed or changed. */
  updated: Micros;
  probes: number;
  timer: EventHandle | null;
  /** Packets waiting for resolution: sending callbacks given the MAC, or dropped with a reason. */
  queue: Array<{ send: (mac: Mac) => void; fail: () => void; src: Ipv4 }>;
}

/** What the table needs from the stack: sending ARP solicitations, the clock, randomness, a trace line. */
export interface NeighHost {
  now(): Micros;
  schedule(delay: Micros, fn: () => void): EventHandle;
  cancel(h: EventHandle | null): void;
  random(): number;
  /** Send a who-has for `ip` on `dev`; `unicastTo` set for a PROBE (RFC 1122 unicast poll). */
  solicit(dev: string, ip: Ipv4, unicastTo: Mac | undefined, srcHint: Ipv4 | undefined): void;
  changed(e: NeighEntry, what: string): void;
}

/**
 * The ARP cache with the kernel's NUD machine: INCOMPLETE → (reply) REACHABLE
 * → (reachable_time) STALE → (used) DELAY → (5 s) PROBE → REACHABLE or FAILED.
 */
export class NeighTable {
  readonly entries = new Map<string, NeighEntry>();

  constructor(private readonly host: NeighHost) {}

  /** `dev/ip`, built once per neighbour (every packet sent looks its next hop up). */
  private key(dev: string, ip: Ipv4): string {
    let m = this.keys.get(dev);
    if (!m) this.keys.set(dev, (m = new Map()));
    let k = m.get(ip | 0); // a small integer key: no boxed number per packet
    if (k === undefined) m.set(ip | 0, (k = `${dev}/${ip}`));
    return k;
  }
  private readonly keys = new Map<string, Map<number, string>>();

  get(dev: string, ip: Ipv4): NeighEntry | undefined {
    return this.entries.get(this.key(dev, ip));
  }

  list(): NeighEntry[] {
    return [...this.entries.values()];
  }

  /** reachable_time: uniformly random in [base/2, 3·base/2) (neigh_rand_reach_time). */
  private reachableTime(): Micros {
    const base = NEIGH_PARMS.baseReachableTime;
    return Math.floor(base / 2 + this.host.random() * base);
  }

  /**
   * The MAC to send to at once, or undefined when the packet must wait for
   * resolution (no entry, INCOMPLETE, FAILED). Using a STALE entry starts
   * the DELAY timer, as neigh_event_send does. The fast path of `output`.
   */
  ready(dev: string, ip: Ipv4): Mac | undefined {
    const e = this.get(dev, ip);
    if (!e || e.state === 'INCOMPLETE' || e.state === 'FAILED') return undefined;
    if (e.state === 'STALE') {
      this.setState(e, 'DELAY');
      e.probes = 0;
      this.arm(e, NEIGH_PARMS.delayFirstProbeTime, () => this.delayExpired(e));
    }
    return e.mac;
  }

  /** Send `send(mac)` now if the neighbour is known, else queue it and start resolving. */
  output(dev: string, ip: Ipv4, send: (mac: Mac) => void, fail: () => void, src = 0): void {
    const mac = this.ready(dev, ip);
    if (mac !== undefined) return send(mac);
    let e = this.get(dev, ip);
    if (e && e.state === 'FAILED') {
      this.delete(e);
      e = undefined;
    }
    if (!e) {
      e = { ip, dev, mac: 0, state: 'INCOMPLETE', updated: this.host.now(), probes: 0, timer: null, queue: [] };
      this.entries.set(this.key(dev, ip), e);
      this.host.changed(e, 'resolving');
      e.queue.push({ send, fail, src });
      this.solicit(e);
      return;
    }
    // INCOMPLETE: wait in the unresolved queue (oldest dropped when full).
    if (e.queue.length >= NEIGH_PARMS.unresQlen) e.queue.shift()!.fail();
    e.queue.push({ send, fail, src });
  }

  private solicit(e: NeighEntry): void {
    e.probes++;
    this.host.solicit(e.dev, e.ip, e.state === 'PROBE' ? e.mac : undefined, e.queue[0]?.src);
    this.arm(e, NEIGH_PARMS.retransTime, () => this.retransmit(e));
  }

  private retransmit(e: NeighEntry): void {
    const max = e.state === 'PROBE' ? NEIGH_PARMS.ucastSolicit : NEIGH_PARMS.mcastSolicit;
    if (e.probes < max) return this.solicit(e);
    // No answer: FAILED, and everything queued is dropped (the sender sees "Destination Host Unreachable").
    this.setState(e, 'FAILED');
    const q = e.queue;
    e.queue = [];
    for (const p of q) p.fail();
  }

  private delayExpired(e: NeighEntry): void {
    if (this.host.now() - e.updated < NEIGH_PARMS.delayFirstProbeTime) {
      this.setState(e, 'REACHABLE');
      this.arm(e, this.reachableTime(), () => this.setState(e, 'STALE'));
      return;
    }
    this.setState(e, 'PROBE');
    e.probes = 0;
    this.solicit(e);
  }

  /**
   * An ARP packet told us `ip` is at `mac`. `solicited` = a reply to our
   * request (→ REACHABLE); otherwise the entry becomes STALE. `create` = the
   * kernel would create a missing entry (a request addressed to us).
   */
  update(dev: string, ip: Ipv4, mac: Mac, opts: { solicited: boolean; create: boolean; override: boolean }): void {
    let e = this.get(dev, ip);
    if (!e) {
      if (!opts.create) return;
      e = { ip, dev, mac, state: 'STALE', updated: this.host.now(), probes: 0, timer: null, queue: [] };
      this.entries.set(this.key(dev, ip), e);
    } else if (e.state === 'PERMANENT') return;
    // Within locktime an unsolicited different MAC does not replace the current one (neigh locktime).
    const changedMac = e.state !== 'INCOMPLETE' && e.state !== 'FAILED' && e.mac !== mac;
    if (changedMac && !opts.override && this.host.now() - e.updated < NEIGH_PARMS.locktime) return;
    const wasIncomplete = e.state === 'INCOMPLETE' || e.state === 'FAILED';
    e.mac = mac;
    e.updated = this.host.now();
    if (opts.solicited) {
      this.setState(e, 'REACHABLE', changedMac ? 'changed' : undefined);
      this.arm(e, this.reachableTime(), () => this.setState(e!, 'STALE'));
    } else {
      this.host.cancel(e.timer);
      e.timer = null;
      this.setState(e, 'STALE', changedMac ? 'changed' : undefined);
    }
    if (wasIncomplete && e.queue.length) {
      const q = e.queue;
      e.queue = [];
      for (const p of q) p.send(mac);
    }
  }

  /** Upper-layer confirmation (TCP progress): keep the entry REACHABLE without probing. */
  confirm(dev: string, ip: Ipv4): void {
    const e = this.get(dev, ip);
    if (!e || e.state === 'PERMANENT' || e.state === 'INCOMPLETE' || e.state === 'FAILED') return;
    e.updated = this.host.now();
    if (e.state !== 'REACHABLE') this.setState(e, 'REACHABLE');
    this.arm(e, this.reachableTime(), () => this.setState(e, 'STALE'));
  }

  addPermanent(dev: string, ip: Ipv4, mac: Mac): void {
    const old = this.get(dev, ip);
    if (old) this.delete(old);
    const e: NeighEntry = { ip, dev, mac, state: 'PERMANENT', updated: this.host.now(), probes: 0, timer: null, queue: [] };
    this.entries.set(this.key(dev, ip), e);
    this.host.changed(e, 'added');
  }

  /**
   * neigh_update with NEIGH_UPDATE_F_ADMIN (`arp -s`, `ip neigh add|replace`,
   * and `arp -d` / `ip neigh del`, which on Linux 3.10 leave the entry FAILED
   * rather than freeing it). A null MAC keeps the known one.
   */
  adminSet(dev: string, ip: Ipv4, mac: Mac | null, state: NudState): NeighEntry {
    let e = this.get(dev, ip);
    if (!e) {
      e = { ip, dev, mac: mac ?? 0, state, updated: this.host.now(), probes: 0, timer: null, queue: [] };
      this.entries.set(this.key(dev, ip), e);
    }
    const entry = e;
    this.host.cancel(entry.timer);
    entry.timer = null;
    if (mac !== null) entry.mac = mac;
    entry.updated = this.host.now();
    entry.state = state;
    this.host.changed(entry, state === 'FAILED' ? 'deleted' : state);
    if (state === 'REACHABLE') this.arm(entry, this.reachableTime(), () => this.setState(entry, 'STALE'));
    const q = entry.queue;
    entry.queue = [];
    if (state === 'FAILED') for (const p of q) p.fail();
    else for (const p of q) p.send(entry.mac);
    return entry;
  }

  delete(e: NeighEntry): void {
    this.host.cancel(e.timer);
    this.entries.delete(this.key(e.dev, e.ip));
    for (const p of e.queue) p.fail();
    this.host.changed(e, 'deleted');
  }

  flushDev(dev: string): void {
    for (const e of [...this.entries.values()]) if (e.dev === dev) this.delete(e);
  }

  private arm(e: NeighEntry, delay: Micros, fn: () => void): void {
    this.host.cancel(e.timer);
    e.timer = this.host.schedule(delay, () => {
      e.timer = null;
      fn();
    });
  }

  private setState(e: NeighEntry, s: NudState, note?: string): void {
    if (e.state === s && !note) return;
    e.state = s;
    this.host.changed(e, note ?? s);
  }
}
