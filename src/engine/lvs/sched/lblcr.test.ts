import { describe, expect, it } from 'vitest';
import { SchedBench, ip } from '../../../test-support/ipvs-sched';
import { lblcrTable } from './lblcr';

const HOUR = 3_600_000_000;
const D1 = ip('10.9.9.1');
const D2 = ip('10.9.9.2');

const setOf = (b: SchedBench, daddr: number) => lblcrTable(b.svc).get(daddr)?.set.list.map((d) => b.nameOf(d));

describe('lblcr (ip_vs_lblcr.c): the same inputs give the kernel choices, connection by connection', () => {
  it('replicates: an "overloaded" member brings in the wlc choice, then the set is used by least connections', () => {
    const b = new SchedBench('lblcr').addAll({ R1: 1, R2: 1 }); // list R2, R1
    // 1: new set {R2}. 2: R2 (1 active, not > 1). 3: R2 2 > 1 while R1 0*2 < 1 → wlc → R1
    // joins at the head: {R1, R2}. 4, 5: R1 is the set's least loaded (ties to the head).
    // 6: R1 has 3, R2 2 → R2.
    expect(b.run(6, 'active', () => ({ daddr: D1 }))).toEqual(['R2', 'R2', 'R1', 'R1', 'R1', 'R2']);
    expect(setOf(b, D1)).toEqual(['R1', 'R2']);
    expect(b.run(1, 'active', () => ({ daddr: D2 }))).toEqual(['R2']);
    expect(setOf(b, D2)).toEqual(['R2']);
  });

  it('a set unchanged for lblcr_expiration (24 h) loses its most loaded member', () => {
    const b = new SchedBench('lblcr').addAll({ R1: 1, R2: 1 });
    b.run(6, 'active', () => ({ daddr: D1 })); // set {R1, R2} modified at t = 0; 3 active each
    b.now = 12 * HOUR; // a lookup keeps the entry in use (lastuse), not modified (lastmod)
    expect(b.one({ daddr: D1 })).toBe('R1');
    b.now = 24 * HOUR; // not strictly after lastmod + 24 h yet
    expect(b.one({ daddr: D1 })).toBe('R1');
    expect(setOf(b, D1)).toEqual(['R1', 'R2']);
    b.now = 24 * HOUR + 1;
    // set_min picked R1 before set_max (R1 on a tie) was erased: R1 is still returned this once.
    expect(b.one({ daddr: D1 })).toBe('R1');
    expect(setOf(b, D1)).toEqual(['R2']);
    expect(b.one({ daddr: D1 })).toBe('R2');
  });

  it('members that are deleted or quiesced are skipped; the wlc choice joins the set', () => {
    const b = new SchedBench('lblcr').addAll({ R1: 1, R2: 1, R3: 1 }); // list R3, R2, R1
    expect(b.one({ daddr: D1 })).toBe('R3');
    b.del('R3');
    expect(b.one({ daddr: D1 })).toBe('R2');
    expect(setOf(b, D1)).toEqual(['R2', 'R3']);
    b.edit('R2', { weight: 0 });
    expect(b.one({ daddr: D1 })).toBe('R1');
    expect(setOf(b, D1)).toEqual(['R1', 'R2', 'R3']);
  });

  it('an OVERLOAD member is skipped inside the set', () => {
    const b = new SchedBench('lblcr').addAll({ R1: 1, R2: 1 });
    b.conns('R2', 2);
    b.conns('R1', 0, 1);
    expect(b.one({ daddr: D1 })).toBe('R1'); // {R1}
    b.conns('R1', 2);
    b.conns('R2', 0);
    expect(b.one({ daddr: D1 })).toBe('R2'); // R1 over weight while R2 is idle → {R2, R1}
    b.overload('R2', true);
    expect(b.one({ daddr: D1 })).toBe('R1');
  });

  it('no eligible server → null', () => {
    const b = new SchedBench('lblcr').addAll({ R1: 0 });
    expect(b.one({ daddr: D1 })).toBe('-');
    expect(setOf(b, D1)).toBeUndefined();
  });

  it('an entry unused for 24 h is dropped at the full check and rebuilt from wlc', () => {
    const b = new SchedBench('lblcr').addAll({ R1: 10, R2: 10 });
    expect(b.one({ daddr: D1 })).toBe('R2');
    b.conns('R2', 5);
    b.now = 24 * HOUR;
    expect(b.one({ daddr: D1 })).toBe('R1');
    expect(setOf(b, D1)).toEqual(['R1']);
  });
});
