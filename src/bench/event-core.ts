import { Prng } from '../engine/sim/prng';
import { Simulator } from '../engine/sim/simulator';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const now = (): number => performance.now();

/**
 * The event core under a steady load: `pending` timers outstanding, each
 * event scheduling its successor a random delay ahead (like retransmission
 * and protocol timers do), `total` events processed.
 */
export function benchSimulator(total: number, pending = 1024, seed = 1): { eventsPerSec: number; ms: number } {
  const sim = new Simulator();
  const rng = new Prng(seed);
  const delays = new Int32Array(4096);
  for (let i = 0; i < delays.length; i++) delays[i] = 1 + (rng.u32() % 1000);
  let k = 0;
  let left = total;
  const tick = (): void => {
    if (--left > 0) sim.schedule(delays[k++ & 4095], tick);
  };
  for (let i = 0; i < pending; i++) sim.schedule(delays[k++ & 4095], tick);
  const t0 = now();
  while (sim.step());
  const ms = now() - t0;
  return { eventsPerSec: (sim.executed / ms) * 1000, ms };
}

/** The same heap work with nothing around it: an inline binary heap of (time, seq, fn) records. */
export function benchBareHeap(total: number, pending = 1024, seed = 1): { eventsPerSec: number; ms: number } {
  type Ev = { time: number; seq: number; fn: () => void };
  const heap: Ev[] = [];
  const less = (a: Ev, b: Ev) => a.time < b.time || (a.time === b.time && a.seq < b.seq);
  const push = (e: Ev) => {
    let i = heap.length;
    heap.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(e, heap[p])) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = e;
  };
  const pop = (): Ev | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && less(heap[l + 1], heap[l]) ? l + 1 : l;
        if (!less(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  const rng = new Prng(seed);
  const delays = new Int32Array(4096);
  for (let i = 0; i < delays.length; i++) delays[i] = 1 + (rng.u32() % 1000);
  let k = 0;
  let seq = 0;
  let clock = 0;
  let left = total;
  let done = 0;
  const tick = (): void => {
    if (--left > 0) push({ time: clock + delays[k++ & 4095], seq: seq++, fn: tick });
  };
  for (let i = 0; i < pending; i++) push({ time: delays[k++ & 4095], seq: seq++, fn: tick });
  const t0 = now();
  for (let e = pop(); e; e = pop()) {
    clock = e.time;
    done++;
    e.fn();
  }
  const ms = now() - t0;
  return { eventsPerSec: (done / ms) * 1000, ms };
}
