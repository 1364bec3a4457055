/**
 * `window.__lvslab`, installed only with `?testhooks=1` (or in dev builds):
 * what end-to-end tests use instead of sleeping. Types only, so Playwright
 * specs can import them.
 */
export interface LvslabState {
  status: 'booting' | 'ready' | 'crashed';
  playState: 'paused' | 'playing' | 'stepping';
  /** Virtual time in µs, as the worker last reported it. */
  now: number;
  hops: number;
  drops: number;
  nodes: string[];
  links: Array<{ id: string; up: boolean }>;
  canUndo: boolean;
  canRedo: boolean;
}

export interface LvslabTestHooks {
  /** Run the simulation `seconds` of virtual time forward at once; resolves when the page has the results. */
  advance(seconds: number): Promise<void>;
  /** Make the engine worker fail: an uncaught exception (`throw`) or a reported fatal error (`fatal`). */
  crash(how?: 'throw' | 'fatal'): void;
  state(): LvslabState;
  /** Type a line into a node's shell (as the command line does). */
  type(node: string, line: string): void;
  /** What a host's terminal shows, scrollback included (wrapped rows joined); null when its tab is not the one shown. */
  terminalText(node: string): string | null;
  /** Add `n` synthetic state changes to the event timeline (load tests of the timeline panel). */
  fillTimeline(n: number): void;
  /** Load a scenario document (a generated topology, say). */
  load(doc: unknown): void;
  /** The envelopes drawn in the last animation frame (centres in page coordinates). */
  envelopes(): Array<{ seq: number; pid: number; kind: string; tcpFlags?: string; x: number; y: number }>;
  /** The drop marks (✕) drawn in the last animation frame. */
  drops(): Array<{ seq: number; pid: number; node: string; reason: string; x: number; y: number }>;
}
