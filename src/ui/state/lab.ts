import { create } from 'zustand';
import type { LinkSnapshot, NodeSnapshot } from '../../engine/view/types';

interface LabState {
  /** The latest picture of each node, by id. A node's entry changes only when the node did. */
  snapshots: Record<string, NodeSnapshot>;
  links: Record<string, LinkSnapshot>;
}

export const useLab = create<LabState>()(() => ({ snapshots: {}, links: {} }));

export function resetLab(): void {
  useLab.setState({ snapshots: {}, links: {} });
}

export function applySnapshots(snaps: NodeSnapshot[], links?: LinkSnapshot[]): void {
  if (!snaps.length && !links) return;
  useLab.setState((s) => {
    const snapshots = snaps.length ? { ...s.snapshots } : s.snapshots;
    for (const n of snaps) snapshots[n.id] = n;
    return { snapshots, links: links ? Object.fromEntries(links.map((l) => [l.id, l])) : s.links };
  });
}
