import { useReactFlow } from '@xyflow/react';
import type { DragEvent, JSX } from 'react';
import type { NodeKind } from '../../engine/scenario/types';
import { DRAG_MIME, FIT } from '../canvas/Canvas';
import { engine } from '../engine/client';
import { useT, type MsgKey } from '../i18n';
import { useSession } from '../state/session';

const ICONS: Record<NodeKind | 'internet', JSX.Element> = {
  host: (
    <svg viewBox="0 0 24 24">
      <rect x="3.5" y="4" width="17" height="12" rx="1.5" />
      <path d="M8 20h8M12 16v4" />
    </svg>
  ),
  router: (
    <svg viewBox="0 0 24 24">
      <circle cx="12" cy="12" r="9" />
      <path d="M12 5v5m0 4v5M5 12h5m4 0h5M9.5 7.5 12 5l2.5 2.5M9.5 16.5 12 19l2.5-2.5" />
    </svg>
  ),
  switch: (
    <svg viewBox="0 0 24 24">
      <rect x="2.5" y="7" width="19" height="10" rx="2" />
      <path d="M6 12h1.5m2.5 0h1.5m2.5 0h1.5m2.5 0h0.5" />
    </svg>
  ),
  internet: (
    <svg viewBox="0 0 24 24">
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18" />
    </svg>
  ),
};

const ITEMS: Array<{ kind: NodeKind; label: MsgKey; hint: MsgKey }> = [
  { kind: 'host', label: 'palette.host', hint: 'palette.hostHint' },
  { kind: 'router', label: 'palette.router', hint: 'palette.routerHint' },
  { kind: 'switch', label: 'palette.switch', hint: 'palette.switchHint' },
];

/** Node kinds to drag onto the canvas, or click/tap to add one in the middle of the view. */
export function Palette() {
  const rf = useReactFlow();
  const router = useSession((s) => s.doc?.nodes.find((n) => n.kind === 'router')?.id);
  const hasInternet = useSession((s) => !!s.doc?.nodes.some((n) => n.id === 'isp1'));
  const t = useT();

  /** The free spot nearest the middle of the view, so a tapped-in node does not land on another. */
  const centre = () => {
    const el = document.querySelector('.canvas');
    const r = el?.getBoundingClientRect();
    const p = rf.screenToFlowPosition({ x: r ? r.left + r.width / 2 : 400, y: r ? r.top + r.height / 2 : 300 });
    const boxes = rf.getNodes().map((n) => ({ x: n.position.x, y: n.position.y, w: n.measured?.width ?? 200, h: n.measured?.height ?? 90 }));
    const W = 210;
    const H = 100;
    const M = 24;
    // Inside the visible part of the canvas, clear of the hint above and the legend below.
    const tl = rf.screenToFlowPosition({ x: (r?.left ?? 0) + 16, y: (r?.top ?? 0) + 64 });
    const br = rf.screenToFlowPosition({ x: (r?.right ?? 800) - 16, y: (r?.bottom ?? 600) - 48 });
    const visible = (x: number, y: number) => x >= tl.x && y >= tl.y && x + W <= br.x && y + H <= br.y;
    const clear = (x: number, y: number) => !boxes.some((b) => x < b.x + b.w + M && x + W + M > b.x && y < b.y + b.h + M && y + H + M > b.y);
    const x0 = p.x - W / 2;
    const y0 = p.y - H / 2;
    const search = (ok: (x: number, y: number) => boolean) => {
      for (let ring = 0; ring < 40; ring++) {
        for (let i = -ring; i <= ring; i++) {
          // Below and to the right first: the top of the canvas carries the hint and notices.
          for (const [dx, dy] of [
            [i, ring],
            [ring, i],
            [-ring, i],
            [i, -ring],
          ]) {
            const x = x0 + dx * 60;
            const y = y0 + dy * 50;
            if (ok(x, y)) return { x, y };
          }
        }
      }
      return undefined;
    };
    const inView = search((x, y) => visible(x, y) && clear(x, y));
    if (inView) return inView;
    // No room in view: the nearest clear spot, and the view zooms out to show the whole lab once it is there.
    const spot = search(clear) ?? { x: x0, y: y0 };
    setTimeout(() => void rf.fitView({ ...FIT, duration: 300 }), 200);
    return spot;
  };
  const onDragStart = (kind: NodeKind) => (e: DragEvent) => {
    e.dataTransfer.setData(DRAG_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <nav className="palette" aria-label={t('palette.nav')}>
      <div className="palette-title">{t('palette.title')}</div>
      {ITEMS.map((it) => (
        <button
          key={it.kind}
          className="palette-item"
          draggable
          onDragStart={onDragStart(it.kind)}
          onClick={() => engine.edit({ op: 'add-node', kind: it.kind, position: centre() })}
          title={t('palette.itemTitle', { hint: t(it.hint) })}
          aria-label={t('palette.addA', { label: t(it.label) })}
          data-testid={`palette-${it.kind}`}
        >
          <span className="palette-icon" aria-hidden="true">
            {ICONS[it.kind]}
          </span>
          <span className="palette-label">{t(it.label)}</span>
        </button>
      ))}
      <button
        className="palette-item"
        disabled={!router || hasInternet}
        onClick={() => router && engine.edit({ op: 'add-internet', router })}
        title={
          hasInternet
            ? t('palette.internetThere')
            : router
              ? t('palette.internetPlug', { router })
              : t('palette.internetNeedsRouter')
        }
        aria-label={t('palette.addInternet')}
        data-testid="palette-internet"
      >
        <span className="palette-icon" aria-hidden="true">
          {ICONS.internet}
        </span>
        <span className="palette-label">{t('palette.internet')}</span>
      </button>
    </nav>
  );
}
