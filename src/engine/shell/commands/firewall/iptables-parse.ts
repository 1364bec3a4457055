/**
 * `iptables` argument parsing, following do_command4 in iptables/iptables.c
 * (1.4.21): the same option letters, the same order of checks and the same
 * error texts. Nothing here touches the host's tables: the result is applied
 * by iptables.ts only when everything parsed.
 */
import type { Host } from '../../../os/host';
import type { Match, Rule, Target } from '../../../net/netfilter/rules';
import { MATCHES, TARGETS, VERDICTS, KNOWN_TARGET_NAMES, type MatchExt, type TargetExt } from './extensions';
import { Getopt, type LongOpt } from './getopt';
import { IPTABLES_VERSION, XtError, TRY_HELP, ipparseMultiple, paramProblem, parseProtocol, protoName, strtoui, type AddrMask } from './xtables-util';

export const CMD = {
  INSERT: 0x0001,
  DELETE: 0x0002,
  DELETE_NUM: 0x0004,
  REPLACE: 0x0008,
  APPEND: 0x0010,
  LIST: 0x0020,
  FLUSH: 0x0040,
  ZERO: 0x0080,
  NEW_CHAIN: 0x0100,
  DELETE_CHAIN: 0x0200,
  SET_POLICY: 0x0400,
  RENAME_CHAIN: 0x0800,
  LIST_RULES: 0x1000,
  ZERO_NUM: 0x2000,
  CHECK: 0x4000,
} as const;
const CMD_FLAGS = 'IDDRALFZNXPESZC';

export const OPT = {
  NUMERIC: 0x001,
  SOURCE: 0x002,
  DESTINATION: 0x004,
  PROTOCOL: 0x008,
  JUMP: 0x010,
  VERBOSE: 0x020,
  EXPANDED: 0x040,
  VIANAMEIN: 0x080,
  VIANAMEOUT: 0x100,
  LINENUMBERS: 0x200,
  COUNTERS: 0x400,
  FRAGMENT: 0x800,
} as const;
const OPT_FLAGS = 'nsdpjvxio0cf';
/** Options that may follow `!` (inverse_for_options). */
const INVERTIBLE = new Set<number>([OPT.SOURCE, OPT.DESTINATION, OPT.PROTOCOL, OPT.VIANAMEIN, OPT.VIANAMEOUT, OPT.FRAGMENT]);

/** commands_v_options: per command, per option (-n -s -d -p -j -v -x -i -o --line -c -f): x = illegal. */
const COMMANDS_V_OPTIONS: readonly string[] = [
  //  nsdpjvxio0cf
  'x     x  x  ', // INSERT
  'x     x  xx ', // DELETE
  'xxxxx xxxxxx', // DELETE_NUM
  'x     x  x  ', // REPLACE
  'x     x  x  ', // APPEND
  ' xxxx  xx xx', // LIST
  'xxxxx xxxxxx', // FLUSH
  'xxxxx xxxxxx', // ZERO
  'xxxxx xxxxxx', // NEW_CHAIN
  'xxxxx xxxxxx', // DEL_CHAIN
  'xxxxx xxxx x', // SET_POLICY
  'xxxxx xxxxxx', // RENAME
  'xxxxx xxxxxx', // LIST_RULES
  'xxxxx xxxxxx', // ZERO_NUM
  'x     x  xx ', // CHECK
];

const OPTSTRING = '-:A:C:D:R:I:L::S::M:F::Z::N:X::E:P:Vh::o:p:s:d:j:i:fbvw::W::nt:m:xc:g:46';

const ORIGINAL_OPTS: readonly LongOpt[] = [
  { name: 'append', hasArg: 1, val: 'A' },
  { name: 'delete', hasArg: 1, val: 'D' },
  { name: 'check', hasArg: 1, val: 'C' },
  { name: 'insert', hasArg: 1, val: 'I' },
  { name: 'replace', hasArg: 1, val: 'R' },
  { name: 'list', hasArg: 2, val: 'L' },
  { name: 'list-rules', hasArg: 2, val: 'S' },
  { name: 'flush', hasArg: 2, val: 'F' },
  { name: 'zero', hasArg: 2, val: 'Z' },
  { name: 'new-chain', hasArg: 1, val: 'N' },
  { name: 'delete-chain', hasArg: 2, val: 'X' },
  { name: 'rename-chain', hasArg: 1, val: 'E' },
  { name: 'policy', hasArg: 1, val: 'P' },
  { name: 'source', hasArg: 1, val: 's' },
  { name: 'destination', hasArg: 1, val: 'd' },
  { name: 'src', hasArg: 1, val: 's' },
  { name: 'dst', hasArg: 1, val: 'd' },
  { name: 'protocol', hasArg: 1, val: 'p' },
  { name: 'in-interface', hasArg: 1, val: 'i' },
  { name: 'jump', hasArg: 1, val: 'j' },
  { name: 'table', hasArg: 1, val: 't' },
  { name: 'match', hasArg: 1, val: 'm' },
  { name: 'numeric', hasArg: 0, val: 'n' },
  { name: 'out-interface', hasArg: 1, val: 'o' },
  { name: 'verbose', hasArg: 0, val: 'v' },
  { name: 'wait', hasArg: 2, val: 'w' },
  { name: 'wait-interval', hasArg: 2, val: 'W' },
  { name: 'exact', hasArg: 0, val: 'x' },
  { name: 'fragments', hasArg: 0, val: 'f' },
  { name: 'version', hasArg: 0, val: 'V' },
  { name: 'help', hasArg: 2, val: 'h' },
  { name: 'line-numbers', hasArg: 0, val: '0' },
  { name: 'modprobe', hasArg: 1, val: 'M' },
  { name: 'set-counters', hasArg: 1, val: 'c' },
  { name: 'goto', hasArg: 1, val: 'g' },
  { name: 'ipv4', hasArg: 0, val: '4' },
  { name: 'ipv6', hasArg: 0, val: '6' },
];

export interface LoadedMatch {
  ext: MatchExt;
  data: Match;
  seen: Set<string>;
}

/** What `iptables ...` asked for, parsed and checked as far as possible without the table. */
export interface IptCommand {
  table: string;
  command: number;
  chain?: string;
  rulenum: number;
  newname?: string;
  policy?: string;
  options: number;
  verbose: number;
  /** The rule without addresses (for -A/-I/-D/-R/-C). */
  rule: Omit<Rule, 'src' | 'smsk' | 'dst' | 'dmsk' | 'target'>;
  saddrs: AddrMask[];
  daddrs: AddrMask[];
  /** -j's argument ('' when none). */
  jumpto: string;
  /** The loaded target extension or standard verdict; undefined when -j names something else (maybe a chain). */
  target?: Target;
  /** Whether `target` came from an extension (for the "using chain" warning). */
  targetIsExt: boolean;
  counters?: [number, number];
}

export type ParseResult = { kind: 'command'; cmd: IptCommand } | { kind: 'exit'; stdout: string; status: number };

const cmd2char = (c: number): string => CMD_FLAGS[31 - Math.clz32(c)];
const opt2char = (o: number): string => OPT_FLAGS[31 - Math.clz32(o)];

export const HELP_TEXT = `iptables v${IPTABLES_VERSION}

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain\t\tAppend to chain
  --check   -C chain\t\tCheck for the existence of a rule
  --delete  -D chain\t\tDelete matching rule from chain
  --delete  -D chain rulenum
\t\t\t\tDelete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
\t\t\t\tInsert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
\t\t\t\tReplace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
\t\t\t\tList the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
\t\t\t\tPrint the rules in a chain or all chains
  --flush   -F [chain]\t\tDelete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
\t\t\t\tZero counters in chain or all chains
  --new     -N chain\t\tCreate a new user-defined chain
  --delete-chain
            -X [chain]\t\tDelete a user-defined chain
  --policy  -P chain target
\t\t\t\tChange policy on chain to target
  --rename-chain
            -E old-chain new-chain
\t\t\t\tChange chain name, (moving any references)
Options:
    --ipv4\t-4\t\tNothing (line is ignored by ip6tables-restore)
    --ipv6\t-6\t\tError (line is ignored by iptables-restore)
[!] --protocol\t-p proto\tprotocol: by number or name, eg. \`tcp'
[!] --source\t-s address[/mask][...]
\t\t\t\tsource specification
[!] --destination -d address[/mask][...]
\t\t\t\tdestination specification
[!] --in-interface -i input name[+]
\t\t\t\tnetwork interface name ([+] for wildcard)
 --jump\t-j target
\t\t\t\ttarget for rule (may load target extension)
  --goto      -g chain
                              jump to chain with no return
  --match\t-m match
\t\t\t\textended match (may load extension)
  --numeric\t-n\t\tnumeric output of addresses and ports
[!] --out-interface -o output name[+]
\t\t\t\tnetwork interface name ([+] for wildcard)
  --table\t-t table\ttable to manipulate (default: \`filter')
  --verbose\t-v\t\tverbose mode
  --wait\t-w [seconds]\tmaximum wait to acquire xtables lock before give up
  --wait-interval -W [usecs]\twait time to try to acquire xtables lock
\t\t\t\tdefault is 1 second
  --line-numbers\t\tprint line numbers when listing
  --exact\t-x\t\texpand numbers (display exact values)
[!] --fragment\t-f\t\tmatch second or further fragments only
  --modprobe=<command>\t\ttry to insert modules using this command
  --set-counters PKTS BYTES\tset the counter during insert/append
[!] --version\t-V\t\tprint package version.
`;

/** Does the next argv element exist and not look like an option (xs_has_arg)? */
const hasArg = (g: Getopt): boolean => g.optind < g.argv.length && g.argv[g.optind][0] !== '-' && g.argv[g.optind][0] !== '!';

function parseRulenumber(s: string): number {
  const n = strtoui(s, 1, 0x7fffffff);
  if (n === undefined) paramProblem(`Invalid rule number \`${s}'`);
  return n;
}

function parseChainName(name: string): void {
  if (name.length >= 29) paramProblem(`chain name \`${name}' too long (must be under 29 chars)`);
  if (name[0] === '-' || name[0] === '!') paramProblem(`chain name not allowed to start with \`${name[0]}'\n`);
  if (KNOWN_TARGET_NAMES.has(name)) paramProblem('chain name may not clash with target name\n');
  if (/\s/.test(name)) paramProblem(`Invalid chain name \`${name}'`);
}

function parseTargetName(name: string): string {
  if (name.length < 1) paramProblem('Invalid target name (too short)');
  if (name.length >= 29) paramProblem(`Invalid target name \`${name}' (28 chars max)`);
  if (/\s/.test(name)) paramProblem(`Invalid target name \`${name}'`);
  return name;
}

function parseInterface(arg: string): string {
  if (arg.length + 1 > 16) paramProblem(`interface name \`${arg}' must be shorter than IFNAMSIZ (15)`);
  return arg;
}

/** Parse `iptables` argv (argv[0] is the program name). */
export function parseIptables(host: Host, argv: string[]): ParseResult {
  let table = 'filter';
  let command = 0;
  let chain: string | undefined;
  let rulenum = 0;
  let newname: string | undefined;
  let policy: string | undefined;
  let options = 0;
  let verbose = 0;
  let invert = false;
  let proto = 0;
  let protoText: string | undefined;
  let protoUsed = false;
  let shost: string | undefined;
  let dhost: string | undefined;
  const rule: IptCommand['rule'] = {
    invSrc: false, invDst: false, inIface: '', outIface: '', invIn: false, invOut: false, proto: 0, invProto: false, matches: [], pkts: 0, bytes: 0,
  };
  const matches: LoadedMatch[] = [];
  let jumpto = '';
  let targetExt: TargetExt | undefined;
  let target: Target | undefined;
  const targetSeen = new Set<string>();
  let counters: [number, number] | undefined;

  // Long options of loaded extensions, encoded as "m<index>:<name>" / "t:<name>".
  const longs = (): LongOpt[] => {
    const out: LongOpt[] = [...ORIGINAL_OPTS];
    if (targetExt) for (const o of targetExt.opts) out.push({ name: o.name, hasArg: o.hasArg, val: `t:${o.name}` });
    matches.forEach((m, i) => {
      for (const o of m.ext.opts) out.push({ name: o.name, hasArg: o.hasArg, val: `m${i}:${o.name}` });
    });
    return out;
  };
  const g = new Getopt(argv, OPTSTRING, longs);

  const addCommand = (newcmd: number, othercmds: number): void => {
    if (invert) paramProblem('unexpected ! flag');
    if (command & ~othercmds) paramProblem(`Cannot use -${cmd2char(newcmd)} with -${cmd2char(command & ~othercmds)}\n`);
    command |= newcmd;
  };
  const setOption = (option: number): void => {
    if (options & option) paramProblem(`multiple -${opt2char(option)} flags not allowed`);
    options |= option;
    if (invert && !INVERTIBLE.has(option)) paramProblem(`cannot have ! before -${opt2char(option)}`);
  };
  const loadMatch = (name: string): LoadedMatch | undefined => {
    const ext = MATCHES.get(name);
    if (!ext) return undefined;
    const m: LoadedMatch = { ext, data: ext.init(), seen: new Set() };
    matches.push(m);
    return m;
  };

  for (;;) {
    const r = g.next();
    if (!r) break;
    const { c, optarg } = r;
    switch (c) {
      case 'A':
        addCommand(CMD.APPEND, 0);
        chain = optarg;
        break;
      case 'C':
        addCommand(CMD.CHECK, 0);
        chain = optarg;
        break;
      case 'D':
        addCommand(CMD.DELETE, 0);
        chain = optarg;
        if (hasArg(g)) {
          rulenum = parseRulenumber(argv[g.optind++]);
          command = CMD.DELETE_NUM;
        }
        break;
      case 'R':
        addCommand(CMD.REPLACE, 0);
        chain = optarg;
        if (hasArg(g)) rulenum = parseRulenumber(argv[g.optind++]);
        else paramProblem(`-${cmd2char(CMD.REPLACE)} requires a rule number`);
        break;
      case 'I':
        addCommand(CMD.INSERT, 0);
        chain = optarg;
        rulenum = hasArg(g) ? parseRulenumber(argv[g.optind++]) : 1;
        break;
      case 'L':
      case 'S':
        addCommand(c === 'L' ? CMD.LIST : CMD.LIST_RULES, CMD.ZERO | CMD.ZERO_NUM);
        if (optarg) chain = optarg;
        else if (hasArg(g)) chain = argv[g.optind++];
        if (hasArg(g)) rulenum = parseRulenumber(argv[g.optind++]);
        break;
      case 'F':
        addCommand(CMD.FLUSH, 0);
        if (optarg) chain = optarg;
        else if (hasArg(g)) chain = argv[g.optind++];
        break;
      case 'Z':
        addCommand(CMD.ZERO, CMD.LIST | CMD.LIST_RULES);
        if (optarg) chain = optarg;
        else if (hasArg(g)) chain = argv[g.optind++];
        if (hasArg(g)) {
          rulenum = parseRulenumber(argv[g.optind++]);
          command = CMD.ZERO_NUM;
        }
        break;
      case 'N':
        parseChainName(optarg!);
        addCommand(CMD.NEW_CHAIN, 0);
        chain = optarg;
        break;
      case 'X':
        addCommand(CMD.DELETE_CHAIN, 0);
        if (optarg) chain = optarg;
        else if (hasArg(g)) chain = argv[g.optind++];
        break;
      case 'E':
        addCommand(CMD.RENAME_CHAIN, 0);
        chain = optarg;
        if (hasArg(g)) newname = argv[g.optind++];
        else paramProblem(`-${cmd2char(CMD.RENAME_CHAIN)} requires old-chain-name and new-chain-name`);
        break;
      case 'P':
        addCommand(CMD.SET_POLICY, 0);
        chain = optarg;
        if (hasArg(g)) policy = argv[g.optind++];
        else paramProblem(`-${cmd2char(CMD.SET_POLICY)} requires a chain and a policy`);
        break;
      case 'h':
        return { kind: 'exit', stdout: HELP_TEXT, status: 0 };
      case 'V':
        return { kind: 'exit', stdout: invert ? `Not ${IPTABLES_VERSION} ;-)\n` : `iptables v${IPTABLES_VERSION}\n`, status: 0 };
      case 'p': {
        setOption(OPT.PROTOCOL);
        rule.invProto = invert;
        protoText = optarg!.toLowerCase();
        proto = parseProtocol(protoText);
        rule.proto = proto;
        if (proto === 0 && invert) paramProblem('rule would never match protocol');
        break;
      }
      case 's':
        setOption(OPT.SOURCE);
        rule.invSrc = invert;
        shost = optarg;
        break;
      case 'd':
        setOption(OPT.DESTINATION);
        rule.invDst = invert;
        dhost = optarg;
        break;
      case 'g':
        setOption(OPT.JUMP);
        paramProblem('goto is not supported by this simulator');
        break;
      case 'j': {
        setOption(OPT.JUMP);
        jumpto = parseTargetName(optarg!);
        if ((VERDICTS as readonly string[]).includes(jumpto)) {
          target = { kind: 'verdict', name: jumpto as (typeof VERDICTS)[number] };
        } else {
          targetExt = TARGETS.get(jumpto);
          target = targetExt?.init();
        }
        break;
      }
      case 'i':
      case 'o': {
        if (optarg === '') paramProblem('Empty interface is likely to be undesired');
        setOption(c === 'i' ? OPT.VIANAMEIN : OPT.VIANAMEOUT);
        if (c === 'i') {
          rule.inIface = parseInterface(optarg!);
          rule.invIn = invert;
        } else {
          rule.outIface = parseInterface(optarg!);
          rule.invOut = invert;
        }
        break;
      }
      case 'f':
        setOption(OPT.FRAGMENT);
        paramProblem('fragment matching (-f) is not supported by this simulator');
        break;
      case 'v':
        if (!verbose) setOption(OPT.VERBOSE);
        verbose++;
        break;
      case 'w':
      case 'W':
        // The xtables lock: nothing else runs iptables at the same instant here.
        if (optarg === undefined && hasArg(g)) g.optind++;
        break;
      case 'm': {
        if (invert) paramProblem('unexpected ! flag before --match');
        if (!loadMatch(optarg!)) paramProblem(`Couldn't load match \`${optarg}':No such file or directory\n`);
        break;
      }
      case 'n':
        setOption(OPT.NUMERIC);
        break;
      case 't':
        if (invert) paramProblem('unexpected ! flag before --table');
        table = optarg!;
        break;
      case 'x':
        setOption(OPT.EXPANDED);
        break;
      case '0':
        setOption(OPT.LINENUMBERS);
        break;
      case 'M':
      case '4':
        break;
      case '6':
        throw new XtError(`This is the IPv4 version of iptables.\n${TRY_HELP}`, 2);
      case 'c': {
        setOption(OPT.COUNTERS);
        const pcnt = optarg!;
        let bcnt: string | undefined;
        const comma = pcnt.indexOf(',', 1);
        if (comma >= 0) bcnt = pcnt.slice(comma + 1);
        if (bcnt === undefined && hasArg(g)) bcnt = argv[g.optind++];
        if (bcnt === undefined) paramProblem(`-${opt2char(OPT.COUNTERS)} requires packet and byte counter`);
        const p = /^\d+/.exec(pcnt);
        if (!p) paramProblem(`-${opt2char(OPT.COUNTERS)} packet counter not numeric`);
        const b = /^\d+/.exec(bcnt);
        if (!b) paramProblem(`-${opt2char(OPT.COUNTERS)} byte counter not numeric`);
        counters = [Number(p[0]), Number(b[0])];
        break;
      }
      case 1: {
        if (optarg === '!') {
          if (invert) paramProblem('multiple consecutive ! not allowed');
          invert = true;
          continue;
        }
        throw new XtError(`Bad argument \`${optarg}'\n${TRY_HELP}`, 2);
      }
      default: {
        // command_default: an extension's option, or load the protocol's match and look again.
        if (typeof c === 'string' && c.startsWith('t:') && targetExt && target) {
          target = targetExt.parse(c.slice(2), optarg ?? '', invert, target, targetSeen, { proto: rule.proto, invProto: rule.invProto });
          break;
        }
        const mm = typeof c === 'string' ? /^m(\d+):(.*)$/.exec(c) : null;
        if (mm) {
          const m = matches[Number(mm[1])];
          m.ext.parse(mm[2], optarg ?? '', invert, m.data, m.seen);
          break;
        }
        if (protoText !== undefined && !protoUsed) {
          const name = strtoui(protoText, 0, 255) !== undefined ? protoName(proto) : protoText;
          if (name && MATCHES.has(name)) {
            protoUsed = true;
            loadMatch(name);
            g.optind--; // "Indicate to rerun getopt *immediately*"
            continue;
          }
        }
        const last = argv[g.optind - 1];
        if (c === ':') paramProblem(`option "${last}" requires an argument`);
        paramProblem(`unknown option "${last}"`);
      }
    }
    invert = false;
  }

  if (table === 'nat' && (policy === 'DROP' || jumpto === 'DROP')) {
    paramProblem('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
  }
  for (const m of matches) m.ext.check?.(m.data, m.seen);
  if (targetExt && target) targetExt.check?.(target, targetSeen);
  if (g.optind < argv.length) paramProblem('unknown arguments found on commandline');
  if (!command) paramProblem('no command specified');
  if (invert) paramProblem('nothing appropriate following !');

  if (command & (CMD.REPLACE | CMD.INSERT | CMD.DELETE | CMD.APPEND | CMD.CHECK)) {
    if (!(options & OPT.DESTINATION)) dhost = '0.0.0.0/0';
    if (!(options & OPT.SOURCE)) shost = '0.0.0.0/0';
  }
  const saddrs = shost !== undefined ? ipparseMultiple(host, shost) : [];
  const daddrs = dhost !== undefined ? ipparseMultiple(host, dhost) : [];
  if ((saddrs.length > 1 || daddrs.length > 1) && (rule.invSrc || rule.invDst)) {
    paramProblem('! not allowed with multiple source or destination IP addresses');
  }
  if (command === CMD.REPLACE && (saddrs.length !== 1 || daddrs.length !== 1)) paramProblem('Replacement rule does not specify a unique address');
  genericOptCheck(command, options);
  rule.matches = matches.map((m) => m.data);
  return {
    kind: 'command',
    cmd: {
      table, command, chain, rulenum, newname, policy, options, verbose, rule, saddrs, daddrs, jumpto, target,
      targetIsExt: targetExt !== undefined, counters,
    },
  };
}

/** generic_opt_check: an option is legal if any of the given commands allows it. */
function genericOptCheck(command: number, options: number): void {
  for (let i = 0; i < OPT_FLAGS.length; i++) {
    let legal = 0;
    for (let j = 0; j < COMMANDS_V_OPTIONS.length; j++) {
      if (!(command & (1 << j))) continue;
      if (options & (1 << i)) {
        if (COMMANDS_V_OPTIONS[j][i] !== 'x') legal = 1;
        else if (legal === 0) legal = -1;
      }
    }
    if (legal === -1) paramProblem(`Illegal option \`-${OPT_FLAGS[i]}' with this command\n`);
  }
}
