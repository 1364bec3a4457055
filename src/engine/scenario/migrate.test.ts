import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateScenario, migrateWith, readVersion, type Migration } from './migrate';
import { CURRENT_SCENARIO_VERSION } from './types';

describe('migrateScenario (today: v1 is current)', () => {
  it('returns a current document as it is', () => {
    const doc = { lvslab: 1, nodes: [], links: [] };
    const r = migrateScenario(doc);
    expect(r).toEqual({ ok: true, doc, from: 1 });
    if (r.ok) expect(r.doc).toBe(doc);
  });

  it('has a migration for every older version', () => {
    expect(CURRENT_SCENARIO_VERSION).toBe(1);
    for (let v = 1; v < CURRENT_SCENARIO_VERSION; v++) expect(typeof MIGRATIONS[v]).toBe('function');
  });

  it.each<[unknown, string, string]>([
    [{ lvslab: 7, nodes: [] }, '$.lvslab', 'version 7 is newer than this lvslab understands (1)'],
    [{ nodes: [], links: [] }, '$.lvslab', 'missing: a scenario starts with "lvslab": 1, the format version'],
    [{ lvslab: null }, '$.lvslab', 'expected the format version as an integer (1), got null'],
    [{ lvslab: -3 }, '$.lvslab', 'unknown version -3: versions start at 1'],
    [[1], '$', 'expected a scenario object like {"lvslab": 1, "nodes": [], "links": []}, got an array'],
  ])('%j is refused', (doc, path, message) => {
    expect(migrateScenario(doc)).toEqual({ ok: false, errors: [{ path, message }] });
  });
});

describe('the migration mechanism', () => {
  // A pretend history: v1 had `latency` in ms, v2 renamed it to `latencyUs`, v3 added `seed` default 7.
  const table: Record<number, Migration> = {
    1: (d) => ({
      ...d,
      lvslab: 2,
      links: Array.isArray(d.links)
        ? d.links.map((l: any) => {
            const { latency, ...rest } = l;
            return latency === undefined ? rest : { ...rest, latencyUs: latency * 1000 };
          })
        : d.links,
    }),
    2: (d) => ({ seed: 7, ...d, lvslab: 3 }),
  };

  it('upgrades step by step from any older version, without touching the input', () => {
    const v1 = Object.freeze({ lvslab: 1, links: Object.freeze([Object.freeze({ latency: 2 })]) });
    expect(migrateWith(v1, table, 3)).toEqual({ ok: true, doc: { seed: 7, lvslab: 3, links: [{ latencyUs: 2000 }] }, from: 1 });
    expect(v1).toEqual({ lvslab: 1, links: [{ latency: 2 }] });
    expect(migrateWith({ lvslab: 2, seed: 3 }, table, 3)).toEqual({ ok: true, doc: { seed: 3, lvslab: 3 }, from: 2 });
    expect(migrateWith({ lvslab: 4 }, table, 3)).toEqual({
      ok: false,
      errors: [{ path: '$.lvslab', message: 'version 4 is newer than this lvslab understands (3)' }],
    });
  });

  it('reports a gap, a throwing step or a step that forgets to bump the version', () => {
    expect(migrateWith({ lvslab: 1 }, { 1: table[1] }, 3)).toEqual({
      ok: false,
      errors: [{ path: '$.lvslab', message: 'no migration from version 2 to 3 (this is a bug in lvslab)' }],
    });
    const boom: Migration = () => {
      throw new Error('links is not an array');
    };
    expect(migrateWith({ lvslab: 1 }, { 1: boom }, 2)).toEqual({
      ok: false,
      errors: [{ path: '$', message: 'migration from version 1 to 2 failed: links is not an array' }],
    });
    expect(migrateWith({ lvslab: 1 }, { 1: (d) => ({ ...d }) }, 2)).toEqual({
      ok: false,
      errors: [{ path: '$.lvslab', message: 'migration from version 1 did not produce version 2 (this is a bug in lvslab)' }],
    });
  });

  it('readVersion accepts 1..current', () => {
    expect(readVersion({ lvslab: 1 }, 3)).toEqual({ ok: true, version: 1 });
    expect(readVersion({ lvslab: 3 }, 3)).toEqual({ ok: true, version: 3 });
    expect(readVersion({ lvslab: 3.5 }, 3).ok).toBe(false);
  });
});
