/** Where cables are drawn: between node borders, along the line joining the node centres. */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Gap between parallel cables joining the same two nodes, in flow pixels. */
export const PARALLEL_GAP = 14;

/** Point where the ray from the rectangle's centre towards (dx, dy) leaves it. */
function borderPoint(r: Rect, dx: number, dy: number): { x: number; y: number } {
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const sx = dx !== 0 ? r.w / 2 / Math.abs(dx) : Infinity;
  const sy = dy !== 0 ? r.h / 2 / Math.abs(dy) : Infinity;
  const s = Math.min(sx, sy);
  return { x: cx + dx * s, y: cy + dy * s };
}

/**
 * The cable between two node rectangles: from border to border along the line
 * through their centres, shifted sideways by `offset` gaps for parallel cables.
 */
export function cableSegment(a: Rect, b: Rect, offset = 0): Segment {
  const ax = a.x + a.w / 2;
  const ay = a.y + a.h / 2;
  const bx = b.x + b.w / 2;
  const by = b.y + b.h / 2;
  let dx = bx - ax;
  let dy = by - ay;
  const len = Math.hypot(dx, dy) || 1;
  const nx = -dy / len;
  const ny = dx / len;
  const shift = offset * PARALLEL_GAP;
  const a2: Rect = { ...a, x: a.x + nx * shift, y: a.y + ny * shift };
  const b2: Rect = { ...b, x: b.x + nx * shift, y: b.y + ny * shift };
  if (dx === 0 && dy === 0) dx = 1;
  const p = borderPoint(a2, dx, dy);
  const q = borderPoint(b2, -dx, -dy);
  return { x1: p.x, y1: p.y, x2: q.x, y2: q.y };
}

/** The point a fraction `f` along a segment. */
export const along = (s: Segment, f: number): { x: number; y: number } => ({ x: s.x1 + (s.x2 - s.x1) * f, y: s.y1 + (s.y2 - s.y1) * f });

/** Offsets for cables that join the same pair of nodes: 0 alone; −0.5, 0.5 for two; −1, 0, 1 for three. */
export function parallelOffsets(links: Array<{ id: string; a: string; b: string }>): Map<string, number> {
  const groups = new Map<string, string[]>();
  for (const l of links) {
    const key = l.a < l.b ? `${l.a}\u0000${l.b}` : `${l.b}\u0000${l.a}`;
    const g = groups.get(key) ?? [];
    g.push(l.id);
    groups.set(key, g);
  }
  const out = new Map<string, number>();
  for (const [key, ids] of groups) {
    const first = key.split('\u0000')[0];
    ids.forEach((id, i) => {
      const l = links.find((x) => x.id === id)!;
      // Offsets are measured in the direction a→b of the sorted pair, so flip for reversed cables.
      const o = i - (ids.length - 1) / 2;
      out.set(id, l.a === first ? o : -o);
    });
  }
  return out;
}
