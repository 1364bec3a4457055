/**
 * validateScenario: check a current-version scenario document and return a
 * normalised deep copy, or every problem found (up to SCENARIO_LIMITS.ERRORS), each
 * with a JSONPath-like location (`$.nodes[2].interfaces[0].addresses[1]`).
 *
 * - Never throws, never mutates its input, never returns a half-valid scenario.
 * - Walks only the known structure; unknown keys are reported, not traversed, and
 *   arrays/maps over their limit are reported without being walked, so a hostile
 *   document costs time proportional to what the limits allow.
 * - Rules that mirror Linux say so in their message (the learner sees them).
 *
 * Older documents go through migrateScenario first (parse.ts: loadScenario does both).
 */
import {
  CURRENT_SCENARIO_VERSION,
  HOST_ONLY_NODE_KEYS,
  INTERFACE_KEYS,
  LINK_ACTION_KEYS,
  LINK_END_KEYS,
  LINK_KEYS,
  NODE_KEYS,
  NODE_KINDS,
  POSITION_KEYS,
  POWER_ACTION_KEYS,
  RUN_ACTION_KEYS,
  SCENARIO_DEFAULTS,
  SCENARIO_KEYS,
  SCENARIO_LIMITS as L,
  TEXT_KEYS,
  type LinkEnd,
  type LocalText,
  type NodeKind,
  type Position,
  type Scenario,
  type ScenarioError,
  type ScenarioInterface,
  type ScenarioLink,
  type ScenarioNode,
  type ScenarioResult,
  type TimelineAction,
} from './types';
import { describeValue, isPlainObject, readVersion, type JsonObject } from './migrate';

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

/**
 * The syntax of every constrained string, as ECMA-262 regular-expression sources
 * valid with and without the `u` flag. docs/scenario.schema.json carries the same
 * strings (scenario.schema.test.ts compares them).
 */
export const PATTERN_SOURCES = {
  scenarioId: '^[a-z0-9][a-z0-9-]{0,63}$',
  nodeId: '^[a-z][a-z0-9_-]{0,31}$',
  /** Linux Ethernet device names: eth0, ens33, eno1, enp0s3 (at most 15 characters, IFNAMSIZ). */
  hostIface: '^(?:eth[0-9]{1,4}|ens[0-9]{1,5}|eno[0-9]{1,5}|enp[0-9]{1,3}s[0-9]{1,3})$',
  switchPort: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$',
  linkId: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$',
  ipv4: `^${IPV4}$`,
  cidr: `^${IPV4}/(?:3[0-2]|[12]?[0-9])$`,
  mac: '^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$',
  hostname: `^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`,
  sysctlKey: '^[a-z][a-z0-9_]*(?:\\.[a-z0-9_-]+)+$',
  package: '^[a-z0-9][a-z0-9+._-]{0,63}$',
  filePath: '^(?:/[^/\\u0000\\n]+)+$',
  /** One shell line: no line break or NUL. */
  oneLine: '^[^\\n\\r\\u0000]*$',
} as const;

export type PatternName = keyof typeof PATTERN_SOURCES;

export const PATTERNS = Object.fromEntries(
  Object.entries(PATTERN_SOURCES).map(([k, src]) => [k, new RegExp(src, 'u')]),
) as { readonly [K in PatternName]: RegExp };

// ---------------------------------------------------------------------------
// Error collection

const STOP = Symbol('too many errors');

class Collector {
  readonly errors: ScenarioError[] = [];
  fileChars = 0;
  fileBudgetReported = false;

  add(path: string, message: string): void {
    if (this.errors.length >= L.ERRORS) throw STOP;
    this.errors.push({ path, message });
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$.a.b` for identifier keys, `$.files["/etc/hosts"]` otherwise; very long keys are shortened. */
export function pathKey(path: string, key: string): string {
  if (IDENT.test(key) && key.length <= 64) return `${path}.${key}`;
  const shown = key.length > 64 ? key.slice(0, 64) + '…' : key;
  return `${path}[${JSON.stringify(shown)}]`;
}
const pathIndex = (path: string, i: number): string => `${path}[${i}]`;

const has = (o: JsonObject, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const quoteList = (xs: readonly string[]): string => xs.map((x) => JSON.stringify(x)).join(', ');

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  if (key.length > 40) return undefined;
  const k = key.toLowerCase();
  for (const a of allowed) {
    const x = a.toLowerCase();
    if (x === k || (k.length >= 3 && x.startsWith(k)) || (k.length >= 4 && k.startsWith(x)) || editDistance(k, x) <= 2) return a;
  }
  return undefined;
}

function checkKeys(c: Collector, o: JsonObject, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (allowed.includes(k)) continue;
    const hint = suggestKey(k, allowed);
    c.add(pathKey(path, k), `unknown key${hint ? `; did you mean "${hint}"?` : ''} (allowed here: ${allowed.join(', ')})`);
  }
}

// ---------------------------------------------------------------------------
// Primitive checks. Each reports its own error and answers undefined when wrong.

function object(c: Collector, v: unknown, path: string, what: string): JsonObject | undefined {
  if (isPlainObject(v)) return v;
  c.add(path, `expected ${what}, got ${describeValue(v)}`);
  return undefined;
}

function required(c: Collector, o: JsonObject, key: string, path: string, what: string): boolean {
  if (has(o, key)) return true;
  c.add(pathKey(path, key), `missing: ${what}`);
  return false;
}

interface StrRule {
  max: number;
  /** Allow the empty string. */
  empty?: boolean;
  pattern?: RegExp;
  /** Said when the pattern does not match. */
  patternHelp?: string;
  /** No line breaks or NUL (one shell line, one display line). */
  oneLine?: boolean;
}

function str(c: Collector, v: unknown, path: string, rule: StrRule): string | undefined {
  if (typeof v !== 'string') {
    c.add(path, `expected a string, got ${describeValue(v)}`);
    return undefined;
  }
  if (v.length > rule.max) {
    c.add(path, `too long: ${v.length} characters (at most ${rule.max})`);
    return undefined;
  }
  if (v.length === 0 && !rule.empty) {
    c.add(path, 'must not be empty');
    return undefined;
  }
  if (rule.oneLine && !PATTERNS.oneLine.test(v)) {
    c.add(path, 'must be a single line (no line breaks or NUL characters): put each command in its own entry');
    return undefined;
  }
  if (rule.pattern && !rule.pattern.test(v)) {
    c.add(path, `${describeValue(v)} ${rule.patternHelp ?? `does not match ${rule.pattern.source}`}`);
    return undefined;
  }
  return v;
}

function int(c: Collector, v: unknown, path: string, min: number, max: number, unit = ''): number | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    c.add(path, `expected an integer ${min}..${max}${unit}, got ${describeValue(v)}`);
    return undefined;
  }
  return v === 0 ? 0 : v; // -0 → 0
}

function num(c: Collector, v: unknown, path: string, min: number, max: number, what: string): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    c.add(path, `expected ${what} ${min}..${max}, got ${describeValue(v)}`);
    return undefined;
  }
  return v === 0 ? 0 : v;
}

function bool(c: Collector, v: unknown, path: string): boolean | undefined {
  if (typeof v !== 'boolean') {
    c.add(path, `expected true or false, got ${describeValue(v)}`);
    return undefined;
  }
  return v;
}

function oneOf<T extends string>(c: Collector, v: unknown, path: string, options: readonly T[]): T | undefined {
  if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T;
  c.add(path, `expected one of ${quoteList(options)}, got ${describeValue(v)}`);
  return undefined;
}

/** An array no longer than `max` (a longer one is reported, not walked). */
function list(c: Collector, v: unknown, path: string, max: number, what: string): unknown[] | undefined {
  if (!Array.isArray(v)) {
    c.add(path, `expected an array of ${what}, got ${describeValue(v)}`);
    return undefined;
  }
  if (v.length > max) {
    c.add(path, `too many ${what}: ${v.length} (at most ${max})`);
    return undefined;
  }
  return v;
}

/** An object used as a map, with at most `max` entries. */
function map(c: Collector, v: unknown, path: string, max: number, what: string): [string, unknown][] | undefined {
  if (!isPlainObject(v)) {
    c.add(path, `expected an object of ${what}, got ${describeValue(v)}`);
    return undefined;
  }
  const keys = Object.keys(v);
  if (keys.length > max) {
    c.add(path, `too many ${what}: ${keys.length} (at most ${max})`);
    return undefined;
  }
  return keys.map((k) => [k, v[k]]);
}

// ---------------------------------------------------------------------------
// IPv4 and MAC text

/** Parse a strict dotted quad (no leading zeros: `010` is octal to inet_aton). Message when invalid. */
export function parseIpv4Strict(text: string): { ok: true; ip: number } | { ok: false; message: string } {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^[0-9]{1,3}$/.test(p))) {
    return { ok: false, message: 'is not a dotted-quad IPv4 address like 192.168.150.1' };
  }
  let ip = 0;
  for (const p of parts) {
    if (p.length > 1 && p[0] === '0') return { ok: false, message: `has an octet with a leading zero ("${p}"): write ${Number(p)}` };
    const n = Number(p);
    if (n > 255) return { ok: false, message: `has an octet above 255 (${n})` };
    ip = ip * 256 + n;
  }
  return { ok: true, ip };
}

const formatIp = (ip: number): string => `${ip >>> 24}.${(ip >>> 16) & 0xff}.${(ip >>> 8) & 0xff}.${ip & 0xff}`;
const maskOf = (prefix: number): number => (prefix === 0 ? 0 : (0xffff_ffff << (32 - prefix)) >>> 0);

/** Why an address cannot be given to an interface (or be a gateway), if it cannot. */
function unassignable(ip: number): string | undefined {
  if (ip === 0) return '0.0.0.0 means "any address" and cannot be assigned';
  if (ip >>> 24 === 127) return 'is a loopback address (127.0.0.0/8): those belong to lo, which every host has';
  if (ip >>> 28 === 0xe) return 'is a multicast address (224.0.0.0/4): no interface owns one';
  if (ip === 0xffff_ffff) return 'is the limited broadcast address';
  return undefined;
}

function ipv4(c: Collector, v: unknown, path: string, opts: { assignable?: boolean } = {}): number | undefined {
  if (typeof v !== 'string') {
    c.add(path, `expected an IPv4 address string like "192.168.150.1", got ${describeValue(v)}`);
    return undefined;
  }
  const slash = v.indexOf('/');
  if (slash > 0 && v.length <= 18 && parseIpv4Strict(v.slice(0, slash)).ok) {
    c.add(path, `${describeValue(v)} has a prefix length, but this field takes a plain address: write "${v.slice(0, slash)}"`);
    return undefined;
  }
  if (v.length > 15) {
    c.add(path, `${describeValue(v)} is not a dotted-quad IPv4 address like 192.168.150.1`);
    return undefined;
  }
  const r = parseIpv4Strict(v);
  if (!r.ok) {
    c.add(path, `${describeValue(v)} ${r.message}`);
    return undefined;
  }
  const why = opts.assignable ? unassignable(r.ip) : undefined;
  if (why) {
    c.add(path, `${v} ${why}`);
    return undefined;
  }
  return r.ip;
}

interface Cidr {
  ip: number;
  prefix: number;
}

function cidr(c: Collector, v: unknown, path: string): Cidr | undefined {
  if (typeof v !== 'string') {
    c.add(path, `expected an address with prefix length like "192.168.150.1/24", got ${describeValue(v)}`);
    return undefined;
  }
  if (v.length > 18) {
    c.add(path, `${describeValue(v)} is not an address with prefix length like "192.168.150.1/24"`);
    return undefined;
  }
  const slash = v.indexOf('/');
  const ipText = slash < 0 ? v : v.slice(0, slash);
  const r = parseIpv4Strict(ipText);
  if (!r.ok) {
    c.add(path, `${describeValue(v)}: the address ${r.message}`);
    return undefined;
  }
  if (slash < 0) {
    c.add(path, `"${v}" has no prefix length: write it as "${v}/24" (or whatever its netmask's length is)`);
    return undefined;
  }
  const p = v.slice(slash + 1);
  if (!/^(?:0|[1-9][0-9]?)$/.test(p) || Number(p) > 32) {
    c.add(path, `"${v}": the prefix length must be an integer 0..32, got "${p}"`);
    return undefined;
  }
  const why = unassignable(r.ip);
  if (why) {
    c.add(path, `${ipText} ${why}`);
    return undefined;
  }
  return { ip: r.ip, prefix: Number(p) };
}

/** A NIC's MAC: unicast and not all zeros (Linux: is_valid_ether_addr). Lowercased. */
function mac(c: Collector, v: unknown, path: string): string | undefined {
  const s = str(c, v, path, { max: 17, pattern: PATTERNS.mac, patternHelp: 'is not a MAC address like "00:0c:29:aa:bb:cc"' });
  if (s === undefined) return undefined;
  const lower = s.toLowerCase();
  const first = parseInt(lower.slice(0, 2), 16);
  if (first & 1) {
    c.add(path, `${s} is a multicast/broadcast address (lowest bit of the first octet set): a NIC needs a unicast MAC`);
    return undefined;
  }
  if (lower === '00:00:00:00:00:00') {
    c.add(path, '00:00:00:00:00:00 is not a valid NIC address');
    return undefined;
  }
  return lower;
}

// ---------------------------------------------------------------------------
// The document

interface NodeInfo {
  path: string;
  kind: NodeKind | undefined;
  ifaces: Map<string, string>;
  /** Every well-formed address of the node (even on an interface with other errors). */
  cidrs: Cidr[];
  /** Some address could not be read: skip checks that need them all (the on-link gateway). */
  cidrsUncertain: boolean;
}

interface State {
  c: Collector;
  /** First node with each id (even an ill-formed id, so references to it do not also fail). */
  nodes: Map<string, NodeInfo>;
  macs: Map<string, string>;
  /** Every link id (explicit or derived) → where it is defined; filled by `links`. */
  linkIds: Map<string, string>;
  /** `nodes` itself was unreadable: references to nodes are not checked (they would all fail). */
  nodesUnknown: boolean;
}

function localText(c: Collector, v: unknown, path: string, max: number): LocalText | undefined {
  const o = object(c, v, path, 'an object like {"en": "...", "zh": "..."}');
  if (!o) return undefined;
  checkKeys(c, o, path, TEXT_KEYS);
  let en: string | undefined;
  if (required(c, o, 'en', path, 'the English text "en"')) en = str(c, o.en, pathKey(path, 'en'), { max });
  const zh = has(o, 'zh') ? str(c, o.zh, pathKey(path, 'zh'), { max }) : undefined;
  if (en === undefined) return undefined;
  return zh === undefined ? { en } : { en, zh };
}

function position(c: Collector, v: unknown, path: string): Position | undefined {
  const o = object(c, v, path, 'a canvas position {"x": 0, "y": 0}');
  if (!o) return undefined;
  checkKeys(c, o, path, POSITION_KEYS);
  const m = L.POSITION_ABS_MAX;
  const x = required(c, o, 'x', path, 'x') ? num(c, o.x, pathKey(path, 'x'), -m, m, 'a finite number') : undefined;
  const y = required(c, o, 'y', path, 'y') ? num(c, o.y, pathKey(path, 'y'), -m, m, 'a finite number') : undefined;
  return x === undefined || y === undefined ? undefined : { x, y };
}

function hostIfaceProblem(name: string): string {
  if (name === 'lo') {
    return '"lo" is implicit: every host has it with 127.0.0.1/8. Add addresses to it with a boot line, as the DR lab does: "ifconfig lo:1 192.168.150.100 netmask 255.255.255.255"';
  }
  if (name.includes(':')) {
    const dev = name.slice(0, name.indexOf(':'));
    return `"${name}" is an alias label, not a device: list the address under "${dev}" (an interface may have several addresses) or create the alias with a boot line ("ifconfig ${name} 192.168.150.100/24")`;
  }
  return `"${name}" is not a Linux Ethernet device name: use eth0, eth1, … (or ens33, eno1, enp0s3)`;
}

function iface(s: State, v: unknown, path: string, kind: NodeKind | undefined, info: NodeInfo): ScenarioInterface | undefined {
  const { c } = s;
  const o = object(c, v, path, 'an interface object like {"name": "eth0", "addresses": ["192.168.150.1/24"]}');
  if (!o) {
    info.cidrsUncertain = true;
    return undefined;
  }
  checkKeys(c, o, path, INTERFACE_KEYS);
  let ok = true;

  let name: string | undefined;
  if (required(c, o, 'name', path, kind === 'switch' ? 'the port name, e.g. "p1"' : 'the device name, e.g. "eth0"')) {
    const np = pathKey(path, 'name');
    if (kind === 'switch') {
      name = str(c, o.name, np, {
        max: 16,
        pattern: PATTERNS.switchPort,
        patternHelp: 'is not a port name: 1-16 letters, digits, "_", "." or "-", starting with a letter or digit (e.g. "p1")',
      });
    } else {
      name = str(c, o.name, np, { max: 64 });
      if (name !== undefined && kind !== undefined && !PATTERNS.hostIface.test(name)) {
        c.add(np, hostIfaceProblem(name));
        name = undefined;
      }
    }
    if (typeof o.name === 'string') {
      const first = info.ifaces.get(o.name);
      if (first !== undefined) {
        c.add(np, `duplicate interface name "${o.name}" on this node (first at ${first})`);
        ok = false;
      } else {
        info.ifaces.set(o.name, np);
      }
    }
  }
  ok &&= name !== undefined;

  let macText: string | undefined;
  if (has(o, 'mac')) {
    const mp = pathKey(path, 'mac');
    if (kind === 'switch') {
      c.add(mp, 'a switch port has no MAC address of its own: remove "mac"');
      ok = false;
    } else {
      macText = mac(c, o.mac, mp);
      if (macText === undefined) ok = false;
      else {
        const first = s.macs.get(macText);
        if (first !== undefined) {
          c.add(mp, `duplicate MAC address ${macText} (also at ${first}): every NIC needs its own`);
          ok = false;
        } else s.macs.set(macText, mp);
      }
    }
  }

  const addresses: string[] = [];
  if (has(o, 'addresses')) {
    const ap = pathKey(path, 'addresses');
    const arr = list(c, o.addresses, ap, L.ADDRESSES_PER_INTERFACE, 'addresses');
    if (!arr) {
      ok = false;
      info.cidrsUncertain = true;
    } else if (kind === 'switch' && arr.length > 0) {
      c.add(ap, 'a switch port has no IP address (a switch works at layer 2): remove "addresses", or use a router');
      ok = false;
    } else {
      const seen = new Map<string, string>();
      arr.forEach((a, i) => {
        const p = pathIndex(ap, i);
        const r = cidr(c, a, p);
        if (!r) {
          ok = false;
          info.cidrsUncertain = true;
          return;
        }
        info.cidrs.push(r);
        const text = `${formatIp(r.ip)}/${r.prefix}`;
        const first = seen.get(formatIp(r.ip));
        if (first !== undefined) {
          // Linux refuses the same address/prefix twice ("RTNETLINK answers: File exists");
          // we also refuse it with another prefix, which only muddles a lab.
          c.add(p, `${formatIp(r.ip)} is already on this interface (at ${first})`);
          ok = false;
          return;
        }
        seen.set(formatIp(r.ip), p);
        addresses.push(text);
      });
    }
  }

  let mtu: number = SCENARIO_DEFAULTS.mtu;
  if (has(o, 'mtu')) {
    const m = int(c, o.mtu, pathKey(path, 'mtu'), L.MTU_MIN, L.MTU_MAX, ' (bytes)');
    if (m === undefined) ok = false;
    else mtu = m;
  }
  let up: boolean = SCENARIO_DEFAULTS.up;
  if (has(o, 'up')) {
    const b = bool(c, o.up, pathKey(path, 'up'));
    if (b === undefined) ok = false;
    else up = b;
  }
  if (!ok || name === undefined) return undefined;
  return { name, ...(macText !== undefined ? { mac: macText } : {}), addresses, mtu, up };
}

/** A switch may carry host-only fields only when they are empty (as a normalised switch does). */
function isEmptyOfItsType(key: (typeof HOST_ONLY_NODE_KEYS)[number], v: unknown): boolean {
  if (key === 'dns' || key === 'packages' || key === 'boot') return Array.isArray(v) && v.length === 0;
  if (key === 'hosts' || key === 'sysctl' || key === 'files') return isPlainObject(v) && Object.keys(v).length === 0;
  return false;
}

function node(s: State, v: unknown, path: string): ScenarioNode | undefined {
  const { c } = s;
  const o = object(c, v, path, 'a node object like {"id": "client", "kind": "host"}');
  if (!o) return undefined;
  checkKeys(c, o, path, NODE_KEYS);
  let ok = true;

  let id: string | undefined;
  if (required(c, o, 'id', path, 'the node id, e.g. "node01"')) {
    const ip = pathKey(path, 'id');
    id = str(c, o.id, ip, {
      max: 32,
      pattern: PATTERNS.nodeId,
      patternHelp: 'is not a node id: 1-32 characters, a lowercase letter then lowercase letters, digits, "_" or "-" (it is also the hostname)',
    });
    if (typeof o.id === 'string') {
      const first = s.nodes.get(o.id);
      if (first !== undefined) {
        c.add(ip, `duplicate node id "${o.id}" (first at ${first.path}.id)`);
        ok = false;
      }
    }
  }
  let kind: NodeKind | undefined;
  if (required(c, o, 'kind', path, `the node kind, one of ${quoteList(NODE_KINDS)}`)) kind = oneOf(c, o.kind, pathKey(path, 'kind'), NODE_KINDS);

  const info: NodeInfo = { path, kind, ifaces: new Map(), cidrs: [], cidrsUncertain: false };
  if (typeof o.id === 'string' && !s.nodes.has(o.id)) s.nodes.set(o.id, info);
  ok &&= id !== undefined && kind !== undefined;

  let name = id ?? '';
  if (has(o, 'name')) {
    const n = str(c, o.name, pathKey(path, 'name'), { max: L.NAME_CHARS });
    if (n === undefined) ok = false;
    else name = n;
  }
  let pos: Position | undefined;
  if (has(o, 'position')) {
    pos = position(c, o.position, pathKey(path, 'position'));
    if (!pos) ok = false;
  }

  const interfaces: ScenarioInterface[] = [];
  if (has(o, 'interfaces')) {
    const ip = pathKey(path, 'interfaces');
    const arr = list(c, o.interfaces, ip, L.INTERFACES_PER_NODE, 'interfaces');
    if (!arr) {
      ok = false;
      info.cidrsUncertain = true;
    } else
      arr.forEach((x, i) => {
        const r = iface(s, x, pathIndex(ip, i), kind, info);
        if (!r) ok = false;
        else interfaces.push(r);
      });
  }

  if (kind === 'switch') {
    for (const k of HOST_ONLY_NODE_KEYS) {
      if (has(o, k) && !isEmptyOfItsType(k, o[k])) {
        c.add(pathKey(path, k), `a switch has no IP stack or shell: "${k}" applies to hosts and routers`);
        ok = false;
      }
    }
    if (!ok || id === undefined) return undefined;
    return { id, kind, name, ...(pos ? { position: pos } : {}), interfaces, dns: [], hosts: {}, sysctl: {}, packages: [], files: {}, boot: [] };
  }

  let gateway: string | undefined;
  if (has(o, 'gateway')) {
    const gp = pathKey(path, 'gateway');
    const g = ipv4(c, o.gateway, gp, { assignable: true });
    if (g === undefined) ok = false;
    else if (info.cidrsUncertain) ok = false; // the address errors are already reported
    else if (!info.cidrs.some((a) => ((a.ip ^ g) & maskOf(a.prefix)) >>> 0 === 0)) {
      // Linux: `route add default gw X` answers "SIOCADDRT: Network is unreachable".
      c.add(
        gp,
        `gateway ${formatIp(g)} is not in the subnet of any address on this node (Linux refuses it: "Network is unreachable"): add an address in its subnet to an interface`,
      );
      ok = false;
    } else gateway = formatIp(g);
  }

  const dns: string[] = [];
  if (has(o, 'dns')) {
    const dp = pathKey(path, 'dns');
    if (Array.isArray(o.dns) && o.dns.length > L.DNS_SERVERS) {
      c.add(dp, `too many nameservers: ${o.dns.length} (resolv.conf uses at most ${L.DNS_SERVERS}, MAXNS)`);
      ok = false;
    } else {
      const arr = list(c, o.dns, dp, L.DNS_SERVERS, 'nameservers');
      if (!arr) ok = false;
      else
        arr.forEach((x, i) => {
          const ip = ipv4(c, x, pathIndex(dp, i));
          if (ip === undefined) ok = false;
          else dns.push(formatIp(ip));
        });
    }
  }

  const hosts: Record<string, string> = {};
  if (has(o, 'hosts')) {
    const hp = pathKey(path, 'hosts');
    const entries = map(c, o.hosts, hp, L.HOSTS_ENTRIES, '/etc/hosts entries (name → IPv4 address)');
    if (!entries) ok = false;
    else
      for (const [k, x] of entries) {
        const p = pathKey(hp, k);
        if (!PATTERNS.hostname.test(k)) {
          c.add(p, `${describeValue(k)} is not a host name (letters, digits and "-", labels separated by ".")`);
          ok = false;
          continue;
        }
        const ip = ipv4(c, x, p);
        if (ip === undefined) ok = false;
        else hosts[k] = formatIp(ip);
      }
  }

  const sysctl: Record<string, string | number> = {};
  if (kind === 'router') Object.assign(sysctl, SCENARIO_DEFAULTS.routerSysctl);
  if (has(o, 'sysctl')) {
    const sp = pathKey(path, 'sysctl');
    const entries = map(c, o.sysctl, sp, L.SYSCTL_ENTRIES, 'sysctl settings');
    if (!entries) ok = false;
    else
      for (const [k, x] of entries) {
        const p = pathKey(sp, k);
        if (k.length > 256 || !PATTERNS.sysctlKey.test(k)) {
          c.add(
            p,
            `${describeValue(k)} is not a sysctl name: write it with dots as sysctl(8) does, e.g. "net.ipv4.conf.all.arp_ignore"`,
          );
          ok = false;
          continue;
        }
        if (typeof x === 'number') {
          if (!Number.isSafeInteger(x)) {
            c.add(p, `expected an integer or a string, got ${describeValue(x)}`);
            ok = false;
          } else sysctl[k] = x === 0 ? 0 : x;
        } else if (typeof x === 'string') {
          const sv = str(c, x, p, { max: L.SYSCTL_VALUE_CHARS, oneLine: true });
          if (sv === undefined) ok = false;
          else sysctl[k] = sv;
        } else {
          c.add(p, `expected an integer or a string, got ${describeValue(x)}`);
          ok = false;
        }
      }
  }

  const packages: string[] = [];
  if (has(o, 'packages')) {
    const pp = pathKey(path, 'packages');
    const arr = list(c, o.packages, pp, L.PACKAGES, 'packages');
    if (!arr) ok = false;
    else
      arr.forEach((x, i) => {
        const p = pathIndex(pp, i);
        const name = str(c, x, p, {
          max: 64,
          pattern: PATTERNS.package,
          patternHelp: 'is not a package name like "httpd" or "ipvsadm"',
        });
        if (name === undefined) ok = false;
        else if (packages.includes(name)) {
          c.add(p, `"${name}" is listed twice`);
          ok = false;
        } else packages.push(name);
      });
  }

  const files: Record<string, string> = {};
  if (has(o, 'files')) {
    const fp = pathKey(path, 'files');
    const entries = map(c, o.files, fp, L.FILES_PER_NODE, 'files (absolute path → content)');
    if (!entries) ok = false;
    else
      for (const [k, x] of entries) {
        const p = pathKey(fp, k);
        const problem = filePathProblem(k);
        if (problem) {
          c.add(p, problem);
          ok = false;
          continue;
        }
        const content = str(c, x, p, { max: L.FILE_CHARS, empty: true });
        if (content === undefined) {
          ok = false;
          continue;
        }
        c.fileChars += content.length;
        if (c.fileChars > L.TOTAL_FILE_CHARS) {
          if (!c.fileBudgetReported) {
            c.fileBudgetReported = true;
            c.add(p, `the files of all nodes together exceed ${L.TOTAL_FILE_CHARS} characters`);
          }
          ok = false;
          continue;
        }
        files[k] = content;
      }
  }

  const boot: string[] = [];
  if (has(o, 'boot')) {
    const bp = pathKey(path, 'boot');
    const arr = list(c, o.boot, bp, L.BOOT_LINES, 'boot lines');
    if (!arr) ok = false;
    else
      arr.forEach((x, i) => {
        const line = str(c, x, pathIndex(bp, i), { max: L.COMMAND_CHARS, empty: true, oneLine: true });
        if (line === undefined) ok = false;
        else boot.push(line);
      });
  }

  if (!ok || id === undefined || kind === undefined) return undefined;
  return {
    id,
    kind,
    name,
    ...(pos ? { position: pos } : {}),
    interfaces,
    ...(gateway !== undefined ? { gateway } : {}),
    dns,
    hosts,
    sysctl,
    packages,
    files,
    boot,
  };
}

function filePathProblem(path: string): string | undefined {
  if (path.length > L.FILE_PATH_CHARS) return `file path too long: ${path.length} characters (at most ${L.FILE_PATH_CHARS})`;
  if (!PATTERNS.filePath.test(path)) {
    return `${describeValue(path)} is not an absolute file path like "/var/www/html/index.html" (starts with "/", no empty parts, no trailing "/")`;
  }
  const parts = path.split('/').slice(1);
  if (parts.some((p) => p === '.' || p === '..')) return `${describeValue(path)}: write the path without "." or ".." parts`;
  if (parts[0] === 'proc' && parts[1] === 'sys') {
    return `${path} is generated by the kernel: set it under "sysctl" as "${parts.slice(2).join('.')}"`;
  }
  if (parts[0] === 'proc' || parts[0] === 'sys' || parts[0] === 'dev') {
    return `/${parts[0]} is generated by the system and cannot hold files from the document`;
  }
  return undefined;
}

function linkEnd(s: State, v: unknown, path: string): LinkEnd | undefined {
  const { c } = s;
  const o = object(c, v, path, 'a link end like {"node": "client", "iface": "eth0"}');
  if (!o) return undefined;
  checkKeys(c, o, path, LINK_END_KEYS);
  // Empty strings are looked up like any other, so a node with an ill-formed id is reported once.
  const node = required(c, o, 'node', path, 'the node id') ? str(c, o.node, pathKey(path, 'node'), { max: 64, empty: true }) : undefined;
  const ifName = required(c, o, 'iface', path, 'the interface name') ? str(c, o.iface, pathKey(path, 'iface'), { max: 64, empty: true }) : undefined;
  if (node === undefined || ifName === undefined) return undefined;
  if (s.nodesUnknown) return undefined;
  const info = s.nodes.get(node);
  if (!info) {
    c.add(pathKey(path, 'node'), `no node "${node}" in this scenario`);
    return undefined;
  }
  if (!info.ifaces.has(ifName)) {
    const names = [...info.ifaces.keys()];
    const shown = names.length === 0 ? 'it has none' : `it has: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}`;
    c.add(pathKey(path, 'iface'), `node "${node}" has no interface "${ifName}" (${shown})`);
    return undefined;
  }
  return { node, iface: ifName };
}

function links(s: State, arr: unknown[], path: string): ScenarioLink[] | undefined {
  const { c } = s;
  let ok = true;
  const out: ScenarioLink[] = [];
  const cabled = new Map<string, string>();
  const ids = s.linkIds;
  arr.forEach((v, i) => {
    const lp = pathIndex(path, i);
    const o = object(c, v, lp, 'a link object like {"a": {"node": "client", "iface": "eth0"}, "b": {"node": "sw1", "iface": "p1"}}');
    if (!o) {
      ok = false;
      return;
    }
    checkKeys(c, o, lp, LINK_KEYS);
    let good = true;
    let explicitId: string | undefined;
    if (has(o, 'id')) {
      explicitId = str(c, o.id, pathKey(lp, 'id'), {
        max: 128,
        pattern: PATTERNS.linkId,
        patternHelp: 'is not a link id: letters, digits, "_", ".", ":" or "-", starting with a letter or digit',
      });
      if (explicitId === undefined) good = false;
    }
    const a = required(c, o, 'a', lp, 'end "a" {"node": ..., "iface": ...}') ? linkEnd(s, o.a, pathKey(lp, 'a')) : undefined;
    const b = required(c, o, 'b', lp, 'end "b" {"node": ..., "iface": ...}') ? linkEnd(s, o.b, pathKey(lp, 'b')) : undefined;
    if (a && b && a.node === b.node) {
      c.add(pathKey(lp, 'b'), `both ends are on node "${a.node}": a link joins two different nodes`);
      good = false;
    } else {
      for (const [end, e] of [['a', a], ['b', b]] as const) {
        if (!e) continue;
        const key = `${e.node}\u0000${e.iface}`;
        const first = cabled.get(key);
        if (first !== undefined) {
          c.add(pathKey(lp, end), `${e.node} ${e.iface} is already cabled (by ${first}): an interface takes one link`);
          good = false;
        } else cabled.set(key, pathKey(lp, end));
      }
    }
    good &&= a !== undefined && b !== undefined;

    let latencyUs: number = SCENARIO_DEFAULTS.latencyUs;
    if (has(o, 'latencyUs')) {
      const x = int(c, o.latencyUs, pathKey(lp, 'latencyUs'), L.LATENCY_US_MIN, L.LATENCY_US_MAX, ' (microseconds)');
      if (x === undefined) good = false;
      else latencyUs = x;
    }
    let loss: number = SCENARIO_DEFAULTS.loss;
    if (has(o, 'loss')) {
      const x = num(c, o.loss, pathKey(lp, 'loss'), 0, 1, 'a probability');
      if (x === undefined) good = false;
      else loss = x;
    }
    let up: boolean = SCENARIO_DEFAULTS.up;
    if (has(o, 'up')) {
      const x = bool(c, o.up, pathKey(lp, 'up'));
      if (x === undefined) good = false;
      else up = x;
    }
    if (!good || !a || !b) {
      ok = false;
      // Still reserve an explicit id so the timeline can refer to it without a second error.
      if (explicitId !== undefined && !ids.has(explicitId)) ids.set(explicitId, pathKey(lp, 'id'));
      return;
    }
    const id = explicitId ?? deriveLinkId(a, b);
    const first = ids.get(id);
    if (first !== undefined) {
      if (explicitId !== undefined) c.add(pathKey(lp, 'id'), `duplicate link id "${id}" (first at ${first})`);
      else c.add(lp, `this link's derived id "${id}" is already used (at ${first}): give one of them an explicit "id"`);
      ok = false;
      return;
    }
    ids.set(id, explicitId !== undefined ? pathKey(lp, 'id') : lp);
    out.push({ id, a, b, latencyUs, loss, up });
  });
  return ok ? out : undefined;
}

/** The id of a link without one: `client:eth0--sw1:p1`. Unique, since an interface takes one link. */
export const deriveLinkId = (a: LinkEnd, b: LinkEnd): string => `${a.node}:${a.iface}--${b.node}:${b.iface}`;

function action(s: State, v: unknown, path: string): TimelineAction | undefined {
  const { c } = s;
  const o = object(c, v, path, 'an action like {"at": 1, "node": "client", "run": "curl 192.168.150.100"}');
  if (!o) return undefined;
  const verbs = (['run', 'set', 'power'] as const).filter((k) => has(o, k));
  if (verbs.length === 0) {
    checkKeys(c, o, path, ['at', 'node', 'link', 'run', 'set', 'power']);
    c.add(path, 'an action needs one of "run" (with "node"), "set" (with "link") or "power" (with "node")');
    return undefined;
  }
  if (verbs.length > 1) {
    c.add(path, `an action does one thing: it has ${verbs.map((x) => `"${x}"`).join(' and ')}; split it into separate actions`);
    return undefined;
  }
  const verb = verbs[0];
  checkKeys(c, o, path, verb === 'run' ? RUN_ACTION_KEYS : verb === 'set' ? LINK_ACTION_KEYS : POWER_ACTION_KEYS);
  const at = required(c, o, 'at', path, 'the time "at" in seconds')
    ? num(c, o.at, pathKey(path, 'at'), 0, L.AT_MAX_SECONDS, 'a time in seconds')
    : undefined;

  const nodeRef = (): string | undefined => {
    if (!required(c, o, 'node', path, 'the node id')) return undefined;
    const np = pathKey(path, 'node');
    const id = str(c, o.node, np, { max: 64, empty: true });
    if (id === undefined || s.nodesUnknown) return undefined;
    const info = s.nodes.get(id);
    if (!info) {
      c.add(np, `no node "${id}" in this scenario`);
      return undefined;
    }
    if (verb === 'run' && info.kind === 'switch') {
      c.add(np, `"${id}" is a switch: it has no shell to run commands in`);
      return undefined;
    }
    return id;
  };

  if (verb === 'run') {
    const node = nodeRef();
    const run = str(c, o.run, pathKey(path, 'run'), { max: L.COMMAND_CHARS, oneLine: true });
    if (at === undefined || node === undefined || run === undefined) return undefined;
    return { at, node, run };
  }
  if (verb === 'power') {
    const node = nodeRef();
    const power = oneOf(c, o.power, pathKey(path, 'power'), ['off', 'on'] as const);
    if (at === undefined || node === undefined || power === undefined) return undefined;
    return { at, node, power };
  }
  let link: string | undefined;
  if (required(c, o, 'link', path, 'the link id')) {
    const lp = pathKey(path, 'link');
    link = str(c, o.link, lp, { max: 256, empty: true });
    if (link !== undefined && !s.linkIds.has(link)) {
      const known = [...s.linkIds.keys()];
      c.add(lp, `no link "${link}" in this scenario${known.length ? ` (links: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''})` : ''}`);
      link = undefined;
    }
  }
  const set = oneOf(c, o.set, pathKey(path, 'set'), ['down', 'up'] as const);
  if (at === undefined || link === undefined || set === undefined) return undefined;
  return { at, link, set };
}

function scenario(c: Collector, o: JsonObject): Scenario | undefined {
  const s: State = { c, nodes: new Map(), macs: new Map(), linkIds: new Map(), nodesUnknown: false };
  checkKeys(c, o, '$', SCENARIO_KEYS);
  let ok = true;

  let id: string | undefined;
  if (has(o, 'id')) {
    id = str(c, o.id, '$.id', {
      max: 64,
      pattern: PATTERNS.scenarioId,
      patternHelp: 'is not a scenario id: lowercase letters, digits and "-", e.g. "lvs-dr"',
    });
    ok &&= id !== undefined;
  }
  let title: LocalText | undefined;
  if (has(o, 'title')) {
    title = localText(c, o.title, '$.title', L.TITLE_CHARS);
    ok &&= title !== undefined;
  }
  let description: LocalText | undefined;
  if (has(o, 'description')) {
    description = localText(c, o.description, '$.description', L.DESCRIPTION_CHARS);
    ok &&= description !== undefined;
  }
  let seed: number = SCENARIO_DEFAULTS.seed;
  if (has(o, 'seed')) {
    const x = int(c, o.seed, '$.seed', 0, L.SEED_MAX, ' (uint32)');
    if (x === undefined) ok = false;
    else seed = x;
  }

  const nodes: ScenarioNode[] = [];
  if (required(c, o, 'nodes', '$', 'the list of nodes ("nodes": [] for an empty lab)')) {
    const arr = list(c, o.nodes, '$.nodes', L.NODES, 'nodes');
    if (!arr) {
      ok = false;
      s.nodesUnknown = true;
    }
    else
      arr.forEach((x, i) => {
        const n = node(s, x, pathIndex('$.nodes', i));
        if (n) nodes.push(n);
        else ok = false;
      });
  } else {
    ok = false;
    s.nodesUnknown = true;
  }

  let linkList: ScenarioLink[] | undefined;
  if (required(c, o, 'links', '$', 'the list of links ("links": [] when nothing is cabled)')) {
    const arr = list(c, o.links, '$.links', L.LINKS, 'links');
    if (arr) linkList = links(s, arr, '$.links');
  }
  ok &&= linkList !== undefined;

  const timeline: TimelineAction[] = [];
  if (has(o, 'timeline')) {
    const arr = list(c, o.timeline, '$.timeline', L.TIMELINE, 'timeline actions');
    if (!arr) ok = false;
    else
      arr.forEach((x, i) => {
        const a = action(s, x, pathIndex('$.timeline', i));
        if (a) timeline.push(a);
        else ok = false;
      });
  }
  // Stable: actions at the same time run in document order.
  timeline.sort((p, q) => p.at - q.at);

  if (!ok || !linkList) return undefined;
  return {
    lvslab: CURRENT_SCENARIO_VERSION,
    ...(id !== undefined ? { id } : {}),
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    seed,
    nodes,
    links: linkList,
    timeline,
  };
}

/**
 * Check a scenario document of the current version. Answers a normalised deep copy
 * with every default filled, or all errors found (at most SCENARIO_LIMITS.ERRORS,
 * then one more saying it stopped). Never throws; never mutates `input`.
 */
export function validateScenario(input: unknown): ScenarioResult {
  const c = new Collector();
  try {
    const v = readVersion(input);
    if (!v.ok) return { ok: false, errors: [v.error] };
    if (v.version !== CURRENT_SCENARIO_VERSION) {
      return {
        ok: false,
        errors: [{ path: '$.lvslab', message: `version ${v.version} must be migrated to ${CURRENT_SCENARIO_VERSION} first (use loadScenario)` }],
      };
    }
    const result = scenario(c, input as JsonObject);
    if (c.errors.length === 0 && result) return { ok: true, scenario: result };
    if (c.errors.length === 0) c.add('$', 'invalid scenario'); // unreachable: every failure reports
    return { ok: false, errors: c.errors };
  } catch (e) {
    if (e === STOP) {
      return { ok: false, errors: [...c.errors, { path: '$', message: `too many errors: stopped after the first ${L.ERRORS}` }] };
    }
    // Only a non-plain input (a throwing getter, a proxy) or a bug gets here.
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [...c.errors, { path: '$', message: `cannot read the document: ${msg}` }] };
  }
}
