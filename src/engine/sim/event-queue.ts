/**
 * A binary min-heap of events keyed by (time, seq). `seq` is a global counter
 * handed out at scheduling, so events at the same time run in the order they
 * were scheduled (ns-3's (timestamp, uid) rule).
 */
export interface QueuedEvent {
  time: number;
  seq: number;
  fn: () => void;
  /** Cancelled events stay in the heap and are skipped when popped. */
  cancelled: boolean;
}

const before = (a: QueuedEvent, b: QueuedEvent): boolean =>
  a.time < b.time || (a.time === b.time && a.seq < b.seq);

export class EventQueue {
  private heap: QueuedEvent[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): QueuedEvent | undefined {
    return this.heap[0];
  }

  push(ev: QueuedEvent): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(ev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!before(ev, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = ev;
  }

  pop(): QueuedEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(heap[r], heap[l]) ? r : l;
        if (!before(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }

  clear(): void {
    this.heap.length = 0;
  }
}
