import './rewind.css';
import { useEffect, useRef } from 'react';
import { engine } from '../engine/client';
import { useT } from '../i18n';
import { clock, formatClock, virtualNow } from '../state/clock';
import { useRewind } from '../state/rewind';
import { useSession } from '../state/session';

/**
 * Rewind: a slider over the recording, [0, the latest moment reached]. It
 * follows the clock; dragging it and letting go rebuilds the lab at that
 * moment (deterministic replay in the worker) and pauses there. Dragging it
 * back to the right end goes forward again.
 */
export function Scrubber() {
  const t = useT();
  const ref = useRef<HTMLInputElement>(null);
  const dragging = useRef(false);
  const seeking = useRewind((s) => s.seeking);
  const ready = useSession((s) => s.status === 'ready');

  // Follow the clock every animation frame, without React renders.
  useEffect(() => {
    let raf = 0;
    const tick = () => {
      raf = requestAnimationFrame(tick);
      const el = ref.current;
      if (!el || dragging.current) return;
      const now = Math.floor(virtualNow());
      const end = Math.max(1, Math.floor(clock.end), now);
      if (el.max !== String(end)) el.max = String(end);
      if (el.value !== String(now)) el.value = String(now);
      el.dataset.end = String(Math.floor(clock.end));
      el.dataset.now = String(now);
      el.style.setProperty('--pos', `${(100 * now) / end}%`);
      el.setAttribute('aria-valuetext', formatClock(now));
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, []);

  // `change` fires when the slider is let go (or moved by a key): that is when the lab is replayed.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const commit = () => {
      dragging.current = false;
      useRewind.setState({ dragTo: null });
      engine.seek(Number(el.value));
    };
    el.addEventListener('change', commit);
    return () => el.removeEventListener('change', commit);
  }, []);

  return (
    <input
      ref={ref}
      type="range"
      className="scrub-range"
      data-testid="scrubber"
      data-seeking={seeking ? '1' : '0'}
      min={0}
      max={1}
      step={1}
      defaultValue={0}
      disabled={!ready}
      aria-label={t('scrub.label')}
      title={t('scrub.title')}
      onPointerDown={() => (dragging.current = true)}
      onInput={(e) => {
        dragging.current = true;
        const el = e.target as HTMLInputElement;
        const v = Number(el.value);
        useRewind.setState({ dragTo: v });
        el.style.setProperty('--pos', `${(100 * v) / Number(el.max)}%`);
      }}
    />
  );
}

/**
 * In the clock's box: where a drag would go or "replaying…" (a chip under the
 * clock), and while rewound, a button back to the latest moment (the clock's
 * box turns blue meanwhile).
 */
export function RewindStatus() {
  const t = useT();
  const drag = useRewind((s) => s.dragTo);
  const seeking = useRewind((s) => s.seeking);
  const rewoundTo = useRewind((s) => s.rewoundTo);
  return (
    <>
      {drag !== null ? (
        <span className="scrub-float mono" data-testid="scrub-target">
          → {formatClock(drag)}
        </span>
      ) : seeking ? (
        <span className="scrub-float" data-testid="scrub-seeking">
          {t('scrub.seeking')}
        </span>
      ) : null}
      {rewoundTo !== null && (
        <span className="scrub-rewound" data-testid="scrub-rewound" title={t('scrub.rewoundTitle')}>
          <button className="scrub-live" data-testid="scrub-live" aria-label={`${t('scrub.rewound')}: ${t('scrub.live')}`} title={`${t('scrub.rewoundTitle')}\n${t('scrub.live')}`} onClick={() => engine.seek(clock.end)}>
            <svg viewBox="0 0 16 12" width="13" height="10" aria-hidden="true">
              <path d="M1 1l6 5-6 5zM7 1l6 5-6 5z" fill="currentColor" />
              <rect x="13.5" y="1" width="1.8" height="10" fill="currentColor" />
            </svg>
          </button>
        </span>
      )}
    </>
  );
}
