/**
 * docs/scenario.md, docs/scenario.schema.json and the validator must agree:
 * - every ```json example in the guide validates;
 * - the schema lists exactly the keys, patterns and limits the validator uses;
 * - whatever the validator accepts, the schema accepts too (the schema is the weaker,
 *   syntax-only check), shown on the examples and on random edits of them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateScenario, PATTERN_SOURCES } from './validate';
import {
  HOST_ONLY_NODE_KEYS,
  INTERFACE_KEYS,
  LINK_ACTION_KEYS,
  LINK_END_KEYS,
  LINK_KEYS,
  LINK_REQUIRED_KEYS,
  NODE_KEYS,
  NODE_KINDS,
  NODE_REQUIRED_KEYS,
  POSITION_KEYS,
  POWER_ACTION_KEYS,
  RUN_ACTION_KEYS,
  SCENARIO_DEFAULTS,
  SCENARIO_KEYS,
  SCENARIO_LIMITS as L,
  SCENARIO_REQUIRED_KEYS,
  TEXT_KEYS,
} from './types';

const guide = readFileSync(new URL('../../../docs/scenario.md', import.meta.url), 'utf8');
const schema = JSON.parse(readFileSync(new URL('../../../docs/scenario.schema.json', import.meta.url), 'utf8')) as Json;
const examples = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as unknown);

type Json = Record<string, any>;

// ---------------------------------------------------------------------------
// A small evaluator for the subset of JSON Schema 2020-12 the schema uses. It throws
// on any keyword it does not know, so the schema cannot drift into untested features.

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', '$defs']);
const KEYWORDS = new Set([
  '$ref', 'type', 'const', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum',
  'items', 'maxItems', 'uniqueItems', 'properties', 'required', 'additionalProperties',
  'propertyNames', 'maxProperties', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else',
]);

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case 'object': return isObj(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    default: throw new Error(`type ${t} not supported`);
  }
}

function schemaErrors(s: boolean | Json, v: unknown, path = '$'): string[] {
  if (s === true) return [];
  if (s === false) return [`${path}: not allowed here`];
  for (const k of Object.keys(s)) if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new Error(`keyword ${k} not supported by the test evaluator`);
  const errs: string[] = [];
  const sub = (x: boolean | Json, val: unknown, p = path) => schemaErrors(x, val, p);
  if (s.$ref !== undefined) {
    const m = /^#\/\$defs\/([A-Za-z0-9]+)$/.exec(s.$ref);
    if (!m || !(m[1] in schema.$defs)) throw new Error(`bad $ref ${s.$ref}`);
    errs.push(...sub(schema.$defs[m[1]], v));
  }
  if (s.type !== undefined && !typeOk(s.type, v)) return [...errs, `${path}: not ${s.type}`];
  if ('const' in s && !same(s.const, v)) errs.push(`${path}: not ${JSON.stringify(s.const)}`);
  if (s.enum !== undefined && !s.enum.some((e: unknown) => same(e, v))) errs.push(`${path}: not in enum`);
  if (typeof v === 'string') {
    const len = [...v].length;
    if (s.minLength !== undefined && len < s.minLength) errs.push(`${path}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && len > s.maxLength) errs.push(`${path}: longer than ${s.maxLength}`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) errs.push(`${path}: does not match ${s.pattern}`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) errs.push(`${path}: below ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) errs.push(`${path}: above ${s.maximum}`);
  }
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems) errs.push(`${path}: more than ${s.maxItems} items`);
    if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) errs.push(`${path}: items not unique`);
    if (s.items !== undefined) v.forEach((x, i) => errs.push(...sub(s.items, x, `${path}[${i}]`)));
  }
  if (isObj(v)) {
    const keys = Object.keys(v);
    for (const r of s.required ?? []) if (!(r in v)) errs.push(`${path}.${r}: required`);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) errs.push(`${path}: more than ${s.maxProperties} properties`);
    for (const k of keys) {
      if (s.propertyNames !== undefined) errs.push(...sub(s.propertyNames, k, `${path}[${JSON.stringify(k)}] (name)`));
      if (s.properties && k in s.properties) errs.push(...sub(s.properties[k], v[k], `${path}.${k}`));
      else if (s.additionalProperties !== undefined) errs.push(...sub(s.additionalProperties, v[k], `${path}.${k}`));
    }
  }
  for (const x of s.allOf ?? []) errs.push(...sub(x, v));
  if (s.anyOf && !s.anyOf.some((x: Json) => sub(x, v).length === 0)) errs.push(`${path}: matches none of anyOf`);
  if (s.oneOf && s.oneOf.filter((x: Json) => sub(x, v).length === 0).length !== 1) errs.push(`${path}: does not match exactly one of oneOf`);
  if (s.if !== undefined) {
    if (sub(s.if, v).length === 0) errs.push(...(s.then !== undefined ? sub(s.then, v) : []));
    else errs.push(...(s.else !== undefined ? sub(s.else, v) : []));
  }
  return errs;
}

// ---------------------------------------------------------------------------

describe('docs/scenario.md', () => {
  it('has at least two example documents', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((e, i) => [i + 1, e]))('example %i validates and satisfies the schema', (_i, doc) => {
    const r = validateScenario(doc);
    if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    expect(schemaErrors(schema, doc)).toEqual([]);
    // The normalised form is a document too.
    expect(schemaErrors(schema, r.scenario)).toEqual([]);
  });

  it('names the current limits', () => {
    for (const n of [L.NODES, L.LINKS, L.COMMAND_CHARS, L.ERRORS]) expect(guide).toContain(String(n));
    expect(guide).toContain('2 097 152');
    expect(guide).toContain('1 048 576');
    expect(guide).toContain('4 194 304');
  });
});

describe('docs/scenario.schema.json', () => {
  const $defs = schema.$defs as Record<string, Json>;
  const keys = (o: Json) => Object.keys(o.properties).sort();
  const sorted = (xs: readonly string[]) => [...xs].sort();

  it('is draft 2020-12 and closed at every object', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    for (const s of [schema, $defs.node, $defs.interface, $defs.link, $defs.linkEnd, $defs.position, $defs.title, $defs.description, ...$defs.action.oneOf]) {
      expect(s.additionalProperties).toBe(false);
    }
  });

  it('lists exactly the keys the validator knows', () => {
    expect(keys(schema)).toEqual(sorted(SCENARIO_KEYS));
    expect(sorted(schema.required)).toEqual(sorted(SCENARIO_REQUIRED_KEYS));
    expect(keys($defs.node)).toEqual(sorted(NODE_KEYS));
    expect(sorted($defs.node.required)).toEqual(sorted(NODE_REQUIRED_KEYS));
    expect($defs.node.properties.kind.enum).toEqual([...NODE_KINDS]);
    expect(keys($defs.interface)).toEqual(sorted(INTERFACE_KEYS));
    expect(keys($defs.link)).toEqual(sorted(LINK_KEYS));
    expect(sorted($defs.link.required)).toEqual(sorted(LINK_REQUIRED_KEYS));
    expect(keys($defs.linkEnd)).toEqual(sorted(LINK_END_KEYS));
    expect(keys($defs.position)).toEqual(sorted(POSITION_KEYS));
    expect(keys($defs.title)).toEqual(sorted(TEXT_KEYS));
    expect(keys($defs.description)).toEqual(sorted(TEXT_KEYS));
    expect($defs.action.oneOf.map(keys)).toEqual([RUN_ACTION_KEYS, LINK_ACTION_KEYS, POWER_ACTION_KEYS].map(sorted));
    expect($defs.action.oneOf.map((a: Json) => sorted(a.required))).toEqual([RUN_ACTION_KEYS, LINK_ACTION_KEYS, POWER_ACTION_KEYS].map(sorted));
    const switchRule = $defs.node.allOf[0].then.properties;
    for (const k of HOST_ONLY_NODE_KEYS) expect(switchRule).toHaveProperty(k);
  });

  it('uses exactly the validator\'s patterns', () => {
    const used = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (isObj(v)) for (const [k, x] of Object.entries(v)) k === 'pattern' ? used.add(x as string) : walk(x);
    };
    walk(schema);
    expect([...used].sort()).toEqual(Object.values(PATTERN_SOURCES).sort());
    expect($defs.node.properties.id.pattern).toBe(PATTERN_SOURCES.nodeId);
    expect($defs.cidr.pattern).toBe(PATTERN_SOURCES.cidr);
    expect($defs.hostInterface.properties.name.pattern).toBe(PATTERN_SOURCES.hostIface);
  });

  it('uses the validator\'s limits and defaults', () => {
    expect(schema.properties.nodes.maxItems).toBe(L.NODES);
    expect(schema.properties.links.maxItems).toBe(L.LINKS);
    expect(schema.properties.timeline.maxItems).toBe(L.TIMELINE);
    expect(schema.properties.seed).toMatchObject({ minimum: 0, maximum: L.SEED_MAX, default: SCENARIO_DEFAULTS.seed });
    expect($defs.node.properties.interfaces.maxItems).toBe(L.INTERFACES_PER_NODE);
    expect($defs.node.properties.dns.maxItems).toBe(L.DNS_SERVERS);
    expect($defs.node.properties.files.additionalProperties.maxLength).toBe(L.FILE_CHARS);
    expect($defs.node.properties.boot.items.maxLength).toBe(L.COMMAND_CHARS);
    expect($defs.interface.properties.mtu).toMatchObject({ minimum: L.MTU_MIN, maximum: L.MTU_MAX, default: SCENARIO_DEFAULTS.mtu });
    expect($defs.link.properties.latencyUs).toMatchObject({ minimum: L.LATENCY_US_MIN, maximum: L.LATENCY_US_MAX, default: SCENARIO_DEFAULTS.latencyUs });
    expect($defs.at.maximum).toBe(L.AT_MAX_SECONDS);
  });

  it('rejects what the validator rejects for shape or syntax', () => {
    const base = () => JSON.parse(JSON.stringify(examples[1])) as Json;
    const edits: ((d: Json) => void)[] = [
      (d) => (d.extra = 1),
      (d) => (d.lvslab = 2),
      (d) => delete d.links,
      (d) => (d.seed = -1),
      (d) => (d.nodes[0].id = 'Client'),
      (d) => (d.nodes[0].kind = 'server'),
      (d) => (d.nodes[0].interfaces[0].name = 'lo'),
      (d) => (d.nodes[0].interfaces[0].name = 'eth0:2'),
      (d) => (d.nodes[0].interfaces[0].addresses = ['192.168.150.1']),
      (d) => (d.nodes[0].interfaces[0].addresses = ['192.168.150.01/24']),
      (d) => (d.nodes[0].interfaces[0].mac = '00:0c:29:aa:bb'),
      (d) => (d.nodes[0].interfaces[0].mtu = 10),
      (d) => (d.nodes[0].dns = ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4']),
      (d) => (d.nodes[1].gateway = '192.168.150.2'),
      (d) => (d.nodes[1].boot = ['ls']),
      (d) => (d.nodes[1].interfaces[0].addresses = ['10.0.0.1/8']),
      (d) => (d.nodes[1].interfaces[0].name = 'port 1'),
      (d) => (d.nodes[2].sysctl = { 'net/ipv4/ip_forward': 1 }),
      (d) => (d.nodes[2].packages = ['ipvsadm', 'ipvsadm']),
      (d) => (d.nodes[2].files = { 'relative/path': '' }),
      (d) => (d.nodes[2].boot = ['two\nlines']),
      (d) => (d.links[0].latencyUs = 0),
      (d) => (d.links[0].loss = 2),
      (d) => (d.links[0].a = { node: 'client' }),
      (d) => (d.timeline[0] = { at: 1, node: 'client', run: 'ls', power: 'off' }),
      (d) => (d.timeline[0] = { at: -1, node: 'client', run: 'ls' }),
      (d) => (d.timeline[0] = { at: 1, link: 'x', set: 'sideways' }),
    ];
    edits.forEach((edit, i) => {
      const d = base();
      edit(d);
      expect(validateScenario(d).ok, `edit ${i}`).toBe(false);
      expect(schemaErrors(schema, d).length, `edit ${i}`).toBeGreaterThan(0);
    });
  });

  it('accepts whatever the validator accepts (random edits of the examples)', () => {
    const paths: [number, (string | number)[]][] = [];
    const walk = (ex: number, v: unknown, p: (string | number)[]) => {
      if (p.length) paths.push([ex, p]);
      if (Array.isArray(v)) v.forEach((x, i) => walk(ex, x, [...p, i]));
      else if (isObj(v)) for (const k of Object.keys(v)) walk(ex, v[k], [...p, k]);
    };
    examples.forEach((e, i) => walk(i, e, []));
    const values = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom('eth1', 'p9', '10.0.0.1/8', '10.0.0.1', '00:0c:29:00:00:99', 'router', 'host', 'switch', 'down', 'off', 0, 1, 1500, [], {}),
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...paths), values, ([ex, path], value) => {
        const d: any = JSON.parse(JSON.stringify(examples[ex]));
        let o = d;
        for (const k of path.slice(0, -1)) o = o[k];
        o[path[path.length - 1]] = value;
        const r = validateScenario(d);
        if (r.ok) {
          accepted++;
          expect(schemaErrors(schema, d)).toEqual([]);
          expect(schemaErrors(schema, r.scenario)).toEqual([]);
        }
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(50); // the property was exercised, not vacuous
  });
});
