import { describe, expect, it } from 'vitest';
import { SchedBench, ip } from '../../../test-support/ipvs-sched';

// Buckets: (last octet * 177) & 255 — .1 → 177, .2 → 98, .3 → 19, .10 → 234, .11 → 155.
const to = (b: SchedBench, daddr: string) => b.one({ daddr: ip(daddr) });

describe('dh (ip_vs_dh.c): the same inputs give the kernel choices, connection by connection', () => {
  it('bucket i holds the (i mod n)-th dest of the list; the key is the destination address', () => {
    const b = new SchedBench('dh').addAll({ R1: 1, R2: 1, R3: 1 }); // list R3, R2, R1
    expect(['10.0.0.1', '10.0.0.2', '10.0.0.3', '192.168.1.10', '192.168.1.11'].map((d) => to(b, d))).toEqual(['R3', 'R1', 'R2', 'R3', 'R1']);
    // the same destination always maps to the same server, whatever the source
    expect(b.one({ daddr: ip('10.0.0.3'), saddr: ip('1.2.3.4'), sport: 999 })).toBe('R2');
  });

  it('weights are ignored and an edit does not rebuild the table (no upd_dest hook)', () => {
    const b = new SchedBench('dh').addAll({ R1: 1, R2: 1, R3: 1 });
    b.edit('R3', { weight: 50 });
    expect(['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((d) => to(b, d))).toEqual(['R3', 'R1', 'R2']);
  });

  it('a quiesced or OVERLOAD bucket dest gives no destination (no fallback)', () => {
    const b = new SchedBench('dh').addAll({ R1: 1, R2: 1, R3: 1 });
    b.edit('R3', { weight: 0 });
    expect(['10.0.0.1', '10.0.0.2'].map((d) => to(b, d))).toEqual(['-', 'R1']);
    b.edit('R3', { weight: 1 });
    b.overload('R1', true);
    expect(['10.0.0.1', '10.0.0.2'].map((d) => to(b, d))).toEqual(['R3', '-']);
  });

  it('rebuilt on delete and on add', () => {
    const b = new SchedBench('dh').addAll({ R1: 1, R2: 1, R3: 1 });
    b.del('R2'); // list R3, R1
    expect(['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((d) => to(b, d))).toEqual(['R1', 'R3', 'R1']);
    b.add('R4', 1); // list R4, R3, R1
    expect(['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((d) => to(b, d))).toEqual(['R4', 'R1', 'R3']); // 177 % 3 = 0, 98 % 3 = 2, 19 % 3 = 1
    b.del('R4', 'after');
    expect(['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((d) => to(b, d))).toEqual(['R1', 'R3', 'R1']);
  });

  it('an empty service has no destination', () => {
    expect(to(new SchedBench('dh'), '10.0.0.1')).toBe('-');
  });
});
