import { useReactFlow } from '@xyflow/react';
import type { DragEvent } from 'react';
import type { NodeKind } from '../../engine/scenario/types';
import { DRAG_MIME } from '../canvas/Canvas';
import { engine } from '../engine/client';
import { useSession } from '../state/session';

const ITEMS: Array<{ kind: NodeKind; label: string; hint: string; icon: string }> = [
  { kind: 'host', label: 'Linux host', hint: 'A CentOS-like Linux machine with a shell', icon: '🖥' },
  { kind: 'router', label: 'Router', hint: 'A Linux host with ip_forward = 1 and two interfaces', icon: '🔀' },
  { kind: 'switch', label: 'Switch', hint: 'A learning Ethernet switch with four ports', icon: '🔌' },
];

/** Node kinds to drag onto the canvas, or click/tap to add one in the middle of the view. */
export function Palette() {
  const rf = useReactFlow();
  const router = useSession((s) => s.doc?.nodes.find((n) => n.kind === 'router')?.id);
  const hasInternet = useSession((s) => !!s.doc?.nodes.some((n) => n.id === 'isp1'));

  const centre = () => {
    const el = document.querySelector('.canvas');
    const r = el?.getBoundingClientRect();
    const p = rf.screenToFlowPosition({ x: r ? r.left + r.width / 2 : 400, y: r ? r.top + r.height / 2 : 300 });
    return { x: p.x - 90, y: p.y - 40 };
  };
  const onDragStart = (kind: NodeKind) => (e: DragEvent) => {
    e.dataTransfer.setData(DRAG_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <nav className="palette" aria-label="Add to the lab">
      <div className="palette-title">Add</div>
      {ITEMS.map((it) => (
        <button
          key={it.kind}
          className="palette-item"
          draggable
          onDragStart={onDragStart(it.kind)}
          onClick={() => engine.edit({ op: 'add-node', kind: it.kind, position: centre() })}
          title={`${it.hint}. Drag onto the canvas, or click to add.`}
          aria-label={`Add a ${it.label}`}
          data-testid={`palette-${it.kind}`}
        >
          <span className="palette-icon" aria-hidden="true">
            {it.icon}
          </span>
          <span className="palette-label">{it.label}</span>
        </button>
      ))}
      <button
        className="palette-item"
        disabled={!router || hasInternet}
        onClick={() => router && engine.edit({ op: 'add-internet', router })}
        title={
          hasInternet
            ? 'This lab is already connected to the internet'
            : router
              ? `Plug ${router} into the internet: ISP routers, a backbone, DNS 223.5.5.5 and web sites (www.baidu.com…)`
              : 'Add a router first: the internet plugs into a home router'
        }
        aria-label="Add the internet"
        data-testid="palette-internet"
      >
        <span className="palette-icon" aria-hidden="true">
          🌐
        </span>
        <span className="palette-label">Internet</span>
      </button>
    </nav>
  );
}
