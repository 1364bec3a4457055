/**
 * A tidy layout for documents without positions (and the "Tidy" button):
 * each connected group is laid out in columns by distance from its busiest
 * node (usually the switch); when the hub has three or more neighbours the
 * first one (the client, in the course's labs) goes to its left, the rest to
 * its right. Deterministic: the same document gives the same picture.
 */
import type { ScenarioDocV1 } from '../../engine/scenario/types';

export const COLUMN_GAP = 280;
export const ROW_GAP = 170;

export type Positions = Record<string, { x: number; y: number }>;

export function tidyLayout(doc: ScenarioDocV1): Positions {
  const ids = doc.nodes.map((n) => n.id);
  const order = new Map(ids.map((id, i) => [id, i]));
  const adj = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const l of doc.links) {
    if (!adj.has(l.a.node) || !adj.has(l.b.node)) continue;
    adj.get(l.a.node)!.push(l.b.node);
    adj.get(l.b.node)!.push(l.a.node);
  }
  for (const list of adj.values()) list.sort((a, b) => order.get(a)! - order.get(b)!);
  const out: Positions = {};
  const seen = new Set<string>();
  let top = 0;
  for (const start of ids) {
    if (seen.has(start)) continue;
    // The component and its busiest node.
    const comp: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const n = stack.pop()!;
      comp.push(n);
      for (const m of adj.get(n)!) if (!seen.has(m)) (seen.add(m), stack.push(m));
    }
    comp.sort((a, b) => order.get(a)! - order.get(b)!);
    const root = comp.reduce((best, n) => (adj.get(n)!.length > adj.get(best)!.length ? n : best), comp[0]);
    // Columns: BFS from the root; the first neighbour's branch goes left when the hub is busy.
    const col = new Map<string, number>([[root, 0]]);
    const parent = new Map<string, string>();
    const rootNbrs = adj.get(root)!;
    const leftBranch = rootNbrs.length >= 3 ? rootNbrs[0] : undefined;
    const queue = [root];
    while (queue.length) {
      const n = queue.shift()!;
      for (const m of adj.get(n)!) {
        if (col.has(m)) continue;
        const dir = n === root ? (m === leftBranch ? -1 : 1) : Math.sign(col.get(n)!) || 1;
        col.set(m, col.get(n)! + dir);
        parent.set(m, n);
        queue.push(m);
      }
    }
    // Rows: within a column, in order of their parent's row, then document order.
    const byCol = new Map<number, string[]>();
    for (const n of comp) {
      const c = col.get(n)!;
      byCol.set(c, [...(byCol.get(c) ?? []), n]);
    }
    const row = new Map<string, number>();
    const cols = [...byCol.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
    let height = 1;
    for (const c of cols) height = Math.max(height, byCol.get(c)!.length);
    for (const c of cols) {
      const members = byCol.get(c)!;
      members.sort((a, b) => (row.get(parent.get(a) ?? '') ?? 0) - (row.get(parent.get(b) ?? '') ?? 0) || order.get(a)! - order.get(b)!);
      const offset = (height - members.length) / 2;
      members.forEach((n, i) => row.set(n, offset + i));
    }
    const minCol = Math.min(...cols);
    for (const n of comp) out[n] = { x: (col.get(n)! - minCol) * COLUMN_GAP, y: top + row.get(n)! * ROW_GAP };
    top += height * ROW_GAP + ROW_GAP / 2;
  }
  return out;
}
