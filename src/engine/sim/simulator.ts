import { EventQueue, type QueuedEvent } from './event-queue';
import { Lane } from './lane';
import type { Micros } from './time';

/** What `schedule` returns: pass it to `cancel`. */
export type EventHandle = QueuedEvent;

/** Lanes beyond this many would cost more to look at than the heap work they save. */
const MAX_LANES = 8;

/** (time, seq) order: the one total order every event runs in. */
const before = (a: QueuedEvent, b: QueuedEvent): boolean => a.time < b.time || (a.time === b.time && a.seq < b.seq);

/**
 * A discrete-event simulator. An instance, never a singleton: many worlds may
 * run side by side in one process. Time only moves forward; `step` asserts it.
 *
 * Events wait in a binary heap, except those queued at a fixed delay (zero,
 * or a cable's latency) which wait in FIFO lanes; the next event is the
 * earliest of the heap's head and the lanes' heads, so the order is exactly
 * the heap-only order.
 */
export class Simulator {
  private _now: Micros = 0;
  private seq = 0;
  private live = 0;
  private readonly queue = new EventQueue();
  private readonly lanes: Lane[] = [];
  private readonly laneByDelay = new Map<Micros, Lane>();
  private readonly zero: Lane;
  private lastLane: Lane;
  /** Events executed since creation (for benchmarks and storm detection). */
  executed = 0;

  constructor() {
    this.lastLane = this.zero = new Lane(0);
    this.laneByDelay.set(0, this.zero);
    this.lanes.push(this.zero);
  }

  get now(): Micros {
    return this._now;
  }

  /** Run `fn` after `delay` µs (0 = later in this instant, after what is already queued for now). */
  schedule(delay: Micros, fn: () => void): EventHandle {
    if (!(delay >= 0) || !Number.isInteger(delay)) {
      throw new RangeError(`schedule: delay must be a non-negative integer number of µs, got ${delay}`);
    }
    const ev: QueuedEvent = { time: this._now + delay, seq: this.seq++, fn, cancelled: false };
    if (delay === 0) this.zero.push(ev);
    else this.queue.push(ev);
    this.live++;
    return ev;
  }

  /** Run `fn` at absolute time `time` (≥ now). */
  at(time: Micros, fn: () => void): EventHandle {
    if (!(time >= this._now) || !Number.isInteger(time)) {
      throw new RangeError(`at: time ${time} is before now (${this._now}) or not an integer`);
    }
    const ev: QueuedEvent = { time, seq: this.seq++, fn, cancelled: false };
    this.queue.push(ev);
    this.live++;
    return ev;
  }

  /**
   * Queue an event object the caller built (a class whose `fn` method runs
   * it) to run `delay` µs from now. Hot paths — a frame arriving on a cable —
   * use this to make one object per event instead of a closure plus an
   * event; events posted with the same delay share a FIFO lane.
   */
  post<E extends QueuedEvent>(delay: Micros, ev: E): E {
    if (!(delay >= 0) || !Number.isInteger(delay)) {
      throw new RangeError(`post: delay must be a non-negative integer number of µs, got ${delay}`);
    }
    ev.time = this._now + delay;
    ev.seq = this.seq++;
    ev.cancelled = false;
    const lane = this.lane(delay);
    if (lane) lane.push(ev);
    else this.queue.push(ev);
    this.live++;
    return ev;
  }

  /** The lane for `delay`; none once MAX_LANES exist (every step looks at every lane's head). */
  private lane(delay: Micros): Lane | undefined {
    if (this.lastLane.delay === delay) return this.lastLane; // a lab's cables mostly share one latency
    let l = this.laneByDelay.get(delay);
    if (!l) {
      if (this.lanes.length >= MAX_LANES) return undefined;
      l = new Lane(delay);
      this.laneByDelay.set(delay, l);
      this.lanes.push(l);
    }
    this.lastLane = l;
    return l;
  }

  cancel(handle: EventHandle | undefined | null): void {
    if (handle && !handle.cancelled) {
      handle.cancelled = true;
      this.live--;
      // Cancelled events wait in the queue until they surface. Timeouts that
      // are almost always cancelled (a server's 60 s read timeout) would
      // otherwise fill it: past half dead, sweep them out.
      const dead = this.queued() - this.live;
      if (dead > 4096 && dead > this.live) this.removeCancelled();
    }
  }

  private queued(): number {
    let n = this.queue.size;
    for (const l of this.lanes) n += l.size;
    return n;
  }

  private removeCancelled(): void {
    this.queue.removeCancelled();
    for (const l of this.lanes) l.removeCancelled();
  }

  /** Number of scheduled, not yet run, not cancelled events. */
  get pending(): number {
    return this.live;
  }

  /** Where the earliest queued event waits: a lane's index, the heap (-1), or nowhere (-2). */
  private earliest(): number {
    let best = this.queue.peek();
    let where = best === undefined ? -2 : -1;
    const lanes = this.lanes;
    for (let i = 0; i < lanes.length; i++) {
      const e = lanes[i].peek();
      if (e !== undefined && (best === undefined || before(e, best))) {
        best = e;
        where = i;
      }
    }
    return where;
  }

  private peekAt(where: number): QueuedEvent {
    return where === -1 ? this.queue.peek()! : this.lanes[where].peek()!;
  }

  private takeAt(where: number): QueuedEvent {
    return where === -1 ? this.queue.pop()! : this.lanes[where].shift()!;
  }

  /** Time of the next live event, or undefined when nothing is scheduled. */
  nextTime(): Micros | undefined {
    for (;;) {
      const where = this.earliest();
      if (where === -2) return undefined;
      const ev = this.peekAt(where);
      if (!ev.cancelled) return ev.time;
      this.takeAt(where);
    }
  }

  /** Run exactly one event. Returns false when the queue is empty. */
  step(): boolean {
    for (;;) {
      const where = this.earliest();
      if (where === -2) return false;
      const ev = this.takeAt(where);
      if (ev.cancelled) continue; // cancelled events stay queued until they surface
      this.exec(ev);
      return true;
    }
  }

  /** Run every event with time ≤ `t`, then set the clock to `t`. */
  runUntil(t: Micros): void {
    if (t < this._now) throw new RangeError(`runUntil(${t}) is before now (${this._now})`);
    for (;;) {
      const where = this.earliest();
      if (where === -2 || this.peekAt(where).time > t) break;
      const ev = this.takeAt(where);
      if (!ev.cancelled) this.exec(ev);
    }
    this._now = t;
  }

  private exec(ev: QueuedEvent): void {
    if (ev.time < this._now) throw new Error(`time went backwards: ${ev.time} < ${this._now}`);
    this._now = ev.time;
    this.live--;
    ev.cancelled = true; // a handle kept by the caller must not be cancelled twice
    this.executed++;
    ev.fn();
  }
}
