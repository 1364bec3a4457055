import { useMemo } from 'react';
import { shareUrl } from '../../share';
import { SPEEDS } from '../../worker/protocol';
import { engine } from '../engine/client';
import { pickText, useLang, useT } from '../i18n';
import { appBase } from '../share/ShareMenu';
import { useSession } from '../state/session';
import { Clock } from '../topbar/Clock';

const speedLabel = (s: number) => (s === 1 ? '1×' : `${s}×`);

/** Embed mode's `controls` panel: play, step, speed, clock, and a way out to the full app. */
export function EmbedBar() {
  const playState = useSession((s) => s.playState);
  const speed = useSession((s) => s.speed);
  const ready = useSession((s) => s.status === 'ready');
  const doc = useSession((s) => s.doc);
  const t = useT();
  const lang = useLang((s) => s.lang);
  const title = pickText(doc?.title, lang) ?? doc?.id ?? '';
  const full = useMemo(() => {
    if (!doc) return appBase();
    try {
      return shareUrl(appBase(), doc);
    } catch {
      return appBase();
    }
  }, [doc]);
  const playing = playState === 'playing';
  return (
    <header className="topbar embed-bar" data-testid="embed-bar">
      <div className="group" role="group" aria-label={t('top.playback')}>
        <button className={`icon-btn play${playing ? ' on' : ''}`} data-testid="play-button" data-state={playState} aria-label={playing ? t('top.pause') : t('top.play')} title={playing ? t('top.pause') : t('top.play')} disabled={!ready} onClick={() => engine.send({ type: playing ? 'pause' : 'play' })}>
          {playing ? '❚❚' : '▶'}
        </button>
        <button className="icon-btn" data-testid="step-button" aria-label={t('top.step')} title={t('top.stepTitle')} disabled={!ready} onClick={() => engine.send({ type: 'step' })}>
          ▶|
        </button>
        <select data-testid="speed-select" aria-label={t('top.speed')} value={speed} onChange={(e) => engine.send({ type: 'speed', speed: Number(e.target.value) })}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
        <Clock />
      </div>
      <div className="embed-title" title={title}>
        {title}
      </div>
      <a className="embed-out small" href={full} target="_blank" rel="noopener noreferrer" data-testid="embed-open-full" title={t('embed.openFull')}>
        lvslab ↗
      </a>
    </header>
  );
}
