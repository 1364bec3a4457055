/**
 * Which lab the page opens: a share link in the address (`#lab=…`), else
 * `?preset=…`, else the default lab. A link that cannot be opened (damaged,
 * truncated, from a newer lvslab, not a valid lab) opens the default lab and
 * leaves its one-line reason for the banner. A link's `t` is reached by
 * running the new lab forward to it.
 */
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import { DEFAULT_PRESET_ID, presetById } from '../../presets';
import { decodeShareLink, encodeShareLink, hasShareLink, type EmbedConfig } from '../../share';
import { engine } from '../engine/client';
import { setLinkError } from './state';

export interface LabChoice {
  doc: ScenarioDocV1;
  /** The preset it is, unchanged (the picker shows it), or null for "your lab". */
  presetId: string | null;
  /** Virtual time to open at, µs. */
  t?: number;
  /** Why the wanted lab could not be opened (the default lab is opened instead). */
  error?: string;
}

const defaultLab = (): LabChoice => ({ doc: presetById(DEFAULT_PRESET_ID)!, presetId: DEFAULT_PRESET_ID });

/** The preset a document is, exactly (same compact link), or null. */
export function presetIdOf(doc: ScenarioDocV1): string | null {
  const preset = doc.id !== undefined ? presetById(doc.id) : undefined;
  if (!preset) return null;
  try {
    return encodeShareLink(doc) === encodeShareLink(preset) ? preset.id! : null;
  } catch {
    return null;
  }
}

/** A share link's value (`1.…`, a fragment or a whole URL) as a lab to open. Never throws. */
export function labFromLink(value: string): LabChoice {
  const r = decodeShareLink(value);
  if (!r.ok) return { ...defaultLab(), error: r.error };
  const doc = r.doc as ScenarioDocV1;
  return { doc, presetId: presetIdOf(doc), ...(r.t !== undefined ? { t: r.t } : {}) };
}

/** The lab the address asks for (the embed parameters carry the same `preset` and `#lab=`). */
export function chooseLab(config: EmbedConfig): LabChoice {
  const src = config.source;
  if (src.kind === 'link') return labFromLink(src.value);
  if (src.kind === 'preset') {
    const doc = presetById(src.id);
    if (doc) return { doc, presetId: src.id };
  }
  return defaultLab();
}

/** Once the next lab has loaded, run it to `t` µs (a share link's time). */
export function seekAfterLoad(t: number): void {
  const off = engine.listen((m) => {
    if (m.type === 'doc' && m.effect === 'load') {
      off();
      if (t > 0) engine.send({ type: 'run-until', us: t });
    } else if (m.type === 'load-error' || m.type === 'fatal') off();
  });
}

/** Start the engine on the lab the address asks for. */
export function openChoice(choice: LabChoice, start = true): void {
  setLinkError(choice.error ?? null);
  if (choice.t !== undefined) seekAfterLoad(choice.t);
  if (start) engine.start(choice.doc, choice.presetId);
  else engine.load(choice.doc, choice.presetId);
}

/** A share link pasted into the address bar of an open app changes only the fragment: open it too. */
export function watchHash(): void {
  window.addEventListener('hashchange', () => {
    if (!hasShareLink(location.hash)) return;
    const choice = labFromLink(location.hash);
    // An unreadable link changes nothing here: the lab already open stays.
    if (choice.error) return setLinkError(choice.error, false);
    openChoice(choice, false);
  });
}
