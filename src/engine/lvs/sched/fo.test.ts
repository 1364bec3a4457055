import { describe, expect, it } from 'vitest';
import { SchedBench } from '../../../test-support/ipvs-sched';

describe('fo (ip_vs_fo.c): the same inputs give the kernel choices, connection by connection', () => {
  it('always the highest weight, ties to the first in list order; connections ignored', () => {
    const b = new SchedBench('fo').addAll({ R3: 3, R2: 3, R1: 1 }); // list R1(1), R2(3), R3(3)
    expect(b.run(4, 'active')).toEqual(['R2', 'R2', 'R2', 'R2']);
  });

  it('fails over down the weights as servers are overloaded or quiesced', () => {
    const b = new SchedBench('fo').addAll({ R3: 3, R2: 3, R1: 1 });
    b.overload('R2', true);
    expect(b.run(1)).toEqual(['R3']);
    b.edit('R3', { weight: 0 });
    expect(b.run(1)).toEqual(['R1']);
    b.overload('R1', true);
    expect(b.run(1)).toEqual(['-']);
    b.overload('R2', false);
    expect(b.run(1)).toEqual(['R2']);
  });

  it('a heavier dest added later takes over; deleting it fails back', () => {
    const b = new SchedBench('fo').addAll({ R1: 2, R2: 1 });
    expect(b.run(1)).toEqual(['R1']);
    b.add('R3', 5);
    expect(b.run(1)).toEqual(['R3']);
    b.del('R3');
    expect(b.run(1)).toEqual(['R1']);
  });
});
