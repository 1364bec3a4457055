/**
 * Opening a lab file (the file picker, or a file dropped on the page): parsed,
 * migrated and validated with parseScenarioJson before anything changes. A
 * file that fails leaves the open lab as it is and lists the errors with their
 * JSON paths.
 */
import { migrateScenario, parseScenarioJson, SCENARIO_LIMITS } from '../../engine/scenario';
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import { engine } from '../engine/client';
import { t } from '../i18n';
import { presetIdOf } from '../share/boot';
import { notify } from '../state/session';
import { useExport } from './state';

/** Open a lab from JSON text; false (and the errors shown) when it is not a valid lab. */
export function openLabText(text: string, file: string): boolean {
  const r = parseScenarioJson(text);
  if (!r.ok) {
    useExport.setState({ importErrors: { file, errors: r.errors } });
    return false;
  }
  // Load the document as written (migrated if it is older): the worker keeps it and exports it as it was.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const m = migrateScenario(JSON.parse(body));
  const doc = (m.ok ? m.doc : r.scenario) as ScenarioDocV1;
  useExport.setState({ importErrors: null });
  engine.load(doc, presetIdOf(doc));
  notify('info', t('export.opened', { file }));
  return true;
}

/** Open a lab file chosen or dropped by the user. */
export async function openLabFile(file: File): Promise<boolean> {
  // UTF-8 needs at most 4 bytes a character: anything larger cannot be within the text limit.
  if (file.size > SCENARIO_LIMITS.TEXT_CHARS * 4) {
    useExport.setState({ importErrors: { file: file.name, errors: [{ path: '$', message: `the file is too large: ${file.size} bytes` }] } });
    return false;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    useExport.setState({ importErrors: { file: file.name, errors: [{ path: '$', message: `the file could not be read (${e instanceof Error ? e.message : String(e)})` }] } });
    return false;
  }
  return openLabText(text, file.name);
}
