import { describe, expect, it } from 'vitest';
import { SchedBench } from '../../../test-support/ipvs-sched';

describe('sed (ip_vs_sed.c): the same inputs give the kernel choices, connection by connection', () => {
  it('with every server idle it picks the heaviest (§7)', () => {
    const b = new SchedBench('sed').addAll({ R3: 3, R2: 2, R1: 1 }); // list R1(1), R2(2), R3(3)
    expect(b.run(1)).toEqual(['R3']);
  });

  it('weights 3:2:1 (list R3, R2, R1), connections staying active', () => {
    const b = new SchedBench('sed').addAll({ R1: 1, R2: 2, R3: 3 });
    expect(b.run(8, 'active')).toEqual(['R3', 'R2', 'R3', 'R3', 'R2', 'R1', 'R3', 'R2']);
  });

  it('inactive connections are ignored', () => {
    const b = new SchedBench('sed').addAll({ R1: 1, R2: 1 }); // list R2, R1
    expect(b.run(4, 'inactive')).toEqual(['R2', 'R2', 'R2', 'R2']);
    b.conns('R2', 1, 0);
    expect(b.run(1)).toEqual(['R1']);
  });

  it('ties stay with the earlier dest; weight 0 and OVERLOAD skipped; none → null', () => {
    const b = new SchedBench('sed').addAll({ R1: 2, R2: 1, R3: 0 }); // list R3(0), R2(1), R1(2)
    b.conns('R2', 0);
    b.conns('R1', 1); // (0+1)/1 = (1+1)/2
    expect(b.run(1)).toEqual(['R2']);
    b.overload('R2', true);
    expect(b.run(1)).toEqual(['R1']);
    b.overload('R1', true);
    expect(b.run(1)).toEqual(['-']);
  });
});
