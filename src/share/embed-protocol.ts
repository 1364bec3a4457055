/**
 * The postMessage API of an embedded lab (docs/embed.md): commands a course page
 * sends into the `<iframe>`, events the lab sends back, strict validation of
 * everything that arrives, and the origin check.
 *
 * Security model, in short: a message is acted on only when its `event.origin`
 * is exactly one of the origins the embed URL allows (`origins=`); `*` must be
 * written explicitly and means any page. Events are posted to the parent once
 * per allowed origin with that origin as `targetOrigin`, so the browser delivers
 * them only if the parent really is that origin. With no `origins=` the lab
 * neither listens nor talks. Commands are data, never code: a `run` line goes to
 * the simulated shell, nothing is evaluated in the page.
 */
import type { StateEvent } from '../engine/sim/trace';
import { PATTERNS, SCENARIO_LIMITS } from '../engine/scenario';
import { MAX_LINK_CHARS } from './link';

/** Every message in either direction carries this tag; anything without it is not ours and is ignored. */
export const EMBED_PROTOCOL = 'lvslab-embed/1' as const;

/** A correlation id chosen by the sender; errors about a command echo it. */
export type MessageId = string | number;

export type EmbedCommand = { id?: MessageId } & (
  /** Replace the lab: a scenario document, a preset id, or a share link (`#lab=…` or a whole URL). */
  | { type: 'load'; doc: unknown }
  | { type: 'load'; preset: string }
  | { type: 'load'; link: string }
  | { type: 'play' }
  | { type: 'pause' }
  /** One event forward (the next frame leaves a node), then pause. */
  | { type: 'step' }
  /** Simulation speed, × real time (0.01 … 100). */
  | { type: 'speed'; speed: number }
  /** Type a command line into a host's terminal (queued while it is busy). */
  | { type: 'run'; node: string; line: string }
  /** Ctrl-C in a host's terminal. */
  | { type: 'ctrlC'; node: string }
);

export type EmbedEvent =
  /** The lab is listening (sent once, after the first lab loaded). */
  | { type: 'ready'; readonly: boolean; panels: string[] }
  /** A lab was loaded (at start or by `load`). */
  | { type: 'loaded'; id?: string; title?: string; nodes: string[] }
  /** Clock and play state, at most a few times per second and on every change of `playing`. `t` in µs. */
  | { type: 'state'; t: number; playing: boolean }
  /** Text a host's terminal printed. */
  | { type: 'output'; node: string; text: string }
  /** A TCP connection reached ESTABLISHED on `node`; addresses as `ip:port`. */
  | { type: 'connection-established'; node: string; local: string; remote: string; t: number }
  /** A command was refused or failed; `id` is the command's when it had one. */
  | { type: 'error'; message: string; id?: MessageId };

/** What is posted: an event with the protocol tag. */
export type EmbedEventMessage = EmbedEvent & { protocol: typeof EMBED_PROTOCOL };

export type ParsedCommand = EmbedCommand | { error: string; id?: MessageId; /** not an lvslab message at all: ignore it silently */ foreign?: true };

export const EMBED_LIMITS = {
  ID_CHARS: 64,
  SPEED_MIN: 0.01,
  SPEED_MAX: 100,
} as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The keys each command may carry besides `protocol`, `type` and `id`. */
const COMMAND_KEYS: Record<EmbedCommand['type'], readonly string[]> = {
  load: ['doc', 'preset', 'link'],
  play: [],
  pause: [],
  step: [],
  speed: ['speed'],
  run: ['node', 'line'],
  ctrlC: ['node'],
};

/** Whether a message claims to be ours (carries the protocol tag). */
export function isEmbedMessage(data: unknown): boolean {
  return isPlainObject(data) && data.protocol === EMBED_PROTOCOL;
}

/**
 * Check a message from the parent page. Returns the command, or an error to
 * report back (`foreign` when the message is not an lvslab message and should
 * be ignored without a reply). Never throws; unknown keys are errors.
 */
export function parseEmbedCommand(data: unknown): ParsedCommand {
  if (!isEmbedMessage(data)) return { error: 'not an lvslab embed message', foreign: true };
  const o = data as Record<string, unknown>;
  let id: MessageId | undefined;
  if (has(o, 'id')) {
    const v = o.id;
    if (!((typeof v === 'string' && v.length <= EMBED_LIMITS.ID_CHARS) || (typeof v === 'number' && Number.isSafeInteger(v)))) {
      return { error: `"id" must be a string of at most ${EMBED_LIMITS.ID_CHARS} characters or an integer` };
    }
    id = v;
  }
  const fail = (error: string): ParsedCommand => (id === undefined ? { error } : { error, id });
  const type = o.type;
  if (typeof type !== 'string' || !has(COMMAND_KEYS, type)) {
    return fail(`unknown command ${typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : 'type'}: expected one of ${Object.keys(COMMAND_KEYS).join(', ')}`);
  }
  const t = type as EmbedCommand['type'];
  const allowed = new Set(['protocol', 'type', 'id', ...COMMAND_KEYS[t]]);
  const extra = Object.keys(o).filter((k) => !allowed.has(k));
  if (extra.length) return fail(`"${t}" does not take ${extra.slice(0, 3).map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}`);
  const withId = <C extends EmbedCommand>(c: C): C => (id === undefined ? c : { ...c, id });

  switch (t) {
    case 'play':
    case 'pause':
    case 'step':
      return withId({ type: t });
    case 'speed': {
      const s = o.speed;
      if (typeof s !== 'number' || !Number.isFinite(s) || s < EMBED_LIMITS.SPEED_MIN || s > EMBED_LIMITS.SPEED_MAX) {
        return fail(`"speed" must be a number from ${EMBED_LIMITS.SPEED_MIN} to ${EMBED_LIMITS.SPEED_MAX}`);
      }
      return withId({ type: 'speed', speed: s });
    }
    case 'load': {
      const given = COMMAND_KEYS.load.filter((k) => has(o, k));
      if (given.length !== 1) return fail('"load" takes exactly one of "doc", "preset" or "link"');
      if (given[0] === 'doc') {
        if (!isPlainObject(o.doc)) return fail('"doc" must be a scenario object (docs/scenario.md)');
        return withId({ type: 'load', doc: o.doc });
      }
      if (given[0] === 'preset') {
        if (typeof o.preset !== 'string' || !PATTERNS.scenarioId.test(o.preset)) return fail('"preset" must be a preset id such as "lvs-dr"');
        return withId({ type: 'load', preset: o.preset });
      }
      if (typeof o.link !== 'string' || o.link.length > MAX_LINK_CHARS) return fail(`"link" must be a share link (a string of at most ${MAX_LINK_CHARS} characters)`);
      return withId({ type: 'load', link: o.link });
    }
    case 'run':
    case 'ctrlC': {
      if (typeof o.node !== 'string' || !PATTERNS.nodeId.test(o.node)) return fail('"node" must be a node id such as "client"');
      if (t === 'ctrlC') return withId({ type: 'ctrlC', node: o.node });
      const line = o.line;
      if (typeof line !== 'string' || line.length > SCENARIO_LIMITS.COMMAND_CHARS || !PATTERNS.oneLine.test(line)) {
        return fail(`"line" must be one command line (no line breaks, at most ${SCENARIO_LIMITS.COMMAND_CHARS} characters)`);
      }
      return withId({ type: 'run', node: o.node, line });
    }
  }
}

/** Tag an event for posting. */
export const embedEvent = (e: EmbedEvent): EmbedEventMessage => ({ ...e, protocol: EMBED_PROTOCOL });

/**
 * The `connection-established` event for a state-stream line, if it is one
 * (engine/transport/tcp/state.ts emits `tcp.state` with `to: 'ESTABLISHED'`).
 */
export function connectionEvent(e: StateEvent): EmbedEvent | null {
  if (e.kind !== 'tcp.state' || e.data?.to !== 'ESTABLISHED') return null;
  const { local, remote } = e.data;
  if (typeof local !== 'string' || typeof remote !== 'string') return null;
  return { type: 'connection-established', node: e.node, local, remote, t: e.t };
}

// ---------------------------------------------------------------------------
// Origins

/**
 * An origin as browsers serialise `MessageEvent.origin` (RFC 6454 §6.1):
 * lowercase scheme and host, no default port, no path. null when `text` is not
 * an http(s) origin (paths, credentials, wildcards in hosts, non-ASCII hosts are refused).
 */
export function normaliseOrigin(text: string): string | null {
  const m = /^(https?):\/\/([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?\/?$/i.exec(text.trim());
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  const host = m[2].toLowerCase();
  if (host.includes('..')) return null;
  let port: string | undefined = m[3];
  if (port !== undefined) {
    const n = Number(port);
    if (n < 1 || n > 65535) return null;
    port = String(n);
    if ((scheme === 'http' && n === 80) || (scheme === 'https' && n === 443)) port = undefined;
  }
  return `${scheme}://${host}${port !== undefined ? `:${port}` : ''}`;
}

/**
 * Whether a message from `origin` (a `MessageEvent.origin`) may drive the lab:
 * exact match with an allowed origin; `*` in the list allows every origin. The
 * opaque origin `"null"` (sandboxed frames, file: pages) matches only `*`.
 */
export function originAllowed(origin: string, allowList: readonly string[]): boolean {
  if (typeof origin !== 'string') return false;
  if (allowList.includes('*')) return true;
  if (origin === 'null') return false;
  const o = normaliseOrigin(origin);
  return o !== null && allowList.includes(o);
}

/** The `targetOrigin`s to post each event with: one per allowed origin, or `*` when any is allowed. */
export function eventTargets(allowList: readonly string[]): string[] {
  return allowList.includes('*') ? ['*'] : [...allowList];
}
