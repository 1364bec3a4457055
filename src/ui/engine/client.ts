/**
 * The page's side of the engine worker: starts it, sends commands, and turns
 * its messages into store updates. If the worker dies (an uncaught error or a
 * `fatal` message) the page says so and can restart it from the last document
 * the worker accepted — nothing the user built is lost.
 */
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import type { Batch, DocMsg, Edit, FromWorker, ToWorker } from '../../worker/protocol';
import { clock, setClock } from '../state/clock';
import { applySnapshots, resetLab } from '../state/lab';
import { addPackets, resetPackets, usePackets } from '../state/packets';
import { useSelection } from '../state/selection';
import { notify, useSession } from '../state/session';
import { appendOutput, commandDone, echoTyped, resetTerminals } from '../state/terminal';

type Listener = (m: FromWorker) => void;

export class EngineClient {
  private worker: Worker | null = null;
  private listeners = new Set<Listener>();

  constructor(readonly testHooks: boolean) {}

  /** Start a worker and load `doc` into it. */
  start(doc: ScenarioDocV1, presetId: string | null = doc.id ?? null): void {
    this.stop();
    useSession.setState({ status: 'booting', crashMessage: null, presetId, storm: null });
    const worker = new Worker(new URL('../../worker/engine.worker.ts', import.meta.url), {
      type: 'module',
      name: this.testHooks ? 'lvslab-engine+testhooks' : 'lvslab-engine',
    });
    this.worker = worker;
    worker.onmessage = (ev: MessageEvent<FromWorker>) => this.receive(ev.data);
    worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      this.crashed(ev.message || 'the engine worker stopped unexpectedly');
    };
    worker.onmessageerror = () => this.crashed('a message from the engine could not be read');
    this.send({ type: 'load', doc });
  }

  /** Load another document (a preset) into the running worker, or restart it if it is dead. */
  load(doc: ScenarioDocV1, presetId: string | null = doc.id ?? null): void {
    if (!this.worker || useSession.getState().status === 'crashed') return this.start(doc, presetId);
    useSession.setState({ presetId });
    this.send({ type: 'load', doc });
  }

  /** After a crash: a fresh worker with the last document the old one accepted. */
  restart(): void {
    const doc = useSession.getState().lastGoodDoc;
    if (doc) this.start(doc, useSession.getState().presetId);
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  send(msg: ToWorker): void {
    if (!this.worker || useSession.getState().status === 'crashed') return;
    this.worker.postMessage(msg);
  }

  edit(edit: Edit): void {
    this.send({ type: 'edit', edit });
  }

  /** Type a line into a node's shell, echoing it in its console. */
  type(node: string, line: string): void {
    if (useSession.getState().status !== 'ready') return;
    echoTyped(node, line);
    useSession.setState({ typedAnything: true });
    this.send({ type: 'type', node, line });
  }

  /** Hear every message (test hooks). */
  listen(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private crashed(message: string): void {
    this.stop();
    useSession.setState({ status: 'crashed', crashMessage: message, playState: 'paused' });
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'doc':
        this.onDoc(m);
        break;
      case 'batch':
        this.onBatch(m);
        break;
      case 'load-error':
        notify('error', `This lab could not be loaded: ${m.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
        if (!useSession.getState().doc) useSession.setState({ status: 'ready' });
        break;
      case 'edit-rejected':
        notify('error', m.message);
        break;
      case 'storm':
        useSession.setState({ storm: m.message });
        break;
      case 'fatal':
        this.crashed(m.message.split('\n')[0]);
        break;
      case 'advanced':
      case 'pong':
        break;
    }
    for (const l of this.listeners) l(m);
  }

  private onDoc(m: DocMsg): void {
    const fresh = m.effect === 'load' || m.effect === 'restart';
    // Only worth saying "restarted" when something had happened.
    const wasRunning = clock.now > 0 || usePackets.getState().hops > 0 || useSession.getState().typedAnything;
    if (fresh) {
      resetPackets();
      resetLab();
      resetTerminals();
      useSelection.setState({ packet: null });
    }
    if (m.effect === 'load') useSession.setState((s) => ({ loadEpoch: s.loadEpoch + 1, typedAnything: false }));
    useSession.setState({ status: 'ready', doc: m.doc, lastGoodDoc: m.doc, canUndo: m.canUndo, canRedo: m.canRedo, storm: fresh ? null : useSession.getState().storm });
    if (m.effect === 'restart' && wasRunning) notify('restart', `${m.label}. The topology changed, so the simulation restarted from t = 0 (typed commands are not replayed yet).`);
    else if (m.effect === 'restart') notify('info', m.label);
    else if (m.effect === 'live' || /^(Undo|Redo):/.test(m.label)) notify('info', m.label);
  }

  private onBatch(b: Batch): void {
    setClock(b.clock);
    const s = useSession.getState();
    const patch: Partial<ReturnType<typeof useSession.getState>> = {};
    if (s.playState !== b.clock.state) patch.playState = b.clock.state;
    if (s.speed !== b.clock.speed) patch.speed = b.clock.speed;
    if (s.skipIdle !== b.clock.skipIdle) patch.skipIdle = b.clock.skipIdle;
    if (b.skippedUs > 1000) patch.skippedAt = performance.now();
    if (Object.keys(patch).length) useSession.setState(patch);
    addPackets(b.hops, b.drops, b.elided);
    applySnapshots(b.snapshots, b.links);
    for (const t of b.term) appendOutput(t.node, t.text);
    for (const d of b.done) commandDone(d.node, d.prompt);
  }
}

const params = new URLSearchParams(location.search);
/** Test hooks: dev builds, or `?testhooks=1`. */
export const TEST_HOOKS = import.meta.env.DEV || params.get('testhooks') === '1';

export const engine = new EngineClient(TEST_HOOKS);
