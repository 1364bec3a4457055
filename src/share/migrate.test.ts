import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { loadScenario } from '../engine/scenario';
import { presetById } from '../presets';
import { base64Encode } from './base64';
import { decodeShareLink, encodeShareLink } from './link';
import { CURRENT_LINK_FORMAT, decodeAndMigrate, LINK_FORMATS, LINK_MIGRATIONS } from './migrate';

const lvsDr = presetById('lvs-dr')!;

/** What an early build wrote: the full document as plain base64 JSON, the time in seconds beside it. */
const legacyV0 = (doc: unknown, seconds?: string): string => `#lab=${base64Encode(strToU8(JSON.stringify(doc)))}${seconds !== undefined ? `&t=${seconds}` : ''}`;

describe('link formats', () => {
  it('has a decoder for every format up to the current one and an upgrade from every older one', () => {
    for (let v = 0; v <= CURRENT_LINK_FORMAT; v++) expect(LINK_FORMATS[v], `format ${v}`).toBeDefined();
    for (let v = 0; v < CURRENT_LINK_FORMAT; v++) expect(LINK_MIGRATIONS[v], `upgrade ${v}→${v + 1}`).toBeDefined();
  });

  it('format 0 (plain base64 JSON) still opens, to the same lab as today\'s link', () => {
    const old = decodeShareLink(legacyV0(lvsDr));
    const now = decodeShareLink(encodeShareLink(lvsDr));
    expect(old.ok && now.ok).toBe(true);
    if (!old.ok || !now.ok) return;
    expect(old.format).toBe(0);
    expect(old.doc).toEqual(now.doc);
    const want = loadScenario(lvsDr);
    expect(want.ok && old.doc).toEqual(want.ok && want.scenario);
  });

  it('format 0 → 1 moves the time from seconds to µs', () => {
    const r = decodeShareLink(legacyV0(lvsDr, '2.5'));
    expect(r.ok && r.t).toBe(2_500_000);
    const migrated = LINK_MIGRATIONS[0]({ doc: { lvslab: 1 }, seconds: '0.000001' });
    expect(migrated).toEqual({ doc: { lvslab: 1 }, t: 1 });
    // A time that is not a number is passed on and refused by name, not guessed.
    const bad = decodeShareLink(legacyV0(lvsDr, 'soon'));
    expect(bad).toEqual({ ok: false, error: 'This link is damaged (truncated or edited): its time "soon" is not a number of microseconds from 0 to 86400000000.' });
  });

  it('format 0 accepts base64 without padding and with URL-escaped characters', () => {
    const link = legacyV0({ lvslab: 1, title: { en: '??>>' }, nodes: [], links: [] });
    const unpadded = link.replace(/=+$/, '');
    const escaped = link.replace(/\+/g, '%2B').replace(/\//g, '%2F');
    for (const l of [link, unpadded, escaped]) {
      const r = decodeShareLink(l);
      expect(r.ok && r.doc.title).toEqual({ en: '??>>' });
    }
  });

  it('a future format is refused with what to do, not guessed at', () => {
    expect(decodeShareLink('#lab=3.AAAA')).toEqual({ ok: false, error: 'This link was made by a newer lvslab (format 3); this version reads up to 1.' });
    expect(decodeShareLink('#lab=999999999.x').ok).toBe(false);
    const huge = decodeShareLink('#lab=12345678901234567890.AAAA');
    expect(huge.ok ? '' : huge.error).toMatch(/^This link is damaged \(truncated or edited\): its format number 123456789012… is not one lvslab ever wrote\.$/);
  });

  it('a future scenario version inside a current link is refused by the scenario loader', () => {
    const r = decodeShareLink(legacyV0({ lvslab: 7, nodes: [], links: [] }));
    expect(r).toEqual({ ok: false, error: "This link's lab is not valid: $.lvslab: version 7 is newer than this lvslab understands (1)." });
  });

  it('decodeAndMigrate reports an unknown format instead of throwing', () => {
    expect(decodeAndMigrate(42, 'x', new Map())).toEqual({ ok: false, error: 'unknown link format 42' });
  });
});
