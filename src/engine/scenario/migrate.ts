/**
 * Upgrading older scenario documents, one version at a time.
 *
 * Policy (docs/scenario.md "Versioning"):
 * - The version is the integer `lvslab` field. A build reads every version up to
 *   CURRENT_SCENARIO_VERSION and writes only the current one.
 * - A change that can make an old document invalid or mean something else bumps the
 *   version and adds `MIGRATIONS[n]`, a pure function from a version-n document to a
 *   version-(n+1) one. Migrations run in sequence (1→2→3…), never skip, never mutate
 *   their input, and are never edited once released — a share link made today must
 *   load in every later build.
 * - Adding an optional field with a default that keeps old meaning is not a new version.
 * - A document newer than the build is refused with a clear error, never guessed at.
 *
 * Migrations see unvalidated input: they move and rename what they recognise and leave
 * the rest for `validateScenario`, which checks the result against the current rules.
 */
import { CURRENT_SCENARIO_VERSION, type ScenarioError } from './types';

export type JsonObject = { [key: string]: unknown };

/** Upgrades a document of version n (its `lvslab` is n) to version n + 1. Must not mutate its input. */
export type Migration = (doc: JsonObject) => JsonObject;

/**
 * `MIGRATIONS[n]` upgrades version n to n + 1. Empty while v1 is the only version.
 * Example for a future v2 that renames `latencyUs` to `delayUs`:
 *   1: (doc) => ({ ...doc, lvslab: 2, links: Array.isArray(doc.links) ? doc.links.map(renameLatency) : doc.links })
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type MigrateResult =
  | { ok: true; doc: unknown; /** the version the document was written in */ from: number }
  | { ok: false; errors: ScenarioError[] };

export const isPlainObject = (v: unknown): v is JsonObject => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** How a value reads in an error message: `"1"`, `1.5`, `NaN`, `an array`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
    case 'number':
      return Number.isNaN(v) ? 'NaN' : String(v);
    case 'boolean':
      return String(v);
    case 'object':
      return 'an object';
    case 'undefined':
      return 'undefined';
    default:
      return `a ${typeof v}`;
  }
}

/**
 * Read and check `lvslab`: an integer from 1 up to `current`.
 * The messages name the field and say what to do.
 */
export function readVersion(doc: unknown, current: number = CURRENT_SCENARIO_VERSION): { ok: true; version: number } | { ok: false; error: ScenarioError } {
  if (!isPlainObject(doc)) {
    return { ok: false, error: { path: '$', message: `expected a scenario object like {"lvslab": ${current}, "nodes": [], "links": []}, got ${describeValue(doc)}` } };
  }
  if (!Object.prototype.hasOwnProperty.call(doc, 'lvslab')) {
    return {
      ok: false,
      error: { path: '$.lvslab', message: `missing: a scenario starts with "lvslab": ${current}, the format version` },
    };
  }
  const v = doc.lvslab;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    return { ok: false, error: { path: '$.lvslab', message: `expected the format version as an integer (${current}), got ${describeValue(v)}` } };
  }
  if (v > current) {
    return { ok: false, error: { path: '$.lvslab', message: `version ${v} is newer than this lvslab understands (${current})` } };
  }
  if (v < 1) {
    return { ok: false, error: { path: '$.lvslab', message: `unknown version ${v}: versions start at 1` } };
  }
  return { ok: true, version: v };
}

/** Bring any supported version up to the current one. A current document is returned as is. */
export function migrateScenario(doc: unknown): MigrateResult {
  return migrateWith(doc, MIGRATIONS, CURRENT_SCENARIO_VERSION);
}

/** The mechanism behind migrateScenario, with the table and target passed in (for tests). */
export function migrateWith(doc: unknown, migrations: Readonly<Record<number, Migration>>, current: number): MigrateResult {
  const read = readVersion(doc, current);
  if (!read.ok) return { ok: false, errors: [read.error] };
  const from = read.version;
  let cur = doc as JsonObject;
  for (let v = from; v < current; v++) {
    const step = migrations[v];
    if (!step) {
      return { ok: false, errors: [{ path: '$.lvslab', message: `no migration from version ${v} to ${v + 1} (this is a bug in lvslab)` }] };
    }
    let next: JsonObject;
    try {
      next = step(cur);
    } catch (e) {
      return { ok: false, errors: [{ path: '$', message: `migration from version ${v} to ${v + 1} failed: ${e instanceof Error ? e.message : String(e)}` }] };
    }
    if (!isPlainObject(next) || next.lvslab !== v + 1) {
      return { ok: false, errors: [{ path: '$.lvslab', message: `migration from version ${v} did not produce version ${v + 1} (this is a bug in lvslab)` }] };
    }
    cur = next;
  }
  return { ok: true, doc: cur, from };
}
