/**
 * iptables tables, chains and rules, and how a packet walks them
 * (net/ipv4/netfilter/ip_tables.c ipt_do_table): rules in order, the first
 * terminal target wins, user chains are jumped into and returned from, a
 * built-in chain falls back to its policy. Each rule and policy counts the
 * packets and bytes it decided or matched.
 */
import type { HookPoint } from '../ip/netfilter';

export type TableName = 'filter' | 'nat';

/** Built-in chains in the order iptables lists them (the hook order). */
export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

export const CHAIN_HOOK: Readonly<Record<string, HookPoint>> = {
  PREROUTING: 'prerouting',
  INPUT: 'input',
  FORWARD: 'forward',
  OUTPUT: 'output',
  POSTROUTING: 'postrouting',
};

/** Conntrack states as match bits (xt_state / xt_conntrack). */
export const CT_STATE = { INVALID: 1, ESTABLISHED: 2, RELATED: 4, NEW: 8, UNTRACKED: 16, SNAT: 32, DNAT: 64 } as const;
/** The order iptables prints them in (state_print_states, conntrack_dump_states). */
export const CT_STATE_ORDER: ReadonlyArray<readonly [string, number]> = [
  ['INVALID', CT_STATE.INVALID],
  ['NEW', CT_STATE.NEW],
  ['RELATED', CT_STATE.RELATED],
  ['ESTABLISHED', CT_STATE.ESTABLISHED],
  ['UNTRACKED', CT_STATE.UNTRACKED],
  ['SNAT', CT_STATE.SNAT],
  ['DNAT', CT_STATE.DNAT],
];

export interface PortsMatch {
  name: 'tcp' | 'udp';
  sport: [number, number];
  dport: [number, number];
  invSport: boolean;
  invDport: boolean;
}
export interface StateMatch {
  name: 'state';
  /** Inversion is folded into the mask (libxt_state). */
  mask: number;
}
export interface ConntrackMatch {
  name: 'conntrack';
  mask: number;
  inv: boolean;
}
export interface IcmpMatch {
  name: 'icmp';
  /** 0xff: any. */
  type: number;
  code: [number, number];
  inv: boolean;
}
export type Match = PortsMatch | StateMatch | ConntrackMatch | IcmpMatch;

/** struct nf_nat_ipv4_range. */
export interface NatRange {
  mapIps: boolean;
  protoSpecified: boolean;
  random: boolean;
  persistent: boolean;
  minIp: number;
  maxIp: number;
  minPort: number;
  maxPort: number;
}

export const REJECT_WITH = [
  'icmp-net-unreachable',
  'icmp-host-unreachable',
  'icmp-proto-unreachable',
  'icmp-port-unreachable',
  'icmp-net-prohibited',
  'icmp-host-prohibited',
  'tcp-reset',
  'icmp-admin-prohibited',
] as const;
export type RejectWith = (typeof REJECT_WITH)[number];

export type Target =
  | { kind: 'none' }
  | { kind: 'verdict'; name: 'ACCEPT' | 'DROP' | 'RETURN' | 'QUEUE' }
  | { kind: 'jump'; chain: string }
  | { kind: 'REJECT'; with: RejectWith }
  | { kind: 'DNAT' | 'SNAT'; range: NatRange }
  | { kind: 'MASQUERADE'; range: NatRange };

export interface Rule {
  src: number;
  smsk: number;
  dst: number;
  dmsk: number;
  invSrc: boolean;
  invDst: boolean;
  /** '' = any; a trailing '+' is a prefix wildcard. */
  inIface: string;
  outIface: string;
  invIn: boolean;
  invOut: boolean;
  /** 0 = all. */
  proto: number;
  invProto: boolean;
  matches: Match[];
  target: Target;
  pkts: number;
  bytes: number;
}

export interface Chain {
  name: string;
  builtin: boolean;
  policy: 'ACCEPT' | 'DROP';
  rules: Rule[];
  /** Policy counters. */
  pkts: number;
  bytes: number;
}

export class Table {
  /** Built-ins first in hook order, then user chains sorted by name (libiptc). */
  readonly chains: Chain[];

  constructor(readonly name: TableName) {
    this.chains = BUILTIN_CHAINS[name].map((n) => ({ name: n, builtin: true, policy: 'ACCEPT' as const, rules: [], pkts: 0, bytes: 0 }));
  }

  chain(name: string): Chain | undefined {
    return this.chains.find((c) => c.name === name);
  }

  addChain(name: string): Chain {
    const c: Chain = { name, builtin: false, policy: 'ACCEPT', rules: [], pkts: 0, bytes: 0 };
    let i = this.chains.findIndex((x) => !x.builtin && x.name > name);
    if (i < 0) i = this.chains.length;
    this.chains.splice(i, 0, c);
    return c;
  }

  /** Rules jumping to `name` (the "references" iptables -L shows). */
  references(name: string): number {
    let n = 0;
    for (const c of this.chains) for (const r of c.rules) if (r.target.kind === 'jump' && r.target.chain === name) n++;
    return n;
  }

  /** A deep copy, so a command can change it and commit only if everything succeeded. */
  clone(): Table {
    const t = new Table(this.name);
    t.chains.length = 0;
    for (const c of this.chains) t.chains.push({ ...c, rules: c.rules.map((r) => ({ ...r, matches: r.matches.map((m) => structuredCloneMatch(m)) })) });
    return t;
  }

  /** Replace this table's contents with `other`'s (commit). */
  assign(other: Table): void {
    this.chains.length = 0;
    this.chains.push(...other.chains);
  }
}

function structuredCloneMatch(m: Match): Match {
  switch (m.name) {
    case 'tcp':
    case 'udp':
      return { ...m, sport: [m.sport[0], m.sport[1]], dport: [m.dport[0], m.dport[1]] };
    case 'icmp':
      return { ...m, code: [m.code[0], m.code[1]] };
    default:
      return { ...m };
  }
}

/** What the rules look at in a packet, read once per hook. */
export interface PacketView {
  src: number;
  dst: number;
  proto: number;
  /** -1 when the packet has no ports (or they are not readable). */
  sport: number;
  dport: number;
  icmpType: number;
  icmpCode: number;
  /** IP total length, for the byte counters. */
  len: number;
  inDev: string;
  outDev: string;
  /** One CT_STATE bit. */
  ctstate: number;
  /** CT_STATE.SNAT / DNAT bits of the packet's flow. */
  ctnat: number;
}

const ifaceMatches = (pattern: string, dev: string): boolean =>
  pattern.endsWith('+') ? dev.startsWith(pattern.slice(0, -1)) : dev === pattern;

function matchOne(m: Match, p: PacketView): boolean {
  switch (m.name) {
    case 'tcp':
    case 'udp': {
      if (p.sport < 0) return false;
      const s = (p.sport >= m.sport[0] && p.sport <= m.sport[1]) !== m.invSport;
      return s && (p.dport >= m.dport[0] && p.dport <= m.dport[1]) !== m.invDport;
    }
    case 'state':
      return (m.mask & p.ctstate) !== 0;
    case 'conntrack':
      return ((m.mask & (p.ctstate | p.ctnat)) !== 0) !== m.inv;
    case 'icmp': {
      if (p.icmpType < 0) return false;
      const hit = m.type === 0xff || (p.icmpType === m.type && p.icmpCode >= m.code[0] && p.icmpCode <= m.code[1]);
      return hit !== m.inv;
    }
  }
}

/** ip_packet_match + the rule's matches. */
export function ruleMatches(r: Rule, p: PacketView): boolean {
  if ((((p.src & r.smsk) >>> 0) !== r.src) !== r.invSrc) return false;
  if ((((p.dst & r.dmsk) >>> 0) !== r.dst) !== r.invDst) return false;
  if (r.inIface && ifaceMatches(r.inIface, p.inDev) === r.invIn) return false;
  if (r.outIface && ifaceMatches(r.outIface, p.outDev) === r.invOut) return false;
  if (r.proto && (p.proto === r.proto) === r.invProto) return false;
  for (const m of r.matches) if (!matchOne(m, p)) return false;
  return true;
}

/** Which rule decided, for the trace: `rule` is 1-based; 0 means the chain's policy. */
export interface Decision {
  verdict: 'ACCEPT' | 'DROP' | 'TARGET';
  chain: string;
  rule: number;
  /** For TARGET: the terminal extension target (REJECT, DNAT, SNAT, MASQUERADE). */
  target?: Target;
}

/** The trace's drop reason: `firewall: DROP by filter INPUT rule 2`, or `... policy`. */
export const dropReason = (verb: string, table: string, chain: string, rule: number): string =>
  `firewall: ${verb} by ${table} ${chain} ${rule ? `rule ${rule}` : 'policy'}`;

/** ipt_do_table: walk `chainName` (a built-in) for the packet. */
export function walk(table: Table, chainName: string, p: PacketView): Decision {
  const base = table.chain(chainName)!;
  const stack: Array<{ chain: Chain; next: number }> = [];
  let chain = base;
  let i = 0;
  loop: for (;;) {
    if (i >= chain.rules.length) {
      const back = stack.pop();
      if (!back) break;
      chain = back.chain;
      i = back.next;
      continue;
    }
    const r = chain.rules[i++];
    if (!ruleMatches(r, p)) continue;
    r.pkts++;
    r.bytes += p.len;
    const t = r.target;
    switch (t.kind) {
      case 'none':
        continue;
      case 'verdict':
        if (t.name === 'RETURN') {
          const back = stack.pop();
          if (!back) break loop; // RETURN from a built-in chain: its policy decides
          chain = back.chain;
          i = back.next;
          continue;
        }
        // QUEUE with no program reading the queue drops the packet.
        return { verdict: t.name === 'QUEUE' ? 'DROP' : t.name, chain: chain.name, rule: i };
      case 'jump': {
        const target = table.chain(t.chain);
        if (!target || stack.length >= 32) continue;
        stack.push({ chain, next: i });
        chain = target;
        i = 0;
        continue;
      }
      default:
        return { verdict: 'TARGET', chain: chain.name, rule: i, target: t };
    }
  }
  base.pkts++;
  base.bytes += p.len;
  return { verdict: base.policy, chain: base.name, rule: 0 };
}
