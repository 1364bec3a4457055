import { describe, expect, it } from 'vitest';
import { Simulator } from './simulator';
import { Prng } from './prng';

describe('Simulator', () => {
  it('runs events in time order, and same-time events in scheduling order', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.schedule(20, () => seen.push('c@20'));
    sim.schedule(10, () => seen.push('a@10'));
    sim.schedule(10, () => seen.push('b@10'));
    sim.schedule(0, () => {
      seen.push('now');
      sim.schedule(0, () => seen.push('now-later'));
    });
    while (sim.step());
    expect(seen).toEqual(['now', 'now-later', 'a@10', 'b@10', 'c@20']);
    expect(sim.now).toBe(20);
  });

  it('skips cancelled events and counts only live ones as pending', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const h = sim.schedule(5, () => seen.push(5));
    sim.schedule(6, () => seen.push(6));
    expect(sim.pending).toBe(2);
    sim.cancel(h);
    sim.cancel(h);
    expect(sim.pending).toBe(1);
    expect(sim.nextTime()).toBe(6);
    sim.runUntil(100);
    expect(seen).toEqual([6]);
    expect(sim.now).toBe(100);
  });

  it('runUntil stops at the bound and leaves later events queued', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [1, 2, 3, 10]) sim.schedule(t, () => seen.push(t));
    sim.runUntil(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(sim.now).toBe(3);
    expect(sim.pending).toBe(1);
  });

  it('refuses to move time backwards or take fractional times', () => {
    const sim = new Simulator();
    sim.runUntil(50);
    expect(() => sim.at(10, () => {})).toThrow(/before now/);
    expect(() => sim.runUntil(10)).toThrow(/before now/);
    expect(() => sim.schedule(1.5, () => {})).toThrow(/integer/);
    expect(() => sim.schedule(-1, () => {})).toThrow();
  });

  it('keeps order across many random schedules (heap property)', () => {
    const sim = new Simulator();
    const rng = new Prng(7);
    const times: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = rng.int(0, 1000);
      sim.schedule(t, () => times.push(sim.now));
    }
    while (sim.step());
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
  });

  it('sweeps out cancelled events without changing the order of the live ones', () => {
    // The same random schedule/cancel script on two simulators: one with few
    // cancellations (no sweep), one cancelling most timeouts (sweeps run).
    const script = (cancelMost: boolean) => {
      const sim = new Simulator();
      const rng = new Prng(11);
      const seen: string[] = [];
      const handles: ReturnType<Simulator['schedule']>[] = [];
      for (let i = 0; i < 40_000; i++) {
        const t = rng.int(0, 100_000);
        const keep = rng.int(0, 9) === 0;
        const fn = () => seen.push(`${i}@${sim.now}`);
        // A third ride a lane (a fixed delay, as frames on a cable do): lanes are swept too.
        const h = i % 3 === 0 ? sim.post(100, { time: 0, seq: 0, cancelled: false, fn }) : sim.schedule(t, fn);
        if (keep) continue;
        handles.push(h);
      }
      if (cancelMost) for (const h of handles) sim.cancel(h);
      const internals = sim as unknown as { queue: { size: number }; lanes: { size: number }[] };
      const peak = internals.queue.size + internals.lanes.reduce((n, l) => n + l.size, 0);
      while (sim.step());
      return { seen, peak, pending: sim.pending };
    };
    const swept = script(true);
    expect(swept.peak).toBeLessThan(20_000); // ~4,000 live left out of 40,000: most were swept away
    expect(swept.pending).toBe(0);
    const kept = script(false).seen;
    const survivors = new Set(swept.seen);
    expect(swept.seen.length).toBeGreaterThan(3000);
    expect(kept.filter((x) => survivors.has(x))).toEqual(swept.seen); // same relative order
  });

  it('runs caller-built event objects (post) in (time, seq) order with closures', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    class Mark {
      time = 0;
      seq = 0;
      cancelled = false;
      constructor(readonly name: string) {}
      fn(): void {
        seen.push(this.name);
      }
    }
    sim.schedule(5, () => seen.push('closure@5'));
    sim.post(5, new Mark('post@5'));
    const h = sim.post(3, new Mark('cancelled@3'));
    sim.post(1, new Mark('post@1'));
    sim.post(0, new Mark('post@0'));
    sim.schedule(0, () => seen.push('closure@0'));
    sim.at(1, () => seen.push('at@1'));
    sim.cancel(h);
    expect(sim.nextTime()).toBe(0);
    while (sim.step());
    expect(seen).toEqual(['post@0', 'closure@0', 'post@1', 'at@1', 'closure@5', 'post@5']);
    expect(() => sim.post(-1, new Mark('past'))).toThrow(/non-negative/);
  });

  it('keeps the order with more distinct delays than lanes (the rest go to the heap)', () => {
    const run = (post: boolean) => {
      const sim = new Simulator();
      const seen: number[] = [];
      for (let i = 0; i < 400; i++) {
        const d = 1 + ((i * 7) % 20); // 20 distinct delays
        const fn = () => seen.push(i);
        if (post) sim.post(d, { time: 0, seq: 0, cancelled: false, fn });
        else sim.at(d, fn);
      }
      while (sim.step());
      return seen;
    };
    expect(run(true)).toEqual(run(false));
  });

  it('orders lanes and heap exactly as one heap would (random delays, some shared)', () => {
    const run = (useLanes: boolean) => {
      const sim = new Simulator();
      const rng = new Prng(5);
      const seen: number[] = [];
      let id = 0;
      const spawn = (depth: number) => {
        const n = id++;
        const d = [0, 100, 100, 250, rng.int(1, 400)][rng.int(0, 4)];
        const fn = () => {
          seen.push(n * 1e6 + sim.now);
          if (depth < 6) for (let k = rng.int(0, 2); k > 0; k--) spawn(depth + 1);
        };
        if (useLanes && d !== 0) sim.post(d, { time: 0, seq: 0, cancelled: false, fn });
        else if (useLanes) sim.schedule(0, fn);
        else sim.at(sim.now + d, fn);
      };
      for (let i = 0; i < 200; i++) spawn(0);
      while (sim.step());
      return seen;
    };
    const withLanes = run(true);
    expect(withLanes.length).toBeGreaterThan(400);
    expect(withLanes).toEqual(run(false));
  });

  it('two simulators are independent instances', () => {
    const a = new Simulator();
    const b = new Simulator();
    a.schedule(10, () => {});
    a.runUntil(10);
    expect(b.now).toBe(0);
    expect(b.pending).toBe(0);
  });
});

describe('Prng', () => {
  it('is a pure function of its seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const xs = Array.from({ length: 8 }, () => a.u32());
    expect(Array.from({ length: 8 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.u32())).not.toEqual(xs);
  });

  it('int() stays within bounds and float() in [0,1)', () => {
    const r = new Prng(1);
    for (let i = 0; i < 10000; i++) {
      const n = r.int(32768, 60999);
      expect(n).toBeGreaterThanOrEqual(32768);
      expect(n).toBeLessThanOrEqual(60999);
      const f = r.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
  });
});
