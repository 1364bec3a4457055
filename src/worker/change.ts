/**
 * What a document change means for the running simulation: labels and
 * positions are cosmetic, a cable's up/down can be applied to the live world,
 * anything else needs a rebuild from t = 0.
 */
import type { ScenarioDocV1 } from '../engine/scenario/types';
import type { ChangeEffect } from './protocol';
import { linkIdOf } from './edits';

/** JSON with sorted keys, so equal documents compare equal whatever their key order. */
export function stableJson(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The document without what the running world does not depend on. */
function engineView(doc: ScenarioDocV1): unknown {
  return {
    ...doc,
    title: undefined,
    description: undefined,
    nodes: doc.nodes.map((n) => ({ ...n, name: undefined, position: undefined })),
    links: doc.links.map((l) => ({ ...l, id: linkIdOf(l), up: undefined })),
  };
}

/** Cables whose up/down state differs, with the state in `next`. */
export function linkStateChanges(prev: ScenarioDocV1, next: ScenarioDocV1): Array<{ id: string; up: boolean }> {
  const before = new Map(prev.links.map((l) => [linkIdOf(l), l.up !== false]));
  const out: Array<{ id: string; up: boolean }> = [];
  for (const l of next.links) {
    const id = linkIdOf(l);
    const up = l.up !== false;
    if (before.has(id) && before.get(id) !== up) out.push({ id, up });
  }
  return out;
}

export function changeEffect(prev: ScenarioDocV1, next: ScenarioDocV1): ChangeEffect {
  if (stableJson(engineView(prev)) !== stableJson(engineView(next))) return 'restart';
  return linkStateChanges(prev, next).length > 0 ? 'live' : 'cosmetic';
}
