import type { InternalNode } from '@xyflow/react';
import type { Rect } from './geometry';

/** A node's box in flow coordinates (before it is measured: a 180×80 guess). */
export function rectOf(n: InternalNode): Rect {
  const p = n.internals.positionAbsolute;
  return { x: p.x, y: p.y, w: n.measured.width ?? n.width ?? 180, h: n.measured.height ?? n.height ?? 80 };
}
