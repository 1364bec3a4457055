/**
 * The compact form of a scenario inside a share link (link format 1): a valid
 * scenario document minus everything the validator would fill back in, plus two
 * shorthands. Dropping a default never changes the lab: `loadScenario` of the
 * expanded document equals `loadScenario` of the original (positions aside, which
 * are rounded to whole pixels — they only place nodes on the canvas).
 *
 * Dropped: `seed` 1, a node `name` equal to its id, empty arrays and maps, a
 * router's implied `net.ipv4.ip_forward = 1`, an interface's `mtu` 1500 and
 * `up: true`, a link `id` equal to the derived `a.node:a.iface--b.node:b.iface`,
 * `latencyUs` 100, `loss` 0, a link's `up: true`, an empty timeline.
 *
 * Shorthands (undone by `expandScenario`):
 * - an interface with nothing but a name is written as that name: `"p1"`;
 * - a link end `{node, iface}` is written `"node:iface"` (neither a node id nor an
 *   interface name may contain `:`: PATTERN_SOURCES in scenario/validate.ts).
 *
 * Keys keep the order presets write them in, which is also the order of the
 * compression dictionary (dictionary.ts), so long runs match it.
 */
import { deriveLinkId, SCENARIO_DEFAULTS } from '../engine/scenario';
import type { LinkEnd, Scenario, ScenarioInterface, ScenarioLink, ScenarioNode, TimelineAction } from '../engine/scenario/types';

export type JsonObject = { [key: string]: unknown };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (r: Record<string, unknown>): boolean => Object.keys(r).length > 0;

/** Compact a normalised scenario (what `loadScenario` returns). */
export function compactScenario(s: Scenario): JsonObject {
  const out: JsonObject = { lvslab: s.lvslab };
  if (s.id !== undefined) out.id = s.id;
  if (s.seed !== SCENARIO_DEFAULTS.seed) out.seed = s.seed;
  out.nodes = s.nodes.map(compactNode);
  out.links = s.links.map(compactLink);
  if (s.timeline.length) out.timeline = s.timeline.map(compactAction);
  if (s.title) out.title = { ...s.title };
  if (s.description) out.description = { ...s.description };
  return out;
}

function compactNode(n: ScenarioNode): JsonObject {
  const o: JsonObject = { id: n.id, kind: n.kind };
  if (n.name !== n.id) o.name = n.name;
  if (n.position) o.position = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
  if (n.interfaces.length) o.interfaces = n.interfaces.map(compactIface);
  if (n.gateway !== undefined) o.gateway = n.gateway;
  if (n.dns.length) o.dns = [...n.dns];
  if (nonEmpty(n.hosts)) o.hosts = { ...n.hosts };
  const sysctl = { ...n.sysctl };
  // validateScenario puts a router's ip_forward = 1 first unless the document sets it.
  for (const [k, v] of Object.entries(SCENARIO_DEFAULTS.routerSysctl)) if (n.kind === 'router' && sysctl[k] === v) delete sysctl[k];
  if (nonEmpty(sysctl)) o.sysctl = sysctl;
  if (n.packages.length) o.packages = [...n.packages];
  if (nonEmpty(n.files)) o.files = { ...n.files };
  if (n.boot.length) o.boot = [...n.boot];
  return o;
}

function compactIface(i: ScenarioInterface): string | JsonObject {
  const o: JsonObject = { name: i.name };
  if (i.mac !== undefined) o.mac = i.mac;
  if (i.addresses.length) o.addresses = [...i.addresses];
  if (i.mtu !== SCENARIO_DEFAULTS.mtu) o.mtu = i.mtu;
  if (i.up !== SCENARIO_DEFAULTS.up) o.up = i.up;
  return Object.keys(o).length === 1 ? i.name : o;
}

const endText = (e: LinkEnd): string => `${e.node}:${e.iface}`;

function compactLink(l: ScenarioLink): JsonObject {
  const o: JsonObject = {};
  if (l.id !== deriveLinkId(l.a, l.b)) o.id = l.id;
  o.a = endText(l.a);
  o.b = endText(l.b);
  if (l.latencyUs !== SCENARIO_DEFAULTS.latencyUs) o.latencyUs = l.latencyUs;
  if (l.loss !== SCENARIO_DEFAULTS.loss) o.loss = l.loss;
  if (l.up !== SCENARIO_DEFAULTS.up) o.up = l.up;
  return o;
}

const compactAction = (a: TimelineAction): JsonObject => ({ ...a });

// ---------------------------------------------------------------------------

/**
 * Undo the shorthands on an untrusted value. Only shapes it recognises are
 * rewritten (a string interface, a `"node:iface"` end); anything else is passed
 * through untouched for `loadScenario` to judge. Walks only the known structure,
 * so its cost is linear in the number of nodes, interfaces and links whatever
 * the nesting of the rest. Never throws, never mutates its input.
 */
export function expandScenario(v: unknown): unknown {
  if (!isObject(v)) return v;
  const out: JsonObject = { ...v };
  if (Array.isArray(v.nodes)) out.nodes = v.nodes.map(expandNode);
  if (Array.isArray(v.links)) out.links = v.links.map(expandLink);
  return out;
}

function expandNode(n: unknown): unknown {
  if (!isObject(n) || !Array.isArray(n.interfaces)) return n;
  return { ...n, interfaces: n.interfaces.map((i: unknown) => (typeof i === 'string' ? { name: i } : i)) };
}

function expandEnd(e: unknown): unknown {
  if (typeof e !== 'string') return e;
  const colon = e.indexOf(':');
  return colon < 0 ? e : { node: e.slice(0, colon), iface: e.slice(colon + 1) };
}

function expandLink(l: unknown): unknown {
  if (!isObject(l)) return l;
  const out: JsonObject = { ...l };
  if ('a' in l) out.a = expandEnd(l.a);
  if ('b' in l) out.b = expandEnd(l.b);
  return out;
}
