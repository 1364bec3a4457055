import { useEffect, useState } from 'react';
import { useT } from '../i18n';
import { useSession } from '../state/session';

const SHOW_MS = 1500;

/** "⏩ skipped idle time", for a moment after the clock crossed a quiet stretch quickly. */
export function IdleSkip() {
  const at = useSession((s) => s.skippedAt);
  const [on, setOn] = useState(false);
  const t = useT();
  useEffect(() => {
    if (!at) return;
    setOn(true);
    const id = setTimeout(() => setOn(false), SHOW_MS);
    return () => clearTimeout(id);
  }, [at]);
  return (
    <span className={`idle-skip${on ? ' on' : ''}`} data-testid="idle-skip" data-state={on ? 'on' : 'off'} title={t('idle.title')}>
      <svg viewBox="0 0 16 12" className="ff-icon" aria-hidden="true">
        <path d="M1 1l6 5-6 5zM8 1l6 5-6 5z" />
      </svg>
      {t('idle.text')}
    </span>
  );
}
