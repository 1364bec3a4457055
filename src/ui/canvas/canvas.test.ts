import { describe, expect, it } from 'vitest';
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import { along, cableSegment, parallelOffsets, PARALLEL_GAP } from './geometry';
import { COLUMN_GAP, ROW_GAP, tidyLayout } from './layout';

describe('cableSegment', () => {
  const a = { x: 0, y: 0, w: 100, h: 50 };
  const b = { x: 300, y: 0, w: 100, h: 50 };
  it('runs from border to border along the centre line', () => {
    expect(cableSegment(a, b)).toEqual({ x1: 100, y1: 25, x2: 300, y2: 25 });
    const c = { x: 0, y: 200, w: 100, h: 50 };
    expect(cableSegment(a, c)).toEqual({ x1: 50, y1: 50, x2: 50, y2: 200 });
  });
  it('shifts parallel cables sideways, the same line either way round', () => {
    const s = cableSegment(a, b, 1);
    expect(s.y1).toBe(25 + PARALLEL_GAP);
    const r = cableSegment(b, a, -1);
    expect([r.x2, r.y2, r.x1, r.y1]).toEqual([s.x1, s.y1, s.x2, s.y2]);
    expect(along(s, 0.5)).toEqual({ x: 200, y: 25 + PARALLEL_GAP });
  });
  it('gives offsets only to cables sharing a pair of nodes', () => {
    const o = parallelOffsets([
      { id: 'x', a: 'n1', b: 'n2' },
      { id: 'y', a: 'n2', b: 'n1' },
      { id: 'z', a: 'n1', b: 'sw' },
    ]);
    expect([o.get('x'), o.get('y'), o.get('z')]).toEqual([-0.5, -0.5, 0]);
  });
});

describe('tidyLayout', () => {
  const star: ScenarioDocV1 = {
    lvslab: 1,
    nodes: [
      { id: 'client', kind: 'host' },
      { id: 'sw', kind: 'switch' },
      { id: 'node01', kind: 'host' },
      { id: 'node02', kind: 'host' },
      { id: 'lonely', kind: 'host' },
    ],
    links: [
      { a: { node: 'client', iface: 'eth0' }, b: { node: 'sw', iface: 'p1' } },
      { a: { node: 'node01', iface: 'eth0' }, b: { node: 'sw', iface: 'p2' } },
      { a: { node: 'node02', iface: 'eth0' }, b: { node: 'sw', iface: 'p3' } },
    ],
  };
  it('puts the hub in the middle, the first neighbour left, the others right, and strays below', () => {
    const p = tidyLayout(star);
    expect(p.client.x).toBe(0);
    expect(p.sw.x).toBe(COLUMN_GAP);
    expect(p.node01.x).toBe(2 * COLUMN_GAP);
    expect(p.node02).toEqual({ x: 2 * COLUMN_GAP, y: p.node01.y + ROW_GAP });
    expect(p.client.y).toBe(p.sw.y);
    expect(p.lonely.y).toBeGreaterThan(p.node02.y);
  });
  it('is deterministic and places every node apart', () => {
    const p = tidyLayout(star);
    expect(tidyLayout(structuredClone(star))).toEqual(p);
    const spots = new Set(Object.values(p).map((q) => `${q.x},${q.y}`));
    expect(spots.size).toBe(5);
  });
});
