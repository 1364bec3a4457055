import { AnimatePresence, m } from 'motion/react';
import { useEffect } from 'react';
import { engine } from '../engine/client';
import { useSession } from '../state/session';

const fade = { initial: { opacity: 0, y: -6 }, animate: { opacity: 1, y: 0 }, exit: { opacity: 0, y: -6 }, transition: { duration: 0.18 } };

/** The engine died: say so plainly and offer a restart from the last good document. */
export function CrashBanner() {
  const status = useSession((s) => s.status);
  const message = useSession((s) => s.crashMessage);
  const hasDoc = useSession((s) => !!s.lastGoodDoc);
  return (
    <AnimatePresence>
      {status === 'crashed' && (
        <m.div {...fade} className="banner banner-error" role="alert" data-testid="crash-banner">
          <div>
            <strong>The simulation engine stopped.</strong> Your lab is safe: nothing you built is lost.
            {message && <div className="small mono banner-detail">{message}</div>}
          </div>
          {hasDoc && (
            <button className="btn primary" data-testid="restart-button" onClick={() => engine.restart()} autoFocus>
              Restart from last good state
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
  return (
    <AnimatePresence>
      {storm && (
        <m.div {...fade} className="banner banner-warn" role="alert" data-testid="storm-banner">
          <div>
            <strong>Broadcast storm — paused.</strong> {storm}. Switches forward no more frames; remove a cable that closes a loop, or undo.
          </div>
          <button className="btn" onClick={() => useSession.setState({ storm: null })}>
            Dismiss
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
  useEffect(() => {
    if (!notice) return;
    const id = setTimeout(() => useSession.setState((s) => (s.notice?.id === notice.id ? { notice: null } : s)), NOTICE_MS[notice.kind]);
    return () => clearTimeout(id);
  }, [notice]);
  if (!notice) return null;
  return (
    <div key={notice.id} className={`notice notice-${notice.kind}`} data-testid="notice" data-kind={notice.kind} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button className="link-btn" aria-label="Dismiss" onClick={() => useSession.setState({ notice: null })}>
        ✕
      </button>
    </div>
  );
}
