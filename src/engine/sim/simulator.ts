import { EventQueue, type QueuedEvent } from './event-queue';
import type { Micros } from './time';

/** What `schedule` returns: pass it to `cancel`. */
export type EventHandle = QueuedEvent;

/**
 * A discrete-event simulator. An instance, never a singleton: many worlds may
 * run side by side in one process. Time only moves forward; `step` asserts it.
 */
export class Simulator {
  private _now: Micros = 0;
  private seq = 0;
  private live = 0;
  private readonly queue = new EventQueue();
  /** Events executed since creation (for benchmarks and storm detection). */
  executed = 0;

  get now(): Micros {
    return this._now;
  }

  /** Run `fn` after `delay` µs (0 = later in this instant, after what is already queued for now). */
  schedule(delay: Micros, fn: () => void): EventHandle {
    if (!(delay >= 0) || !Number.isInteger(delay)) {
      throw new RangeError(`schedule: delay must be a non-negative integer number of µs, got ${delay}`);
    }
    return this.enqueue(this._now + delay, fn);
  }

  /** Run `fn` at absolute time `time` (≥ now). */
  at(time: Micros, fn: () => void): EventHandle {
    if (!(time >= this._now) || !Number.isInteger(time)) {
      throw new RangeError(`at: time ${time} is before now (${this._now}) or not an integer`);
    }
    return this.enqueue(time, fn);
  }

  private enqueue(time: Micros, fn: () => void): EventHandle {
    const ev: QueuedEvent = { time, seq: this.seq++, fn, cancelled: false };
    this.queue.push(ev);
    this.live++;
    return ev;
  }

  cancel(handle: EventHandle | undefined | null): void {
    if (handle && !handle.cancelled) {
      handle.cancelled = true;
      this.live--;
    }
  }

  /** Number of scheduled, not yet run, not cancelled events. */
  get pending(): number {
    return this.live;
  }

  /** Time of the next live event, or undefined when nothing is scheduled. */
  nextTime(): Micros | undefined {
    this.dropCancelledHead();
    return this.queue.peek()?.time;
  }

  /** Run exactly one event. Returns false when the queue is empty. */
  step(): boolean {
    const q = this.queue;
    for (;;) {
      const ev = q.pop();
      if (ev === undefined) return false;
      if (ev.cancelled) continue; // cancelled events stay in the heap until they surface
      this.exec(ev);
      return true;
    }
  }

  /** Run every event with time ≤ `t`, then set the clock to `t`. */
  runUntil(t: Micros): void {
    if (t < this._now) throw new RangeError(`runUntil(${t}) is before now (${this._now})`);
    const q = this.queue;
    for (;;) {
      const head = q.peek();
      if (head === undefined || head.time > t) break;
      q.pop();
      if (!head.cancelled) this.exec(head);
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

  private dropCancelledHead(): void {
    const q = this.queue;
    let head = q.peek();
    while (head !== undefined && head.cancelled) {
      q.pop();
      head = q.peek();
    }
  }
}
