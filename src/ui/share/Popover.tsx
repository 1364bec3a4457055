import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** The button's text. */
  label: ReactNode;
  /** `share` → the button is `share-button`, the panel `share-menu`. */
  id: string;
  title: string;
  disabled?: boolean;
  /** The panel's content; `close` closes it. Rendered only while open. */
  children: (close: () => void) => ReactNode;
}

/** A top-bar button that opens a panel below it; Escape or a click elsewhere closes it. */
export function MenuButton({ label, id, title, disabled, children }: Props) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="menu-anchor" ref={ref}>
      <button
        className={`btn menu-btn${open ? ' on' : ''}`}
        data-testid={`${id}-button`}
        aria-haspopup="dialog"
        aria-expanded={open}
        title={title}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
        <span className="caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label={title} data-testid={`${id}-menu`}>
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}
