import { describe, expect, it } from 'vitest';
import type { LadderArrow } from '../../engine/view/ladder';
import { fitLabel, LADDER_GEOMETRY as G, layoutLadder } from './ladder-layout';

const arrow = (from: string, to: string | null, tSend: number, label: string, extra: Partial<LadderArrow> = {}): LadderArrow => ({
  from,
  to,
  tSend,
  tArrive: tSend + 200,
  label,
  kind: 'tcp',
  pid: 1,
  hops: [],
  via: [],
  ...extra,
});

describe('layoutLadder', () => {
  it('puts hosts in columns and arrows in rows, time going down; a long quiet stretch opens a gap', () => {
    const l = layoutLadder(
      ['client', 'node01', 'node02'],
      [arrow('client', 'node01', 1_000_000, 'SYN seq=0'), arrow('node01', 'node02', 1_000_200, 'SYN seq=0'), arrow('node02', 'client', 1_000_400, 'SYN-ACK seq=0 ack=1'), arrow('client', 'node01', 3_000_000, 'FIN-ACK seq=80 ack=326')],
      G.gutter + 3 * 300 + 8,
    );
    expect(l.colW).toBe(300);
    expect(l.columns.map((c) => c.x)).toEqual([G.gutter + 150, G.gutter + 450, G.gutter + 750]);
    const ys = l.arrows.map((a) => a.y);
    expect(ys[1] - ys[0]).toBe(G.row);
    expect(ys[2] - ys[1]).toBe(G.row);
    expect(ys[3] - ys[2]).toBe(G.row + G.gapRow);
    expect(l.gaps).toEqual([{ y: ys[2] + G.row * 0.75, us: 1_999_600 }]);
    // Right to left: the reply goes from the real server back to the client.
    expect(l.arrows[2].x1).toBeGreaterThan(l.arrows[2].x2);
    expect(l.height).toBe(ys[3] + G.row);
  });

  it('columns never get narrower than the minimum (the panel scrolls sideways instead)', () => {
    const l = layoutLadder(['a', 'b', 'c', 'd'], [], 300);
    expect(l.colW).toBe(G.minCol);
    expect(l.width).toBe(G.gutter + 4 * G.minCol + 8);
  });

  it('a frame that reached nobody is a short arrow the way it went', () => {
    const l = layoutLadder(['client', 'node01'], [arrow('node01', null, 0, 'SYN seq=0', { dir: 1, dropped: 'no route' })], 1000);
    const [a] = l.arrows;
    expect(a.x2).toBeLessThan(a.x1);
    expect(a.x1 - a.x2).toBeCloseTo(l.colW * 0.45);
  });

  it('shortens labels that do not fit, keeping the start', () => {
    expect(fitLabel('PSH-ACK seq=1:80 ack=1 len=79 "GET / HTTP/1.1"', 100, 6.6)).toBe('PSH-ACK seq=1:…');
    expect(fitLabel('SYN seq=0', 100, 6.6)).toBe('SYN seq=0');
  });
});
