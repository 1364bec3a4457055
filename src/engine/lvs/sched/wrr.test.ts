import { describe, expect, it } from 'vitest';
import { SchedBench } from '../../../test-support/ipvs-sched';

/** Dests in the given *list* order (added in reverse). */
function listed(spec: [string, number][], via: 'fresh' | 'edit-to-wrr') {
  const b = new SchedBench(via === 'fresh' ? 'wrr' : 'rr');
  for (const [n, w] of [...spec].reverse()) b.add(n, w);
  if (via === 'edit-to-wrr') b.switchTo('wrr'); // ipvsadm -E ... -s wrr: init_service on the filled list
  return b;
}

describe('wrr (ip_vs_wrr.c): the same inputs give the kernel choices, connection by connection', () => {
  it('-E to wrr (cw starts at the max weight): A=4,B=3,C=2 → A A B A B C A B C, period 9', () => {
    const b = listed([['A', 4], ['B', 3], ['C', 2]], 'edit-to-wrr');
    expect(b.order()).toEqual(['A', 'B', 'C']);
    expect(b.run(18).join(' ')).toBe('A A B A B C A B C A A B A B C A B C');
  });

  it('a fresh wrr service with servers added one by one: first one each in list order, then max-weight stepping (§7)', () => {
    // -A with no dests: mw = cw = 0; each add_dest keeps cw at 1 (cw = 0 → mw = 1, then
    // (1 / di) * di + 1 = 1 or unchanged), so the first round is at cw = 1.
    const b = listed([['A', 4], ['B', 3], ['C', 2]], 'fresh');
    expect(b.run(21).join(' ')).toBe('A B C A A B A B C A B C A A B A B C A B C');
  });

  it('A=4,B=2 (di=2, mw=3): A A B … after -E, A B | A A B … on a fresh service', () => {
    expect(listed([['A', 4], ['B', 2]], 'edit-to-wrr').run(9).join(' ')).toBe('A A B A A B A A B');
    expect(listed([['A', 4], ['B', 2]], 'fresh').run(8).join(' ')).toBe('A B A A B A A B');
  });

  it('A=1,B=1,C=0: the quiesced dest is never chosen', () => {
    expect(listed([['A', 1], ['B', 1], ['C', 0]], 'edit-to-wrr').run(5)).toEqual(['A', 'B', 'A', 'B', 'A']);
    expect(listed([['A', 1], ['B', 1], ['C', 0]], 'fresh').run(5)).toEqual(['A', 'B', 'A', 'B', 'A']);
  });

  it('equal weights behave as rr in list order (newest first)', () => {
    const b = new SchedBench('wrr').addAll({ R1: 3, R2: 3, R3: 3 });
    expect(b.run(7)).toEqual(['R3', 'R2', 'R1', 'R3', 'R2', 'R1', 'R3']);
  });

  it('all weights 0 (mw = 0) and an empty service: no destination', () => {
    expect(listed([['A', 0], ['B', 0]], 'fresh').run(2)).toEqual(['-', '-']);
    expect(new SchedBench('wrr').run(1)).toEqual(['-']);
  });

  it('OVERLOAD (no hook) skips the dest without resetting the position', () => {
    const b = listed([['A', 4], ['B', 3], ['C', 2]], 'edit-to-wrr');
    expect(b.run(2).join(' ')).toBe('A A');
    b.overload('B', true);
    expect(b.run(11).join(' ')).toBe('A C A C A A A C A C A');
  });

  it('all overloaded → null; the walk then resumes after the last chosen dest', () => {
    const b = listed([['A', 1], ['B', 1]], 'edit-to-wrr');
    expect(b.run(1)).toEqual(['A']);
    b.overload('A', true);
    b.overload('B', true);
    expect(b.run(1)).toEqual(['-']);
    b.overload('A', false);
    b.overload('B', false);
    expect(b.run(3)).toEqual(['B', 'A', 'B']);
  });

  it('all overloaded from the list head → null; the next pick starts at the head', () => {
    const b = listed([['A', 2], ['B', 1]], 'edit-to-wrr');
    b.overload('A', true);
    b.overload('B', true);
    expect(b.run(2)).toEqual(['-', '-']);
    b.overload('A', false);
    b.overload('B', false);
    expect(b.run(3)).toEqual(['A', 'A', 'B']);
  });

  it('a weight edit (upd_dest) resets the position to the head and keeps cw when it still fits', () => {
    const b = listed([['A', 4], ['B', 3], ['C', 2]], 'edit-to-wrr');
    expect(b.run(3).join(' ')).toBe('A A B'); // cw = 3
    b.edit('C', { weight: 6 }); // mw = 6, cw stays 3, cl = head
    expect(b.run(16).join(' ')).toBe('A B C A B C A B C C C A C A B C');
  });

  it('a weight edit that lowers the max weight below cw restarts at the new max', () => {
    const b = listed([['A', 4], ['B', 3], ['C', 2]], 'edit-to-wrr');
    expect(b.run(1)).toEqual(['A']); // cw = 4
    b.edit('A', { weight: 2 }); // mw = 3 < cw → cw = 3
    expect(b.run(7).join(' ')).toBe('B A B C A B C');
  });

  it('with a common divisor the kept cw is rounded to the divisor grid (+1)', () => {
    // A=6,B=3 via -E: di=3, mw=4, cw=4; after one pick the walk is at cw=4 still.
    const b = listed([['A', 6], ['B', 3]], 'edit-to-wrr');
    expect(b.run(1)).toEqual(['A']);
    // Edit B to 9: di=3, mw=7; cw=4 ≤ 7 → (4/3)*3+1 = 4; cl = head. Then cw 4: A B,
    // cw 1: A B, cw 7: B, cw 4: A B, ... (2:3 = 6:9 per period).
    b.edit('B', { weight: 9 });
    expect(b.run(10).join(' ')).toBe('A B A B B A B A B B');
  });

  it('deleting a dest mid-sequence resets the position to the head', () => {
    const b = listed([['A', 4], ['B', 3], ['C', 2]], 'edit-to-wrr');
    expect(b.run(3).join(' ')).toBe('A A B');
    b.del('A');
    expect(b.run(10).join(' ')).toBe('B B C B C B B C B C');
  });

  it('the delete hook gives the same result after the unlink', () => {
    const b = listed([['A', 4], ['B', 3], ['C', 2]], 'edit-to-wrr');
    b.run(3);
    b.del('A', 'after');
    expect(b.run(10).join(' ')).toBe('B B C B C B B C B C');
  });

  it('adding a heavier dest mid-sequence: it goes first and raises mw; cw is kept', () => {
    const b = listed([['A', 4], ['B', 3], ['C', 2]], 'edit-to-wrr');
    expect(b.run(3).join(' ')).toBe('A A B');
    b.add('D', 8);
    expect(b.order()).toEqual(['D', 'A', 'B', 'C']);
    expect(b.run(16).join(' ')).toBe('D A B D A B C D A B C D D D D D');
  });

  it('over a long run each dest gets exactly its weight share per period', () => {
    const b = listed([['A', 5], ['B', 3], ['C', 1]], 'edit-to-wrr');
    const seq = b.run(90);
    const count = (n: string) => seq.filter((x) => x === n).length;
    expect([count('A'), count('B'), count('C')]).toEqual([50, 30, 10]);
  });
});
