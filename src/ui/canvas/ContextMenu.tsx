import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import { engine } from '../engine/client';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';

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
  const ref = useRef<HTMLDivElement>(null);
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
            {isUp ? '✂ Cut cable' : '⟲ Restore cable'}
          </button>
          <button role="menuitem" data-testid="menu-delete" onClick={act(() => engine.edit({ op: 'remove', nodes: [], links: [t.id] }))}>
            Delete cable
          </button>
        </>
      )}
      {t.kind === 'node' && (
        <button role="menuitem" data-testid="menu-delete" onClick={act(() => engine.edit({ op: 'remove', nodes: [t.id], links: [] }))}>
          Delete {t.id}
        </button>
      )}
    </div>
  );
}
