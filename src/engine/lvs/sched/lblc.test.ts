import { describe, expect, it } from 'vitest';
import { SchedBench, ip } from '../../../test-support/ipvs-sched';
import { lblcEntry, lblcTable } from './lblc';

const MIN = 60_000_000;
const HOUR = 60 * MIN;
const D1 = ip('10.9.9.1');
const D2 = ip('10.9.9.2');

describe('lblc (ip_vs_lblc.c): the same inputs give the kernel choices, connection by connection', () => {
  it('sticks to the cached server until it is over its weight while another is under half of its own', () => {
    const b = new SchedBench('lblc').addAll({ R1: 1, R2: 1 }); // list R2, R1
    // 1: wlc → R2 (cached). 2: R2 has 1 active, not > 1. 3: R2 has 2 > 1 and R1 has 0*2 < 1 →
    // "overloaded": wlc → R1 (rebound). 4, 5: R1 over its weight but nobody is under half → kept.
    expect(b.run(5, 'active', () => ({ daddr: D1 }))).toEqual(['R2', 'R2', 'R1', 'R1', 'R1']);
    expect(b.nameOf(lblcEntry(b.svc, D1)!.dest)).toBe('R1');
    // another destination address gets its own entry, by wlc (R2: 2 active < R1: 3)
    expect(b.run(2, 'active', () => ({ daddr: D2 }))).toEqual(['R2', 'R2']);
  });

  it('the key is the destination address: the client does not matter', () => {
    const b = new SchedBench('lblc').addAll({ R1: 1, R2: 1 });
    expect(b.one({ daddr: D1, saddr: ip('1.1.1.1') })).toBe('R2');
    b.conns('R2', 0, 100);
    expect(b.one({ daddr: D1, saddr: ip('2.2.2.2') })).toBe('R2');
    expect(b.one({ daddr: D2, saddr: ip('1.1.1.1') })).toBe('R1');
  });

  it('a deleted (not AVAILABLE) or quiesced cached server is replaced and the entry rebound', () => {
    const b = new SchedBench('lblc').addAll({ R1: 1, R2: 1, R3: 1 }); // list R3, R2, R1
    expect(b.one({ daddr: D1 })).toBe('R3');
    b.del('R3');
    expect(b.one({ daddr: D1 })).toBe('R2');
    b.edit('R2', { weight: 0 });
    expect(b.one({ daddr: D1 })).toBe('R1');
    b.edit('R2', { weight: 1 });
    expect(b.one({ daddr: D1 })).toBe('R1');
  });

  it('the OVERLOAD flag does not invalidate a cache entry (only wlc skips it)', () => {
    const b = new SchedBench('lblc').addAll({ R1: 1, R2: 1 });
    expect(b.one({ daddr: D1 })).toBe('R2');
    b.overload('R2', true);
    expect(b.one({ daddr: D1 })).toBe('R2');
    expect(b.one({ daddr: D2 })).toBe('R1');
  });

  it('no eligible server → null, and no entry is created', () => {
    const b = new SchedBench('lblc').addAll({ R1: 0 });
    expect(b.one({ daddr: D1 })).toBe('-');
    expect(lblcEntry(b.svc, D1)).toBeUndefined();
  });

  it('an entry unused for 24 h goes at the full check (timer every 60 s, every 30th run)', () => {
    const setup = () => {
      const b = new SchedBench('lblc').addAll({ R1: 10, R2: 10 });
      expect(b.one({ daddr: D1 })).toBe('R2'); // t = 0: timer armed, first run at 60 s
      b.conns('R2', 5); // not overloaded (5 ≤ 10), but wlc would now pick R1
      return b;
    };
    const kept = setup();
    kept.now = 24 * HOUR - 1; // last full check at 23:30 keeps it
    expect(kept.one({ daddr: D1 })).toBe('R2');
    const gone = setup();
    gone.now = 24 * HOUR; // run 1440 is a full check: now >= lastuse + 24 h
    expect(gone.one({ daddr: D1 })).toBe('R1');
  });

  it('lookups keep an entry alive; lblc_expiration is settable', () => {
    const b = new SchedBench('lblc').addAll({ R1: 1, R2: 1 });
    lblcTable(b.svc).expiration = 10 * MIN;
    b.one({ daddr: D1 });
    b.now = 30 * MIN - 1;
    b.one({ daddr: D2 });
    expect(lblcEntry(b.svc, D1)).toBeDefined();
    b.now = 30 * MIN; // first full check
    b.one({ daddr: D2 });
    expect(lblcEntry(b.svc, D1)).toBeUndefined();
    expect(lblcEntry(b.svc, D2)).toBeDefined(); // used 1 µs ago
  });

  it('over 16384 entries, entries idle for 6 min are collected until the goal (4/3 of the excess) is met', () => {
    const b = new SchedBench('lblc').addAll({ R1: 1 });
    for (let i = 0; i < 17_000; i++) b.one({ daddr: (ip('10.100.0.0') + i) >>> 0 });
    const t = lblcTable(b.svc);
    expect(t.map.size).toBe(17_000);
    b.now = 5 * MIN; // runs at 1..5 min: nothing idle for 6 min yet
    b.one({ daddr: ip('10.100.0.0') });
    expect(t.map.size).toBe(17_000);
    b.now = 6 * MIN; // goal = (17000 − 16384) · 4 / 3 = 821, whole buckets of 16–17 entries
    b.one({ daddr: ip('10.100.0.0') });
    const removed = 17_000 - t.map.size;
    expect(removed).toBeGreaterThanOrEqual(821);
    expect(removed).toBeLessThanOrEqual(821 + 16);
    expect(lblcEntry(b.svc, ip('10.100.0.0'))).toBeDefined(); // used at 5 min
    b.now = 7 * MIN; // under the maximum now: this run only counts
    b.one({ daddr: ip('10.100.0.0') });
    expect(17_000 - t.map.size).toBe(removed);
  });
});
