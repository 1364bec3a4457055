/**
 * ping's command line, as iputils s20160308 (CentOS 7) reads it: getopt with
 * `COMMON_OPTSTR "bRT:"` plus -4/-6, each option checked by the same rules
 * and answered with the same words (ping_common.c common_options, ping.c).
 */
import { parseIpv4, type Ipv4 } from '../../../wire/addr';
import { atoi, getopt, strtodWhole } from './getopt';

/** ping.c usage() of s20160308, to stderr with exit status 2. */
export const PING_USAGE =
  'Usage: ping [-aAbBdDfhLnOqrRUvV] [-c count] [-i interval] [-I interface]\n' +
  '            [-m mark] [-M pmtudisc_option] [-l preload] [-p pattern] [-Q tos]\n' +
  '            [-s packetsize] [-S sndbuf] [-t ttl] [-T timestamp_option]\n' +
  '            [-w deadline] [-W timeout] [hop1 ...] destination\n';

export const PING_VERSION = 'ping utility, iputils-s20160308\n';

const OPTSTRING = 'h?VQ:I:M:aUc:dfi:w:l:S:np:qrs:vLt:AW:Bm:DO' + '46bRT:';

/** MAXWAIT, DEFDATALEN, MININTERVAL (ping_common.h). */
export const MAXWAIT_SEC = 10;
export const DEFDATALEN = 56;
export const MININTERVAL_MS = 10;
/** 0xFFFF − 8 (ICMP) − 20 (IP): the largest echo data ping allows. */
export const MAX_DATALEN = 0xffff - 8 - 20;

export interface PingOptions {
  /** -c: 0 = until interrupted. */
  count: number;
  /** -i in milliseconds. */
  intervalMs: number;
  /** -w in seconds, 0 = none. */
  deadline: number;
  /** -W in milliseconds (lingertime). */
  lingerMs: number;
  /** -s */
  datalen: number;
  /** -t */
  ttl?: number;
  /** -I with an interface name. */
  device?: string;
  /** -I with an address (F_STRICTSOURCE). */
  source?: Ipv4;
  quiet: boolean;
  numeric: boolean;
  broadcast: boolean;
  /** -D: [seconds.micros] before each line. */
  timestamps: boolean;
  /** -p: the pattern bytes (1–16). */
  pattern?: number[];
  /** The operands: hops (not supported: only the last is pinged) and the destination. */
  targets: string[];
}

export type PingArgs = { ok: true; opts: PingOptions; stdout: string } | { ok: false; stdout: string; stderr: string; status: number };

const bad = (stderr: string, status = 2, stdout = ''): PingArgs => ({ ok: false, stdout, stderr, status });

export function parsePingArgs(args: readonly string[]): PingArgs {
  const g = getopt(args, OPTSTRING);
  if (g.error) return bad(`ping: ${g.error}\n${PING_USAGE}`);
  const o: PingOptions = {
    count: 0,
    intervalMs: 1000,
    deadline: 0,
    lingerMs: MAXWAIT_SEC * 1000,
    datalen: DEFDATALEN,
    quiet: false,
    numeric: false,
    broadcast: false,
    timestamps: false,
    targets: g.operands,
  };
  let stdout = '';
  for (const { opt, arg = '' } of g.opts) {
    switch (opt) {
      case 'V':
        return bad('', 0, PING_VERSION);
      case 'h':
      case '?':
        return bad(PING_USAGE);
      case '6':
        return bad('ping: IPv6 is not available here (use ping6)\n');
      case 'c':
        o.count = atoi(arg);
        if (o.count <= 0) return bad('ping: bad number of packets to transmit.\n');
        break;
      case 'i': {
        const v = strtodWhole(arg);
        if (v === undefined || !Number.isFinite(v) || v < 0 || v >= 2147483647 / 1000 - 1) return bad('ping: bad timing interval\n');
        o.intervalMs = Math.trunc(v * 1000);
        break;
      }
      case 'w':
        o.deadline = atoi(arg);
        if (o.deadline < 0) return bad('ping: bad wait time.\n');
        break;
      case 'W': {
        const v = atoi(arg);
        if (v < 0 || v > Math.trunc(2147483647 / 1000000)) return bad('ping: bad linger time.\n');
        o.lingerMs = v * 1000;
        break;
      }
      case 's':
        o.datalen = atoi(arg);
        if (o.datalen < 0) return bad(`ping: illegal negative packet size ${o.datalen}.\n`);
        break;
      case 't': {
        const v = atoi(arg);
        if (v < 0 || v > 255) return bad(`ping: ttl ${v >>> 0} out of range\n`);
        // setsockopt(IP_TTL, 0) is refused by the kernel.
        if (v === 0) return bad("ping: can't set unicast time-to-live: Invalid argument\n");
        o.ttl = v;
        break;
      }
      case 'I': {
        const ip = parseIpv4(arg);
        if (ip !== undefined) o.source = ip;
        else o.device = arg;
        break;
      }
      case 'p': {
        if (!/^[0-9a-fA-F]*$/.test(arg)) return bad('ping: patterns must be specified as hex digits.\n');
        const bytes: number[] = [];
        for (let i = 0; i + 1 <= arg.length && bytes.length < 16; i += 2) bytes.push(parseInt(arg.slice(i, i + 2), 16));
        o.pattern = bytes;
        break;
      }
      case 'q':
        o.quiet = true;
        break;
      case 'n':
        o.numeric = true;
        break;
      case 'b':
        o.broadcast = true;
        break;
      case 'D':
        o.timestamps = true;
        break;
      case 'B':
      case 'd':
      case 'L':
      case 'U':
      case 'v':
      case '4':
        // Nothing this simulator would show differently.
        break;
      default:
        // -a -A -f -l -m -M -O -Q -r -R -S -T would change what ping sends or prints: say so rather than pretend.
        return bad(`ping: option -${opt} is not simulated here\n`);
    }
  }
  if (o.pattern && !o.quiet) stdout += `PATTERN: 0x${o.pattern.map((b) => b.toString(16).padStart(2, '0')).join('')}\n`;
  if (o.targets.length === 0) return bad(PING_USAGE, 2, stdout);
  if (o.datalen > MAX_DATALEN) return bad(`Error: packet size ${o.datalen} is too large. Maximum is ${MAX_DATALEN}\n`, 2, stdout);
  return { ok: true, opts: o, stdout };
}
