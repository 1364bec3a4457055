/**
 * The iptables extensions this simulator has, each with its options, parser,
 * `-L` printer and `-S`/iptables-save printer, as the libxt_* / libipt_*
 * modules of iptables 1.4.21 write them: matches tcp, udp, icmp, state,
 * conntrack; targets REJECT, DNAT, SNAT, MASQUERADE.
 */
import { formatIpv4 } from '../../../wire/addr';
import { CT_STATE, CT_STATE_ORDER, REJECT_WITH, type IcmpMatch, type Match, type NatRange, type PortsMatch, type RejectWith, type Target } from '../../../net/netfilter/rules';
import { numericToIp, paramProblem, parsePort, portName, strtoui } from './xtables-util';

export interface ExtOpt {
  name: string;
  hasArg: 0 | 1;
}

/** What an extension's parser may look at in the rule being built. */
export interface RuleContext {
  proto: number;
  invProto: boolean;
}

export interface MatchExt {
  name: string;
  opts: readonly ExtOpt[];
  init(): Match;
  parse(opt: string, arg: string, invert: boolean, m: Match, seen: Set<string>): void;
  /** The final check (x6_fcheck / final_check). */
  check?(m: Match, seen: Set<string>): void;
  print(m: Match, numeric: boolean): string;
  save(m: Match): string;
}

export interface TargetExt {
  name: string;
  opts: readonly ExtOpt[];
  init(): Target;
  parse(opt: string, arg: string, invert: boolean, t: Target, seen: Set<string>, rule: RuleContext): Target;
  check?(t: Target, seen: Set<string>): void;
  print(t: Target, numeric: boolean): string;
  save(t: Target): string;
}

// ---- tcp / udp (libxt_tcp.c, libxt_udp.c) ----

function parsePorts(s: string): [number, number] {
  const colon = s.indexOf(':');
  if (colon < 0) {
    const p = parsePort(s);
    return [p, p];
  }
  const lo = colon === 0 ? 0 : parsePort(s.slice(0, colon));
  const hi = colon === s.length - 1 ? 0xffff : parsePort(s.slice(colon + 1));
  if (lo > hi) paramProblem('invalid portrange (min > max)');
  return [lo, hi];
}

function printPorts(name: string, r: [number, number], inv: boolean, numeric: boolean): string {
  if (r[0] === 0 && r[1] === 0xffff && !inv) return '';
  const i = inv ? '!' : '';
  if (r[0] === r[1]) return ` ${name}:${i}${portName(r[0], numeric)}`;
  return ` ${name}s:${i}${portName(r[0], numeric)}:${portName(r[1], numeric)}`;
}

function savePorts(opt: string, r: [number, number], inv: boolean): string {
  if (r[0] === 0 && r[1] === 0xffff) return '';
  return `${inv ? ' !' : ''} --${opt} ${r[0] === r[1] ? r[0] : `${r[0]}:${r[1]}`}`;
}

function portsMatch(name: 'tcp' | 'udp'): MatchExt {
  return {
    name,
    opts: [
      { name: 'source-port', hasArg: 1 },
      { name: 'sport', hasArg: 1 },
      { name: 'destination-port', hasArg: 1 },
      { name: 'dport', hasArg: 1 },
    ],
    init: (): PortsMatch => ({ name, sport: [0, 0xffff], dport: [0, 0xffff], invSport: false, invDport: false }),
    parse(opt, arg, invert, m, seen) {
      const pm = m as PortsMatch;
      const src = opt === 'source-port' || opt === 'sport';
      const key = src ? 'sport' : 'dport';
      if (seen.has(key)) paramProblem(`Only one \`--${src ? 'source' : 'destination'}-port' allowed`);
      seen.add(key);
      if (src) {
        pm.sport = parsePorts(arg);
        pm.invSport = invert;
      } else {
        pm.dport = parsePorts(arg);
        pm.invDport = invert;
      }
    },
    print(m, numeric) {
      const pm = m as PortsMatch;
      return ` ${name}` + printPorts('spt', pm.sport, pm.invSport, numeric) + printPorts('dpt', pm.dport, pm.invDport, numeric);
    },
    save(m) {
      const pm = m as PortsMatch;
      return savePorts('sport', pm.sport, pm.invSport) + savePorts('dport', pm.dport, pm.invDport);
    },
  };
}

// ---- icmp (libipt_icmp.c) ----

/** icmp_codes: the names `--icmp-type` takes and `-L` prints. */
const ICMP_CODES: ReadonlyArray<readonly [string, number, number, number]> = [
  ['any', 0xff, 0, 0xff],
  ['echo-reply', 0, 0, 0xff],
  ['destination-unreachable', 3, 0, 0xff],
  ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3],
  ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6],
  ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10],
  ['TOS-network-unreachable', 3, 11, 11],
  ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13],
  ['host-precedence-violation', 3, 14, 14],
  ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 0xff],
  ['redirect', 5, 0, 0xff],
  ['network-redirect', 5, 0, 0],
  ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2],
  ['TOS-host-redirect', 5, 3, 3],
  ['echo-request', 8, 0, 0xff],
  ['router-advertisement', 9, 0, 0xff],
  ['router-solicitation', 10, 0, 0xff],
  ['time-exceeded', 11, 0, 0xff],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 0xff],
  ['ip-header-bad', 12, 0, 0],
  ['required-option-missing', 12, 1, 1],
  ['timestamp-request', 13, 0, 0xff],
  ['timestamp-reply', 14, 0, 0xff],
  ['address-mask-request', 17, 0, 0xff],
  ['address-mask-reply', 18, 0, 0xff],
];

const icmpMatch: MatchExt = {
  name: 'icmp',
  opts: [{ name: 'icmp-type', hasArg: 1 }],
  init: (): IcmpMatch => ({ name: 'icmp', type: 0xff, code: [0, 0xff], inv: false }),
  parse(_opt, arg, invert, m) {
    const im = m as IcmpMatch;
    const named = ICMP_CODES.filter(([n]) => n.startsWith(arg));
    const exact = named.find(([n]) => n === arg);
    if (exact || named.length === 1) {
      const [, type, lo, hi] = exact ?? named[0];
      im.type = type;
      im.code = [lo, hi];
    } else if (named.length > 1) {
      paramProblem(`Ambiguous ICMP type \`${arg}': \`${named[0][0]}' or \`${named[1][0]}'?`);
    } else {
      const [t, c] = arg.split('/');
      const type = strtoui(t, 0, 255);
      if (type === undefined) paramProblem(`Invalid ICMP type \`${t}'\n`);
      im.type = type;
      if (c !== undefined) {
        const code = strtoui(c, 0, 255);
        if (code === undefined) paramProblem(`Invalid ICMP code \`${c}'\n`);
        im.code = [code, code];
      }
    }
    im.inv = invert;
  },
  print(m, numeric) {
    const im = m as IcmpMatch;
    let s = ' icmp';
    if (!numeric) {
      const n = ICMP_CODES.find(([, t, lo, hi]) => t === im.type && lo === im.code[0] && hi === im.code[1]);
      if (n) return `${s} ${im.inv ? '!' : ''}${n[0]}`;
    }
    if (im.inv) s += ' !';
    s += `type ${im.type}`;
    if (im.code[0] === im.code[1]) s += ` code ${im.code[0]}`;
    else if (im.code[0] !== 0 || im.code[1] !== 0xff) s += ` codes ${im.code[0]}-${im.code[1]}`;
    return s;
  },
  save(m) {
    const im = m as IcmpMatch;
    let s = im.inv ? ' !' : '';
    if (im.type === 0xff) return `${s} --icmp-type any`;
    s += ` --icmp-type ${im.type}`;
    if (im.code[0] !== 0 || im.code[1] !== 0xff) s += `/${im.code[0]}`;
    return s;
  },
};

// ---- state (libxt_state.c) and conntrack --ctstate (libxt_conntrack.c) ----

const STATE_BITS = CT_STATE.INVALID | CT_STATE.ESTABLISHED | CT_STATE.RELATED | CT_STATE.NEW | CT_STATE.UNTRACKED;

function parseStates(arg: string, ct: boolean): number {
  let mask = 0;
  for (const s of arg.split(',')) {
    const bit = CT_STATE_ORDER.find(([n]) => n === s.toUpperCase() || n === s)?.[1];
    if (bit === undefined || (!ct && (bit & STATE_BITS) === 0) || s === '') paramProblem(`Bad ${ct ? 'ctstate' : 'state'} "${s}"`);
    mask |= bit;
  }
  return mask;
}

const printStates = (mask: number): string =>
  CT_STATE_ORDER.filter(([, b]) => mask & b)
    .map(([n]) => n)
    .join(',');

const stateMatch: MatchExt = {
  name: 'state',
  opts: [{ name: 'state', hasArg: 1 }],
  init: () => ({ name: 'state', mask: 0 }),
  parse(_opt, arg, invert, m, seen) {
    seen.add('state');
    let mask = parseStates(arg, false);
    if (invert) mask = ~mask & STATE_BITS;
    (m as { mask: number }).mask = mask;
  },
  check(_m, seen) {
    if (!seen.has('state')) paramProblem('state: option "--state" must be specified\n');
  },
  print: (m) => ` state ${printStates((m as { mask: number }).mask)}`,
  save: (m) => ` --state ${printStates((m as { mask: number }).mask)}`,
};

const conntrackMatch: MatchExt = {
  name: 'conntrack',
  opts: [{ name: 'ctstate', hasArg: 1 }],
  init: () => ({ name: 'conntrack', mask: 0, inv: false }),
  parse(_opt, arg, invert, m, seen) {
    seen.add('ctstate');
    const cm = m as { mask: number; inv: boolean };
    cm.mask = parseStates(arg, true);
    cm.inv = invert;
  },
  check(_m, seen) {
    if (!seen.has('ctstate')) paramProblem('conntrack: At least one option is required');
  },
  print: (m) => {
    const cm = m as { mask: number; inv: boolean };
    return `${cm.inv ? ' !' : ''} ctstate ${printStates(cm.mask)}`;
  },
  save: (m) => {
    const cm = m as { mask: number; inv: boolean };
    return `${cm.inv ? ' !' : ''} --ctstate ${printStates(cm.mask)}`;
  },
};

export const MATCHES: ReadonlyMap<string, MatchExt> = new Map(
  [portsMatch('tcp'), portsMatch('udp'), icmpMatch, stateMatch, conntrackMatch].map((m) => [m.name, m]),
);

// ---- targets ----

const REJECT_ALIAS: Readonly<Record<RejectWith, string>> = {
  'icmp-net-unreachable': 'net-unreach',
  'icmp-host-unreachable': 'host-unreach',
  'icmp-proto-unreachable': 'proto-unreach',
  'icmp-port-unreachable': 'port-unreach',
  'icmp-net-prohibited': 'net-prohib',
  'icmp-host-prohibited': 'host-prohib',
  'tcp-reset': 'tcp-rst',
  'icmp-admin-prohibited': 'admin-prohib',
};

const rejectTarget: TargetExt = {
  name: 'REJECT',
  opts: [{ name: 'reject-with', hasArg: 1 }],
  init: () => ({ kind: 'REJECT', with: 'icmp-port-unreachable' }),
  parse(_opt, arg) {
    const a = arg.toLowerCase();
    // libipt_REJECT: a case-insensitive prefix of a name or its alias.
    const w = REJECT_WITH.find((n) => n.startsWith(a) || REJECT_ALIAS[n].startsWith(a));
    if (a === 'echo-reply' || a === 'echoreply') paramProblem('ECHOREPLY no longer supported.');
    if (!w || a === '') paramProblem(`unknown reject type "${arg}"`);
    return { kind: 'REJECT', with: w };
  },
  print: (t) => ` reject-with ${(t as { with: RejectWith }).with}`,
  save: (t) => ` --reject-with ${(t as { with: RejectWith }).with}`,
};

const emptyRange = (): NatRange => ({ mapIps: false, protoSpecified: false, random: false, persistent: false, minIp: 0, maxIp: 0, minPort: 0, maxPort: 0 });

/** DNAT/SNAT's parse_to: [ipaddr[-ipaddr]][:port[-port]]. */
function parseTo(arg: string, portok: boolean): NatRange {
  const r = emptyRange();
  const colon = arg.indexOf(':');
  let ips = arg;
  if (colon >= 0) {
    if (!portok) paramProblem('Need TCP, UDP, SCTP or DCCP with port specification');
    r.protoSpecified = true;
    const spec = arg.slice(colon + 1);
    const port = atoi(spec);
    if (port <= 0 || port > 65535) paramProblem(`Port \`${spec}' not valid\n`);
    if (spec.includes(':')) paramProblem('Invalid port:port syntax - use dash\n');
    const dash = spec.indexOf('-');
    if (dash < 0) r.minPort = r.maxPort = port;
    else {
      const max = atoi(spec.slice(dash + 1));
      if (max <= 0 || max > 65535) paramProblem(`Port \`${spec.slice(dash + 1)}' not valid\n`);
      if (max < port) paramProblem(`Port range \`${spec}' funky\n`);
      r.minPort = port;
      r.maxPort = max;
    }
    if (colon === 0) return r;
    ips = arg.slice(0, colon);
  }
  r.mapIps = true;
  const dash = ips.indexOf('-');
  const lo = numericToIp(dash < 0 ? ips : ips.slice(0, dash));
  if (lo === undefined) paramProblem(`Bad IP address "${dash < 0 ? ips : ips.slice(0, dash)}"\n`);
  r.minIp = r.maxIp = lo;
  if (dash >= 0) {
    const hi = numericToIp(ips.slice(dash + 1));
    if (hi === undefined) paramProblem(`Bad IP address "${ips.slice(dash + 1)}"\n`);
    r.maxIp = hi;
  }
  return r;
}

/** C's atoi: leading digits, else 0. */
function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

function printRange(r: NatRange): string {
  let s = '';
  if (r.mapIps) {
    s += formatIpv4(r.minIp);
    if (r.maxIp !== r.minIp) s += `-${formatIpv4(r.maxIp)}`;
  }
  if (r.protoSpecified) {
    s += `:${r.minPort}`;
    if (r.maxPort !== r.minPort) s += `-${r.maxPort}`;
  }
  return s;
}

const PORTOK = new Set([6, 17, 132, 33, 1]);

function natTarget(kind: 'DNAT' | 'SNAT'): TargetExt {
  const to = kind === 'DNAT' ? 'to-destination' : 'to-source';
  return {
    name: kind,
    opts: [
      { name: to, hasArg: 1 },
      { name: 'random', hasArg: 0 },
      { name: 'persistent', hasArg: 0 },
    ],
    init: () => ({ kind, range: emptyRange() }),
    parse(opt, arg, _invert, t, seen, rule) {
      const range = (t as { range: NatRange }).range;
      if (opt === to) {
        if (seen.has(to)) paramProblem(`${kind}: Multiple --${to} not supported`);
        seen.add(to);
        const portok = PORTOK.has(rule.proto) && !rule.invProto;
        const r = parseTo(arg, portok);
        return { kind, range: { ...r, random: range.random, persistent: range.persistent } };
      }
      if (opt === 'random') return { kind, range: { ...range, random: true } };
      return { kind, range: { ...range, persistent: true } };
    },
    check(_t, seen) {
      if (!seen.has(to)) paramProblem(`${kind}: option "--${to}" must be specified\n`);
    },
    print(t) {
      const r = (t as { range: NatRange }).range;
      return ` to:${printRange(r)}${r.random ? ' random' : ''}${r.persistent ? ' persistent' : ''}`;
    },
    save(t) {
      const r = (t as { range: NatRange }).range;
      return ` --${to} ${printRange(r)}${r.random ? ' --random' : ''}${r.persistent ? ' --persistent' : ''}`;
    },
  };
}

const masqueradeTarget: TargetExt = {
  name: 'MASQUERADE',
  opts: [
    { name: 'to-ports', hasArg: 1 },
    { name: 'random', hasArg: 0 },
  ],
  init: () => ({ kind: 'MASQUERADE', range: emptyRange() }),
  parse(opt, arg, _invert, t, _seen, rule) {
    const range = (t as { range: NatRange }).range;
    if (opt === 'random') return { kind: 'MASQUERADE', range: { ...range, random: true } };
    if (!PORTOK.has(rule.proto) || rule.proto === 1 || rule.invProto) paramProblem('Need TCP, UDP, SCTP or DCCP with port specification');
    const bad = (): never => paramProblem(`MASQUERADE: Bad value for "--to-ports" option: "${arg}"`);
    const m = /^([^-]+)(?:-(.+))?$/.exec(arg);
    if (!m) return bad();
    const lo = strtoui(m[1], 0, 65535);
    const hi = m[2] === undefined ? lo : strtoui(m[2], 0, 65535);
    if (lo === undefined || hi === undefined || hi < lo) return bad();
    return { kind: 'MASQUERADE', range: { ...range, protoSpecified: true, minPort: lo, maxPort: hi } };
  },
  print(t) {
    const r = (t as { range: NatRange }).range;
    let s = '';
    if (r.protoSpecified) s += ` masq ports: ${r.minPort}${r.maxPort !== r.minPort ? `-${r.maxPort}` : ''}`;
    return s + (r.random ? ' random' : '');
  },
  save(t) {
    const r = (t as { range: NatRange }).range;
    let s = '';
    if (r.protoSpecified) s += ` --to-ports ${r.minPort}${r.maxPort !== r.minPort ? `-${r.maxPort}` : ''}`;
    return s + (r.random ? ' --random' : '');
  },
};

export const TARGETS: ReadonlyMap<string, TargetExt> = new Map(
  [rejectTarget, natTarget('DNAT'), natTarget('SNAT'), masqueradeTarget].map((t) => [t.name, t]),
);

/** The standard target's verdicts (xtables_find_target maps them to "standard"). */
export const VERDICTS = ['ACCEPT', 'DROP', 'RETURN', 'QUEUE'] as const;

/** Targets a real CentOS 7 has installed: `-N` refuses them as chain names even if this simulator lacks them. */
export const KNOWN_TARGET_NAMES: ReadonlySet<string> = new Set([
  ...VERDICTS, ...TARGETS.keys(), 'LOG', 'MARK', 'CONNMARK', 'REDIRECT', 'NETMAP', 'TCPMSS', 'NOTRACK', 'CT', 'NFQUEUE', 'TRACE', 'ULOG', 'CLASSIFY', 'DSCP', 'TOS', 'TTL', 'SET', 'AUDIT', 'CHECKSUM', 'ECN', 'NFLOG', 'TEE', 'CLUSTERIP', 'IDLETIMER', 'LED', 'RATEEST', 'SECMARK', 'CONNSECMARK', 'TPROXY', 'HMARK',
]);
