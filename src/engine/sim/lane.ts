import type { QueuedEvent } from './event-queue';

/**
 * A FIFO of events that all share one delay from the moment they were
 * queued. Time only moves forward, so such events come out in (time, seq)
 * order just by arriving in order: no heap work. The simulator keeps one for
 * "later in this instant" (delay 0) and one per link latency (frames in
 * flight), which between them carry most events.
 */
export class Lane {
  /** A ring buffer: `mask + 1` slots (a power of two), `size` events from `head`. */
  private ring: (QueuedEvent | undefined)[] = new Array(16).fill(undefined);
  private mask = 15;
  private head = 0;
  size = 0;

  constructor(readonly delay: number) {}

  peek(): QueuedEvent | undefined {
    return this.size === 0 ? undefined : this.ring[this.head];
  }

  push(ev: QueuedEvent): void {
    if (this.size > this.mask) this.grow();
    this.ring[(this.head + this.size) & this.mask] = ev;
    this.size++;
  }

  shift(): QueuedEvent | undefined {
    if (this.size === 0) return undefined;
    const ev = this.ring[this.head];
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return ev;
  }

  removeCancelled(): void {
    const live = this.drain().filter((e) => !e.cancelled);
    for (const e of live) this.push(e);
  }

  private drain(): QueuedEvent[] {
    const out: QueuedEvent[] = [];
    while (this.size > 0) out.push(this.shift()!);
    this.head = 0;
    return out;
  }

  private grow(): void {
    const old = this.drain();
    this.ring = new Array((this.mask + 1) * 2).fill(undefined);
    this.mask = this.ring.length - 1;
    for (const e of old) this.push(e);
  }
}
