import { describe, expect, it } from 'vitest';
import { SchedBench } from '../../../test-support/ipvs-sched';

// Dests added R1, R2, R3 → kernel list R3, R2, R1 (newest first).
const bench = () => new SchedBench('rr').addAll({ R1: 1, R2: 1, R3: 1 });

describe('rr (ip_vs_rr.c): the same inputs give the kernel choices, connection by connection', () => {
  it('walks the list in kernel order, newest first, and wraps', () => {
    const b = bench();
    expect(b.order()).toEqual(['R3', 'R2', 'R1']);
    expect(b.run(7)).toEqual(['R3', 'R2', 'R1', 'R3', 'R2', 'R1', 'R3']);
  });

  it('weights other than 0 do not matter', () => {
    const b = new SchedBench('rr').addAll({ R1: 5, R2: 1, R3: 100 });
    expect(b.run(6, 'active')).toEqual(['R3', 'R2', 'R1', 'R3', 'R2', 'R1']);
  });

  it('skips a quiesced (weight 0) dest and an OVERLOAD one', () => {
    const b = bench();
    expect(b.run(2)).toEqual(['R3', 'R2']);
    b.edit('R2', { weight: 0 });
    expect(b.run(4)).toEqual(['R1', 'R3', 'R1', 'R3']);
    b.overload('R3', true);
    expect(b.run(3)).toEqual(['R1', 'R1', 'R1']);
  });

  it('no dest available → null, and the cursor stays where it was', () => {
    const b = bench();
    expect(b.run(1)).toEqual(['R3']);
    for (const n of ['R1', 'R2', 'R3']) b.edit(n, { weight: 0 });
    expect(b.run(2)).toEqual(['-', '-']);
    for (const n of ['R1', 'R2', 'R3']) b.edit(n, { weight: 1 });
    expect(b.run(3)).toEqual(['R2', 'R1', 'R3']);
  });

  it('the cursor itself is the last candidate of the circular scan', () => {
    const b = bench();
    expect(b.run(2)).toEqual(['R3', 'R2']);
    b.edit('R1', { weight: 0 });
    b.edit('R3', { weight: 0 });
    expect(b.run(2)).toEqual(['R2', 'R2']);
  });

  it('an empty service has no destination', () => {
    expect(new SchedBench('rr').run(2)).toEqual(['-', '-']);
  });

  for (const timing of ['before', 'after'] as const) {
    it(`deleting the cursor moves it to its predecessor (hook ${timing} the unlink)`, () => {
      const b = bench();
      expect(b.run(2)).toEqual(['R3', 'R2']);
      b.del('R2', timing); // cursor → R3, so the next pick is R1, which followed R2
      expect(b.run(3)).toEqual(['R1', 'R3', 'R1']);
    });

    it(`deleting the cursor at the head of the list restarts from the head (hook ${timing})`, () => {
      const b = bench();
      expect(b.run(1)).toEqual(['R3']);
      b.del('R3', timing);
      expect(b.run(3)).toEqual(['R2', 'R1', 'R2']);
    });

    it(`deleting another dest leaves the cursor (hook ${timing})`, () => {
      const b = bench();
      expect(b.run(2)).toEqual(['R3', 'R2']);
      b.del('R3', timing);
      expect(b.run(3)).toEqual(['R1', 'R2', 'R1']);
      b.del('R1', timing);
      expect(b.run(2)).toEqual(['R2', 'R2']);
    });
  }

  it('a dest added mid-sequence goes to the head; the cursor does not move', () => {
    const b = new SchedBench('rr').addAll({ R1: 1, R2: 1 });
    expect(b.run(1)).toEqual(['R2']);
    b.add('R3', 1); // list R3, R2, R1 with the cursor on R2
    expect(b.run(4)).toEqual(['R1', 'R3', 'R2', 'R1']);
  });

  it('a dest added while the cursor is on the last dest comes next (after the wrap)', () => {
    const b = new SchedBench('rr').addAll({ R1: 1, R2: 1 });
    expect(b.run(2)).toEqual(['R2', 'R1']);
    b.add('R3', 1);
    expect(b.run(4)).toEqual(['R3', 'R2', 'R1', 'R3']);
  });

  it('-E to rr starts from the list head', () => {
    const b = bench();
    b.switchTo('wlc');
    b.switchTo('rr');
    expect(b.run(2)).toEqual(['R3', 'R2']);
  });
});
