/**
 * "Copy link": the whole lab — topology, configuration, boot commands, timeline
 * and optionally the virtual time — in a URL fragment, and back.
 *
 *   https://example.edu/course/lvslab/#lab=1.<base64url(deflateRaw(JSON))>
 *
 * The fragment never reaches a server. `decodeShareLink` takes anything from
 * outside (a damaged, truncated, edited, future or hostile link) and answers with
 * the lab or one plain sentence saying what is wrong — it never throws, never
 * allocates more than the limits in LINK_LIMITS, and returns names and texts as
 * plain strings (the UI renders them as text; nothing here builds HTML).
 *
 * Formats and their upgrades: migrate.ts. The compact document: compact.ts.
 */
import { strToU8 } from 'fflate';
import { loadScenario } from '../engine/scenario';
import type { LocalText, Scenario, ScenarioDocV1, ScenarioError } from '../engine/scenario/types';
import { presetById } from '../presets';
import { base64urlEncode } from './base64';
import { compactScenario, type JsonObject } from './compact';
import { CURRENT_LINK_FORMAT, decodeAndMigrate, LINK_LIMITS, packV1, type LinkContent } from './migrate';

/** The fragment parameter that carries the lab. */
export const LAB_PARAM = 'lab';

/** Anything longer is refused before it is looked at (a format-0 link of 2 MB of JSON is ~2.8 M characters). */
export const MAX_LINK_CHARS = 3_000_000;

export interface ShareOptions {
  /** Virtual time to open the lab at, integer µs (0 … LINK_LIMITS.T_MAX_US). */
  t?: number;
}

export type DecodedLink =
  | {
      ok: true;
      /** The lab, validated and normalised: hand it to the engine as is. */
      doc: Scenario;
      /** Virtual time the link asks to open at, µs. */
      t?: number;
      /** The link format it was written in (older ones were upgraded). */
      format: number;
    }
  | { ok: false; error: string };

/** Texts a link may take from the preset of the same id instead of carrying them. */
const TEXT_FIELDS = ['title', 'description'] as const;

const textEqual = (a: LocalText | undefined, b: LocalText | undefined): boolean => (a === undefined ? b === undefined : b !== undefined && a.en === b.en && a.zh === b.zh);

/**
 * The fragment for a lab: `#lab=1.…`. The document is validated and normalised
 * first (an invalid one throws: the app only shares labs it is running); defaults
 * are dropped and a preset's own title and description are referred to rather
 * than copied (see docs/embed.md "Share links").
 */
export function encodeShareLink(doc: ScenarioDocV1, opts: ShareOptions = {}): string {
  const loaded = loadScenario(doc);
  if (!loaded.ok) throw new Error(`cannot share an invalid lab: ${describeErrors(loaded.errors)}`);
  const s = loaded.scenario;
  const compact = compactScenario(s);
  const env: JsonObject = {};
  const preset = s.id !== undefined ? presetById(s.id) : undefined;
  const fromPreset = preset ? TEXT_FIELDS.filter((k) => s[k] !== undefined && textEqual(s[k], preset[k])) : [];
  for (const k of fromPreset) delete compact[k];
  if (fromPreset.length) env.texts = fromPreset;
  env.d = compact;
  if (opts.t !== undefined) {
    if (!Number.isSafeInteger(opts.t) || opts.t < 0 || opts.t > LINK_LIMITS.T_MAX_US) throw new RangeError(`t must be an integer number of µs 0..${LINK_LIMITS.T_MAX_US}, got ${opts.t}`);
    env.t = opts.t;
  }
  return `#${LAB_PARAM}=${CURRENT_LINK_FORMAT}.${base64urlEncode(packV1(strToU8(JSON.stringify(env))))}`;
}

/** A whole URL: `base` (its own fragment dropped) followed by the lab's fragment. */
export function shareUrl(base: string, doc: ScenarioDocV1, opts: ShareOptions = {}): string {
  const hash = base.indexOf('#');
  return (hash < 0 ? base : base.slice(0, hash)) + encodeShareLink(doc, opts);
}

/** Whether a URL or fragment carries a lab (cheap: no decoding). */
export function hasShareLink(urlOrFragment: string): boolean {
  return typeof urlOrFragment === 'string' && labParam(fragmentOf(urlOrFragment)) !== undefined;
}

const damaged = (detail: string) => `This link is damaged (truncated or edited): ${detail}.`;

/**
 * Read a lab from a URL, its fragment (`#lab=…`, `lab=…`) or the bare value
 * (`1.…`). Never throws; every failure is one sentence for the learner.
 */
export function decodeShareLink(input: string): DecodedLink {
  try {
    return decode(input);
  } catch (e) {
    // Not expected: every step reports its own errors. Still never crash the page.
    return { ok: false, error: oneLine(damaged(`it could not be read (${e instanceof Error ? e.message : String(e)})`)) };
  }
}

function decode(input: string): DecodedLink {
  if (typeof input !== 'string') return { ok: false, error: 'This link has no lab in it.' };
  if (input.length > MAX_LINK_CHARS) return { ok: false, error: `This link is too large: ${input.length} characters (a lab link has at most ${MAX_LINK_CHARS}).` };
  const fragment = fragmentOf(input);
  const params = linkParams(fragment);
  let value = params.get(LAB_PARAM);
  if (value === undefined) {
    // A bare value (`1.…`, or format 0's base64) with no `lab=` around it.
    const bare = /^\s*(?:\d+\.[A-Za-z0-9_-]*|[A-Za-z0-9+/%]+={0,2})\s*$/.test(fragment);
    if (!bare || fragment.trim() === '') return { ok: false, error: `This link has no lab in it (expected #${LAB_PARAM}=… after the address).` };
    value = fragment;
  }
  value = value.trim();
  if (value === '') return { ok: false, error: oneLine(damaged('the lab parameter is empty')) };

  const m = /^(\d+)\./.exec(value);
  let format = 0;
  let payload = value;
  if (m) {
    if (m[1].length > 9) return { ok: false, error: oneLine(damaged(`its format number ${m[1].slice(0, 12)}… is not one lvslab ever wrote`)) };
    format = Number(m[1]);
    payload = value.slice(m[1].length + 1);
    if (format > CURRENT_LINK_FORMAT) {
      return { ok: false, error: `This link was made by a newer lvslab (format ${format}); this version reads up to ${CURRENT_LINK_FORMAT}.` };
    }
    if (format < 1) return { ok: false, error: oneLine(damaged(`format ${format} does not exist`)) };
  }
  const got = decodeAndMigrate(format, payload, params);
  if (!got.ok) {
    if (got.tooLarge) return { ok: false, error: oneLine(`This link is too large: ${got.error}.`) };
    return { ok: false, error: oneLine(damaged(got.error)) };
  }
  return finish(got.content, format);
}

function finish(content: LinkContent, format: number): DecodedLink {
  let doc = content.doc;
  const fields = content.textsFromPreset;
  if (fields && typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
    const d: JsonObject = { ...(doc as JsonObject) };
    const preset = typeof d.id === 'string' ? presetById(d.id) : undefined;
    // A preset renamed or removed since: the lab still opens, without those texts.
    for (const k of TEXT_FIELDS) if (preset && fields.includes(k) && !(k in d) && preset[k]) d[k] = preset[k];
    doc = d;
  }
  let t: number | undefined;
  if (content.t !== undefined) {
    if (typeof content.t !== 'number' || !Number.isSafeInteger(content.t) || content.t < 0 || content.t > LINK_LIMITS.T_MAX_US) {
      return { ok: false, error: oneLine(damaged(`its time ${describe(content.t)} is not a number of microseconds from 0 to ${LINK_LIMITS.T_MAX_US}`)) };
    }
    t = content.t;
  }
  const loaded = loadScenario(doc);
  if (!loaded.ok) return { ok: false, error: oneLine(`This link's lab is not valid: ${describeErrors(loaded.errors)}.`) };
  return { ok: true, doc: loaded.scenario, ...(t !== undefined ? { t } : {}), format };
}

// ---------------------------------------------------------------------------

/** The part after `#` of a URL, or the input itself when it has none. */
function fragmentOf(input: string): string {
  const hash = input.indexOf('#');
  return hash < 0 ? input : input.slice(hash + 1);
}

/** `a=1&lab=…` → map (first occurrence wins; values percent-decoded when they can be; `+` stays `+`). */
export function linkParams(fragment: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fragment.includes('=')) return out;
  for (const part of fragment.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    if (!out.has(key)) out.set(key, percentDecode(part.slice(eq + 1)));
  }
  return out;
}

function labParam(fragment: string): string | undefined {
  return linkParams(fragment).get(LAB_PARAM);
}

/** The value of the lab parameter (`1.…`) in a URL, a fragment or a bare value. */
export function labValue(input: string): string {
  return labParam(fragmentOf(input)) ?? fragmentOf(input);
}

function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function describe(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.length > 20 ? `"${v.slice(0, 20)}…"` : JSON.stringify(v);
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

/** The first problem with its place in the document, and how many more there are. */
function describeErrors(errors: ScenarioError[]): string {
  if (errors.length === 0) return 'unknown problem';
  const first = `${errors[0].path}: ${errors[0].message}`;
  return errors.length === 1 ? first : `${first} (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})`;
}

/** One line, control characters out, at most 300 characters: safe to show in a banner. */
function oneLine(s: string): string {
  const flat = s.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}
