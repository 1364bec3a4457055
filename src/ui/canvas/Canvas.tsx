import {
  Background,
  ConnectionMode,
  ControlButton,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type IsValidConnection,
  type OnBeforeDelete,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type DragEvent, type MouseEvent } from 'react';
import type { NodeKind } from '../../engine/scenario/types';
import { engine } from '../engine/client';
import { useT } from '../i18n';
import { selectPacket, useSelection } from '../state/selection';
import { useSession } from '../state/session';
import { useEmbed } from '../embed/config';
import { openTerminal, showTerminalIfOpen } from '../state/terminal';
import { CableEdgeView } from './CableEdge';
import { ContextMenu, openMenu } from './ContextMenu';
import { HostNode } from './HostNode';
import { Legend } from './Legend';
import { PacketLayer } from './PacketLayer';
import { useEditShortcuts } from './shortcuts';
import { moveSink, NEW_IFACE, onEdgesChange, onNodesChange, syncFromDoc, useCanvas, type CableEdge, type LabNode } from './store';
import { SwitchNode } from './SwitchNode';

// Module scope, as xyflow asks: new objects here would remount every node.
const nodeTypes = { host: HostNode, switch: SwitchNode };
const edgeTypes = { cable: CableEdgeView };
const DELETE_KEYS = ['Delete', 'Backspace'];
/** Room for the hint and notices above, the legend and minimap below. */
export const FIT = { padding: { top: '60px', bottom: '48px', left: '24px', right: '24px' }, maxZoom: 1.2 } as const;
export const DRAG_MIME = 'application/x-lvslab-node';

const endOf = (node: string, handle: string | null) => ({ node, iface: handle === NEW_IFACE || handle === null ? null : handle });

function isCabled(node: string, iface: string | null): boolean {
  if (iface === null || iface === NEW_IFACE) return false;
  return !!useSession.getState().doc?.links.some((l) => (l.a.node === node && l.a.iface === iface) || (l.b.node === node && l.b.iface === iface));
}

const isValidConnection: IsValidConnection<CableEdge> = (c) =>
  c.source !== c.target && !isCabled(c.source, c.sourceHandle ?? null) && !isCabled(c.target, c.targetHandle ?? null);

function onConnect(c: Connection): void {
  engine.edit({ op: 'connect', a: endOf(c.source, c.sourceHandle), b: endOf(c.target, c.targetHandle) });
}

/** Save moved nodes (drag or arrow keys) as one `move` edit, skipping those that did not really move. */
moveSink.save = (moves) => {
  const doc = useSession.getState().doc;
  const positions = Object.fromEntries(
    Object.entries(moves).filter(([id, p]) => {
      const d = doc?.nodes.find((x) => x.id === id);
      return !!d && (!d.position || Math.round(d.position.x) !== Math.round(p.x) || Math.round(d.position.y) !== Math.round(p.y));
    }),
  );
  if (Object.keys(positions).length) engine.edit({ op: 'move', positions });
};

/** Deleting goes through the document (so it can be undone): xyflow itself deletes nothing. */
const onBeforeDelete: OnBeforeDelete<LabNode, CableEdge> = async ({ nodes, edges }) => {
  if (nodes.length || edges.length) engine.edit({ op: 'remove', nodes: nodes.map((n) => n.id), links: edges.map((e) => e.id) });
  return false;
};

function onSelectionChange({ nodes, edges }: OnSelectionChangeParams<LabNode, CableEdge>): void {
  const ids = nodes.map((n) => n.id);
  const prev = useSelection.getState();
  if (prev.nodes.join() === ids.join() && prev.links.join() === edges.map((e) => e.id).join()) return;
  useSelection.setState({ nodes: ids, links: edges.map((e) => e.id) });
  if (ids.length || edges.length) selectPacket(null);
  const host = nodes.find((n) => n.type === 'host');
  if (host) showTerminalIfOpen(host.id);
}

const onEdgeContextMenu = (e: MouseEvent, edge: Edge) => {
  e.preventDefault();
  openMenu({ kind: 'link', id: edge.id }, e.clientX, e.clientY);
};
const onNodeContextMenu = (e: MouseEvent, node: LabNode) => {
  e.preventDefault();
  openMenu({ kind: 'node', id: node.id }, e.clientX, e.clientY);
};
const onPaneClick = () => selectPacket(null);
/** Double-clicking a Linux host or router opens its terminal. */
const onNodeDoubleClick = (_e: MouseEvent, node: LabNode) => {
  if (node.type === 'host') openTerminal(node.id);
};

export function Canvas() {
  const nodes = useCanvas((s) => s.nodes);
  const edges = useCanvas((s) => s.edges);
  const doc = useSession((s) => s.doc);
  const loadEpoch = useSession((s) => s.loadEpoch);
  const rf = useReactFlow<LabNode, CableEdge>();
  // An embed with readonly=1: no topology edits (the engine client drops them too).
  const locked = useEmbed((s) => s.config.embed && s.config.readonly);
  // The overview map covers a corner of a small canvas: shown by default only on wide screens.
  const [map, setMap] = useState(() => window.innerWidth >= 1500);
  const t = useT();
  // xyflow's own screen-reader texts, in the interface language.
  const ariaLabelConfig = useMemo(
    () => ({
      'node.a11yDescription.default': t('canvas.nodeHelp'),
      'node.a11yDescription.keyboardDisabled': t('canvas.nodeHelpKeys'),
      'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }: { direction: string; x: number; y: number }) => t('canvas.nodeMoved', { direction, x, y }),
      'edge.a11yDescription.default': t('canvas.edgeHelp'),
      'controls.ariaLabel': t('canvas.zoom'),
      'controls.zoomIn.ariaLabel': t('canvas.zoomIn'),
      'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
      'controls.fitView.ariaLabel': t('canvas.fitView'),
      'minimap.ariaLabel': t('canvas.overview'),
      'handle.ariaLabel': t('canvas.handle'),
    }),
    [t],
  );
  useEditShortcuts();

  useEffect(() => {
    if (doc) syncFromDoc(doc);
  }, [doc]);

  useEffect(() => {
    if (!loadEpoch) return;
    // Fit once the new nodes have been measured.
    const id = setTimeout(() => void rf.fitView(FIT), 60);
    return () => clearTimeout(id);
  }, [loadEpoch, rf]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DRAG_MIME) as NodeKind;
      if (!kind) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      engine.edit({ op: 'add-node', kind, position: { x: p.x - 90, y: p.y - 30 } });
    },
    [rf],
  );

  return (
    <div className="canvas" data-testid="canvas" data-count={nodes.length} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<LabNode, CableEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onBeforeDelete={onBeforeDelete}
        onSelectionChange={onSelectionChange}
        onEdgeContextMenu={onEdgeContextMenu}
        onNodeContextMenu={onNodeContextMenu}
        onNodeDoubleClick={onNodeDoubleClick}
        onPaneClick={onPaneClick}
        ariaLabelConfig={ariaLabelConfig}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={locked ? null : DELETE_KEYS}
        nodesDraggable={!locked}
        nodesConnectable={!locked}
        zoomOnDoubleClick={false}
        connectionRadius={28}
        minZoom={0.2}
        maxZoom={2.5}
        fitView
        fitViewOptions={FIT}
      >
        <Background gap={24} size={1.2} color="var(--grid)" />
        <Controls position="top-right" aria-label={t('canvas.zoom')} showInteractive={false}>
          <ControlButton onClick={() => setMap((m) => !m)} title={map ? t('canvas.mapHide') : t('canvas.mapShow')} aria-label={map ? t('canvas.mapHide') : t('canvas.mapShow')} aria-pressed={map} data-testid="minimap-toggle">
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M1.5 3.5 6 2l4 1.5 4.5-1.5v10.5L10 14l-4-1.5-4.5 1.5z M6 2v10.5 M10 3.5V14" fill="none" stroke="currentColor" strokeWidth="1.2" />
            </svg>
          </ControlButton>
        </Controls>
        {map && (
          <MiniMap position="bottom-right" pannable zoomable ariaLabel={t('canvas.overview')} nodeStrokeWidth={2} nodeColor="#c9d1dd" maskColor="rgb(244 246 249 / 0.7)" className="minimap" style={{ width: 140, height: 88 }} />
        )}
        <Panel position="bottom-left">
          <Legend />
        </Panel>
      </ReactFlow>
      <PacketLayer />
      <ContextMenu />
    </div>
  );
}
