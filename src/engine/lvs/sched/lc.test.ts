import { describe, expect, it } from 'vitest';
import { SchedBench } from '../../../test-support/ipvs-sched';

describe('lc (ip_vs_lc.c): the same inputs give the kernel choices, connection by connection', () => {
  it('least overhead, ties to the first in list order; weights ignored (§7)', () => {
    const b = new SchedBench('lc').addAll({ R1: 1, R2: 5, R3: 1 }); // list R3, R2, R1
    expect(b.run(7, 'active')).toEqual(['R3', 'R2', 'R1', 'R3', 'R2', 'R1', 'R3']);
  });

  it('UDP-like connections (always inactive) rotate the same way', () => {
    const b = new SchedBench('lc').addAll({ R1: 1, R2: 1, R3: 1 });
    expect(b.run(6, 'inactive')).toEqual(['R3', 'R2', 'R1', 'R3', 'R2', 'R1']);
  });

  it('an active connection weighs 256 inactive ones', () => {
    const b = new SchedBench('lc').addAll({ R1: 1, R2: 1, R3: 1 });
    b.conns('R3', 0, 300); // 300
    b.conns('R2', 1, 0); // 256
    b.conns('R1', 1, 1); // 257
    expect(b.run(1)).toEqual(['R2']);
    b.conns('R3', 0, 256); // 256 = R2's: the earlier one wins
    expect(b.run(1)).toEqual(['R3']);
  });

  it('connections ending change the next choices', () => {
    const b = new SchedBench('lc').addAll({ R1: 1, R2: 1 }); // list R2, R1
    expect(b.run(4, 'active')).toEqual(['R2', 'R1', 'R2', 'R1']);
    b.end('R1');
    b.end('R1');
    expect(b.run(3, 'active')).toEqual(['R1', 'R1', 'R2']);
  });

  it('skips weight 0 and OVERLOAD; none left → null', () => {
    const b = new SchedBench('lc').addAll({ R1: 1, R2: 1, R3: 1 });
    b.edit('R2', { weight: 0 });
    expect(b.run(4, 'active')).toEqual(['R3', 'R1', 'R3', 'R1']);
    b.overload('R3', true);
    expect(b.run(2, 'active')).toEqual(['R1', 'R1']);
    b.overload('R1', true);
    expect(b.run(1)).toEqual(['-']);
    expect(new SchedBench('lc').run(1)).toEqual(['-']);
  });

  it('a dest added mid-sequence is first in the list and idle, so it fills up first', () => {
    const b = new SchedBench('lc').addAll({ R1: 1, R2: 1 });
    expect(b.run(4, 'active')).toEqual(['R2', 'R1', 'R2', 'R1']);
    b.add('R3', 1);
    expect(b.run(4, 'active')).toEqual(['R3', 'R3', 'R3', 'R2']);
  });
});
