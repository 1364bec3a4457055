import { describe, expect, it } from 'vitest';
import { Lab } from '../engine/lab';
import { loadScenario } from '../engine/scenario';
import type { IpStack } from '../engine/net/ip/stack';
import { parseIpv4 } from '../engine/wire/addr';
import { buildIcmp, ICMP_TYPE } from '../engine/wire/icmp';
import { IP_PROTOCOL } from '../engine/wire/ipv4';
import { twoHosts } from '../presets/two-hosts';
import { HOP_WALL_MS, IDLE_WALL_MS, Pacer, Slice } from './pacer';

function setup() {
  const res = loadScenario(twoHosts);
  if (!res.ok) throw new Error('preset invalid');
  const lab = new Lab(res.scenario);
  const pacer = new Pacer(lab.world.sim);
  lab.world.trace.listen({ packet: (p) => p.type === 'hop' && pacer.hop(p.t, p.arrive) });
  let wall = 0;
  const slice = () => new Slice(() => wall, 8, 1_000_000);
  const echo = () =>
    (lab.host('node01')!.stack as IpStack).sendIp({
      proto: IP_PROTOCOL.ICMP,
      dst: parseIpv4('192.168.150.12')!,
      payload: buildIcmp({ type: ICMP_TYPE.ECHO_REQUEST, identifier: 1, sequence: 1, data: new Uint8Array(8) }),
    });
  const hops = () => lab.world.trace.packets.filter((p) => p.type === 'hop').length;
  return { lab, pacer, slice, echo, hops, tick: (ms: number) => (wall += ms) };
}

describe('Pacer', () => {
  it('runs an empty world at speed × wall time', () => {
    const { pacer, slice, lab } = setup();
    pacer.advance(1000, slice());
    expect(pacer.v).toBe(1_000_000);
    expect(lab.world.now).toBe(1_000_000);
    pacer.speed = 0.5;
    pacer.advance(1000, slice());
    expect(pacer.v).toBe(1_500_000);
  });

  it('slows a 100 µs hop to HOP_WALL_MS of wall time at 1× and to 100× that in slow motion', () => {
    const { pacer, slice, echo, lab } = setup();
    echo(); // an ARP request is on the cable now
    expect(pacer.framesInFlight).toBe(1);
    expect(pacer.rate()).toBeCloseTo(100 / HOP_WALL_MS);
    pacer.advance(HOP_WALL_MS / 2, slice());
    expect(pacer.v).toBeCloseTo(50);
    expect(lab.world.trace.packets.length).toBe(1); // still crawling
    pacer.advance(HOP_WALL_MS / 2, slice());
    expect(pacer.v).toBeCloseTo(100);
    // The reply left node02 at the arrival instant: a second hop crawls at the same pace.
    expect(lab.world.trace.packets.filter((p) => p.type === 'hop').length).toBe(2);
    pacer.speed = 0.01;
    expect(pacer.rate()).toBeCloseTo((0.01 * 100) / HOP_WALL_MS);
  });

  it('skips idle gaps in at most IDLE_WALL_MS but passes every timer at its real time', () => {
    const { pacer, slice, lab } = setup();
    const ran: number[] = [];
    lab.world.sim.at(10_000_000, () => ran.push(lab.world.now));
    lab.world.sim.at(10_500_000, () => ran.push(lab.world.now));
    pacer.advance(IDLE_WALL_MS, slice());
    expect(ran).toEqual([10_000_000]);
    expect(pacer.v).toBe(10_000_000);
    expect(pacer.takeSkipped()).toBeCloseTo(10_000_000 - IDLE_WALL_MS * 1000);
    // 0.5 s at 1× would take 500 ms: skipped in IDLE_WALL_MS too.
    pacer.advance(IDLE_WALL_MS, slice());
    expect(ran).toEqual([10_000_000, 10_500_000]);
    // Nothing left: honest time again.
    pacer.advance(100, slice());
    expect(pacer.v).toBe(10_600_000);
    expect(pacer.takeSkipped()).toBeCloseTo(500_000 - IDLE_WALL_MS * 1000);
  });

  it('does not skip when skipping is off, or when the gap is short', () => {
    const { pacer, slice, lab } = setup();
    lab.world.sim.at(10_000_000, () => {});
    pacer.skipIdle = false;
    pacer.advance(IDLE_WALL_MS, slice());
    expect(pacer.v).toBe(IDLE_WALL_MS * 1000);
    pacer.skipIdle = true;
    lab.world.sim.at(pacer.v + 100_000, () => {});
    pacer.advance(50, slice());
    expect(pacer.v).toBe(IDLE_WALL_MS * 1000 + 50_000);
    expect(pacer.takeSkipped()).toBe(0);
  });

  it('works in slices: a burst of events never runs in one go', () => {
    const { pacer, lab } = setup();
    let n = 0;
    for (let i = 0; i < 50_000; i++) lab.world.sim.at(10, () => n++);
    const r = pacer.advance(1000, new Slice(() => 0, 8, 10_000));
    expect(r).toBe('sliced');
    expect(n).toBe(10_000);
    // The clock waits at the burst until it is done.
    expect(pacer.v).toBe(10);
    while (pacer.advance(1000, new Slice(() => 0, 8, 10_000)) === 'sliced');
    expect(n).toBe(50_000);
  });

  it('seeks the next hop, and reports an empty queue', () => {
    const { pacer, slice, lab, hops } = setup();
    expect(pacer.seekHop(hops, slice())).toBe('empty');
    lab.world.sim.at(2_000_000, () => {
      (lab.host('node02')!.stack as IpStack).sendIp({
        proto: IP_PROTOCOL.ICMP,
        dst: parseIpv4('192.168.150.11')!,
        payload: buildIcmp({ type: ICMP_TYPE.ECHO_REQUEST, identifier: 1, sequence: 1, data: new Uint8Array(8) }),
      });
    });
    expect(pacer.seekHop(hops, slice())).toBe('found');
    expect(pacer.v).toBe(2_000_000);
    expect(pacer.earliestArrival()).toBe(2_000_100);
  });

  it('jumps straight to a time (the test hook)', () => {
    const { pacer, slice, echo, lab } = setup();
    echo();
    expect(pacer.jump(1_000_000, slice())).toBe('done');
    expect(pacer.v).toBe(1_000_000);
    expect(lab.world.trace.packets.filter((p) => p.type === 'hop').length).toBe(4);
    expect(pacer.framesInFlight).toBe(0);
  });
});
