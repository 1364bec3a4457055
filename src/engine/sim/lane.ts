import type { QueuedEvent } from './event-queue';

/**
 * A FIFO of events that all share one delay from the moment they were
 * queued. Time only moves forward, so such events come out in (time, seq)
 * order just by arriving in order: no heap work. The simulator keeps one for
 * "later in this instant" (delay 0) and one per link latency (frames in
 * flight), which between them carry most events.
 */
export class Lane {
  private items: (QueuedEvent | undefined)[] = [];
  private head = 0;

  constructor(readonly delay: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): QueuedEvent | undefined {
    return this.items[this.head];
  }

  push(ev: QueuedEvent): void {
    this.items.push(ev);
  }

  shift(): QueuedEvent | undefined {
    const items = this.items;
    const ev = items[this.head];
    if (ev === undefined) return undefined;
    items[this.head++] = undefined;
    if (this.head === items.length) {
      items.length = 0;
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > items.length) {
      this.items = items.slice(this.head);
      this.head = 0;
    }
    return ev;
  }

  removeCancelled(): void {
    this.items = this.items.slice(this.head).filter((e) => !e!.cancelled);
    this.head = 0;
  }

  clear(): void {
    this.items.length = 0;
    this.head = 0;
  }
}
