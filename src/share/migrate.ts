/**
 * Share-link formats and the upgrades between them.
 *
 * A link carries `lab=<format>.<payload>`; the format number is the link's own
 * version (how the payload is packed), separate from the scenario's `lvslab`
 * version (what the document means, migrated by engine/scenario/migrate.ts). A
 * link made by any release keeps opening in every later one:
 *
 * - `LINK_FORMATS[n].decode` turns a format-n payload into that format's content
 *   value. Decoders are never edited once released (nor their dictionaries).
 * - `LINK_MIGRATIONS[n]` turns format-n content into format n+1 content. They run
 *   in sequence up to CURRENT_LINK_FORMAT, never mutate their input, and see
 *   unvalidated values (they move what they recognise and leave the rest for the
 *   scenario validator).
 * - A format newer than the build is refused with a clear message, never guessed at.
 *
 * Formats:
 * - 0 (legacy, as early builds wrote it): `#lab=<base64 of the scenario JSON>`,
 *   standard alphabet, uncompressed, the full document; an optional `&t=<seconds>`
 *   parameter next to it. Content: `{ doc, seconds? }`.
 * - 1: `#lab=1.<base64url(CRC-32 of the JSON, 4 bytes big-endian ‖ deflateRaw(JSON, dictionary v1))>`, the
 *   envelope `{"texts"?: ["title", "description"], "d": compact scenario, "t"?: µs}`
 *   (`texts`: fields to take from the preset of the same id instead of carrying them).
 *   Content: `{ doc, t?, textsFromPreset? }` (the document expanded).
 */
import { deflateSync, strFromU8 } from 'fflate';
import { base64Decode, base64Length, base64urlDecode } from './base64';
import { expandScenario, type JsonObject } from './compact';
import { crc32 } from './crc32';
import { dictionaryV1 } from './dictionary';
import { inflateCapped } from './inflate';

/** The format this build writes. */
export const CURRENT_LINK_FORMAT = 1 as const;

export const LINK_LIMITS = {
  /** Compressed payload of a format-1 link (bytes, before base64url). */
  COMPRESSED_BYTES: 64 * 1024,
  /** Inflated JSON of any link (bytes): checked while inflating. */
  INFLATED_BYTES: 2 * 1024 * 1024,
  /** Largest microsecond time a link may carry: the scenario's one-day limit (SCENARIO_LIMITS.AT_MAX_SECONDS). */
  T_MAX_US: 86_400 * 1_000_000,
} as const;

/** What the current format's content is once every migration has run. */
export interface LinkContent {
  /** The scenario document, unvalidated. */
  doc: unknown;
  /** Virtual time to open at, µs; unvalidated. */
  t?: unknown;
  /** Texts (`title`, `description`) to take from the preset whose id the document has. */
  textsFromPreset?: string[];
}

export type StepResult = { ok: true; value: unknown } | { ok: false; error: string; tooLarge?: true };

export interface LinkFormat {
  /** Largest payload (characters) this format accepts: checked before any decoding. */
  maxPayloadChars: number;
  /** `params`: the other `key=value` pairs of the fragment (format 0 keeps its time there). */
  decode(payload: string, params: ReadonlyMap<string, string>): StepResult;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON.parse that reports instead of throwing (V8's parser is iterative: deep nesting cannot overflow the stack). */
function parseJson(text: string): StepResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: `its content is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

const formatV0: LinkFormat = {
  maxPayloadChars: base64Length(LINK_LIMITS.INFLATED_BYTES) + 2,
  decode(payload, params) {
    const b = base64Decode(payload);
    if (!b.ok) return { ok: false, error: b.error };
    const json = parseJson(strFromU8(b.bytes));
    if (!json.ok) return json;
    const seconds = params.get('t');
    return { ok: true, value: { doc: json.value, ...(seconds !== undefined ? { seconds } : {}) } };
  },
};

const formatV1: LinkFormat = {
  maxPayloadChars: base64Length(LINK_LIMITS.COMPRESSED_BYTES),
  decode(payload) {
    const b = base64urlDecode(payload);
    if (!b.ok) return { ok: false, error: b.error };
    if (b.bytes.length > LINK_LIMITS.COMPRESSED_BYTES) return { ok: false, error: `more than ${LINK_LIMITS.COMPRESSED_BYTES} compressed bytes`, tooLarge: true };
    if (b.bytes.length <= CRC_BYTES) return { ok: false, error: 'it ends before its content begins' };
    const want = ((b.bytes[0] << 24) | (b.bytes[1] << 16) | (b.bytes[2] << 8) | b.bytes[3]) >>> 0;
    const inf = inflateCapped(b.bytes.subarray(CRC_BYTES), LINK_LIMITS.INFLATED_BYTES, dictionaryV1());
    if (!inf.ok) return inf.tooLarge ? { ok: false, error: inf.error, tooLarge: true } : { ok: false, error: inf.error };
    if (crc32(inf.bytes) !== want) return { ok: false, error: 'its checksum does not match its content' };
    const json = parseJson(strFromU8(inf.bytes));
    if (!json.ok) return json;
    const env = json.value;
    if (!isObject(env) || !('d' in env)) return { ok: false, error: 'its content has no lab in it' };
    const content: LinkContent = { doc: expandScenario(env.d) };
    if ('t' in env) content.t = env.t;
    if (Array.isArray(env.texts)) content.textsFromPreset = env.texts.filter((x): x is string => typeof x === 'string').slice(0, 2);
    return { ok: true, value: content };
  },
};

const CRC_BYTES = 4;

/** The bytes of a format-1 payload for `json` (UTF-8): its CRC-32, then the JSON deflated with dictionary v1. */
export function packV1(json: Uint8Array): Uint8Array {
  const packed = deflateSync(json, { level: 9, mem: 8, dictionary: dictionaryV1() });
  const out = new Uint8Array(CRC_BYTES + packed.length);
  const c = crc32(json);
  out[0] = c >>> 24;
  out[1] = (c >>> 16) & 0xff;
  out[2] = (c >>> 8) & 0xff;
  out[3] = c & 0xff;
  out.set(packed, CRC_BYTES);
  return out;
}

/** Every format this build reads. Never remove one. */
export const LINK_FORMATS: Readonly<Record<number, LinkFormat>> = { 0: formatV0, 1: formatV1 };

/** `LINK_MIGRATIONS[n]` upgrades format-n content to format n+1. */
export const LINK_MIGRATIONS: Readonly<Record<number, (content: unknown) => unknown>> = {
  // 0 → 1: the time moves from seconds (a fragment parameter) to integer µs.
  0: (c) => {
    const { doc, seconds } = c as { doc: unknown; seconds?: string };
    const out: LinkContent = { doc };
    if (seconds !== undefined) {
      const s = /^\d{1,6}(?:\.\d{1,6})?$/.test(seconds) ? Number(seconds) : NaN;
      out.t = Number.isFinite(s) ? Math.round(s * 1_000_000) : seconds;
    }
    return out;
  },
};

/** Decode a payload of format `version` and bring it up to the current format. Never throws. */
export function decodeAndMigrate(version: number, payload: string, params: ReadonlyMap<string, string>): { ok: true; content: LinkContent } | { ok: false; error: string; tooLarge?: true } {
  const format = LINK_FORMATS[version];
  if (!format) return { ok: false, error: `unknown link format ${version}` };
  if (payload.length > format.maxPayloadChars) {
    return { ok: false, error: `${payload.length} characters (a format-${version} link carries at most ${format.maxPayloadChars})`, tooLarge: true };
  }
  let step: StepResult;
  try {
    step = format.decode(payload, params);
  } catch (e) {
    return { ok: false, error: `it could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!step.ok) return step;
  let value = step.value;
  for (let v = version; v < CURRENT_LINK_FORMAT; v++) {
    const m = LINK_MIGRATIONS[v];
    if (!m) return { ok: false, error: `no upgrade from link format ${v} (this is a bug in lvslab)` };
    try {
      value = m(value);
    } catch (e) {
      return { ok: false, error: `upgrading it from format ${v} failed (${e instanceof Error ? e.message : String(e)})` };
    }
  }
  return { ok: true, content: value as LinkContent };
}
