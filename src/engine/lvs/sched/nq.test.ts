import { describe, expect, it } from 'vitest';
import { SchedBench } from '../../../test-support/ipvs-sched';

describe('nq (ip_vs_nq.c): the same inputs give the kernel choices, connection by connection', () => {
  it('fills idle servers first in list order, then behaves like sed (§7)', () => {
    const b = new SchedBench('nq').addAll({ R3: 3, R2: 2, R1: 1 }); // list R1(1), R2(2), R3(3)
    expect(b.run(8, 'active')).toEqual(['R1', 'R2', 'R3', 'R3', 'R2', 'R3', 'R3', 'R2']);
  });

  it('a server that becomes idle gets the next connection at once', () => {
    const b = new SchedBench('nq').addAll({ R3: 3, R2: 2, R1: 1 });
    b.run(8, 'active');
    b.end('R1');
    expect(b.run(1, 'active')).toEqual(['R1']);
  });

  it('inactive connections do not make a server busy', () => {
    const b = new SchedBench('nq').addAll({ R1: 1, R2: 5 }); // list R2, R1
    expect(b.run(3, 'inactive')).toEqual(['R2', 'R2', 'R2']);
  });

  it('skips weight 0 (even idle) and OVERLOAD; none → null', () => {
    const b = new SchedBench('nq').addAll({ R1: 1, R2: 0 }); // list R2(0), R1
    expect(b.run(2, 'active')).toEqual(['R1', 'R1']);
    b.overload('R1', true);
    expect(b.run(1)).toEqual(['-']);
  });

  it('equal expected delays stay with the earlier dest', () => {
    const b = new SchedBench('nq').addAll({ R1: 2, R2: 1 }); // list R2(1), R1(2)
    b.conns('R2', 1);
    b.conns('R1', 3); // (1+1)/1 = (3+1)/2
    expect(b.run(1)).toEqual(['R2']);
  });
});
