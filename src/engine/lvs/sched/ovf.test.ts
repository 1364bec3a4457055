import { describe, expect, it } from 'vitest';
import { SchedBench } from '../../../test-support/ipvs-sched';

describe('ovf (ip_vs_ovf.c): the same inputs give the kernel choices, connection by connection', () => {
  it('fills the heaviest until its active connections exceed its weight, then overflows', () => {
    const b = new SchedBench('ovf').addAll({ C: 1, B: 2, A: 2 }); // list A(2), B(2), C(1)
    // A stays eligible at activeconns == weight, so it takes weight + 1 connections.
    expect(b.run(10, 'active')).toEqual(['A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', '-', '-']);
  });

  it('an ending connection makes the server eligible again', () => {
    const b = new SchedBench('ovf').addAll({ C: 1, B: 2, A: 2 });
    b.run(8, 'active');
    b.end('B');
    expect(b.run(2, 'active')).toEqual(['B', '-']);
  });

  it('inactive connections do not count; weight 0 and OVERLOAD skipped', () => {
    const b = new SchedBench('ovf').addAll({ B: 1, A: 2 }); // list A(2), B(1)
    expect(b.run(5, 'inactive')).toEqual(['A', 'A', 'A', 'A', 'A']);
    b.overload('A', true);
    expect(b.run(1)).toEqual(['B']);
    b.edit('B', { weight: 0 });
    expect(b.run(1)).toEqual(['-']);
  });
});
