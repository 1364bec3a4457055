import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenario, parseScenarioJson } from './parse';
import { SCENARIO_LIMITS } from './types';

const minimal = '{"lvslab": 1, "nodes": [], "links": []}';

describe('parseScenarioJson', () => {
  it('parses, migrates and validates', () => {
    expect(parseScenarioJson(minimal)).toEqual({ ok: true, scenario: { lvslab: 1, seed: 1, nodes: [], links: [], timeline: [] } });
    expect(parseScenarioJson('\ufeff' + minimal).ok).toBe(true); // a byte-order mark from an editor
  });

  it('wraps a JSON syntax error into one error at $ with the parser\'s message', () => {
    let parserMessage = '';
    try {
      JSON.parse('{"lvslab": 1,');
    } catch (e) {
      parserMessage = (e as Error).message;
    }
    expect(parseScenarioJson('{"lvslab": 1,')).toEqual({ ok: false, errors: [{ path: '$', message: `invalid JSON: ${parserMessage}` }] });
    expect(parseScenarioJson('')).toEqual({ ok: false, errors: [{ path: '$', message: expect.stringMatching(/^invalid JSON: /) }] });
    expect(parseScenarioJson("{lvslab: 1}")).toEqual({ ok: false, errors: [{ path: '$', message: expect.stringMatching(/^invalid JSON: /) }] });
  });

  it('reports version and validation errors like loadScenario', () => {
    expect(parseScenarioJson('{"lvslab": 2, "nodes": [], "links": []}')).toEqual({
      ok: false,
      errors: [{ path: '$.lvslab', message: 'version 2 is newer than this lvslab understands (1)' }],
    });
    expect(parseScenarioJson('[]')).toEqual(loadScenario([]));
    expect(parseScenarioJson('{"lvslab": 1, "nodes": [{"id": "A", "kind": "host"}], "links": []}')).toEqual({
      ok: false,
      errors: [{ path: '$.nodes[0].id', message: expect.stringContaining('is not a node id') }],
    });
  });

  it('refuses a text over the limit before parsing it', () => {
    const padding = ' '.repeat(SCENARIO_LIMITS.TEXT_CHARS - minimal.length);
    expect(parseScenarioJson(minimal + padding).ok).toBe(true);
    const t0 = performance.now();
    const r = parseScenarioJson('[' + '1,'.repeat(SCENARIO_LIMITS.TEXT_CHARS) + '1]');
    expect(performance.now() - t0).toBeLessThan(50);
    expect(r).toEqual({
      ok: false,
      errors: [{ path: '$', message: `the document is too large: ${2 * SCENARIO_LIMITS.TEXT_CHARS + 3} characters (at most ${SCENARIO_LIMITS.TEXT_CHARS})` }],
    });
  });

  it('a deeply nested text within the limit is refused without throwing', () => {
    const n = SCENARIO_LIMITS.TEXT_CHARS / 2 - 100;
    for (const text of ['['.repeat(n) + ']'.repeat(n), '{"lvslab":1,"nodes":[],"links":[],"x":' + '['.repeat(n - 40) + ']'.repeat(n - 40) + '}']) {
      const t0 = performance.now();
      const r = parseScenarioJson(text);
      expect(r.ok).toBe(false);
      expect(performance.now() - t0).toBeLessThan(2000);
    }
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ lvslab: 1, nodes: [], links: [], ...((typeof v === 'object' && v && !Array.isArray(v)) ? v : { v }) }))), (text) => {
        const r = parseScenarioJson(text);
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
