import type { LinkDoc, NodeDoc } from '../../engine/scenario/types';
import { engine } from '../engine/client';
import { useSelection } from '../state/selection';
import { useSession } from '../state/session';

/** Copied nodes and the cables between them; pasting shifts each copy a little further. */
let clip: { nodes: NodeDoc[]; links: LinkDoc[] } | null = null;
let pastes = 0;

export function copySelection(): boolean {
  const doc = useSession.getState().doc;
  const ids = new Set(useSelection.getState().nodes);
  if (!doc || ids.size === 0) return false;
  clip = {
    nodes: doc.nodes.filter((n) => ids.has(n.id)),
    links: doc.links.filter((l) => ids.has(l.a.node) && ids.has(l.b.node)),
  };
  pastes = 0;
  return true;
}

export function paste(): boolean {
  if (!clip) return false;
  pastes++;
  engine.edit({ op: 'paste', nodes: clip.nodes, links: clip.links, offset: { x: 40 * pastes, y: 40 * pastes } });
  return true;
}

export function deleteSelection(): void {
  const { nodes, links } = useSelection.getState();
  if (nodes.length || links.length) engine.edit({ op: 'remove', nodes, links });
}
