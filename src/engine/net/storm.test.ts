import { describe, expect, it } from 'vitest';
import { transcript } from '../../test-support/transcript';
import type { ScenarioDocV1 } from '../scenario/types';

/** Two switches joined by two cables: a switching loop (no spanning tree in lvslab). */
const loop: ScenarioDocV1 = {
  lvslab: 1,
  nodes: [
    { id: 'a', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }] },
    { id: 'b', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['10.0.0.2/24'] }] },
    { id: 'sw1', kind: 'switch', interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] },
    { id: 'sw2', kind: 'switch', interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] },
  ],
  links: [
    { a: { node: 'a', iface: 'eth0' }, b: { node: 'sw1', iface: 'p1' } },
    { a: { node: 'b', iface: 'eth0' }, b: { node: 'sw2', iface: 'p1' } },
    { a: { node: 'sw1', iface: 'p2' }, b: { node: 'sw2', iface: 'p2' } },
    { a: { node: 'sw1', iface: 'p3' }, b: { node: 'sw2', iface: 'p3' } },
  ],
};

describe('a switching loop', () => {
  it('is detected as a broadcast storm and stopped, instead of hanging the engine', () => {
    const { text, lab } = transcript(loop, '1 a ping -c 1 -W 1 10.0.0.9', { until: 5 });
    expect(lab.world.storm).toMatch(/^switching loop: a broadcast was flooded 64 times/);
    expect(lab.world.trace.states.some((s) => s.kind === 'world.storm')).toBe(true);
    // The engine stopped forwarding: the run ended, and the command still got its answer.
    expect(text).toContain('1 packets transmitted, 0 received');
    const drops = lab.world.trace.packets.filter((p) => p.type === 'drop' && p.reason.startsWith('storm'));
    expect(drops.length).toBeGreaterThan(0);
  });
});
