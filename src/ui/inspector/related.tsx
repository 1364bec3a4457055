/**
 * What a table row is about, lit up on the canvas while the row is hovered:
 * an ARP entry's neighbour, the cable a route leaves by, an IPVS connection's
 * client and real server. The canvas is not touched: a <style> element adds
 * the highlight to the nodes' and cables' test-id'd elements.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';
import { Lookup } from './pure';

export { Lookup };

export interface Related {
  nodes: string[];
  links: string[];
}

export const useRelated = create<{ related: Related | null }>()(() => ({ related: null }));

export const setRelated = (r: Related | null): void => useRelated.setState({ related: r && (r.nodes.length || r.links.length) ? r : null });

/** Hover handlers for an element about `r`. */
export function relatedProps(r: Related | undefined): { onMouseEnter?: () => void; onMouseLeave?: () => void } {
  if (!r || (!r.nodes.length && !r.links.length)) return {};
  return { onMouseEnter: () => setRelated(r), onMouseLeave: () => setRelated(null) };
}

const cssId = (s: string): string => s.replace(/["\\]/g, '\\$&');

export function useLookup(): Lookup {
  const snapshots = useLab((s) => s.snapshots);
  const doc = useSession((s) => s.doc);
  return useMemo(() => new Lookup(snapshots, doc), [snapshots, doc]);
}

export const related = (nodes: string[], links: string[] = []): Related => ({ nodes: [...new Set(nodes)], links: [...new Set(links)] });

/** The canvas highlight of the hovered row's nodes and cables. */
export function RelatedHighlight() {
  const r = useRelated((s) => s.related);
  if (!r) return null;
  const nodes = r.nodes.map((n) => `[data-testid="node-${cssId(n)}"]`);
  const links = r.links.map((l) => `[data-testid="cable-${cssId(l)}"] .cable-line`);
  const css = [
    nodes.length ? `${nodes.join(',')}{box-shadow:0 0 0 3px var(--related),0 0 14px 2px var(--related-glow);}` : '',
    links.length ? `${links.join(',')}{stroke:var(--related);stroke-width:5px;}` : '',
  ].join('');
  return (
    <>
      <style>{css}</style>
      <span hidden data-testid="canvas-related" data-nodes={r.nodes.join(' ')} data-links={r.links.join(' ')} />
    </>
  );
}
