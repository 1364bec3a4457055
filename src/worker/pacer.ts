/**
 * The virtual clock against the wall clock.
 *
 * - While frames are on the cables, virtual time crawls so that a hop takes
 *   HOP_WALL_MS of wall time at 1× (a 100 µs cable would otherwise flash by in
 *   0.1 ms): the rate is `speed × min(1000, shortest latency in flight / HOP_WALL_MS)`
 *   virtual µs per wall ms. The page draws each envelope at
 *   `(now − t) / (arrive − t)` along its cable, so the animation *is* the clock.
 * - With nothing on the cables, time runs at `speed` (1000 µs per ms at 1×).
 *   With idle skipping on, a gap before the next scheduled event that would
 *   take longer than IDLE_WALL_MS is crossed in IDLE_WALL_MS: the clock still
 *   passes through every timer at its real time, it just gets there faster.
 * - Work is done in slices (SLICE_MS of CPU or SLICE_EVENTS events), so a storm
 *   or a long jump never freezes the worker; the rest waits for the next tick.
 */
import type { Simulator } from '../engine/sim/simulator';

/** Wall ms a hop takes on screen at 1× (scaled by 1/speed). */
export const HOP_WALL_MS = 500;
/** At most this many wall ms (at ≤ 1×) to cross an idle gap when skipping. */
export const IDLE_WALL_MS = 300;
/** CPU budget of one slice, in wall ms. */
export const SLICE_MS = 8;
export const SLICE_EVENTS = 20_000;

export type SliceResult = 'done' | 'sliced';

class ArrivalHeap {
  private a: Array<{ arrive: number; latency: number }> = [];
  get size(): number {
    return this.a.length;
  }
  peek(): { arrive: number; latency: number } | undefined {
    return this.a[0];
  }
  push(x: { arrive: number; latency: number }): void {
    const a = this.a;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].arrive <= x.arrive) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = x;
  }
  pop(): { arrive: number; latency: number } | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r].arrive < a[l].arrive ? r : l;
        if (a[c].arrive >= last.arrive) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
  clear(): void {
    this.a = [];
  }
}

export class Pacer {
  /** Virtual time in µs; fractional while a frame crawls. Always ≥ sim.now. */
  v = 0;
  speed = 1;
  skipIdle = true;
  /** Virtual µs crossed faster than `speed` since the last `takeSkipped`. */
  private skipped = 0;
  private readonly inFlight = new ArrivalHeap();
  /** Frames in flight per cable latency, for the shortest one. */
  private readonly latencies = new Map<number, number>();
  private glide: { to: number; rate: number } | null = null;
  /**
   * A recorded input waiting for its point, when a rewound session plays its
   * recording forward again: the clock does not pass `t`, no event runs once
   * `at` events have run, and `onPin` gives the input there (and sets the next pin).
   */
  pin: { t: number; at: number } | null = null;
  onPin: () => void = () => {};

  constructor(private readonly sim: Simulator) {}

  /** Give the pinned inputs whose point has been reached (src/engine/replay.ts pins them the same way). */
  private firePins(): void {
    for (let p = this.pin; p && this.sim.executed >= p.at; p = this.pin) {
      const next = this.sim.nextTime();
      // Once `at` events have run, none lies before the pin: wait for the clock to get there.
      // (An event before it means the replay diverged: give the input now rather than never.)
      if (this.v < p.t && (next === undefined || next >= p.t)) return;
      if (this.sim.now < p.t && (next === undefined || next > p.t)) this.sim.runUntil(p.t);
      this.onPin();
      if (this.pin === p) this.pin = null;
    }
  }

  /** Fire due pins; true while one still holds the simulator. */
  private pinned(): boolean {
    this.firePins();
    return this.pin !== null && this.sim.executed >= this.pin.at;
  }

  /** Where the clock must stop for the pin (Infinity when none is pending). */
  private pinLimit(): number {
    return this.pin ? this.pin.t : Infinity;
  }

  /** A frame went on a cable at `t`, reaching the far end at `arrive`. */
  hop(t: number, arrive: number): void {
    const latency = Math.max(1, arrive - t);
    this.inFlight.push({ arrive, latency });
    this.latencies.set(latency, (this.latencies.get(latency) ?? 0) + 1);
  }

  /** Forget frames that have arrived (arrive ≤ v). */
  private prune(): void {
    for (let h = this.inFlight.peek(); h && h.arrive <= this.v; h = this.inFlight.peek()) {
      this.inFlight.pop();
      const n = (this.latencies.get(h.latency) ?? 1) - 1;
      if (n <= 0) this.latencies.delete(h.latency);
      else this.latencies.set(h.latency, n);
    }
  }

  /** Frames on the cables right now. */
  get framesInFlight(): number {
    this.prune();
    return this.inFlight.size;
  }

  /** When the first frame in flight arrives, if any. */
  earliestArrival(): number | undefined {
    this.prune();
    return this.inFlight.peek()?.arrive;
  }

  /** Virtual µs per wall ms at this moment. */
  rate(): number {
    this.prune();
    const honest = this.speed * 1000;
    if (this.inFlight.size > 0) {
      let min = Infinity;
      for (const l of this.latencies.keys()) if (l < min) min = l;
      return this.speed * Math.min(1000, min / HOP_WALL_MS);
    }
    const next = this.sim.nextTime();
    if (!this.skipIdle || next === undefined || next <= this.v) {
      this.glide = null;
      return honest;
    }
    if (this.glide && this.glide.to === next) return this.glide.rate;
    const idleWall = IDLE_WALL_MS / Math.max(1, this.speed);
    const rate = Math.max(honest, (next - this.v) / idleWall);
    this.glide = { to: next, rate };
    return rate;
  }

  /** The page may extrapolate the clock up to here: the next event or arrival. */
  horizon(): number {
    const next = this.sim.nextTime() ?? Infinity;
    const arr = this.earliestArrival() ?? Infinity;
    const h = Math.min(next, arr);
    return Number.isFinite(h) ? h : this.v + 3_600_000_000;
  }

  takeSkipped(): number {
    const s = this.skipped;
    this.skipped = 0;
    return s;
  }

  /** Run every event due at or before v, within the slice. */
  private runDue(slice: Slice): SliceResult {
    for (;;) {
      if (this.pinned()) return 'done';
      const next = this.sim.nextTime();
      if (next === undefined || next > this.v) return 'done';
      if (slice.spent()) return 'sliced';
      this.sim.step();
      slice.events++;
    }
  }

  /** Move the integer simulator clock up to v (only when no event is due before it). */
  private syncSim(): void {
    const t = Math.floor(this.v);
    const next = this.sim.nextTime();
    if (t > this.sim.now && (next === undefined || next > t)) this.sim.runUntil(t);
  }

  /**
   * Spend `wallMs` of wall time at the current pace, running events as the
   * clock passes them; stop early at `stopAt` (virtual µs) or when the slice is used up.
   */
  advance(wallMs: number, slice: Slice, stopAt?: number): SliceResult {
    let wall = wallMs;
    for (;;) {
      if (this.runDue(slice) === 'sliced') return 'sliced';
      if (wall <= 1e-9 || (stopAt !== undefined && this.v >= stopAt)) return 'done';
      const r = this.rate();
      if (!(r > 0)) return 'done';
      const honest = this.speed * 1000;
      const next = this.sim.nextTime() ?? Infinity;
      const bp = Math.min(next, this.earliestArrival() ?? Infinity, stopAt ?? Infinity, this.pinLimit() > this.v ? this.pinLimit() : Infinity);
      const target = this.v + r * wall;
      const from = this.v;
      let spent: number;
      if (bp <= target) {
        spent = (bp - this.v) / r;
        this.v = bp;
      } else {
        spent = wall;
        this.v = target;
      }
      wall -= spent;
      if (r > honest) this.skipped += this.v - from - spent * honest;
      this.syncSim();
    }
  }

  /** Run straight to `to` (virtual µs), as fast as the slice allows (test hook, seeking). */
  jump(to: number, slice: Slice): SliceResult {
    for (;;) {
      if (this.runDue(slice) === 'sliced') return 'sliced';
      if (this.v >= to) return 'done';
      const next = this.sim.nextTime();
      const from = this.v;
      const limit = this.pinLimit() > this.v ? Math.min(to, this.pinLimit()) : to;
      this.v = next !== undefined && next < limit ? next : limit;
      this.skipped += this.v - from;
      this.syncSim();
    }
  }

  /**
   * Run events immediately until one puts a frame on a cable (`hops()` grows).
   * 'found' leaves v at that moment; 'empty' when nothing is scheduled.
   */
  seekHop(hops: () => number, slice: Slice): SliceResult | 'found' | 'empty' {
    const start = hops();
    for (;;) {
      if (hops() > start) return 'found';
      if (this.pin && this.sim.executed >= this.pin.at && this.pin.t > this.v) this.v = this.pin.t;
      if (this.pinned()) continue;
      const next = this.sim.nextTime();
      if (next === undefined) return 'empty';
      if (slice.spent()) return 'sliced';
      if (next > this.v) {
        this.skipped += next - this.v;
        this.v = next;
      }
      this.sim.step();
      slice.events++;
    }
  }

  /** Forget frames in flight (a rebuilt world). */
  reset(v = 0): void {
    this.v = v;
    this.inFlight.clear();
    this.latencies.clear();
    this.glide = null;
    this.skipped = 0;
  }
}

/** A budget of CPU time and events for one slice of work. */
export class Slice {
  events = 0;
  private readonly deadline: number;

  constructor(
    private readonly wallNow: () => number,
    ms = SLICE_MS,
    private readonly maxEvents = SLICE_EVENTS,
  ) {
    this.deadline = wallNow() + ms;
  }

  spent(): boolean {
    if (this.events >= this.maxEvents) return true;
    return (this.events & 63) === 0 && this.events > 0 && this.wallNow() > this.deadline;
  }
}
