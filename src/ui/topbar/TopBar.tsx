import { useReactFlow } from '@xyflow/react';
import { FIT } from '../canvas/Canvas';
import { tidyLayout } from '../canvas/layout';
import { engine } from '../engine/client';
import { pickText, useLang, useT, type T } from '../i18n';
import { useSession } from '../state/session';
import { PRESETS, presetById } from '../../presets';
import { SPEEDS } from '../../worker/protocol';
import { Clock } from './Clock';
import { IdleSkip } from './IdleSkip';
import { LangSwitch } from './LangSwitch';
import { RewindStatus, Scrubber } from './Scrubber';
import { ShareMenu } from '../share/ShareMenu';
import { ExportMenu } from '../export/ExportMenu';

const speedLabel = (s: number, t: T) => (s < 1 ? t('top.speedSlow', { s }) : s === 1 ? t('top.speedReal') : t('top.speedFast', { s }));

export function TopBar() {
  const presetId = useSession((s) => s.presetId);
  const playState = useSession((s) => s.playState);
  const speed = useSession((s) => s.speed);
  const skipIdle = useSession((s) => s.skipIdle);
  const canUndo = useSession((s) => s.canUndo);
  const canRedo = useSession((s) => s.canRedo);
  const ready = useSession((s) => s.status === 'ready');
  const rf = useReactFlow();
  const t = useT();
  const lang = useLang((s) => s.lang);
  const playing = playState === 'playing';
  const tidy = () => {
    const doc = useSession.getState().doc;
    if (!doc) return;
    engine.edit({ op: 'move', positions: tidyLayout(doc) });
    setTimeout(() => void rf.fitView({ ...FIT, duration: 300 }), 80);
  };
  return (
    <header className="topbar">
      <div className="brand" aria-label="lvslab">
        <span className="brand-mark" aria-hidden="true">
          ✉
        </span>
        lvslab
      </div>
      <label className="field">
        <span className="field-label">{t('top.lab')}</span>
        <select
          data-testid="preset-picker"
          aria-label={t('top.chooseLab')}
          value={presetId ?? ''}
          onChange={(e) => {
            const doc = presetById(e.target.value);
            if (doc) engine.load(doc, e.target.value);
          }}
        >
          {presetId === null && <option value="">{t('top.yourLab')}</option>}
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {pickText(p.title, lang) ?? p.id}
            </option>
          ))}
        </select>
      </label>
      <div className="group" role="group" aria-label={t('top.edit')}>
        <button className="icon-btn" data-testid="undo-button" aria-label={t('top.undo')} title={t('top.undo')} disabled={!canUndo} onClick={() => engine.send({ type: 'undo' })}>
          ↶
        </button>
        <button className="icon-btn" data-testid="redo-button" aria-label={t('top.redo')} title={t('top.redoTitle')} disabled={!canRedo} onClick={() => engine.send({ type: 'redo' })}>
          ↷
        </button>
        <button className="btn" data-testid="tidy-button" onClick={tidy} disabled={!ready} title={t('top.tidyTitle')}>
          {t('top.tidy')}
        </button>
      </div>
      <div className="group playback" role="group" aria-label={t('top.playback')}>
        <button
          className={`icon-btn play${playing ? ' on' : ''}`}
          data-testid="play-button"
          data-state={playState}
          aria-label={playing ? t('top.pause') : t('top.play')}
          title={playing ? t('top.pause') : t('top.play')}
          disabled={!ready}
          onClick={() => engine.send({ type: playing ? 'pause' : 'play' })}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <button className="icon-btn" data-testid="step-button" aria-label={t('top.step')} title={t('top.stepTitle')} disabled={!ready} onClick={() => engine.send({ type: 'step' })}>
          ▶|
        </button>
        <select data-testid="speed-select" aria-label={t('top.speed')} value={speed} onChange={(e) => engine.send({ type: 'speed', speed: Number(e.target.value) })}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {speedLabel(s, t)}
            </option>
          ))}
        </select>
        <div className="clock-stack">
          <div className="clock-row">
            <Clock />
            <RewindStatus />
          </div>
          <Scrubber />
          <IdleSkip />
        </div>
        <label className="check" title={t('top.skipIdleTitle')}>
          <input type="checkbox" data-testid="skip-idle" checked={skipIdle} onChange={(e) => engine.send({ type: 'skip-idle', on: e.target.checked })} />
          {t('top.skipIdle')}
        </label>
      </div>
      <div className="spacer" />
      <div className="group" role="group" aria-label={t('top.shareGroup')}>
        <ShareMenu />
        <ExportMenu />
        <LangSwitch />
      </div>
    </header>
  );
}
