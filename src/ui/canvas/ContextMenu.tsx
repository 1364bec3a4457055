import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import { engine } from '../engine/client';
import { useT } from '../i18n';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';
import { openTerminal } from '../state/terminal';

type Target = { kind: 'link'; id: string } | { kind: 'node'; id: string };

interface MenuState {
  open: { target: Target; x: number; y: number } | null;
}

export const useMenu = create<MenuState>()(() => ({ open: null }));
export const openMenu = (target: Target, x: number, y: number): void => useMenu.setState({ open: { target, x, y } });
const close = () => useMenu.setState({ open: null });

/** Right-click menu for cables (cut / restore / delete) and nodes (delete). */
export function ContextMenu() {
  const open = useMenu((s) => s.open);
  const up = useLab((s) => (open?.target.kind === 'link' ? s.links[open.target.id]?.up : undefined));
  const docUp = useSession((s) => (open?.target.kind === 'link' ? s.doc?.links.find((l) => l.id === open.target.id)?.up !== false : true));
  const isHost = useSession((s) => (open?.target.kind === 'node' ? s.doc?.nodes.find((n) => n.id === open.target.id)?.kind !== 'switch' : false));
  const ref = useRef<HTMLDivElement>(null);
  const tr = useT();
  useEffect(() => {
    if (!open) return;
    ref.current?.querySelector('button')?.focus();
    const away = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) close();
    };
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('pointerdown', away);
    window.addEventListener('keydown', esc);
    return () => {
      window.removeEventListener('pointerdown', away);
      window.removeEventListener('keydown', esc);
    };
  }, [open]);
  if (!open) return null;
  const t = open.target;
  const isUp = up ?? docUp;
  const act = (f: () => void) => () => {
    f();
    close();
  };
  return (
    <div ref={ref} className="context-menu" role="menu" style={{ left: open.x, top: open.y }} data-testid="context-menu">
      {t.kind === 'link' && (
        <>
          <button role="menuitem" data-testid="menu-cut" onClick={act(() => engine.edit({ op: 'set-link', link: t.id, up: !isUp }))}>
            {isUp ? tr('menu.cut') : tr('menu.restore')}
          </button>
          <button role="menuitem" data-testid="menu-delete" onClick={act(() => engine.edit({ op: 'remove', nodes: [], links: [t.id] }))}>
            {tr('menu.deleteCable')}
          </button>
        </>
      )}
      {t.kind === 'node' && isHost && (
        <button role="menuitem" data-testid="menu-terminal" onClick={act(() => openTerminal(t.id))}>
          {tr('menu.openTerminal')}
        </button>
      )}
      {t.kind === 'node' && (
        <button role="menuitem" data-testid="menu-delete" onClick={act(() => engine.edit({ op: 'remove', nodes: [t.id], links: [] }))}>
          {tr('menu.deleteNode', { id: t.id })}
        </button>
      )}
    </div>
  );
}
