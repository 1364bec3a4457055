import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { presetById } from '../presets';
import { base64Encode, base64urlEncode } from './base64';
import { packV1 } from './migrate';
import { decodeShareLink, encodeShareLink } from './link';

const lvsDr = presetById('lvs-dr')!;
const good = encodeShareLink(lvsDr);

const pack = (bytes: Uint8Array) => `#lab=1.${base64urlEncode(packV1(bytes))}`;
const v1Text = (json: string) => pack(strToU8(json));
const v1 = (envelope: unknown) => v1Text(JSON.stringify(envelope));

/** Decode, and check the answer is a refusal of one line, or a lab. Never a throw. */
function refused(link: string): string {
  const r = decodeShareLink(link);
  if (r.ok) throw new Error('expected a refusal');
  expect(r.error).not.toMatch(/[\n\r]/);
  expect(r.error.length).toBeLessThanOrEqual(300);
  return r.error;
}

const DAMAGED = /^This link is damaged \(truncated or edited\): /;

describe('share link: hostile and damaged input', () => {
  it('bad base64 says which character', () => {
    expect(refused('#lab=1.abc$def')).toBe('This link is damaged (truncated or edited): character "$" at position 4 is not base64url.');
    expect(refused('#lab=1.ab cd')).toMatch(DAMAGED);
    expect(refused('#lab=1.中文')).toMatch(/character U\+4E2D at position 1 is not base64url/);
    expect(refused('#lab=1.A')).toBe('This link is damaged (truncated or edited): base64url of 1 characters cannot be complete.');
  });

  it('every truncation of a good link is refused or (never) half-read', () => {
    const body = good.slice('#lab=1.'.length);
    for (let n = 0; n < body.length; n++) {
      const r = decodeShareLink(`#lab=1.${body.slice(0, n)}`);
      expect(r.ok, `cut at ${n}`).toBe(false);
      if (!r.ok) expect(r.error).toMatch(DAMAGED);
    }
  });

  it('every changed character is caught (checksum), never opened as some other lab', () => {
    const body = good.slice('#lab=1.'.length);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const original = (decodeShareLink(good) as { doc: unknown }).doc;
    let unnoticed = 0;
    for (let i = 0; i < body.length; i++) {
      for (const shift of [1, 17, 32]) {
        const c = alphabet[(alphabet.indexOf(body[i]) + shift) % 64];
        const flipped = `#lab=1.${body.slice(0, i)}${c}${body.slice(i + 1)}`;
        const r = decodeShareLink(flipped);
        // Only bits DEFLATE never reads (the padding of its last byte, base64's spare bits) may change unnoticed.
        if (r.ok) {
          expect(r.doc, `char ${i} +${shift}`).toEqual(original);
          unnoticed++;
        } else expect(r.error, `char ${i} +${shift}`).toMatch(DAMAGED);
      }
    }
    expect(unnoticed).toBeLessThanOrEqual(6);
  });

  it('content that is not JSON, or JSON without a lab', () => {
    expect(refused(v1Text('{"d": {"lvslab": 1,'))).toMatch(/^This link is damaged \(truncated or edited\): its content is not JSON \(/);
    expect(refused(v1([1, 2, 3]))).toBe('This link is damaged (truncated or edited): its content has no lab in it.');
    expect(refused(v1({ d: 'lvs-dr' }))).toMatch(/^This link's lab is not valid: \$: expected a scenario object/);
    expect(refused('#embed=1')).toBe('This link has no lab in it (expected #lab=… after the address).');
    expect(refused('')).toBe('This link has no lab in it (expected #lab=… after the address).');
    expect(refused('https://example.edu/course/lvslab/')).toBe('This link has no lab in it (expected #lab=… after the address).');
    expect(refused('https://example.edu/course/lvslab/#')).toBe('This link has no lab in it (expected #lab=… after the address).');
    expect(refused('#lab=')).toBe('This link is damaged (truncated or edited): the lab parameter is empty.');
  });

  it('huge numbers are refused by the validator, not computed with', () => {
    const e1 = refused(v1Text('{"d":{"lvslab":1,"seed":1e999,"nodes":[],"links":[]}}'));
    expect(e1).toMatch(/^This link's lab is not valid: \$\.seed: /);
    const e2 = refused(v1({ d: { lvslab: 1, nodes: [{ id: 'a', kind: 'host', position: { x: 1e300, y: 0 } }], links: [] } }));
    expect(e2).toMatch(/^This link's lab is not valid: \$\.nodes\[0\]\.position\.x: /);
    const e3 = refused(v1({ d: { lvslab: 1, nodes: [], links: [] }, t: 1e300 }));
    expect(e3).toBe('This link is damaged (truncated or edited): its time 1e+300 is not a number of microseconds from 0 to 86400000000.');
    const e4 = refused(v1Text('{"d":{"lvslab":1e400,"nodes":[],"links":[]}}'));
    expect(e4).toMatch(/^This link's lab is not valid: \$\.lvslab: /);
  });

  it('a 10 MB link is refused before it is read', () => {
    const big = `#lab=1.${'A'.repeat(10 * 1024 * 1024)}`;
    expect(refused(big)).toBe(`This link is too large: ${big.length} characters (a lab link has at most 3000000).`);
    const medium = `#lab=1.${'A'.repeat(200_000)}`;
    expect(refused(medium)).toBe('This link is too large: 200000 characters (a format-1 link carries at most 87382).');
  });

  it('a zip bomb (10 MB of JSON in a few kB) is stopped while inflating', () => {
    const text = `{"d":{"lvslab":1,"nodes":[],"links":[],"title":{"en":"${' '.repeat(10 * 1024 * 1024)}"}}}`;
    const link = v1Text(text);
    expect(link.length).toBeLessThan(20_000);
    expect(refused(link)).toBe('This link is too large: it inflates to more than 2097152 bytes.');
  });

  it('deeply nested JSON costs nothing and breaks nothing', () => {
    const deep = `{"d":{"lvslab":1,"nodes":[],"links":[],"title":${'['.repeat(500_000)}${']'.repeat(500_000)}}}`;
    expect(refused(v1Text(deep))).toMatch(/^This link's lab is not valid: \$\.title: /);
    const deepNodes = `{"d":{"lvslab":1,"nodes":${'['.repeat(200_000)}${']'.repeat(200_000)},"links":[]}}`;
    expect(refused(v1Text(deepNodes))).toMatch(/^This link's lab is not valid: \$\.nodes\[0\]/);
  });

  it('script in names and texts stays plain text (or is refused by the validator)', () => {
    const xss = '"><img src=x onerror=alert(1)>';
    const script = '<script>alert(1)</script>';
    const doc = {
      lvslab: 1,
      title: { en: script, zh: xss },
      nodes: [{ id: 'a', kind: 'host', name: xss.slice(0, 60), interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }], boot: [`echo '${script}' > /var/www/html/index.html`] }],
      links: [],
    };
    const r = decodeShareLink(v1({ d: doc }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.title).toEqual({ en: script, zh: xss });
    expect(r.doc.nodes[0].name).toBe(xss.slice(0, 60));
    expect(r.doc.nodes[0].boot[0]).toBe(`echo '${script}' > /var/www/html/index.html`);
    // As an id the validator refuses it, quoting it as data in a one-line message.
    const bad = refused(v1({ d: { ...doc, nodes: [{ ...doc.nodes[0], id: script }] } }));
    expect(bad).toMatch(/^This link's lab is not valid: \$\.nodes\[0\]\.id: /);
  });

  it('prototype keys in the JSON are data, not prototypes', () => {
    const r = decodeShareLink(v1Text('{"d":{"lvslab":1,"nodes":[],"links":[],"__proto__":{"polluted":true}}}'));
    expect(r.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('wrong-typed shorthands are passed to the validator, not trusted', () => {
    const e = refused(v1({ d: { lvslab: 1, nodes: [{ id: 'a', kind: 'switch', interfaces: [7, 'p1'] }], links: [{ a: 'a', b: 5 }] } }));
    expect(e).toMatch(/^This link's lab is not valid: \$\.nodes\[0\]\.interfaces\[0\]: .* \(and \d+ more problems?\)\.$/);
  });

  it('a format-0 link that is not base64 or not JSON', () => {
    expect(refused('#lab=%%%')).toMatch(DAMAGED);
    expect(refused(`#lab=${base64Encode(strToU8('not json'))}`)).toMatch(/^This link is damaged \(truncated or edited\): its content is not JSON/);
  });
});
