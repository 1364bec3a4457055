/**
 * The canvas's nodes and edges for @xyflow/react, derived from the scenario
 * document. Node data is empty and serialisable: each node component selects
 * its own document entry and snapshot by id.
 */
import { applyEdgeChanges, applyNodeChanges, type Edge, type EdgeChange, type Node, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import { parallelOffsets } from './geometry';
import { tidyLayout } from './layout';

export type LabNodeType = 'host' | 'switch';
export type LabNode = Node<Record<string, never>, LabNodeType>;
export type CableEdge = Edge<{ offset: number }, 'cable'>;

/** Handle id of the "+" port that creates a new interface. */
export const NEW_IFACE = '__new__';

interface CanvasState {
  nodes: LabNode[];
  edges: CableEdge[];
}

export const useCanvas = create<CanvasState>()(() => ({ nodes: [], edges: [] }));

/** Positions moved and not yet saved: a drag that ended, or arrow-key moves (merged). */
let pendingMoves: Record<string, { x: number; y: number }> = {};
let moveTimer: ReturnType<typeof setTimeout> | null = null;
const MOVE_MERGE_MS = 250;

/** Where moved nodes go: set by the canvas (it sends a `move` edit). */
export const moveSink = { save: (_positions: Record<string, { x: number; y: number }>) => {} };

export function onNodesChange(changes: NodeChange<LabNode>[]): void {
  useCanvas.setState((s) => ({ nodes: applyNodeChanges(changes, s.nodes) }));
  // A move is saved to the document once it is over: at the end of a drag (dragging: false),
  // or for arrow keys, a moment after the last press — one undo step either way.
  let any = false;
  for (const c of changes) {
    if (c.type === 'position' && c.position && !c.dragging) {
      pendingMoves[c.id] = { x: c.position.x, y: c.position.y };
      any = true;
    }
  }
  if (!any) return;
  if (moveTimer) clearTimeout(moveTimer);
  moveTimer = setTimeout(() => {
    const moves = pendingMoves;
    pendingMoves = {};
    moveTimer = null;
    moveSink.save(moves);
  }, MOVE_MERGE_MS);
}

export function onEdgesChange(changes: EdgeChange<CableEdge>[]): void {
  useCanvas.setState((s) => ({ edges: applyEdgeChanges(changes, s.edges) }));
}

/** Rebuild nodes and edges from a new document, keeping what xyflow measured and what is selected. */
export function syncFromDoc(doc: ScenarioDocV1): void {
  const missing = doc.nodes.some((n) => !n.position);
  const tidy = missing ? tidyLayout(doc) : {};
  const prev = useCanvas.getState();
  const prevNodes = new Map(prev.nodes.map((n) => [n.id, n]));
  const nodes: LabNode[] = doc.nodes.map((n) => {
    const position = n.position ?? tidy[n.id] ?? { x: 0, y: 0 };
    const type: LabNodeType = n.kind === 'switch' ? 'switch' : 'host';
    const old = prevNodes.get(n.id);
    if (old && old.type === type && old.position.x === position.x && old.position.y === position.y) return old;
    return old ? { ...old, type, position } : { id: n.id, type, position, data: {} };
  });
  const prevEdges = new Map(prev.edges.map((e) => [e.id, e]));
  const offsets = parallelOffsets(doc.links.map((l) => ({ id: l.id!, a: l.a.node, b: l.b.node })));
  const edges: CableEdge[] = doc.links.map((l) => {
    const id = l.id!;
    const old = prevEdges.get(id);
    const offset = offsets.get(id) ?? 0;
    if (old && old.source === l.a.node && old.sourceHandle === l.a.iface && old.target === l.b.node && old.targetHandle === l.b.iface && old.data?.offset === offset) return old;
    return {
      id,
      type: 'cable',
      source: l.a.node,
      sourceHandle: l.a.iface,
      target: l.b.node,
      targetHandle: l.b.iface,
      data: { offset },
      ...(old?.selected ? { selected: true } : {}),
    };
  });
  useCanvas.setState({ nodes, edges });
}
