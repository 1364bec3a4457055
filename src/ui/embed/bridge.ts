/**
 * The postMessage API of an embedded lab (docs/embed.md "The postMessage API"):
 * commands from the course page (only from allowed origins, validated strictly)
 * go to the engine; events go back to the parent, once per allowed origin with
 * that origin as targetOrigin. With no `origins=` nothing listens or talks.
 */
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import { presetById } from '../../presets';
import { connectionEvent, embedEvent, eventTargets, originAllowed, parseEmbedCommand, type EmbedConfig, type EmbedEvent, type MessageId } from '../../share';
import type { FromWorker } from '../../worker/protocol';
import { engine } from '../engine/client';
import { labFromLink, seekAfterLoad } from '../share/boot';
import { useSession } from '../state/session';
import { setActiveConsole } from '../state/terminal';

/** `state` events while time runs: at most this often (a change of play state is sent at once). */
const STATE_EVERY_MS = 250;

export interface Bridge {
  /** Send an event to the allowed parents (tests, and the page's own notices). */
  emit(e: EmbedEvent): void;
  stop(): void;
}

export function startBridge(config: EmbedConfig, win: Window = window): Bridge | null {
  const targets = eventTargets(config.origins);
  const parent = win.parent;
  if (!targets.length || !parent || parent === win) return null;

  const emit = (e: EmbedEvent) => {
    const msg = embedEvent(e);
    for (const origin of targets) {
      try {
        parent.postMessage(msg, origin);
      } catch {
        // A malformed target origin cannot happen (normalised); a detached parent can.
      }
    }
  };
  const fail = (message: string, id?: MessageId) => emit(id === undefined ? { type: 'error', message } : { type: 'error', message, id });

  let ready = false;
  let loadId: MessageId | undefined;
  let lastState = { t: -1, playing: false, at: 0 };

  const hostExists = (node: string): boolean => {
    const n = useSession.getState().doc?.nodes.find((x) => x.id === node);
    return !!n && n.kind !== 'switch';
  };

  const onMessage = (ev: MessageEvent) => {
    // Only the parent page, only from an allowed origin; anything else is not for us.
    if (ev.source !== parent || !originAllowed(ev.origin, config.origins)) return;
    const cmd = parseEmbedCommand(ev.data);
    if ('error' in cmd) {
      if (!cmd.foreign) fail(cmd.error, cmd.id);
      return;
    }
    const status = useSession.getState().status;
    switch (cmd.type) {
      case 'load': {
        if ('preset' in cmd) {
          const doc = presetById(cmd.preset);
          if (!doc) return fail(`there is no preset "${cmd.preset}"`, cmd.id);
          loadId = cmd.id;
          return engine.load(doc, cmd.preset);
        }
        if ('link' in cmd) {
          const choice = labFromLink(cmd.link);
          if (choice.error) return fail(choice.error, cmd.id);
          loadId = cmd.id;
          if (choice.t !== undefined) seekAfterLoad(choice.t);
          return engine.load(choice.doc, choice.presetId);
        }
        loadId = cmd.id;
        return engine.load(cmd.doc as ScenarioDocV1, null);
      }
      case 'play':
      case 'pause':
      case 'step':
        if (status !== 'ready') return fail('the lab is not running', cmd.id);
        return engine.send({ type: cmd.type });
      case 'speed':
        return engine.send({ type: 'speed', speed: cmd.speed });
      case 'run':
        if (status !== 'ready') return fail('the lab is not running', cmd.id);
        if (!hostExists(cmd.node)) return fail(`there is no host "${cmd.node}" in this lab`, cmd.id);
        // The course page sees the command in that host's terminal.
        setActiveConsole(cmd.node);
        return engine.type(cmd.node, cmd.line);
      case 'ctrlC':
        if (!hostExists(cmd.node)) return fail(`there is no host "${cmd.node}" in this lab`, cmd.id);
        return engine.send({ type: 'interrupt', node: cmd.node });
    }
  };

  const onWorker = (m: FromWorker) => {
    switch (m.type) {
      case 'doc': {
        if (m.effect !== 'load') return;
        if (!ready) {
          ready = true;
          emit({ type: 'ready', readonly: config.readonly, panels: [...config.panels] });
        }
        const title = config.lang === 'zh' ? (m.doc.title?.zh ?? m.doc.title?.en) : m.doc.title?.en;
        emit({ type: 'loaded', ...(m.doc.id ? { id: m.doc.id } : {}), ...(title ? { title } : {}), nodes: m.doc.nodes.map((n) => n.id) });
        loadId = undefined;
        return;
      }
      case 'load-error':
        return fail(`the lab could not be loaded: ${m.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, loadId);
      case 'fatal':
        return fail(`the simulation engine stopped: ${m.message.split('\n')[0]}`);
      case 'batch': {
        for (const t of m.term) emit({ type: 'output', node: t.node, text: t.text });
        for (const s of m.states) {
          const e = connectionEvent(s);
          if (e) emit(e);
        }
        const playing = m.clock.state !== 'paused';
        const now = performance.now();
        const t = Math.floor(m.clock.now);
        if (playing !== lastState.playing || (t !== lastState.t && now - lastState.at >= STATE_EVERY_MS)) {
          lastState = { t, playing, at: now };
          emit({ type: 'state', t, playing });
        }
        return;
      }
      default:
        return;
    }
  };

  win.addEventListener('message', onMessage);
  const off = engine.listen(onWorker);
  return {
    emit,
    stop() {
      win.removeEventListener('message', onMessage);
      off();
    },
  };
}
