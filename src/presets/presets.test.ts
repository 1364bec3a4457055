import { describe, expect, it } from 'vitest';
import { loadScenario } from '../engine/scenario';
import { PRESETS, DEFAULT_PRESET_ID, presetById } from '.';

describe('presets', () => {
  it.each(PRESETS.map((p) => [p.id!, p] as const))('%s is a valid scenario with titles in both languages', (_id, doc) => {
    const res = loadScenario(doc);
    if (!res.ok) throw new Error(JSON.stringify(res.errors, null, 2));
    expect(doc.title?.en).toBeTruthy();
    expect(doc.title?.zh).toBeTruthy();
    expect(doc.description?.en).toBeTruthy();
    expect(doc.description?.zh).toBeTruthy();
  });

  it('ids are unique and the default exists', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(presetById(DEFAULT_PRESET_ID)).toBeDefined();
  });
});
