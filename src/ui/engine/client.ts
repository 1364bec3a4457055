/**
 * The page's side of the engine worker: starts it, sends commands, and turns
 * its messages into store updates. If the worker dies (an uncaught error or a
 * `fatal` message) the page says so and can restart it from the last document
 * the worker accepted — nothing the user built is lost.
 */
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import type { Batch, Completion, DocMsg, Edit, FileReply, FromWorker, LadderSelect, LadderView, SaveReply, SeekedMsg, ToWorker } from '../../worker/protocol';
import { t, useLang } from '../i18n';
import { workerText } from '../i18n/worker-text';
import { clock, setClock } from '../state/clock';
import { applySnapshots, resetLab } from '../state/lab';
import { addPackets, flights, resetPackets, usePackets } from '../state/packets';
import { resetRewind, useRewind } from '../state/rewind';
import { useSelection } from '../state/selection';
import { notify, useSession } from '../state/session';
import { addToTimeline, kindsBefore, resetTimeline, setTimelineCursor, truncateTimeline } from '../state/timeline';
import { appendOutput, commandDone, echoTyped, resetTerminals, restoreConsoles, setPrompt } from '../state/terminal';

type Listener = (m: FromWorker) => void;

export class EngineClient {
  private worker: Worker | null = null;
  private listeners = new Set<Listener>();
  private ladderToken = 0;
  private ladders = new Map<number, (l: LadderView | null) => void>();
  /** Terminal requests (completions, files) waiting for the worker's answer, by token. */
  private asked = new Map<number, (m: FromWorker | null) => void>();
  private askToken = 0;
  /** The batch after a seek re-sends recent frames: their old drops must not flash on the canvas. */
  private afterSeek = false;
  /** Hops per frame kind up to the seek point (the legend's counts), set once the re-sent frames are in. */
  private seekKinds: Record<string, number> = {};

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

  /** Embed mode's `readonly=1`: topology edits (and their undo/redo) are not sent. */
  locked = false;

  send(msg: ToWorker): void {
    if (!this.worker || useSession.getState().status === 'crashed') return;
    if (this.locked && (msg.type === 'edit' || msg.type === 'undo' || msg.type === 'redo')) return;
    this.worker.postMessage(msg);
  }

  edit(edit: Edit): void {
    this.send({ type: 'edit', edit });
  }

  /**
   * Type a line into a node's shell, echoing it in its console (`shown`: the
   * echo when the terminal already showed more, as for a here-document;
   * `history`: what ↑ recalls).
   */
  type(node: string, line: string, opts: { shown?: string; history?: string } = {}): void {
    if (useSession.getState().status !== 'ready') return;
    echoTyped(node, opts.history ?? line, opts.shown);
    useSession.setState({ typedAnything: true });
    this.send({ type: 'type', node, line });
  }

  /** Rewind (or go forward again) to `t` µs: the worker replays the lab to that moment and pauses. */
  seek(t: number): void {
    if (useSession.getState().status !== 'ready') return;
    useRewind.setState({ seeking: true });
    this.send({ type: 'seek', t: Math.max(0, Math.floor(t)) });
  }

  /** A ladder diagram from the worker (which holds the whole trace). */
  ladder(select: LadderSelect, arp = false): Promise<LadderView | null> {
    const token = ++this.ladderToken;
    return new Promise((resolve) => {
      this.ladders.set(token, resolve);
      this.send({ type: 'ladder', token, select, arp });
    });
  }

  /** A fresh token for a request whose answer comes back with it. */
  nextToken(): number {
    return ++this.askToken;
  }

  /** Send a request and wait for the message that answers it (null if the worker dies first). */
  private ask(msg: ToWorker & { token: number }): Promise<FromWorker | null> {
    return new Promise((resolve) => {
      if (!this.worker || useSession.getState().status === 'crashed') return resolve(null);
      this.asked.set(msg.token, resolve);
      this.send(msg);
    });
  }

  /** Tab: what bash would complete at `cursor` on `node`. */
  async complete(node: string, line: string, cursor: number, token = this.nextToken()): Promise<Completion | null> {
    const m = await this.ask({ type: 'complete', token, node, line, cursor });
    return m?.type === 'completions' ? m.completion : null;
  }

  /** A file for the vi editor (path relative to the host's shell directory). */
  async readFile(node: string, path: string): Promise<FileReply | null> {
    const m = await this.ask({ type: 'read-file', token: this.nextToken(), node, path });
    return m?.type === 'file' ? m.file : null;
  }

  /** Save from the vi editor. */
  async writeFile(node: string, path: string, content: string): Promise<SaveReply | null> {
    const m = await this.ask({ type: 'write-file', token: this.nextToken(), node, path, content });
    return m?.type === 'file-saved' ? m.saved : null;
  }

  /** Hear every message (test hooks). */
  listen(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private crashed(message: string): void {
    this.stop();
    for (const r of this.ladders.values()) r(null);
    this.ladders.clear();
    for (const r of this.asked.values()) r(null);
    this.asked.clear();
    useRewind.setState({ seeking: false });
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
      case 'seeked':
        this.onSeeked(m);
        break;
      case 'ladder': {
        const r = this.ladders.get(m.token);
        this.ladders.delete(m.token);
        r?.(m.ladder);
        break;
      }
      case 'load-error':
        notify('error', t('notice.loadFailed', { errors: m.errors.map((e) => `${e.path}: ${e.message}`).join('; ') }));
        if (!useSession.getState().doc) useSession.setState({ status: 'ready' });
        break;
      case 'edit-rejected':
        notify('error', workerText(m.message, useLang.getState().lang));
        break;
      case 'storm':
        useSession.setState({ storm: m.message });
        break;
      case 'fatal':
        this.crashed(m.message.split('\n')[0]);
        break;
      case 'prompt':
        setPrompt(m.node, m.prompt);
        break;
      case 'completions':
      case 'file':
      case 'file-saved': {
        const r = this.asked.get(m.token);
        this.asked.delete(m.token);
        r?.(m);
        break;
      }
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
      resetTimeline();
      resetRewind();
      useSelection.setState({ packet: null });
    }
    if (m.effect === 'load') useSession.setState((s) => ({ loadEpoch: s.loadEpoch + 1, typedAnything: false }));
    useSession.setState({ status: 'ready', doc: m.doc, lastGoodDoc: m.doc, canUndo: m.canUndo, canRedo: m.canRedo, storm: fresh ? null : useSession.getState().storm });
    const label = workerText(m.label, useLang.getState().lang);
    if (m.effect === 'restart' && wasRunning) notify('restart', t('notice.restarted', { label }));
    else if (m.effect === 'restart') notify('info', label);
    else if (m.effect === 'live' || /^(Undo|Redo):/.test(m.label)) notify('info', label);
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
    if (b.branchedAt !== undefined) {
      truncateTimeline(b.branchedAt);
      useRewind.setState({ pending: 0 });
    }
    addToTimeline(b.hops, b.drops, b.states);
    addPackets(b.hops, b.drops, b.elided);
    if (this.afterSeek) {
      this.afterSeek = false;
      flights.drops = flights.drops.filter((d) => d.t >= b.clock.now);
      usePackets.setState({ kinds: this.seekKinds });
    }
    for (const l of b.typed ?? []) echoTyped(l.node, l.line);
    const rw = useRewind.getState();
    if (rw.rewoundTo !== null && b.clock.now >= Math.floor(b.clock.end)) useRewind.setState({ rewoundTo: null });
    applySnapshots(b.snapshots, b.links);
    for (const t of b.term) appendOutput(t.node, t.text);
    for (const d of b.done) commandDone(d.node, d.prompt);
  }

  /** The lab was rebuilt at `m.t`: the page's picture of it goes back there too. */
  private onSeeked(m: SeekedMsg): void {
    resetPackets();
    usePackets.setState({ hops: m.hopsBefore, drops: m.dropsBefore });
    this.seekKinds = kindsBefore(m.cursor);
    this.afterSeek = true;
    setTimelineCursor(m.cursor);
    restoreConsoles(m.consoles);
    const sel = useSelection.getState().packet;
    if (sel && sel.seq >= m.cursor) useSelection.setState({ packet: null });
    useRewind.setState({ seeking: false, rewoundTo: m.t < Math.floor(m.end) ? m.t : null, pending: m.pending });
  }
}

const params = new URLSearchParams(location.search);
/** Test hooks: dev builds, or `?testhooks=1`. */
export const TEST_HOOKS = import.meta.env.DEV || params.get('testhooks') === '1';

export const engine = new EngineClient(TEST_HOOKS);
