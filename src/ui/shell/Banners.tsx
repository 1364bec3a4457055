import { AnimatePresence, m } from 'motion/react';
import { useEffect } from 'react';
import { engine } from '../engine/client';
import { useT } from '../i18n';
import { useSession } from '../state/session';

const fade = { initial: { opacity: 0, y: -6 }, animate: { opacity: 1, y: 0 }, exit: { opacity: 0, y: -6 }, transition: { duration: 0.18 } };

/** The engine died: say so plainly and offer a restart from the last good document. */
export function CrashBanner() {
  const status = useSession((s) => s.status);
  const message = useSession((s) => s.crashMessage);
  const hasDoc = useSession((s) => !!s.lastGoodDoc);
  const t = useT();
  return (
    <AnimatePresence>
      {status === 'crashed' && (
        <m.div {...fade} className="banner banner-error" role="alert" data-testid="crash-banner">
          <div>
            <strong>{t('crash.title')}</strong> {t('crash.safe')}
            {message && <div className="small mono banner-detail">{message}</div>}
          </div>
          {hasDoc && (
            <button className="btn primary" data-testid="restart-button" onClick={() => engine.restart()} autoFocus>
              {t('crash.restart')}
            </button>
          )}
        </m.div>
      )}
    </AnimatePresence>
  );
}

/** The world stopped forwarding because frames were multiplying (a loop). */
export function StormBanner() {
  const storm = useSession((s) => s.storm);
  const t = useT();
  return (
    <AnimatePresence>
      {storm && (
        <m.div {...fade} className="banner banner-warn" role="alert" data-testid="storm-banner">
          <div>
            <strong>{t('storm.title')}</strong> {storm}. {t('storm.advice')}
          </div>
          <button className="btn" onClick={() => useSession.setState({ storm: null })}>
            {t('common.dismiss')}
          </button>
        </m.div>
      )}
    </AnimatePresence>
  );
}

const NOTICE_MS = { info: 3500, restart: 6000, error: 8000 } as const;

/**
 * A short-lived message: an edit was refused, the simulation restarted, an
 * undo happened. One at a time; a new one replaces the old (CSS fade-in).
 */
export function Notices() {
  const notice = useSession((s) => s.notice);
  const t = useT();
  useEffect(() => {
    if (!notice) return;
    const id = setTimeout(() => useSession.setState((s) => (s.notice?.id === notice.id ? { notice: null } : s)), NOTICE_MS[notice.kind]);
    return () => clearTimeout(id);
  }, [notice]);
  if (!notice) return null;
  return (
    <div key={notice.id} className={`notice notice-${notice.kind}`} data-testid="notice" data-kind={notice.kind} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button className="link-btn" aria-label={t('common.dismiss')} onClick={() => useSession.setState({ notice: null })}>
        ✕
      </button>
    </div>
  );
}
