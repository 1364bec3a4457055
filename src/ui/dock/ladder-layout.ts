/**
 * Where a ladder diagram's parts go: one column per host, one row per arrow in
 * time order (time goes down, spaced by order, not to scale), with a visible
 * gap where the clock jumped (a timer, the next command). Pure, for tests.
 */
import type { LadderArrow } from '../../engine/view/ladder';

export interface LadderGeometry {
  /** Left margin for the times. */
  gutter: number;
  minCol: number;
  row: number;
  /** Extra space (and a marker) when consecutive arrows are this far apart in virtual time. */
  gapUs: number;
  gapRow: number;
  /** Average width of a label character (monospace). */
  charW: number;
}

export const LADDER_GEOMETRY: LadderGeometry = { gutter: 64, minCol: 140, row: 30, gapUs: 500_000, gapRow: 18, charW: 6.6 };

export interface LaidArrow<A extends LadderArrow = LadderArrow> {
  a: A;
  y: number;
  x1: number;
  x2: number;
  /** The label shortened to fit around its arrow (the full one goes in the tooltip). */
  label: string;
}

export interface LadderLayout<A extends LadderArrow = LadderArrow> {
  columns: Array<{ name: string; x: number }>;
  arrows: Array<LaidArrow<A>>;
  /** Quiet stretches: where they are drawn and how long they lasted (µs). */
  gaps: Array<{ y: number; us: number }>;
  width: number;
  height: number;
  colW: number;
}

export function fitLabel(label: string, px: number, charW: number): string {
  const max = Math.max(4, Math.floor(px / charW));
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

export function layoutLadder<A extends LadderArrow>(columns: readonly string[], arrows: readonly A[], width: number, g: LadderGeometry = LADDER_GEOMETRY): LadderLayout<A> {
  const n = Math.max(1, columns.length);
  const colW = Math.max(g.minCol, (width - g.gutter - 8) / n);
  const x = new Map(columns.map((c, i) => [c, g.gutter + colW * (i + 0.5)]));
  const out: Array<LaidArrow<A>> = [];
  const gaps: Array<{ y: number; us: number }> = [];
  let y = g.row * 0.7;
  let prev: number | undefined;
  for (const a of arrows) {
    if (prev !== undefined && a.tSend - prev >= g.gapUs) {
      gaps.push({ y: y - g.row * 0.25, us: a.tSend - prev });
      y += g.gapRow;
    }
    prev = a.tSend;
    const x1 = x.get(a.from) ?? g.gutter;
    // A frame that reached no host: a short arrow the way it was going, ending in ✕.
    const x2 = a.to !== null ? (x.get(a.to) ?? x1) : x1 + (a.dir === 1 ? -1 : 1) * colW * 0.45;
    out.push({ a, y, x1, x2, label: fitLabel(a.label, Math.abs(x2 - x1) + colW * 0.9, g.charW) });
    y += g.row;
  }
  return { columns: columns.map((name) => ({ name, x: x.get(name)! })), arrows: out, gaps, width: g.gutter + colW * n + 8, height: y, colW };
}
