import { describe, expect, it } from 'vitest';
import { SchedBench } from '../../../test-support/ipvs-sched';

describe('wlc (ip_vs_wlc.c): the same inputs give the kernel choices, connection by connection', () => {
  it('weights 3:2:1 (list R3, R2, R1), every connection staying active', () => {
    const b = new SchedBench('wlc').addAll({ R1: 1, R2: 2, R3: 3 });
    expect(b.order()).toEqual(['R3', 'R2', 'R1']);
    expect(b.run(10, 'active')).toEqual(['R3', 'R2', 'R1', 'R3', 'R2', 'R3', 'R3', 'R2', 'R1', 'R3']);
    expect(b.svc.dests.map((d) => d.activeconns)).toEqual([5, 3, 2]);
  });

  it('with every server idle it picks the first in list order (the newest), not the heaviest (§7)', () => {
    const b = new SchedBench('wlc').addAll({ R3: 3, R2: 2, R1: 1 }); // list R1(1), R2(2), R3(3)
    expect(b.run(1)).toEqual(['R1']);
  });

  it('equal load ratios stay with the earlier dest (strict >)', () => {
    const b = new SchedBench('wlc').addAll({ R1: 1, R2: 2 }); // list R2(2), R1(1)
    b.conns('R2', 2);
    b.conns('R1', 1);
    expect(b.run(1)).toEqual(['R2']); // 512/2 = 256/1
    b.conns('R2', 3);
    expect(b.run(1)).toEqual(['R1']);
  });

  it('inactive connections count 1/256 of an active one', () => {
    const b = new SchedBench('wlc').addAll({ R1: 1, R2: 1 }); // list R2, R1
    b.conns('R2', 0, 10);
    b.conns('R1', 0, 5);
    expect(b.run(1)).toEqual(['R1']);
    b.conns('R1', 1, 0);
    expect(b.run(1)).toEqual(['R2']);
  });

  it('UDP (all inactive) spreads by weight as well', () => {
    const b = new SchedBench('wlc').addAll({ R1: 1, R2: 2 }); // list R2(2), R1(1)
    expect(b.run(6, 'inactive')).toEqual(['R2', 'R1', 'R2', 'R2', 'R1', 'R2']);
  });

  it('a weight-0 dest never wins, even idle and first in the list', () => {
    const b = new SchedBench('wlc').addAll({ R1: 1, R2: 1, R3: 0 }); // list R3(0), R2, R1
    expect(b.run(4, 'active')).toEqual(['R2', 'R1', 'R2', 'R1']);
    b.edit('R2', { weight: 0 });
    expect(b.run(2, 'active')).toEqual(['R1', 'R1']);
  });

  it('skips OVERLOAD; all quiesced or overloaded → null', () => {
    const b = new SchedBench('wlc').addAll({ R1: 1, R2: 1 });
    b.overload('R2', true);
    expect(b.run(3, 'active')).toEqual(['R1', 'R1', 'R1']);
    b.overload('R2', false);
    expect(b.run(3, 'active')).toEqual(['R2', 'R2', 'R2']);
    b.overload('R1', true);
    b.edit('R2', { weight: 0 });
    expect(b.run(1)).toEqual(['-']);
    expect(new SchedBench('wlc').run(1)).toEqual(['-']);
  });

  it('dest added and deleted mid-sequence', () => {
    const b = new SchedBench('wlc').addAll({ R1: 1, R2: 1 });
    expect(b.run(4, 'active')).toEqual(['R2', 'R1', 'R2', 'R1']);
    b.add('R3', 2);
    expect(b.run(5, 'active')).toEqual(['R3', 'R3', 'R3', 'R3', 'R3']);
    b.del('R3');
    expect(b.run(2, 'active')).toEqual(['R2', 'R1']);
  });

  it('10 000 connections over 4 dests, the oldest ending: active counts stay within 1% of the weight shares', () => {
    const b = new SchedBench('wlc').addAll({ R1: 1, R2: 2, R3: 3, R4: 4 });
    const live: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      live.push(b.one({}, 'active'));
      if (live.length > 1000) b.end(live.shift()!);
    }
    const active = b.svc.dests.map((d) => d.activeconns); // list R4, R3, R2, R1
    expect(active.reduce((a, c) => a + c, 0)).toBe(1000);
    [400, 300, 200, 100].forEach((share, i) => expect(Math.abs(active[i] - share)).toBeLessThanOrEqual(10));
  });
});
