/**
 * The engine side of the web app: one scenario document, its undo history, the
 * running Lab, the pacing of virtual time, and the batches of events sent to
 * the page. Free of Worker globals so Vitest can drive it with a fake clock;
 * engine.worker.ts only wires it to `self`.
 */
import { Lab, type CommandRecord } from '../engine/lab';
import { buildCheck } from '../engine/build';
import { loadScenario } from '../engine/scenario';
import type { LabInput } from '../engine/replay';
import type { Scenario, ScenarioDocV1, ScenarioError } from '../engine/scenario/types';
import type { PacketEvent, StateEvent } from '../engine/sim/trace';
import { frameInfo } from '../engine/view/frame-info';
import { PacketIndex } from '../engine/view/packets';
import { snapshotLinks, snapshotNode } from '../engine/view/snapshot';
import type { NodeSnapshot } from '../engine/view/types';
import { changeEffect, linkStateChanges } from './change';
import { applyEdit, linkIdOf } from './edits';
import { DocHistory } from './history';
import { inspectMessage } from './inspect';
import { exportFrom } from './exports';
import { ladderQuery, type LadderSelect } from './ladder-query';
import { Pacer, Slice } from './pacer';
import { Recording } from './recording';
import { readForEditor, saveFromEditor } from './files';
import { complete } from '../engine/shell/complete';
import type { Batch, ChangeEffect, DoneMsg, DropMsg, Edit, FromWorker, HopMsg, PlayState, StateMsg, TermMsg, ToWorker } from './protocol';

export interface SessionIO {
  post(msg: FromWorker, transfer?: ArrayBuffer[]): void;
  /** Wall-clock milliseconds (performance.now()). */
  now(): number;
  /** Whether test hooks (`advance`, `debug-crash`) are accepted. */
  testHooks: boolean;
  /** Fail the way a real bug would: an exception nobody catches. */
  crash(): void;
}

/** Per batch, at most this many hops/drops/state lines are sent; the rest are counted as elided. */
export const BATCH_CAP = 3000;
/** After a seek, the latest this many hops and drops before the new time are sent again (the packet log, frames in flight). */
export const SEEK_RESEND = 400;
/** Longest wall-time step one tick may take (a throttled background tab must not jump). */
const MAX_TICK_MS = 100;
/** How often every node's picture is re-checked (ARP ageing changes nothing the trace reports). */
const FULL_SNAPSHOT_MS = 1000;

const SPEED_MIN = 0.001;
const SPEED_MAX = 1000;

/** The validator's errors, worded for a person editing the canvas (node ids instead of `$.nodes[3]`). */
export function describeErrors(doc: ScenarioDocV1, errors: ScenarioError[]): string {
  const e = errors[0];
  if (!e) return 'the change was refused';
  const path = e.path.replace(/^\$\.nodes\[(\d+)\]/, (_m, i: string) => doc.nodes[Number(i)]?.id ?? `node ${i}`).replace(/^\$\.links\[(\d+)\]/, (_m, i: string) => {
    const l = doc.links[Number(i)];
    return l ? `cable ${linkIdOf(l)}` : `cable ${i}`;
  });
  const where = path === '$' ? '' : `${path.replace(/\.interfaces\[(\d+)\]/, (_m, i: string) => ` interface ${Number(i) + 1}`).replace(/^\$\.?/, '')}: `;
  return `${where}${e.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`;
}

/** Give every link its (derived) id explicitly, so the page never derives one. */
function withLinkIds(doc: ScenarioDocV1): ScenarioDocV1 {
  return { ...doc, links: doc.links.map((l) => (l.id ? l : { ...l, id: linkIdOf(l) })) };
}

export class Session {
  private doc: ScenarioDocV1 | null = null;
  private lab: Lab | null = null;
  /** The inputs given to the lab since it was built (rewind replays them). */
  private recording: Recording | null = null;
  private pacer: Pacer | null = null;
  private index: { lab: Lab; index: PacketIndex } | null = null;
  private readonly history = new DocHistory();
  private state: PlayState = 'paused';
  private speed = 1;
  private skipIdle = true;
  private seed: number | undefined;
  /** The first typed command starts the clock, until the user pauses or steps by hand. */
  private autoplay = true;
  private seeking = false;
  private stepUntil: number | null = null;
  private hopCount = 0;
  private lastWall: number;
  private stormReported = false;
  private hooked = new Set<string>();
  private unlisten: (() => void) | null = null;
  // Outbox
  private hops: HopMsg[] = [];
  private drops: DropMsg[] = [];
  private states: StateMsg[] = [];
  private term: TermMsg[] = [];
  private done: DoneMsg[] = [];
  private typed: Array<{ node: string; line: string }> = [];
  private branchedAt: number | undefined;
  private transfer: ArrayBuffer[] = [];
  private elided = 0;
  private dirty = new Set<string>();
  private allDirty = true;
  private linksDirty = true;
  private lastSnap = new Map<string, string>();
  private lastFull = 0;
  private clockChanged = true;

  constructor(private readonly io: SessionIO) {
    this.lastWall = io.now();
  }

  // ------------------------------------------------------------------ messages

  handle(msg: ToWorker): void {
    switch (msg.type) {
      case 'ping':
        return this.io.post({ type: 'pong' });
      case 'load':
        return this.load(msg.doc, msg.seed);
      case 'play':
        this.autoplay = false;
        return this.setState('playing');
      case 'pause':
        this.autoplay = false;
        return this.setState('paused');
      case 'speed':
        if (Number.isFinite(msg.speed)) this.speed = Math.min(SPEED_MAX, Math.max(SPEED_MIN, msg.speed));
        if (this.pacer) this.pacer.speed = this.speed;
        this.clockChanged = true;
        return this.flush();
      case 'skip-idle':
        this.skipIdle = msg.on;
        if (this.pacer) this.pacer.skipIdle = msg.on;
        this.clockChanged = true;
        return this.flush();
      case 'step':
        return this.step();
      case 'type':
        return this.type(msg.node, msg.line);
      case 'interrupt':
        if (this.lab?.host(msg.node)) {
          this.hook(msg.node);
          this.interrupt(msg.node);
        }
        return this.flush();
      case 'term-open':
      case 'complete':
      case 'read-file':
      case 'write-file':
        return this.terminalRequest(msg);
      case 'seek':
        return this.seek(msg.t);
      case 'ladder':
        return this.ladder(msg.token, msg.select, msg.arp === true);
      case 'inspect': {
        const r = inspectMessage(this.lab, msg.token, msg.pid, msg.seq);
        return this.io.post(r.msg, r.transfer);
      }
      case 'edit':
        return this.edit(msg.edit);
      case 'undo':
        return this.undoRedo('undo');
      case 'redo':
        return this.undoRedo('redo');
      case 'run-until':
        // A share link's time: at most a day of virtual time (LINK_LIMITS.T_MAX_US).
        if (this.pacer && Number.isFinite(msg.us)) this.advanceNow(Math.min(86_400_000_000, msg.us) - this.pacer.v);
        return;
      case 'export': {
        const result = exportFrom(this.lab, msg.request);
        return this.io.post({ type: 'exported', token: msg.token, result }, 'file' in result ? [result.file.bytes.buffer as ArrayBuffer] : []);
      }
      case 'advance':
        if (!this.io.testHooks) return;
        this.advanceNow(msg.us);
        return this.io.post({ type: 'advanced', token: msg.token });
      case 'debug-crash':
        if (!this.io.testHooks) return;
        if (msg.how === 'throw') return this.io.crash();
        throw new Error('debug-crash: the engine failed on purpose (test hook)');
    }
  }

  /** Called by the worker's timer about 30 times a second. */
  tick(): void {
    const now = this.io.now();
    const dt = Math.min(MAX_TICK_MS, Math.max(0, now - this.lastWall));
    this.lastWall = now;
    const pacer = this.pacer;
    if (!pacer || !this.lab) return;
    const slice = new Slice(() => this.io.now());
    if (this.state === 'playing') {
      pacer.advance(dt, slice);
      this.clockChanged = true;
    } else if (this.state === 'stepping') {
      this.clockChanged = true;
      if (this.seeking) {
        const r = pacer.seekHop(() => this.hopCount, slice);
        if (r === 'empty') this.state = 'paused';
        else if (r === 'found') {
          this.seeking = false;
          this.stepUntil = pacer.earliestArrival() ?? null;
        }
      } else if (this.stepUntil !== null) {
        pacer.advance(dt, slice, this.stepUntil);
        if (pacer.v >= this.stepUntil) {
          this.stepUntil = null;
          this.state = 'paused';
        }
      } else this.state = 'paused';
    }
    this.checkStorm();
    this.flush();
  }

  // ------------------------------------------------------------------ documents

  private load(doc: unknown, seed?: number): void {
    const res = loadScenario(doc);
    if (!res.ok) return this.io.post({ type: 'load-error', errors: res.errors });
    const refused = buildCheck(res.scenario);
    if (refused) return this.io.post({ type: 'load-error', errors: [refused] });
    this.seed = seed;
    this.history.clear();
    this.doc = withLinkIds(structuredClone(doc as ScenarioDocV1));
    this.rebuild(res.scenario);
    this.state = 'paused';
    this.autoplay = true;
    this.postDoc('load', res.scenario.title?.en ?? res.scenario.id ?? 'Loaded');
    this.flush();
  }

  private rebuild(scenario: Scenario): void {
    const lab = new Lab(scenario, this.seed);
    // A new topology starts a new recording.
    this.recording = new Recording(scenario, this.seed, lab);
    this.hooked.clear();
    this.attach(lab, 0);
    // What boot lines did while the Lab was being built, then everything after.
    for (const p of lab.world.trace.packets) this.onPacket(p);
    for (const s of lab.world.trace.states) this.onState(s);
  }

  /** Make `lab` the running lab, its clock at `v`: a fresh pacer, an empty outbox, listeners on its trace. */
  private attach(lab: Lab, v: number): void {
    this.unlisten?.();
    const pacer = new Pacer(lab.world.sim);
    pacer.speed = this.speed;
    pacer.skipIdle = this.skipIdle;
    pacer.v = v;
    pacer.onPin = () => this.replayInput();
    pacer.pin = this.recording?.nextPin() ?? null;
    this.lab = lab;
    this.pacer = pacer;
    this.hopCount = 0;
    this.seeking = false;
    this.stepUntil = null;
    if (this.state === 'stepping') this.state = 'paused';
    this.stormReported = false;
    this.hops = [];
    this.drops = [];
    this.states = [];
    this.term = [];
    this.done = [];
    this.typed = [];
    this.branchedAt = undefined;
    this.transfer = [];
    this.elided = 0;
    this.lastSnap.clear();
    this.allDirty = true;
    this.linksDirty = true;
    this.clockChanged = true;
    for (const node of this.hooked) this.hookConsole(node);
    this.unlisten = lab.world.trace.listen({ packet: (p) => this.onPacket(p), state: (s) => this.onState(s) });
    lab.onCommandDone = (r) => this.onDone(r);
  }

  private edit(edit: Edit): void {
    const doc = this.doc;
    if (!doc) return this.io.post({ type: 'edit-rejected', message: 'no lab is loaded' });
    const r = applyEdit(doc, edit);
    if (!r.ok) return this.io.post({ type: 'edit-rejected', message: r.message });
    const next = withLinkIds(r.doc);
    const res = loadScenario(next);
    if (!res.ok) return this.io.post({ type: 'edit-rejected', message: describeErrors(next, res.errors) });
    const refused = buildCheck(res.scenario);
    if (refused) return this.io.post({ type: 'edit-rejected', message: refused.message });
    this.history.record(doc, r.label);
    this.switchTo(next, res.scenario, r.label);
  }

  private undoRedo(which: 'undo' | 'redo'): void {
    const doc = this.doc;
    const e = which === 'undo' ? this.history.nextUndo() : this.history.nextRedo();
    if (!doc || !e) return;
    const res = loadScenario(e.doc);
    if (!res.ok) return this.io.post({ type: 'edit-rejected', message: `cannot ${which}: ${describeErrors(e.doc, res.errors)}` });
    if (which === 'undo') this.history.commitUndo(doc);
    else this.history.commitRedo(doc);
    this.switchTo(e.doc, res.scenario, `${which === 'undo' ? 'Undo' : 'Redo'}: ${e.label}`);
  }

  /** Make `next` the current document, touching the running world as little as its change needs. */
  private switchTo(next: ScenarioDocV1, scenario: Scenario, label: string): void {
    const prev = this.doc!;
    const effect = changeEffect(prev, next);
    this.doc = next;
    if (effect === 'restart') this.rebuild(scenario);
    else if (effect === 'live' && this.lab) {
      for (const c of linkStateChanges(prev, next)) this.input({ kind: 'link', link: c.id, up: c.up, t: 0 });
      this.allDirty = true;
      this.linksDirty = true;
    }
    this.postDoc(effect, label);
    this.flush();
  }

  private postDoc(effect: ChangeEffect | 'load', label: string): void {
    this.io.post({ type: 'doc', doc: structuredClone(this.doc!), effect, canUndo: this.history.canUndo, canRedo: this.history.canRedo, label });
  }

  // ------------------------------------------------------------------ playback

  private setState(s: PlayState): void {
    if (!this.lab) return;
    this.state = s;
    this.seeking = false;
    this.stepUntil = null;
    this.lastWall = this.io.now();
    this.clockChanged = true;
    this.flush();
  }

  private step(): void {
    const pacer = this.pacer;
    if (!pacer || !this.lab) return;
    this.autoplay = false;
    this.state = 'stepping';
    this.lastWall = this.io.now();
    const arriving = pacer.earliestArrival();
    if (arriving !== undefined) {
      // A frame is already on a cable: this step is its flight.
      this.seeking = false;
      this.stepUntil = arriving;
    } else {
      this.seeking = true;
      this.stepUntil = null;
    }
    this.clockChanged = true;
    this.flush();
  }

  private type(node: string, line: string): void {
    const lab = this.lab;
    if (!lab) return;
    if (!lab.host(node)) {
      this.term.push({ node, text: `lvslab: ${node} is not a Linux host: it has no shell\n` });
      return this.flush();
    }
    this.hook(node);
    this.input({ kind: 'type', node, line, t: 0 });
    this.dirty.add(node);
    if (this.autoplay && this.state === 'paused') {
      this.state = 'playing';
      this.lastWall = this.io.now();
    }
    this.clockChanged = true;
    this.flush();
  }

  /**
   * Ctrl-C. The terminal echoes ^C: ping prints it itself before its
   * statistics; otherwise it comes first, and a command killed by SIGINT
   * leaves the line ended, as bash does.
   */
  private interrupt(node: string): void {
    const lab = this.lab!;
    const busy = lab.console(node).busy;
    const from = this.term.length;
    this.input({ kind: 'interrupt', node, t: 0 });
    if (!busy) return;
    const said = this.term
      .slice(from)
      .filter((m) => m.node === node)
      .map((m) => m.text)
      .join('');
    if (said.startsWith('^C')) return;
    this.term.splice(from, 0, { node, text: said || lab.console(node).busy ? '^C' : '^C\n' });
  }

  /** What a terminal asks of its host: the prompt, Tab completions, a file to edit and saving it. */
  private terminalRequest(msg: Extract<ToWorker, { type: 'term-open' | 'complete' | 'read-file' | 'write-file' }>): void {
    const lab = this.lab;
    const host = lab?.host(msg.node);
    // A shell is opened only by typing (as on replay), so asking does not start one.
    const shell = lab?.existingConsole(msg.node)?.shell;
    switch (msg.type) {
      case 'term-open':
        if (!lab || !host) return;
        if (shell) this.hook(msg.node);
        return this.io.post({ type: 'prompt', node: msg.node, prompt: shell?.prompt() ?? `[root@${host.hostname} ~]# ` });
      case 'complete': {
        const state = shell ?? (host ? { host, cwd: '/root', vars: new Map([['HOME', '/root']]) } : null);
        return this.io.post({ type: 'completions', token: msg.token, completion: state ? complete(state, msg.line, msg.cursor) : null });
      }
      case 'read-file':
        return this.io.post({ type: 'file', token: msg.token, file: lab && host ? readForEditor(lab, msg.node, msg.path) : null });
      case 'write-file': {
        const node = msg.node;
        const saved = lab && host ? saveFromEditor(lab, node, msg.path, msg.content, (path, content) => this.input({ kind: 'file', node, path, content, t: 0 })) : null;
        this.dirty.add(node);
        this.io.post({ type: 'file-saved', token: msg.token, saved });
        return this.flush();
      }
    }
  }

  /** Terminal output of a node's console goes to the page from the first line typed there. */
  private hook(node: string): void {
    if (this.hooked.has(node) || !this.lab) return;
    this.hooked.add(node);
    this.hookConsole(node);
  }

  private hookConsole(node: string): void {
    if (this.lab?.host(node)) this.lab.console(node).onOutput = (text) => this.term.push({ node, text });
  }

  // ------------------------------------------------------------------ recording, rewind

  /** Give the lab an input through the recording (a new input drops a future kept by a rewind). */
  private input(input: LabInput): void {
    const rec = this.recording;
    if (!rec) return;
    const seq = this.traceSeq();
    if (rec.input(input)) {
      // The history branches here: what the page kept of the old future is gone.
      this.branchedAt = seq;
      this.pacer!.pin = null;
      rec.end = this.pacer!.v;
      this.clockChanged = true;
    }
  }

  /** The trace position of the next event of the running lab. */
  private traceSeq(): number {
    const tr = this.lab?.world.trace;
    if (!tr) return 0;
    const p = tr.packets[tr.packets.length - 1]?.seq ?? -1;
    const s = tr.states[tr.states.length - 1]?.seq ?? -1;
    return Math.max(p, s) + 1;
  }

  /** The clock reached a recorded input of the future: give it again. */
  private replayInput(): void {
    const rec = this.recording;
    const pacer = this.pacer;
    if (!rec || !pacer) return;
    const input = rec.replayNext();
    pacer.pin = rec.nextPin();
    if (!input) return;
    if (input.kind === 'type' || input.kind === 'interrupt') {
      this.hook(input.node);
      this.dirty.add(input.node);
    }
    if (input.kind === 'type') this.typed.push({ node: input.node, line: input.line });
    if (input.kind === 'link' || input.kind === 'power') {
      this.allDirty = true;
      this.linksDirty = true;
      this.syncDocLinks();
    }
  }

  /** Cables in the document follow the lab after a rewind (a cut undone by going back before it). */
  private syncDocLinks(): void {
    const doc = this.doc;
    const lab = this.lab;
    if (!doc || !lab) return;
    let changed = false;
    const links = doc.links.map((l) => {
      const live = lab.world.links.get(l.id ?? linkIdOf(l));
      if (!live || live.up === (l.up !== false)) return l;
      changed = true;
      const { up: _up, ...rest } = l;
      return live.up ? rest : { ...rest, up: false };
    });
    if (!changed) return;
    this.doc = { ...doc, links };
    this.postDoc('cosmetic', '');
  }

  private seek(t: number): void {
    const rec = this.recording;
    const pacer = this.pacer;
    if (!rec || !pacer || !Number.isFinite(t)) return;
    rec.end = Math.max(rec.end, pacer.v);
    const target = Math.min(Math.max(0, Math.floor(t)), Math.floor(rec.end));
    const lab = rec.seek(target);
    this.state = 'paused';
    for (const r of lab.records) if (!r.boot) this.hooked.add(r.node);
    this.attach(lab, target);
    // The latest frames before `t` again: the packet log, and frames still on a cable.
    const packets = lab.world.trace.packets;
    let hops = 0;
    let drops = 0;
    for (const p of packets) {
      if (p.type === 'hop') hops++;
      else drops++;
    }
    const resend = packets.slice(Math.max(0, packets.length - SEEK_RESEND));
    const resentHops = resend.filter((p) => p.type === 'hop').length;
    this.io.post({
      type: 'seeked',
      t: target,
      cursor: this.traceSeq(),
      hopsBefore: hops - resentHops,
      dropsBefore: drops - (resend.length - resentHops),
      consoles: rec.consoles(),
      pending: rec.pending,
      end: rec.end,
    });
    this.hopCount = hops - resentHops;
    for (const p of resend) this.onPacket(p);
    this.syncDocLinks();
    this.flush();
  }

  private ladder(token: number, select: LadderSelect, arp: boolean): void {
    const lab = this.lab;
    if (!lab) return this.io.post({ type: 'ladder', token, ladder: null });
    if (!this.index || this.index.lab !== lab) this.index = { lab, index: new PacketIndex() };
    const { index } = this.index;
    const packets = lab.world.trace.packets;
    for (let i = index.packets.length; i < packets.length; i++) index.add(packets[i]);
    const switches = new Set<string>();
    for (const n of lab.world.nodes.values()) if (n.kind === 'switch') switches.add(n.id);
    this.io.post({ type: 'ladder', token, ladder: ladderQuery(index, select, { switches, arp, now: this.pacer?.v ?? lab.world.now }) });
  }

  private advanceNow(us: number): void {
    const pacer = this.pacer;
    if (!pacer || !(us >= 0)) return;
    const to = pacer.v + us;
    // Tests only: run to the end, one generous slice at a time.
    for (let i = 0; i < 10_000; i++) {
      if (pacer.jump(to, new Slice(() => this.io.now(), 1_000, 1_000_000)) === 'done') break;
    }
    if (this.state === 'stepping') this.state = 'paused';
    this.seeking = false;
    this.stepUntil = null;
    this.clockChanged = true;
    this.checkStorm();
    this.flush();
  }

  private checkStorm(): void {
    const storm = this.lab?.world.storm;
    if (storm && !this.stormReported) {
      this.stormReported = true;
      this.state = 'paused';
      this.clockChanged = true;
      this.io.post({ type: 'storm', message: storm });
    }
  }

  // ------------------------------------------------------------------ events → batches

  private onPacket(p: PacketEvent): void {
    if (p.type === 'hop') {
      this.hopCount++;
      this.pacer?.hop(p.t, p.arrive);
      if (this.hops.length >= BATCH_CAP) {
        this.elided++;
        return;
      }
      const info = frameInfo(p.frame);
      const frame = p.frame.slice();
      this.transfer.push(frame.buffer);
      this.hops.push({
        seq: p.seq ?? 0,
        pid: p.pid,
        t: p.t,
        arrive: p.arrive,
        link: p.link,
        from: p.from,
        to: p.to,
        kind: info.kind,
        ...(info.tcpFlags ? { tcpFlags: info.tcpFlags } : {}),
        broadcast: info.broadcast,
        summary: info.summary,
        ...(p.lost ? { lost: p.lost } : {}),
        frame,
      });
    } else {
      if (this.drops.length >= BATCH_CAP) {
        this.elided++;
        return;
      }
      const info = frameInfo(p.frame);
      const frame = p.frame.slice();
      this.transfer.push(frame.buffer);
      this.drops.push({ seq: p.seq ?? 0, pid: p.pid, t: p.t, node: p.node, ...(p.iface ? { iface: p.iface } : {}), reason: p.reason, kind: info.kind, broadcast: info.broadcast, summary: info.summary, frame });
      this.dirty.add(p.node);
    }
  }

  private onState(s: StateEvent): void {
    if (s.node === '*') this.allDirty = true;
    else this.dirty.add(s.node);
    if (s.kind === 'link.state' || s.kind === 'node.power') this.linksDirty = true;
    if (this.states.length >= BATCH_CAP) {
      this.elided++;
      return;
    }
    this.states.push({ seq: s.seq ?? 0, t: s.t, node: s.node, kind: s.kind, text: s.text, ...(s.data ? { data: { ...s.data } } : {}) });
  }

  private onDone(r: CommandRecord): void {
    if (r.boot || !this.lab) return;
    this.recording?.commandDone(r, this.lab.console(r.node).shell.prompt());
    this.done.push({ node: r.node, line: r.line, status: r.status, prompt: this.lab.console(r.node).shell.prompt() });
    this.dirty.add(r.node);
  }

  private snapshots(): NodeSnapshot[] {
    const lab = this.lab;
    if (!lab) return [];
    const now = this.io.now();
    const all = this.allDirty || now - this.lastFull >= FULL_SNAPSHOT_MS;
    if (all) this.lastFull = now;
    const ids = all ? [...lab.world.nodes.keys()] : [...this.dirty];
    this.allDirty = false;
    this.dirty.clear();
    const out: NodeSnapshot[] = [];
    for (const id of ids) {
      const node = lab.world.node(id);
      if (!node) continue;
      const snap = snapshotNode(node);
      const json = JSON.stringify(snap);
      if (this.lastSnap.get(id) === json) continue;
      this.lastSnap.set(id, json);
      out.push(snap);
    }
    return out;
  }

  /** Send what happened since the last batch, if anything did. */
  flush(): void {
    const pacer = this.pacer;
    const lab = this.lab;
    if (!pacer || !lab) return;
    const snapshots = this.snapshots();
    const rec = this.recording;
    if (rec && pacer.v > rec.end) rec.end = pacer.v;
    const nothing =
      !this.clockChanged && !this.typed.length && this.branchedAt === undefined && !this.hops.length && !this.drops.length && !this.states.length && !this.term.length && !this.done.length && !snapshots.length && !this.linksDirty;
    if (nothing) return;
    const batch: Batch = {
      type: 'batch',
      clock: {
        now: pacer.v,
        rate: this.state === 'paused' ? 0 : pacer.rate(),
        horizon: this.state === 'stepping' && this.stepUntil !== null ? Math.min(this.stepUntil, pacer.horizon()) : pacer.horizon(),
        state: this.state,
        speed: this.speed,
        skipIdle: this.skipIdle,
        end: rec?.end ?? pacer.v,
      },
      hops: this.hops,
      drops: this.drops,
      states: this.states,
      term: this.term,
      done: this.done,
      snapshots,
      ...(this.linksDirty ? { links: snapshotLinks(lab.world) } : {}),
      skippedUs: pacer.takeSkipped(),
      elided: this.elided,
      ...(this.typed.length ? { typed: this.typed } : {}),
      ...(this.branchedAt !== undefined ? { branchedAt: this.branchedAt } : {}),
    };
    const transfer = this.transfer;
    this.hops = [];
    this.drops = [];
    this.states = [];
    this.term = [];
    this.done = [];
    this.typed = [];
    this.branchedAt = undefined;
    this.transfer = [];
    this.elided = 0;
    this.linksDirty = false;
    this.clockChanged = this.state !== 'paused';
    this.io.post(batch, transfer);
  }

  /** For tests: the running lab. */
  get currentLab(): Lab | null {
    return this.lab;
  }

  /** For tests and the test hook: the virtual clock and play state. */
  get status(): { v: number; state: PlayState; hops: number } {
    return { v: this.pacer?.v ?? 0, state: this.state, hops: this.hopCount };
  }
}
