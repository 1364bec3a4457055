/**
 * The scenario document: one serialisable, versioned JSON value that describes a
 * lab — its nodes, cables, per-node boot commands and a timeline of actions. It is
 * the preset format, the saved file, the share-link payload and the CLI's input.
 *
 * Two families of types:
 * - `ScenarioDocV1` and friends: the document as written (optional fields may be
 *   omitted). Preset authors type their objects with these.
 * - `Scenario` and friends: what `validateScenario` returns — a normalised deep
 *   copy with every default filled in. The engine consumes only these.
 *
 * The full reference, limits and policies are in docs/scenario.md; the JSON Schema
 * in docs/scenario.schema.json. Keep all three in step (scenario.test.ts checks).
 */

/** The format version this build reads and writes. Older versions are migrated (migrate.ts). */
export const CURRENT_SCENARIO_VERSION = 1 as const;

/** A path into the document (`$.nodes[2].interfaces[0].addresses[1]`) and what is wrong there. */
export interface ScenarioError {
  path: string;
  message: string;
}

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** Text shown to learners: English required, Chinese optional (the UI falls back to English). */
export interface LocalText {
  en: string;
  zh?: string;
}

export const NODE_KINDS = ['host', 'router', 'switch'] as const;
/**
 * `host`: a Linux machine. `router`: a Linux machine with `net.ipv4.ip_forward = 1`
 * unless its sysctl says otherwise. `switch`: a learning Ethernet switch, no IP stack.
 */
export type NodeKind = (typeof NODE_KINDS)[number];

export interface Position {
  x: number;
  y: number;
}

// ---------------------------------------------------------------------------
// The document as written (v1).

export interface ScenarioDocV1 {
  lvslab: 1;
  id?: string;
  title?: LocalText;
  description?: LocalText;
  seed?: number;
  nodes: NodeDoc[];
  links: LinkDoc[];
  timeline?: TimelineActionDoc[];
}

export interface NodeDoc {
  id: string;
  kind: NodeKind;
  name?: string;
  position?: Position;
  interfaces?: InterfaceDoc[];
  gateway?: string;
  dns?: string[];
  hosts?: Record<string, string>;
  sysctl?: Record<string, string | number>;
  packages?: string[];
  files?: Record<string, string>;
  boot?: string[];
}

export interface InterfaceDoc {
  name: string;
  mac?: string;
  addresses?: string[];
  mtu?: number;
  up?: boolean;
}

export interface LinkEnd {
  node: string;
  iface: string;
}

export interface LinkDoc {
  id?: string;
  a: LinkEnd;
  b: LinkEnd;
  latencyUs?: number;
  loss?: number;
  up?: boolean;
}

/** Type a command line into a node's shell. */
export interface RunAction {
  at: number;
  node: string;
  run: string;
}
/** Cut or restore a cable (by link id). */
export interface LinkAction {
  at: number;
  link: string;
  set: 'down' | 'up';
}
/** Pull or restore a node's power. */
export interface PowerAction {
  at: number;
  node: string;
  power: 'off' | 'on';
}
export type TimelineActionDoc = RunAction | LinkAction | PowerAction;

// ---------------------------------------------------------------------------
// The normalised scenario (what validateScenario returns). Every default is filled;
// a normalised scenario is itself a valid document and validates to an equal value.

export interface Scenario {
  lvslab: typeof CURRENT_SCENARIO_VERSION;
  id?: string;
  title?: LocalText;
  description?: LocalText;
  /** uint32; default 1. */
  seed: number;
  nodes: ScenarioNode[];
  links: ScenarioLink[];
  /** Stably sorted by `at`: actions with equal `at` keep document order. */
  timeline: TimelineAction[];
}

export interface ScenarioNode {
  id: string;
  kind: NodeKind;
  /** Defaults to `id`. */
  name: string;
  /** Absent when the document has none: the UI lays the node out. */
  position?: Position;
  interfaces: ScenarioInterface[];
  /** Default IPv4 gateway; on-link with one of the node's addresses. */
  gateway?: string;
  dns: string[];
  hosts: Record<string, string>;
  /** For routers, `net.ipv4.ip_forward` is 1 unless the document set it. */
  sysctl: Record<string, string | number>;
  packages: string[];
  files: Record<string, string>;
  boot: string[];
}

export interface ScenarioInterface {
  name: string;
  /**
   * Lowercase `00:0c:29:aa:bb:cc`. Absent when the document has none: the world
   * derives one from the seed (and must not collide with the explicit ones).
   */
  mac?: string;
  /** `a.b.c.d/len`, in document order (the first is the primary address). */
  addresses: string[];
  /** Default 1500. */
  mtu: number;
  /** Administrative state; default true. */
  up: boolean;
}

export interface ScenarioLink {
  /** The document's id, or derived from the ends: `client:eth0--sw1:p1`. */
  id: string;
  a: LinkEnd;
  b: LinkEnd;
  /** One-way propagation delay in integer µs; default 100. */
  latencyUs: number;
  /** Probability 0..1 that a frame is lost; default 0. */
  loss: number;
  /** Default true. */
  up: boolean;
}

export type TimelineAction = RunAction | LinkAction | PowerAction;

// ---------------------------------------------------------------------------
// Limits. A hostile document is rejected by these before it can cost memory or time.

export const SCENARIO_LIMITS = {
  /** parseScenarioJson refuses longer texts before parsing (characters). */
  TEXT_CHARS: 2 * 1024 * 1024,
  /** Errors collected before validation stops. */
  ERRORS: 50,
  NODES: 500,
  LINKS: 2000,
  TIMELINE: 10_000,
  INTERFACES_PER_NODE: 64,
  ADDRESSES_PER_INTERFACE: 256,
  NAME_CHARS: 64,
  TITLE_CHARS: 200,
  DESCRIPTION_CHARS: 10_000,
  /** resolv.conf(5): MAXNS, the resolver uses at most three nameservers. */
  DNS_SERVERS: 3,
  HOSTS_ENTRIES: 1000,
  SYSCTL_ENTRIES: 1000,
  SYSCTL_VALUE_CHARS: 256,
  PACKAGES: 64,
  FILES_PER_NODE: 256,
  FILE_PATH_CHARS: 1024,
  /** One file's content (characters). */
  FILE_CHARS: 1024 * 1024,
  /** All files of all nodes together (characters). */
  TOTAL_FILE_CHARS: 4 * 1024 * 1024,
  BOOT_LINES: 1000,
  /** One shell line: a boot line or a timeline `run`. */
  COMMAND_CHARS: 4096,
  SEED_MAX: 0xffff_ffff,
  LATENCY_US_MIN: 1,
  LATENCY_US_MAX: 10_000_000,
  MTU_MIN: 68,
  MTU_MAX: 65535,
  /** Timeline actions happen within the first day. */
  AT_MAX_SECONDS: 86_400,
  /** |x| and |y| of a canvas position. */
  POSITION_ABS_MAX: 1_000_000,
} as const;

export const SCENARIO_DEFAULTS = {
  seed: 1,
  latencyUs: 100,
  loss: 0,
  mtu: 1500,
  up: true,
  /** Added to a router's sysctl unless the document sets it. */
  routerSysctl: { 'net.ipv4.ip_forward': 1 },
} as const;

// ---------------------------------------------------------------------------
// The keys each object may have: the validator rejects others, and the schema test
// checks docs/scenario.schema.json lists exactly these.

export const SCENARIO_KEYS = ['lvslab', 'id', 'title', 'description', 'seed', 'nodes', 'links', 'timeline'] as const;
export const SCENARIO_REQUIRED_KEYS = ['lvslab', 'nodes', 'links'] as const;
export const TEXT_KEYS = ['en', 'zh'] as const;
export const POSITION_KEYS = ['x', 'y'] as const;
export const NODE_KEYS = [
  'id', 'kind', 'name', 'position', 'interfaces', 'gateway', 'dns', 'hosts', 'sysctl', 'packages', 'files', 'boot',
] as const;
export const NODE_REQUIRED_KEYS = ['id', 'kind'] as const;
/** Node keys that need an IP stack or a shell: a switch may only have them empty. */
export const HOST_ONLY_NODE_KEYS = ['gateway', 'dns', 'hosts', 'sysctl', 'packages', 'files', 'boot'] as const;
export const INTERFACE_KEYS = ['name', 'mac', 'addresses', 'mtu', 'up'] as const;
export const LINK_KEYS = ['id', 'a', 'b', 'latencyUs', 'loss', 'up'] as const;
export const LINK_REQUIRED_KEYS = ['a', 'b'] as const;
export const LINK_END_KEYS = ['node', 'iface'] as const;
export const RUN_ACTION_KEYS = ['at', 'node', 'run'] as const;
export const LINK_ACTION_KEYS = ['at', 'link', 'set'] as const;
export const POWER_ACTION_KEYS = ['at', 'node', 'power'] as const;
