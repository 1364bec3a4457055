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
    const t = ev.time;
    const seq = ev.seq;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (p.time < t || (p.time === t && p.seq < seq)) break;
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
    if (heap.length > 0) this.siftDown(last, 0);
    return top;
  }

  /** Drop every cancelled event and rebuild the heap (Floyd's heapify): O(n), order unchanged. */
  removeCancelled(): void {
    const heap = this.heap.filter((e) => !e.cancelled);
    this.heap = heap;
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.siftDown(heap[i], i);
  }

  /** Put `ev` at index `i` and move it down until both children come after it. */
  private siftDown(ev: QueuedEvent, i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const t = ev.time;
    const seq = ev.seq;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let ce = heap[l];
      if (r < n) {
        const re = heap[r];
        if (re.time < ce.time || (re.time === ce.time && re.seq < ce.seq)) {
          c = r;
          ce = re;
        }
      }
      if (t < ce.time || (t === ce.time && seq < ce.seq)) break;
      heap[i] = ce;
      i = c;
    }
    heap[i] = ev;
  }

  clear(): void {
    this.heap.length = 0;
  }
}
