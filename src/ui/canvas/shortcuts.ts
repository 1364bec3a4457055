import { useEffect } from 'react';
import { engine } from '../engine/client';
import { copySelection, paste } from './clipboard';

const typing = (t: EventTarget | null): boolean => {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
};

/** Undo (Ctrl/Cmd+Z), redo (Shift+Ctrl/Cmd+Z, Ctrl+Y), copy and paste of nodes — not while typing in a field. */
export function useEditShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (!mod || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) engine.send({ type: 'undo' });
      else if ((k === 'z' && e.shiftKey) || k === 'y') engine.send({ type: 'redo' });
      else if (k === 'c') {
        if (!copySelection()) return;
      } else if (k === 'v') {
        if (!paste()) return;
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
