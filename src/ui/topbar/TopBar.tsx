import { useReactFlow } from '@xyflow/react';
import { FIT } from '../canvas/Canvas';
import { tidyLayout } from '../canvas/layout';
import { engine } from '../engine/client';
import { useSession } from '../state/session';
import { PRESETS, presetById } from '../../presets';
import { SPEEDS } from '../../worker/protocol';
import { Clock } from './Clock';
import { IdleSkip } from './IdleSkip';

const speedLabel = (s: number) => (s < 1 ? `${s}× slow motion` : s === 1 ? '1× real time' : `${s}×`);

export function TopBar() {
  const presetId = useSession((s) => s.presetId);
  const playState = useSession((s) => s.playState);
  const speed = useSession((s) => s.speed);
  const skipIdle = useSession((s) => s.skipIdle);
  const canUndo = useSession((s) => s.canUndo);
  const canRedo = useSession((s) => s.canRedo);
  const ready = useSession((s) => s.status === 'ready');
  const rf = useReactFlow();
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
        <span className="field-label">Lab</span>
        <select
          data-testid="preset-picker"
          aria-label="Choose a lab"
          value={presetId ?? ''}
          onChange={(e) => {
            const doc = presetById(e.target.value);
            if (doc) engine.load(doc, e.target.value);
          }}
        >
          {presetId === null && <option value="">(your lab)</option>}
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title?.en ?? p.id}
            </option>
          ))}
        </select>
      </label>
      <div className="group" role="group" aria-label="Edit">
        <button className="icon-btn" data-testid="undo-button" aria-label="Undo (Ctrl+Z)" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={() => engine.send({ type: 'undo' })}>
          ↶
        </button>
        <button className="icon-btn" data-testid="redo-button" aria-label="Redo (Shift+Ctrl+Z)" title="Redo (Shift+Ctrl+Z or Ctrl+Y)" disabled={!canRedo} onClick={() => engine.send({ type: 'redo' })}>
          ↷
        </button>
        <button className="btn" data-testid="tidy-button" onClick={tidy} disabled={!ready} title="Arrange the nodes neatly (undoable)">
          Tidy
        </button>
      </div>
      <div className="group playback" role="group" aria-label="Playback">
        <button
          className={`icon-btn play${playing ? ' on' : ''}`}
          data-testid="play-button"
          data-state={playState}
          aria-label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause' : 'Play'}
          disabled={!ready}
          onClick={() => engine.send({ type: playing ? 'pause' : 'play' })}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <button className="icon-btn" data-testid="step-button" aria-label="Step: the next frame's hop" title="Step: play the next hop of a frame, then pause" disabled={!ready} onClick={() => engine.send({ type: 'step' })}>
          ▶|
        </button>
        <select data-testid="speed-select" aria-label="Speed" value={speed} onChange={(e) => engine.send({ type: 'speed', speed: Number(e.target.value) })}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
        <Clock />
        <label className="check" title="When nothing is on the wires, move the clock quickly to the next scheduled event">
          <input type="checkbox" data-testid="skip-idle" checked={skipIdle} onChange={(e) => engine.send({ type: 'skip-idle', on: e.target.checked })} />
          skip idle
        </label>
        <IdleSkip />
      </div>
      <div className="spacer" />
      <div className="group" role="group" aria-label="Share">
        <button className="btn" disabled title="Share a link to this lab — coming soon" data-testid="share-button">
          Share
        </button>
        <button className="btn" disabled title="Export the lab and packet captures — coming soon" data-testid="export-button">
          Export
        </button>
        <button className="btn" disabled title="中文 / English — coming soon" aria-label="Language" data-testid="language-button">
          中文 / EN
        </button>
      </div>
    </header>
  );
}
