import { describe, expect, it } from 'vitest';
import { Simulator } from '../sim/simulator';
import { ConnTable, type IpvsConn } from './conn';
import type { IpvsDest, IpvsService } from './types';

const S = 1_000_000;

/** A bare entry as ip_vs_conn_new would make it (the table only reads the tuple, fwd, template and timeout). */
function entry(cport: number, timeout: number, fwd: IpvsConn['fwd'] = 'route'): Omit<IpvsConn, 'id' | 'expiresAt'> {
  return {
    proto: 6,
    caddr: 0xc0a89601,
    cport,
    vaddr: 0xc0a89664,
    vport: 80,
    daddr: 0xc0a8960c,
    dport: 80,
    fwd,
    dest: null as IpvsDest | null,
    svc: {} as IpvsService,
    state: 0,
    timeout,
    template: false,
    inactive: true,
    noOutput: fwd !== 'masq',
    control: null,
    ncontrolled: 0,
  };
}

function table() {
  const sim = new Simulator();
  const expired: string[] = [];
  const t: ConnTable = new ConnTable(sim, (c) => {
    expired.push(`${c.cport}@${sim.now / S}`);
    t.remove(c);
  });
  return { sim, t, expired };
}

describe('ConnTable expiry', () => {
  it('expires each entry when its own timeout has passed since its last packet', () => {
    const { sim, t, expired } = table();
    const a = t.add(entry(1000, 60 * S)); // SYN_RECV-like
    t.add(entry(1001, 120 * S)); // FIN_WAIT-like
    sim.runUntil(30 * S);
    t.touch(a); // a packet at 30 s: a now expires at 90 s
    while (sim.step());
    expect(expired).toEqual(['1000@90', '1001@120']);
    expect(t.size).toBe(0);
  });

  it('a state change to a shorter timeout moves the entry to an earlier deadline', () => {
    const { sim, t, expired } = table();
    const a = t.add(entry(2000, 900 * S)); // ESTABLISHED
    t.add(entry(2001, 120 * S));
    sim.runUntil(10 * S);
    a.timeout = 2 * S; // e.g. CLOSE
    t.touch(a);
    while (sim.step());
    expect(expired).toEqual(['2000@12', '2001@120']);
  });

  it('entries removed before their deadline never expire; equal deadlines go oldest first', () => {
    const { sim, t, expired } = table();
    const a = t.add(entry(3000, 5 * S));
    t.add(entry(3001, 5 * S));
    t.add(entry(3002, 5 * S));
    t.remove(a);
    while (sim.step());
    expect(expired).toEqual(['3001@5', '3002@5']);
    expect(sim.pending).toBe(0);
  });

  it('an entry the expiry handler keeps (a template still in use) lives on', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    let keepOnce = true;
    const t: ConnTable = new ConnTable(sim, (c) => {
      seen.push(sim.now / S);
      if (keepOnce) {
        keepOnce = false;
        c.timeout = 60 * S;
        t.touch(c);
      } else t.remove(c);
    });
    t.add(entry(4000, 360 * S));
    while (sim.step());
    expect(seen).toEqual([360, 420]);
    expect(t.size).toBe(0);
  });

  it('NAT entries are found from both ends, and only while they live', () => {
    const { sim, t } = table();
    t.add(entry(5000, 2 * S, 'masq'));
    expect(t.getIn(6, 0xc0a89601, 5000, 0xc0a89664, 80)?.cport).toBe(5000);
    expect(t.getOut(6, 0xc0a8960c, 80, 0xc0a89601, 5000)?.cport).toBe(5000);
    sim.runUntil(3 * S);
    expect(t.getIn(6, 0xc0a89601, 5000, 0xc0a89664, 80)).toBeUndefined();
    expect(t.getOut(6, 0xc0a8960c, 80, 0xc0a89601, 5000)).toBeUndefined();
  });

  it('100,000 entries put one event in the simulator, not 100,000', () => {
    const { sim, t, expired } = table();
    for (let i = 0; i < 100_000; i++) t.add(entry(i, 120 * S));
    expect(sim.pending).toBe(1);
    sim.runUntil(121 * S);
    expect(expired.length).toBe(100_000);
  });
});
