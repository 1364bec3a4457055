/**
 * Entry points for documents from outside: a JSON text (file, share link, CLI
 * argument) or an already-parsed value (a preset object, a message from the UI).
 * Both migrate older versions, then validate — a scenario is either loaded whole
 * or refused with every error, never half-applied.
 */
import { migrateScenario } from './migrate';
import { SCENARIO_LIMITS, type ScenarioResult } from './types';
import { validateScenario } from './validate';

/** Migrate (if older) and validate a parsed document. */
export function loadScenario(doc: unknown): ScenarioResult {
  const m = migrateScenario(doc);
  if (!m.ok) return m;
  return validateScenario(m.doc);
}

/**
 * Parse, migrate and validate a scenario's JSON text. Texts longer than
 * SCENARIO_LIMITS.TEXT_CHARS are refused before parsing; a JSON syntax error
 * becomes one error at `$` carrying the parser's message. A leading byte-order
 * mark is ignored.
 */
export function parseScenarioJson(text: string): ScenarioResult {
  if (typeof text !== 'string') {
    return { ok: false, errors: [{ path: '$', message: `expected the scenario as JSON text, got ${text === null ? 'null' : typeof text}` }] };
  }
  if (text.length > SCENARIO_LIMITS.TEXT_CHARS) {
    return {
      ok: false,
      errors: [{ path: '$', message: `the document is too large: ${text.length} characters (at most ${SCENARIO_LIMITS.TEXT_CHARS})` }],
    };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ path: '$', message: `invalid JSON: ${msg}` }] };
  }
  return loadScenario(doc);
}
