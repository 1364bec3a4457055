import { describe, expect, it } from 'vitest';
import { SchedBench } from '../../../test-support/ipvs-sched';

// Buckets: ((port + addr) & 0xff) * 177 & 0xff — .10 → 234, .11 → 155, .12 → 76, .13 → 253,
// .14 → 174, .15 → 95; 10.0.0.1 → 177.
const clients = (b: SchedBench, list: string[]) => list.map((c) => b.client(c));

describe('sh (ip_vs_sh.c): the same inputs give the kernel choices, connection by connection', () => {
  it('each dest fills `weight` buckets in turn: list (B w2, A w1) → B,B,A,B,B,A,…', () => {
    const b = new SchedBench('sh').addAll({ A: 1, B: 2 });
    expect(b.order()).toEqual(['B', 'A']);
    expect(clients(b, ['192.168.1.10', '192.168.1.11', '10.0.0.1', '192.168.1.12', '192.168.1.13', '192.168.1.14', '192.168.1.15'])).toEqual([
      'B', 'A', 'B', 'B', 'B', 'B', 'A',
    ]);
  });

  it('a client always gets the same server, whatever its port (without sh-port)', () => {
    const b = new SchedBench('sh').addAll({ A: 1, B: 2 });
    expect([1, 2, 3, 40000].map((sport) => b.client('192.168.1.11', { sport }))).toEqual(['A', 'A', 'A', 'A']);
  });

  it('a weight-0 dest still takes one bucket per round but is unavailable → null', () => {
    const b = new SchedBench('sh').addAll({ A: 1, B: 0 }); // list B(0), A(1) → B,A,B,A,…
    expect(clients(b, ['192.168.1.10', '192.168.1.11', '192.168.1.12', '192.168.1.13'])).toEqual(['-', 'A', '-', 'A']);
  });

  it('sh-fallback: the next available dest at hash(ihash + offset) = (2·ihash + offset) & 255', () => {
    const b = new SchedBench('sh', { fallback: true }).addAll({ A: 1, B: 0 });
    // .10: ihash 234 → B (weight 0); offset 0 → bucket 212 (B); offset 1 → 213 (A).
    expect(clients(b, ['192.168.1.10', '192.168.1.11'])).toEqual(['A', 'A']);
  });

  it('sh-fallback with every dest unavailable → null', () => {
    const b = new SchedBench('sh', { fallback: true }).addAll({ A: 1, B: 1 });
    b.overload('A', true);
    b.overload('B', true);
    expect(clients(b, ['192.168.1.10'])).toEqual(['-']);
  });

  it('OVERLOAD makes a dest unavailable (no fallback → null)', () => {
    const b = new SchedBench('sh').addAll({ A: 1, B: 2 });
    b.overload('B', true);
    expect(clients(b, ['192.168.1.10', '192.168.1.11'])).toEqual(['-', 'A']);
  });

  it('sh-port adds the source port to the address before hashing (TCP/UDP/SCTP only)', () => {
    const b = new SchedBench('sh', { port: true }).addAll({ A: 1, B: 2 });
    expect(b.client('192.168.1.10', { sport: 1 })).toBe('A'); // as .11 → 155
    expect(b.client('192.168.1.10', { sport: 256 })).toBe('B'); // low byte 0 → 234
    expect(b.client('192.168.1.10', { sport: 1, protocol: 1 })).toBe('B'); // ICMP: port 0
  });

  it('rebuilt on a weight edit (upd_dest): list (B w2, A w2) → B,B,A,A,…', () => {
    const b = new SchedBench('sh').addAll({ A: 1, B: 2 });
    expect(b.client('192.168.1.10')).toBe('B');
    b.edit('A', { weight: 2 });
    expect(clients(b, ['192.168.1.10', '192.168.1.11', '192.168.1.12', '192.168.1.13'])).toEqual(['A', 'A', 'B', 'B']);
  });

  it('rebuilt on delete and add', () => {
    const b = new SchedBench('sh').addAll({ A: 1, B: 2 });
    b.del('B');
    expect(clients(b, ['192.168.1.10', '192.168.1.11'])).toEqual(['A', 'A']);
    b.add('C', 1); // list C, A → C,A,C,A,…
    expect(clients(b, ['192.168.1.10', '192.168.1.11'])).toEqual(['C', 'A']);
    expect(new SchedBench('sh').client('192.168.1.10')).toBe('-');
  });
});
