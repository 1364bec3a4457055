import { describe, expect, it } from 'vitest';
import { Simulator } from '../../sim/simulator';
import { formatIpv4, parseIpv4, type Ipv4 } from '../../wire/addr';
import type { VrrpSettings } from '../conf/complete';
import type { VipConf } from '../conf/types';
import { VrrpInstance, type VrrpState } from './instance';
import { buildAdvertPacket, readAdvert } from './packet';
import { masterDownInterval, skewTime } from './timers';

/**
 * The VRRP state machine driven directly: instances on one simulated
 * segment (adverts take LATENCY µs to arrive), a log per router, and the
 * VIP / GARP / DROP-rule side effects recorded instead of applied.
 */
const LATENCY = 50;
const SEC = 1_000_000;
const VIP: VipConf = { ip: parseIpv4('192.168.150.100')!, prefixLen: 24, brd: null, dev: 'eth0', scope: 'global', label: 'eth0:3', text: '192.168.150.100/24' };

function settings(over: Partial<VrrpSettings> = {}): VrrpSettings {
  return {
    name: 'VI_1',
    iface: 'eth0',
    vrid: 51,
    version: 2,
    basePriority: 100,
    wantState: 'BACKUP',
    adverInt: SEC,
    authType: 1,
    authPass: '1111',
    vips: [VIP],
    evips: [],
    strict: false,
    accept: true,
    nopreempt: false,
    preemptDelay: 0,
    garpDelay: 5 * SEC,
    garpRep: 5,
    garpRefresh: 0,
    garpLowerPrioDelay: 0,
    garpLowerPrioRep: 0,
    lowerPrioNoAdvert: false,
    higherPrioSendAdvert: false,
    skipCheckAdvAddr: false,
    mcastGroup: parseIpv4('224.0.0.18')!,
    srcIp: null,
    unicastPeers: [],
    downTimerAdverts: 3,
    dontTrackPrimary: false,
    iptablesIn: 'INPUT',
    ...over,
  };
}

interface Router {
  name: string;
  ip: Ipv4;
  inst: VrrpInstance;
  up: boolean;
  log: string[];
  /** [time, priority] of each advert sent. */
  adverts: Array<[number, number]>;
  garps: number[];
  vip: boolean;
  dropRules: boolean;
  states: Array<[number, VrrpState, VrrpState]>;
}

class Segment {
  readonly sim = new Simulator();
  readonly routers: Router[] = [];

  add(name: string, ip: string, over: Partial<VrrpSettings> = {}): Router {
    const sim = this.sim;
    const r = { name, ip: parseIpv4(ip)!, up: true, log: [], adverts: [], garps: [], vip: false, dropRules: false, states: [] } as unknown as Router;
    const s = settings(over);
    r.inst = new VrrpInstance(s, {
      now: () => sim.now,
      after: (d, fn) => {
        const h = sim.schedule(d, fn);
        return () => sim.cancel(h);
      },
      log: (t) => r.log.push(`${(sim.now / SEC).toFixed(6)} ${t}`),
      detail: true,
      saddr: () => r.ip,
      sendAdvert: (priority, ipId) => {
        if (!r.up) return;
        r.adverts.push([sim.now, priority]);
        const pkt = buildAdvertPacket({ vrid: s.vrid, priority, vips: s.vips.map((v) => v.ip), adverInt: s.adverInt / SEC, authType: s.authType, authPass: s.authPass, src: r.ip, dst: s.mcastGroup, ipId });
        for (const o of this.routers) {
          if (o === r) continue;
          sim.schedule(LATENCY, () => {
            if (o.up && r.up) o.inst.receive(readAdvert(pkt)!);
          });
        }
      },
      addVips: () => (r.vip = true),
      removeVips: () => (r.vip = false),
      dropRules: (_v, add) => (r.dropRules = add),
      garp: () => {
        if (r.up) r.garps.push(sim.now);
      },
      stateChanged: (_i, from, to) => r.states.push([sim.now, from, to]),
    });
    this.routers.push(r);
    return r;
  }

  start(...rs: Router[]): void {
    for (const r of rs) r.inst.start(r.up);
  }
  runFor(seconds: number): void {
    this.sim.runUntil(this.sim.now + Math.round(seconds * SEC));
  }
  runUntil(seconds: number): void {
    this.sim.runUntil(Math.round(seconds * SEC));
  }
  /** Times (µs) at which `r` became MASTER. */
  masterAt(r: Router): number[] {
    return r.states.filter(([, , to]) => to === 'MASTER').map(([t]) => t);
  }
  linkDown(r: Router): void {
    r.up = false;
    r.inst.linkDown();
  }
  linkUp(r: Router): void {
    r.up = true;
    r.inst.linkUp();
  }
}

const logText = (r: Router) => r.log.map((l) => l.replace(/^\S+ /, ''));

describe('VRRP timers (RFC 3768 §6.1)', () => {
  it('Skew_Time = (256 − Priority)/256 s and Master_Down_Interval = 3 × Advertisement_Interval + Skew_Time, in µs as keepalived computes them', () => {
    expect(skewTime(100, SEC, 2)).toBe(609_375);
    expect(skewTime(50, SEC, 2)).toBe(804_687);
    expect(skewTime(255, SEC, 2)).toBe(3_906);
    expect(masterDownInterval(100, SEC, 2)).toBe(3_609_375);
    expect(masterDownInterval(50, SEC, 2)).toBe(3_804_687);
    expect(masterDownInterval(100, 2 * SEC, 2)).toBe(6_609_375);
    // VRRPv3 scales the skew with the advert interval.
    expect(skewTime(100, 2 * SEC, 3)).toBe(1_218_750);
  });
});

describe('INIT: starting an instance', () => {
  it('state MASTER with priority 100 starts as BACKUP and becomes MASTER after Master_Down_Interval when nobody advertises', () => {
    const seg = new Segment();
    const a = seg.add('node01', '192.168.150.11', { wantState: 'MASTER', basePriority: 100 });
    seg.start(a);
    expect(a.inst.state).toBe('BACKUP');
    seg.runUntil(10);
    expect(seg.masterAt(a)).toEqual([masterDownInterval(100, SEC, 2)]);
    expect(a.log.slice(0, 6)).toEqual([
      '0.000000 (VI_1) removing VIPs.',
      '0.000000 (VI_1) Entering BACKUP STATE (init)',
      '3.609375 (VI_1) Receive advertisement timeout',
      '3.609375 (VI_1) Entering MASTER STATE',
      '3.609375 (VI_1) setting VIPs.',
      '3.609375 (VI_1) Sending/queueing gratuitous ARPs on eth0 for 192.168.150.100',
    ]);
  });

  it('a BACKUP with priority 50 alone takes over after 3 × 1 s + 204/256 s', () => {
    const seg = new Segment();
    const b = seg.add('node04', '192.168.150.14', { basePriority: 50 });
    seg.start(b);
    seg.runUntil(10);
    expect(seg.masterAt(b)).toEqual([3_804_687]);
  });

  it('the address owner (priority 255) becomes MASTER at once', () => {
    const seg = new Segment();
    const a = seg.add('node01', '192.168.150.11', { wantState: 'MASTER', basePriority: 255 });
    seg.start(a);
    seg.runUntil(0.1);
    expect(seg.masterAt(a)).toEqual([1]);
  });

  it('starting with the interface down enters FAULT and stays there silently', () => {
    const seg = new Segment();
    const a = seg.add('node01', '192.168.150.11', { wantState: 'MASTER' });
    a.up = false;
    seg.start(a);
    seg.runUntil(10);
    expect(a.inst.state).toBe('FAULT');
    expect(a.adverts).toEqual([]);
    expect(logText(a)).toEqual(['(VI_1) entering FAULT state', '(VI_1) removing VIPs.']);
  });
});

describe('MASTER', () => {
  const pair = () => {
    const seg = new Segment();
    const m = seg.add('node01', '192.168.150.11', { wantState: 'MASTER', basePriority: 100 });
    const b = seg.add('node04', '192.168.150.14', { wantState: 'BACKUP', basePriority: 50 });
    seg.start(m, b);
    seg.runUntil(20);
    return { seg, m, b };
  };

  it('advertises every advert_int, owns the VIP and the backup stays BACKUP', () => {
    const { seg, m, b } = pair();
    const t0 = masterDownInterval(100, SEC, 2);
    expect(seg.masterAt(m)).toEqual([t0]);
    expect(seg.masterAt(b)).toEqual([]);
    expect(m.adverts.slice(0, 4)).toEqual([0, 1, 2, 3].map((i) => [t0 + i * SEC, 100]));
    expect(m.adverts).toHaveLength(17); // 3.609375 … 19.609375
    expect([m.vip, b.vip]).toEqual([true, false]);
    expect(b.adverts).toEqual([]);
  });

  it('gratuitous ARPs: 5 when it becomes MASTER, 5 more vrrp_garp_master_delay (5 s) later', () => {
    const { m } = pair();
    const t0 = masterDownInterval(100, SEC, 2);
    expect(m.garps).toEqual([...Array(5).fill(t0), ...Array(5).fill(t0 + 5 * SEC)]);
  });

  it('a clean stop sends priority 0 and removes the VIP; the backup takes over after Skew_Time only', () => {
    const { seg, m, b } = pair();
    m.inst.shutdown();
    expect(m.adverts.at(-1)).toEqual([20 * SEC, 0]);
    expect(m.vip).toBe(false);
    expect(logText(m).slice(-2)).toEqual(['(VI_1) sent 0 priority', '(VI_1) removing VIPs.']);
    seg.runUntil(25);
    expect(seg.masterAt(b)).toEqual([20 * SEC + LATENCY + skewTime(50, SEC, 2)]);
    expect(logText(b)).toContain('(VI_1) Backup received priority 0 advertisement');
    expect(b.vip).toBe(true);
  });

  it('killed (SIGKILL): no priority 0, the VIP stays; the backup takes over after the whole Master_Down_Interval — both own the VIP', () => {
    const { seg, m, b } = pair();
    const lastAdvert = m.adverts.at(-1)![0];
    m.inst.halt();
    seg.runUntil(30);
    expect(m.adverts.at(-1)![1]).toBe(100);
    expect(seg.masterAt(b)).toEqual([lastAdvert + LATENCY + masterDownInterval(50, SEC, 2)]);
    expect([m.vip, b.vip]).toEqual([true, true]);
  });

  it('a MASTER hearing a higher priority steps down; one hearing a lower priority forces a new election', () => {
    const seg = new Segment();
    const low = seg.add('node04', '192.168.150.14', { basePriority: 50 });
    seg.start(low);
    seg.runUntil(10);
    expect(low.inst.state).toBe('MASTER');
    const high = seg.add('node01', '192.168.150.11', { wantState: 'MASTER', basePriority: 100 });
    seg.start(high);
    seg.runUntil(20);
    // The newcomer discards the lower-priority adverts and times out into MASTER.
    expect(seg.masterAt(high)).toEqual([10 * SEC + masterDownInterval(100, SEC, 2)]);
    expect(logText(high)).toContain('(VI_1) received lower priority (50) advert from 192.168.150.14 - discarding');
    expect(logText(low)).toContain('(VI_1) Master received advert from 192.168.150.11 with higher priority 100, ours 50');
    expect(low.states.at(-1)).toEqual([10 * SEC + masterDownInterval(100, SEC, 2) + LATENCY, 'MASTER', 'BACKUP']);
    expect([high.vip, low.vip]).toEqual([true, false]);
  });

  it('equal priorities: the higher primary IP address wins', () => {
    const seg = new Segment();
    const a = seg.add('a', '192.168.150.11', { basePriority: 100 });
    const z = seg.add('z', '192.168.150.14', { basePriority: 100 });
    seg.start(a, z);
    seg.runUntil(10);
    expect(z.inst.state).toBe('MASTER');
    expect(a.inst.state).toBe('BACKUP');
    expect(logText(a)).toContain('(VI_1) Master received advert from 192.168.150.14 with same priority 100 but higher IP address than ours');
    expect(logText(z)).toContain('(VI_1) Received advert from 192.168.150.11 with lower priority 100, ours 100, forcing new election');
  });
});

describe('BACKUP', () => {
  it('preempts a lower-priority MASTER by letting its down timer run out', () => {
    const seg = new Segment();
    const b = seg.add('node04', '192.168.150.14', { basePriority: 50 });
    seg.start(b);
    seg.runUntil(5);
    const m = seg.add('node01', '192.168.150.11', { basePriority: 100 });
    seg.start(m);
    seg.runUntil(15);
    expect(seg.masterAt(m)).toEqual([5 * SEC + 3_609_375]);
  });

  it('nopreempt: a higher-priority BACKUP leaves the lower-priority MASTER alone', () => {
    const seg = new Segment();
    const b = seg.add('node04', '192.168.150.14', { basePriority: 50 });
    seg.start(b);
    seg.runUntil(5);
    const m = seg.add('node01', '192.168.150.11', { basePriority: 100, nopreempt: true });
    seg.start(m);
    seg.runUntil(60);
    expect(m.inst.state).toBe('BACKUP');
    expect(b.inst.state).toBe('MASTER');
    expect(seg.masterAt(m)).toEqual([]);
  });

  it('preempt_delay 15: takes over no sooner than 15 s after the first lower-priority advert', () => {
    const seg = new Segment();
    const b = seg.add('node04', '192.168.150.14', { basePriority: 50 });
    seg.start(b);
    seg.runUntil(5);
    const m = seg.add('node01', '192.168.150.11', { basePriority: 100, preemptDelay: 15 * SEC });
    seg.start(m);
    seg.runUntil(40);
    const first = b.adverts.find(([t]) => t > 5 * SEC)![0] + LATENCY;
    const [t] = seg.masterAt(m);
    expect(t).toBeGreaterThanOrEqual(first + 15 * SEC);
    expect(t).toBeLessThanOrEqual(first + 15 * SEC + masterDownInterval(100, SEC, 2));
    expect(logText(m)).toContain('(VI_1) start preempt delay (15.000000)');
  });

  it('an advert with the wrong password is logged and ignored: both become MASTER', () => {
    const seg = new Segment();
    const m = seg.add('node01', '192.168.150.11', { wantState: 'MASTER', basePriority: 100 });
    const b = seg.add('node04', '192.168.150.14', { basePriority: 50, authPass: '2222' });
    seg.start(m, b);
    seg.runUntil(10);
    expect(b.log.find((l) => l.includes('passwd'))).toBe('3.609425 (VI_1) received an invalid passwd!');
    expect([m.inst.state, b.inst.state]).toEqual(['MASTER', 'MASTER']);
    expect(seg.masterAt(b)).toEqual([masterDownInterval(50, SEC, 2)]);
  });

  it('an advert with another advert_int is dropped with its message', () => {
    const seg = new Segment();
    const m = seg.add('node01', '192.168.150.11', { wantState: 'MASTER', basePriority: 100, adverInt: 2 * SEC });
    const b = seg.add('node04', '192.168.150.14', { basePriority: 50 });
    seg.start(m, b);
    seg.runUntil(8);
    expect(logText(b)).toContain("(VI_1) advertisement interval mismatch mine=1 sec rcv'd=2 sec");
    expect(b.inst.state).toBe('MASTER');
  });
});

describe('FAULT: the interface goes down and up', () => {
  it('MASTER → FAULT gives up the VIP; the backup takes over after its down interval; link up → BACKUP then MASTER again', () => {
    const seg = new Segment();
    const m = seg.add('node01', '192.168.150.11', { wantState: 'MASTER', basePriority: 100 });
    const b = seg.add('node04', '192.168.150.14', { basePriority: 50 });
    seg.start(m, b);
    seg.runUntil(10);
    seg.linkDown(m);
    expect(m.inst.state).toBe('FAULT');
    expect(m.vip).toBe(false);
    expect(logText(m).slice(-3)).toEqual(['(VI_1) Entering FAULT STATE', '(VI_1) sent 0 priority', '(VI_1) removing VIPs.']);
    seg.runUntil(20);
    // The last advert heard was at 9.609375 (+latency).
    expect(seg.masterAt(b)).toEqual([9_609_375 + LATENCY + masterDownInterval(50, SEC, 2)]);
    seg.linkUp(m);
    expect(m.inst.state).toBe('BACKUP');
    expect(logText(m).at(-1)).toBe('(VI_1) Entering BACKUP STATE');
    seg.runUntil(30);
    expect(seg.masterAt(m)).toEqual([masterDownInterval(100, SEC, 2), 20 * SEC + masterDownInterval(100, SEC, 2)]);
    expect([m.vip, b.vip]).toEqual([true, false]);
  });

  it('a BACKUP whose link goes down goes to FAULT and never becomes MASTER', () => {
    const seg = new Segment();
    const m = seg.add('node01', '192.168.150.11', { wantState: 'MASTER', basePriority: 100 });
    const b = seg.add('node04', '192.168.150.14', { basePriority: 50 });
    seg.start(m, b);
    seg.runUntil(10);
    seg.linkDown(b);
    seg.runUntil(30);
    expect(b.inst.state).toBe('FAULT');
    expect(logText(b).at(-1)).toBe('(VI_1) Entering FAULT STATE');
    expect(seg.masterAt(b)).toEqual([]);
  });
});

describe('vrrp_strict without accept', () => {
  it('DROP rules are added while MASTER and removed when it leaves', () => {
    const seg = new Segment();
    const m = seg.add('node01', '192.168.150.11', { basePriority: 100, strict: true, accept: false, authType: 0, authPass: '' });
    seg.start(m);
    seg.runUntil(5);
    expect(m.dropRules).toBe(true);
    expect(logText(m)).toContain('(VI_1) setting firewall drop rule');
    m.inst.shutdown();
    expect(m.dropRules).toBe(false);
  });
});

it('the harness decodes what the instance sends', () => {
  const seg = new Segment();
  const a = seg.add('node01', '192.168.150.11', { basePriority: 100 });
  const pkt = buildAdvertPacket({ vrid: 51, priority: 100, vips: [VIP.ip], adverInt: 1, authType: 1, authPass: '1111', src: a.ip, dst: parseIpv4('224.0.0.18')!, ipId: 1 });
  const r = readAdvert(pkt)!;
  expect([formatIpv4(r.src), formatIpv4(r.dst), r.ttl, r.vrid, r.priority, r.checksumOk, r.vips.map(formatIpv4)]).toEqual(['192.168.150.11', '224.0.0.18', 255, 51, 100, true, ['192.168.150.100']]);
  // IP header: TOS 0xc0 (internetwork control), no DF, protocol 112, 40 bytes in all.
  expect([pkt[1], pkt[6], pkt[9], pkt.length]).toEqual([0xc0, 0x00, 112, 40]);
});
