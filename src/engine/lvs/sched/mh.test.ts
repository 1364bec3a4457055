import { describe, expect, it } from 'vitest';
import { SchedBench, ip } from '../../../test-support/ipvs-sched';
import { IP_VS_MH_TAB_SIZE, mhLookup, mhPreference } from './mh';

function slots(b: SchedBench): Record<string, number> {
  const count: Record<string, number> = {};
  for (let i = 0; i < IP_VS_MH_TAB_SIZE; i++) {
    const n = b.nameOf(mhLookup(b.svc, i));
    count[n] = (count[n] ?? 0) + 1;
  }
  return count;
}

/** List order 10.0.0.3:80, 10.0.0.2:80 (the §1.6 example). */
function example(flags: { fallback?: boolean; port?: boolean } = {}, w3 = 1, w2 = 1) {
  const b = new SchedBench('mh', flags);
  b.add('R2', w2, { addr: '10.0.0.2' });
  b.add('R3', w3, { addr: '10.0.0.3' });
  return b;
}

describe('mh (ip_vs_mh.c): the same inputs give the kernel choices, connection by connection', () => {
  it('M = 4093 and the preference lists come from hsiphash with the fixed keys', () => {
    expect(IP_VS_MH_TAB_SIZE).toBe(4093);
    expect(mhPreference({ addr: ip('10.0.0.3'), port: 80 })).toEqual({ offset: 1631, skip: 3453 });
    expect(mhPreference({ addr: ip('10.0.0.2'), port: 80 })).toEqual({ offset: 1231, skip: 3544 });
  });

  it('the §1.6 example: 10.0.0.3 and 10.0.0.2 weight 1 take 2047/2046 slots; .10 → .3, .11 → .2, .12 → .3', () => {
    const b = example();
    expect(slots(b)).toEqual({ R3: 2047, R2: 2046 });
    expect(['192.168.1.10', '192.168.1.11', '192.168.1.12'].map((c) => b.client(c))).toEqual(['R3', 'R2', 'R3']);
    expect(b.client('192.168.1.11', { sport: 1234 })).toBe('R2'); // the port is not used without mh-port
  });

  it('the first slot of each dest is its offset; weights give turns in a row (2:1 → 2729/1364)', () => {
    const b = example({}, 2, 1);
    expect(b.nameOf(mhLookup(b.svc, 1631))).toBe('R3');
    expect(b.nameOf(mhLookup(b.svc, 1231))).toBe('R2');
    expect(slots(b)).toEqual({ R3: 2729, R2: 1364 });
  });

  it('large weight ratios are shifted to 6 bits: 100:1 → turns 50:1 → 4013/80 slots', () => {
    const b = example({}, 100, 1);
    expect(slots(b)).toEqual({ R3: 4013, R2: 80 });
  });

  it('mh-port hashes port + address, so client .10 port 1 is client .11', () => {
    const b = example({ port: true });
    expect(b.client('192.168.1.10', { sport: 1 })).toBe('R2');
    expect(b.client('192.168.1.10', { sport: 2 })).toBe('R3');
    expect(b.client('192.168.1.10', { sport: 1, protocol: 1 })).toBe('R3'); // not TCP/UDP/SCTP: port 0
  });

  it('a quiesced dest keeps its slots (last_weight) and is unavailable: null without mh-fallback', () => {
    const b = example();
    b.edit('R3', { weight: 0 });
    expect(slots(b)).toEqual({ R3: 2047, R2: 2046 });
    expect(['192.168.1.10', '192.168.1.11'].map((c) => b.client(c))).toEqual(['-', 'R2']);
  });

  it('mh-fallback finds the next available dest', () => {
    const b = example({ fallback: true });
    b.edit('R3', { weight: 0 });
    expect(['192.168.1.10', '192.168.1.11', '192.168.1.12'].map((c) => b.client(c))).toEqual(['R2', 'R2', 'R2']);
    b.overload('R2', true);
    expect(b.client('192.168.1.10')).toBe('-');
  });

  it('OVERLOAD makes the slot owner unavailable', () => {
    const b = example();
    b.overload('R2', true);
    expect(['192.168.1.10', '192.168.1.11'].map((c) => b.client(c))).toEqual(['R3', '-']);
  });

  it('a dest added with weight 0 takes no slots; deleting rebuilds; an empty table gives null', () => {
    const b = example();
    b.add('R4', 0, { addr: '10.0.0.4' });
    expect(slots(b)).toEqual({ R3: 2047, R2: 2046 });
    b.del('R3');
    expect(slots(b)).toEqual({ R2: 4093 });
    expect(b.client('192.168.1.10')).toBe('R2');
    b.del('R2', 'after');
    expect(slots(b)).toEqual({ '-': 4093 });
    expect(b.client('192.168.1.10')).toBe('-');
  });

  it('consistent hashing: adding a third dest moves only some clients, all of them to the new dest', () => {
    const b = example();
    const before = Array.from({ length: 200 }, (_, i) => b.client(`172.16.${i >> 8}.${i & 255}`));
    b.add('R4', 1, { addr: '10.0.0.4' });
    const after = Array.from({ length: 200 }, (_, i) => b.client(`172.16.${i >> 8}.${i & 255}`));
    const moved = after.filter((n, i) => n !== before[i]);
    expect(moved.length).toBeGreaterThan(30);
    expect(moved.every((n) => n === 'R4')).toBe(true);
  });
});
