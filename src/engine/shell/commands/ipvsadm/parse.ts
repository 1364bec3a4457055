/**
 * ipvsadm's parse_options() and the checks at the top of process_options()
 * (ipvsadm.c, 1.27): the first option must be a command, every later one an
 * option checked as it comes (so errors appear in command-line order), then
 * `--set`'s three values, stray arguments, -b, the commands_v_options
 * matrix, and the per-command rules (zero port, one-packet, DR/TUN port).
 *
 * `fail()` exits the process: modelled by throwing IpvsadmExit. A popt error
 * after the command is not a fail(): parse_options() prints it and returns
 * -1, which `-R` survives (the next line is still read).
 */
import type { Block, Wake } from '../../../os/task';
import type { Ipv4 } from '../../../wire/addr';
import { inetAton } from '../../../apps/dns/inet';
import type { FwdMethod } from '../../../lvs/types';
import { poptParse, POPT_ERROR } from './popt';
import {
  CMD,
  CMD_NAMES,
  COMMANDS_V_OPTIONS,
  DEF_MCAST_IFN,
  DEF_SCHED,
  FMT,
  IP_VS_IFNAME_MAXLEN,
  IP_VS_PENAME_MAXLEN,
  IP_VS_SCHEDNAME_MAXLEN,
  IPVS_SVC_PERSISTENT_TIMEOUT,
  MAX_TIMEOUT,
  NUMBER_OF_OPT,
  OPT_NAMES,
  OPTC,
  POPT_TABLE,
  TAG,
  type Cmd,
  type Optc,
} from './options';
import { usageText, versionText } from './usage';

/** fail() / tryhelp_exit() / usage_exit(): the process ends with this status and these texts. */
export class IpvsadmExit extends Error {
  constructor(
    readonly status: number,
    readonly stderr: string,
    readonly stdout = '',
  ) {
    super(stderr || stdout);
  }
}

function fail(msg: string): never {
  throw new IpvsadmExit(2, `${msg}\n`);
}

export const tryhelp = (program: string): IpvsadmExit => new IpvsadmExit(255, `Try \`${program} -h' or '${program} --help' for more information.\n`);

/** IP_VS_SVC_F_* flags ipvsadm sets. */
export const SVC_F = { PERSISTENT: 0x1, ONEPACKET: 0x4, SCHED1: 0x8, SCHED2: 0x10, SCHED3: 0x20 } as const;

export const IPPROTO = { TCP: 6, UDP: 17 } as const;

/** ipvs_service_t as ipvsadm fills it. IPv6 is parsed (af 6) but the simulated kernel has no IPv6. */
export interface SvcArgs {
  af: 4 | 6;
  protocol: number;
  addr: Ipv4;
  port: number;
  fwmark: number;
  schedName: string;
  flags: number;
  timeout: number;
  netmask: Ipv4;
  pe: string;
}

export interface DestArgs {
  af: 4 | 6;
  addr: Ipv4;
  port: number;
  fwd: FwdMethod;
  weight: number;
  uThreshold: number;
  lThreshold: number;
}

export interface CommandEntry {
  cmd: Cmd;
  svc: SvcArgs;
  dest: DestArgs;
  timeout: { tcp: number; tcpfin: number; udp: number };
  daemon: { state: 'master' | 'backup' | null; mcastIfn: string; syncid: number };
  /** Bit OPTC_x set for each option given. */
  options: number;
  format: number;
}

/** What parsing needs from the system: the resolver and the services database. */
export interface ParseEnv {
  /** argv[0], as the messages print it. */
  program: string;
  gethostbyname(name: string): Generator<Block, Ipv4 | undefined, Wake>;
  getservbyname(name: string, proto: 'tcp' | 'udp'): number | undefined;
}

export type Parsed = { ok: true; ce: CommandEntry } | { ok: false; stderr: string };

/** A fresh command entry with process_options()'s defaults: weight 1, -g, netmask /32. */
export function newEntry(): CommandEntry {
  return {
    cmd: CMD.NONE,
    svc: { af: 4, protocol: 0, addr: 0, port: 0, fwmark: 0, schedName: '', flags: 0, timeout: 0, netmask: 0xffffffff, pe: '' },
    dest: { af: 4, addr: 0, port: 0, fwd: 'route', weight: 1, uThreshold: 0, lThreshold: 0 },
    timeout: { tcp: 0, tcpfin: 0, udp: 0 },
    daemon: { state: null, mcastIfn: '', syncid: 0 },
    options: 0,
    format: FMT.NONE,
  };
}

const COMMAND_OF: Record<string, Cmd> = {
  A: CMD.ADD,
  E: CMD.EDIT,
  D: CMD.DEL,
  a: CMD.ADDDEST,
  e: CMD.EDITDEST,
  d: CMD.DELDEST,
  C: CMD.FLUSH,
  L: CMD.LIST,
  l: CMD.LIST,
  Z: CMD.ZERO,
  [TAG.SET]: CMD.TIMEOUT,
  R: CMD.RESTORE,
  S: CMD.SAVE,
  [TAG.START_DAEMON]: CMD.STARTDAEMON,
  [TAG.STOP_DAEMON]: CMD.STOPDAEMON,
};

/** parse_options() then the generic checks of process_options(). */
export function* parseCommand(argv: readonly string[], env: ParseEnv): Generator<Block, Parsed, Wake> {
  const ce = newEntry();
  const { events, leftovers } = poptParse(argv.slice(1), POPT_TABLE);
  const first = events[0];
  if (!first || first.kind === 'error') throw tryhelp(env.program);
  if (first.val === 'h') throw new IpvsadmExit(0, '', usageText(env.program));
  if (first.val === 'v') throw new IpvsadmExit(0, '', versionText());
  const cmd = COMMAND_OF[first.val];
  if (cmd === undefined) throw tryhelp(env.program);
  ce.cmd = cmd;
  if (cmd === CMD.STARTDAEMON || cmd === CMD.STOPDAEMON) {
    if (first.arg === 'master') ce.daemon.state = 'master';
    else if (first.arg === 'backup') ce.daemon.state = 'backup';
    else fail(cmd === CMD.STARTDAEMON ? 'illegal start-daemon parameter specified' : 'illegal start_daemon specified');
  }

  let schedFlagsArg = '';
  for (const ev of events.slice(1)) {
    if (ev.kind === 'error') return { ok: false, stderr: `${ev.raw}: ${POPT_ERROR[ev.code]}\n` };
    const arg = ev.arg;
    switch (ev.val) {
      case 't':
      case 'u': {
        setOption(ce, OPTC.SERVICE);
        ce.svc.protocol = ev.val === 't' ? IPPROTO.TCP : IPPROTO.UDP;
        const parse = yield* parseService(arg!, ce.svc, env);
        if (!(parse & SERVICE_ADDR)) fail('illegal virtual server address[:port] specified');
        break;
      }
      case 'f':
        setOption(ce, OPTC.SERVICE);
        // "Set protocol to a sane value, even though it is not used."
        ce.svc.af = 4;
        ce.svc.protocol = IPPROTO.TCP;
        ce.svc.fwmark = parseFwmark(arg!);
        break;
      case 's':
        setOption(ce, OPTC.SCHEDULER);
        ce.svc.schedName = arg!.slice(0, IP_VS_SCHEDNAME_MAXLEN - 1);
        break;
      case 'p':
        setOption(ce, OPTC.PERSISTENT);
        ce.svc.flags |= SVC_F.PERSISTENT;
        ce.svc.timeout = parseTimeout(arg, 1, MAX_TIMEOUT);
        break;
      case 'M':
        setOption(ce, OPTC.NETMASK);
        if (ce.svc.af !== 6) {
          const mask = yield* parseNetmask(arg!, env);
          if (mask === undefined) fail('illegal virtual server persistent mask specified');
          ce.svc.netmask = mask!;
        } else {
          const n = atoi(arg!);
          ce.svc.netmask = n;
          if (n < 1 || n > 128) fail('illegal ipv6 netmask specified');
        }
        break;
      case 'r': {
        setOption(ce, OPTC.SERVER);
        const t = { ...ce.svc };
        const parse = yield* parseService(arg!, t, env);
        ce.dest.af = t.af;
        ce.dest.addr = t.addr;
        ce.dest.port = t.port;
        if (!(parse & SERVICE_ADDR)) fail('illegal real server address[:port] specified');
        // copy vport to dport if not specified
        if (parse === SERVICE_ADDR) ce.dest.port = ce.svc.port;
        break;
      }
      case 'i':
        setOption(ce, OPTC.FORWARD);
        ce.dest.fwd = 'tunnel';
        break;
      case 'g':
        setOption(ce, OPTC.FORWARD);
        ce.dest.fwd = 'route';
        break;
      case 'm':
        setOption(ce, OPTC.FORWARD);
        ce.dest.fwd = 'masq';
        break;
      case 'w':
        setOption(ce, OPTC.WEIGHT);
        if ((ce.dest.weight = stringToNumber(arg!, 0, 65535)) === -1) fail('illegal weight specified');
        break;
      case 'x':
        setOption(ce, OPTC.UTHRESHOLD);
        if ((ce.dest.uThreshold = stringToNumber(arg!, 0, INT_MAX)) === -1) fail('illegal u_threshold specified');
        break;
      case 'y':
        setOption(ce, OPTC.LTHRESHOLD);
        if ((ce.dest.lThreshold = stringToNumber(arg!, 0, INT_MAX)) === -1) fail('illegal l_threshold specified');
        break;
      case 'c':
        setOption(ce, OPTC.CONNECTION);
        break;
      case 'n':
        setOption(ce, OPTC.NUMERIC);
        ce.format |= FMT.NUMERIC;
        break;
      case TAG.MCAST_INTERFACE:
        setOption(ce, OPTC.MCAST);
        ce.daemon.mcastIfn = arg!.slice(0, IP_VS_IFNAME_MAXLEN - 1);
        break;
      case 'I':
        setOption(ce, OPTC.SYNCID);
        if ((ce.daemon.syncid = stringToNumber(arg!, 0, 255)) === -1) fail('illegal syncid specified');
        break;
      case TAG.TIMEOUT:
        setOption(ce, OPTC.TIMEOUT);
        break;
      case TAG.DAEMON:
        setOption(ce, OPTC.DAEMON);
        break;
      case TAG.STATS:
        setOption(ce, OPTC.STATS);
        ce.format |= FMT.STATS;
        break;
      case TAG.RATE:
        setOption(ce, OPTC.RATE);
        ce.format |= FMT.RATE;
        break;
      case TAG.THRESHOLDS:
        setOption(ce, OPTC.THRESHOLDS);
        ce.format |= FMT.THRESHOLDS;
        break;
      case TAG.PERSISTENTCONN:
        setOption(ce, OPTC.PERSISTENTCONN);
        ce.format |= FMT.PERSISTENTCONN;
        break;
      case TAG.NO_SORT:
        setOption(ce, OPTC.NOSORT);
        ce.format |= FMT.NOSORT;
        break;
      case TAG.SORT:
        // Sort is the default, this is a no-op for compatibility.
        break;
      case 'X':
        setOption(ce, OPTC.EXACT);
        ce.format |= FMT.EXACT;
        break;
      case '6':
        if (ce.svc.fwmark) {
          ce.svc.af = 6;
          ce.svc.netmask = 128;
        } else fail('-6 used before -f\n');
        break;
      case 'o':
        setOption(ce, OPTC.ONEPACKET);
        ce.svc.flags |= SVC_F.ONEPACKET;
        break;
      case TAG.PERSISTENCE_ENGINE:
        setOption(ce, OPTC.PERSISTENCE_ENGINE);
        ce.svc.pe = arg!.slice(0, IP_VS_PENAME_MAXLEN);
        break;
      case 'b':
        setOption(ce, OPTC.SCHED_FLAGS);
        schedFlagsArg = arg!;
        break;
      default:
        // A second command (-A … -D), -h or -v after the command.
        fail(`invalid option \`${ev.raw}'`);
    }
  }

  const rest = [...leftovers];
  if (ce.cmd === CMD.TIMEOUT) {
    if (rest.length >= 3) {
      const [a, b, c] = rest.splice(0, 3);
      ce.timeout.tcp = parseTimeout(a, 0, MAX_TIMEOUT);
      ce.timeout.tcpfin = parseTimeout(b, 0, MAX_TIMEOUT);
      ce.timeout.udp = parseTimeout(c, 0, MAX_TIMEOUT);
    } else fail('--set option requires 3 timeout values');
  }
  if (rest.length > 0) fail(`unexpected argument ${rest[0]}`);

  if (schedFlagsArg) {
    ce.svc.flags &= ~(SVC_F.SCHED1 | SVC_F.SCHED2 | SVC_F.SCHED3);
    ce.svc.flags |= parseSchedFlags(ce.svc.schedName, schedFlagsArg);
  }

  // ---- process_options() ----
  genericOptCheck(ce.cmd, ce.options);

  if (ce.cmd === CMD.ADD || ce.cmd === CMD.EDIT) {
    if (!ce.svc.fwmark && !ce.svc.port && !(ce.svc.flags & SVC_F.PERSISTENT)) fail('Zero port specified for non-persistent service');
    if (ce.svc.flags & SVC_F.ONEPACKET && !ce.svc.fwmark && ce.svc.protocol !== IPPROTO.UDP) fail('One-Packet Scheduling is only for UDP virtual services');
    if (ce.svc.schedName.length === 0) ce.svc.schedName = DEF_SCHED;
  }
  if (ce.cmd === CMD.STARTDAEMON && ce.daemon.mcastIfn.length === 0) ce.daemon.mcastIfn = DEF_MCAST_IFN;
  if (ce.cmd === CMD.ADDDEST || ce.cmd === CMD.EDITDEST) {
    // The destination port must equal the service port for DR and tunnelling (not for fwmark services).
    if (!ce.svc.fwmark && (ce.dest.fwd === 'tunnel' || ce.dest.fwd === 'route')) ce.dest.port = ce.svc.port;
  }
  return { ok: true, ce };
}

const INT_MAX = 2147483647;
const UINT_MAX = 4294967295;

function setOption(ce: CommandEntry, optc: Optc): void {
  const bit = 2 ** optc;
  if (Math.floor(ce.options / bit) % 2 === 1) fail(`multiple '${OPT_NAMES[optc]}' options specified`);
  ce.options += bit;
}

export const hasOption = (options: number, optc: Optc): boolean => Math.floor(options / 2 ** optc) % 2 === 1;

/** generic_opt_check(): compulsory, illegal and mutually exclusive options per command. */
function genericOptCheck(cmd: Cmd, options: number): void {
  const row = COMMANDS_V_OPTIONS[cmd - 1];
  const cmdName = CMD_NAMES[cmd - 1];
  let last = 0;
  let count = 0;
  for (let j = 0; j < NUMBER_OF_OPT; j++) {
    if (!hasOption(options, j as Optc)) {
      if (row[j] === '+') fail(`You need to supply the '${OPT_NAMES[j]}' option for the '${cmdName}' command`);
    } else {
      if (row[j] === 'x') fail(`Illegal '${OPT_NAMES[j]}' option with the '${cmdName}' command`);
      if (row[j] === '1') {
        count++;
        if (count === 1) {
          last = j;
          continue;
        }
        fail(`The option '${OPT_NAMES[j]}' conflicts with the '${OPT_NAMES[last]}' option in the '${cmdName}' command`);
      }
    }
  }
}

/** string_to_number(): strtol base 10, the whole string, within [min, max]; else -1. */
export function stringToNumber(s: string, min: number, max: number): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(s);
  if (!m) return -1;
  const n = Number(m[1]);
  return n >= min && n <= max ? n : -1;
}

/** atoi(): leading digits, 0 when none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** parse_timeout(): no value → the persistence default (360 s). */
function parseTimeout(buf: string | null, min: number, max: number): number {
  if (buf === null) return IPVS_SVC_PERSISTENT_TIMEOUT;
  const i = stringToNumber(buf, min, max);
  if (i === -1) fail(`invalid timeout value \`${buf}' specified`);
  return i;
}

function parseFwmark(buf: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(buf);
  const l = m ? Number(m[1]) : NaN;
  if (!m || l <= 0 || l > UINT_MAX) fail(`invalid fwmark value \`${buf}' specified`);
  return l;
}

/** parse_netmask(): inet_aton, else a host name. */
function* parseNetmask(buf: string, env: ParseEnv): Generator<Block, Ipv4 | undefined, Wake> {
  const a = inetAton(buf);
  if (a !== undefined) return a;
  return yield* env.gethostbyname(buf);
}

export const SERVICE_ADDR = 0x1;
export const SERVICE_PORT = 0x2;

const strIsDigit = (s: string): boolean => /^\d*$/.test(s);

/**
 * parse_service(): `host[:port]` or `[ipv6]:port`; the host by inet_aton or
 * gethostbyname, the port by number or by name for the service's protocol.
 * Fills `svc` as it goes and returns SERVICE_ADDR | SERVICE_PORT (0 on error).
 */
export function* parseService(input: string, svc: { af: 4 | 6; protocol: number; addr: Ipv4; port: number }, env: ParseEnv): Generator<Block, number, Wake> {
  let buf = input;
  let portStr: string | null = null;
  if (strIsDigit(buf)) return 0;
  if (buf.startsWith('[')) {
    const close = buf.indexOf(']');
    if (close < 0) return 0;
    if (buf[close + 1] !== ':') return 0;
    portStr = buf.slice(close + 2);
    buf = buf.slice(1, close);
  }
  if (isIpv6(buf)) {
    svc.af = 6;
    svc.addr = 0;
  } else {
    const colon = buf.lastIndexOf(':');
    if (colon >= 0) {
      portStr = buf.slice(colon + 1);
      buf = buf.slice(0, colon);
    }
    let addr = inetAton(buf);
    if (addr === undefined) addr = yield* env.gethostbyname(buf);
    if (addr === undefined) return 0;
    svc.addr = addr;
    svc.af = 4;
  }
  let result = SERVICE_ADDR;
  if (portStr !== null) {
    result |= SERVICE_PORT;
    let portn = stringToNumber(portStr, 0, 65535);
    if (portn === -1) {
      const proto = svc.protocol === IPPROTO.TCP ? 'tcp' : svc.protocol === IPPROTO.UDP ? 'udp' : null;
      portn = (proto && env.getservbyname(portStr, proto)) ?? -1;
    }
    if (portn === -1) return 0;
    svc.port = portn;
  }
  return result;
}

/** inet_pton(AF_INET6) acceptance: eight 16-bit groups, one `::`, an optional dotted-quad tail. */
export function isIpv6(s: string): boolean {
  if (!s.includes(':')) return false;
  let text = s;
  let groupsFromTail = 0;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(tail) || tail.split('.').some((p) => Number(p) > 255 || (p.length > 1 && p.startsWith('0')))) return false;
    text = text.slice(0, lastColon + 1) + '0';
    groupsFromTail = 1;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const all = halves.flatMap(groups);
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const n = all.length + groupsFromTail;
  return halves.length === 2 ? n <= 7 : n === 8;
}

/** parse_sched_flags() of 1.27: flag-1..3, sh-fallback and sh-port (the latter two for sh only). */
function parseSchedFlags(sched: string, arg: string): number {
  const name = sched || DEF_SCHED;
  let flags = 0;
  for (const flag of arg.split(',').filter((f) => f !== '')) {
    if (flag === 'flag-1') flags |= SVC_F.SCHED1;
    else if (flag === 'flag-2') flags |= SVC_F.SCHED2;
    else if (flag === 'flag-3') flags |= SVC_F.SCHED3;
    else if (flag === 'sh-fallback' || flag === 'sh-port') {
      flags |= flag === 'sh-fallback' ? SVC_F.SCHED1 : SVC_F.SCHED2;
      if (name !== 'sh') fail(`incompatible scheduler flag \`${flag}'`);
    } else fail(`invalid scheduler flag \`${flag}'`);
  }
  return flags;
}
