/**
 * ss from iproute2 4.11 (CentOS 7): the socket table in its column layout for
 * an 80-column terminal (ss.c main: netid/state/address widths), `-t -u -a
 * -l -n -p -4 -e -o`, `state`/`exclude` filters. Address 0.0.0.0 prints as
 * `*`; without -n, well-known ports print as service names (never in the
 * ephemeral range).
 *
 * Not modelled: IPv6, UNIX/packet/netlink sockets, -i/-m/-s, filter
 * expressions other than `state`/`exclude`; a socket shared by several
 * processes lists one of them.
 */
import { formatIpv4 } from '../../../wire/addr';
import { register } from '../../registry';
import { sync, type CommandContext } from '../../command';
import { displayHost, serviceName, tcpRows, udpRows, type InetRow } from './rows';

const SS_USAGE =
  'Usage: ss [ OPTIONS ]\n' +
  '       ss [ OPTIONS ] [ FILTER ]\n' +
  '   -h, --help          this message\n' +
  '   -V, --version       output version information\n' +
  "   -n, --numeric       don't resolve service names\n" +
  '   -r, --resolve       resolve host names\n' +
  '   -a, --all           display all sockets\n' +
  '   -l, --listening     display listening sockets\n' +
  '   -o, --options       show timer information\n' +
  '   -e, --extended      show detailed socket information\n' +
  '   -m, --memory        show socket memory usage\n' +
  '   -p, --processes     show process using socket\n' +
  '   -i, --info          show internal TCP information\n' +
  '   -s, --summary       show socket usage summary\n' +
  '   -b, --bpf           show bpf filter socket information\n' +
  '   -E, --events        continually display sockets as they are destroyed\n' +
  '   -Z, --context       display process SELinux security contexts\n' +
  '   -z, --contexts      display process and socket SELinux security contexts\n' +
  '   -N, --net           switch to the specified network namespace name\n' +
  '\n' +
  '   -4, --ipv4          display only IP version 4 sockets\n' +
  '   -6, --ipv6          display only IP version 6 sockets\n' +
  '   -0, --packet        display PACKET sockets\n' +
  '   -t, --tcp           display only TCP sockets\n' +
  '   -S, --sctp          display only SCTP sockets\n' +
  '   -u, --udp           display only UDP sockets\n' +
  '   -d, --dccp          display only DCCP sockets\n' +
  '   -w, --raw           display only RAW sockets\n' +
  '   -x, --unix          display only Unix domain sockets\n' +
  '   -f, --family=FAMILY display sockets of type FAMILY\n' +
  '       FAMILY := {inet|inet6|link|unix|netlink|help}\n' +
  '\n' +
  '   -K, --kill          forcibly close sockets, display what was closed\n' +
  '   -H, --no-header     Suppress header line\n' +
  '\n' +
  '   -A, --query=QUERY, --socket=QUERY\n' +
  '       QUERY := {all|inet|tcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|packet|netlink}[,QUERY]\n' +
  '\n' +
  '   -D, --diag=FILE     Dump raw information about TCP sockets to FILE\n' +
  '   -F, --filter=FILE   read filter information from FILE\n' +
  '       FILTER := [ state STATE-FILTER ] [ EXPRESSION ]\n' +
  '       STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}\n' +
  '         TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|close-wait|last-ack|listen|closing}\n' +
  '          connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}\n' +
  '       synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}\n' +
  '             bucket := {syn-recv|time-wait}\n' +
  '                big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|listen|closing}\n';

/** ss.c's SS_* state numbers. */
const SS = { ESTABLISHED: 1, SYN_SENT: 2, SYN_RECV: 3, FIN_WAIT1: 4, FIN_WAIT2: 5, TIME_WAIT: 6, CLOSE: 7, CLOSE_WAIT: 8, LAST_ACK: 9, LISTEN: 10, CLOSING: 11 } as const;
const SS_ALL = (1 << 12) - 1;
const SS_CONN = SS_ALL & ~((1 << SS.LISTEN) | (1 << SS.CLOSE) | (1 << SS.TIME_WAIT) | (1 << SS.SYN_RECV));

const SS_BY_NAME: Readonly<Record<string, number>> = {
  ESTAB: SS.ESTABLISHED,
  'SYN-SENT': SS.SYN_SENT,
  'SYN-RECV': SS.SYN_RECV,
  'FIN-WAIT-1': SS.FIN_WAIT1,
  'FIN-WAIT-2': SS.FIN_WAIT2,
  'TIME-WAIT': SS.TIME_WAIT,
  UNCONN: SS.CLOSE,
  'CLOSE-WAIT': SS.CLOSE_WAIT,
  'LAST-ACK': SS.LAST_ACK,
  LISTEN: SS.LISTEN,
  CLOSING: SS.CLOSING,
};

/** scan_state: a state name (sstate_namel) or group → bit mask; undefined when unknown. */
function scanState(name: string): number | undefined {
  const s = name.toLowerCase();
  if (s === 'close' || s === 'closed') return 1 << SS.CLOSE;
  if (s === 'syn-rcv') return 1 << SS.SYN_RECV;
  if (s === 'established') return 1 << SS.ESTABLISHED;
  if (s === 'all') return SS_ALL;
  if (s === 'connected') return SS_ALL & ~((1 << SS.CLOSE) | (1 << SS.LISTEN));
  if (s === 'synchronized') return SS_ALL & ~((1 << SS.CLOSE) | (1 << SS.LISTEN) | (1 << SS.SYN_SENT));
  if (s === 'bucket') return (1 << SS.SYN_RECV) | (1 << SS.TIME_WAIT);
  if (s === 'big') return SS_ALL & ~((1 << SS.SYN_RECV) | (1 << SS.TIME_WAIT));
  const long: Record<string, number> = {
    'syn-sent': SS.SYN_SENT,
    'syn-recv': SS.SYN_RECV,
    'fin-wait-1': SS.FIN_WAIT1,
    'fin-wait-2': SS.FIN_WAIT2,
    'time-wait': SS.TIME_WAIT,
    unconnected: SS.CLOSE,
    'close-wait': SS.CLOSE_WAIT,
    'last-ack': SS.LAST_ACK,
    listening: SS.LISTEN,
    closing: SS.CLOSING,
  };
  return long[s] !== undefined ? 1 << long[s] : undefined;
}

const LONG: Readonly<Record<string, string>> = {
  numeric: 'n',
  resolve: 'r',
  options: 'o',
  extended: 'e',
  memory: 'm',
  info: 'i',
  processes: 'p',
  bpf: 'b',
  events: 'E',
  dccp: 'd',
  tcp: 't',
  udp: 'u',
  raw: 'w',
  unix: 'x',
  all: 'a',
  listening: 'l',
  ipv4: '4',
  ipv6: '6',
  packet: '0',
  summary: 's',
  version: 'V',
  help: 'h',
};

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

interface Opts {
  tcp: boolean;
  udp: boolean;
  other: boolean;
  numeric: boolean;
  resolve: boolean;
  processes: boolean;
  extended: boolean;
  options: boolean;
  stateFilter: number;
  family6: boolean;
}

function parse(ctx: CommandContext): { o: Opts; rest: string[] } {
  const o: Opts = { tcp: false, udp: false, other: false, numeric: false, resolve: false, processes: false, extended: false, options: false, stateFilter: 0, family6: false };
  const args = ctx.argv.slice(1);
  const rest: string[] = [];
  const usage = (): never => {
    ctx.err(SS_USAGE);
    throw new Exit(255);
  };
  const apply = (c: string): void => {
    switch (c) {
      case 'n':
        o.numeric = true;
        break;
      case 'r':
        o.resolve = true;
        break;
      case 'o':
        o.options = true;
        break;
      case 'e':
        o.options = true;
        o.extended = true;
        break;
      case 'p':
        o.processes = true;
        break;
      case 't':
        o.tcp = true;
        break;
      case 'u':
        o.udp = true;
        break;
      case 'd':
      case 'w':
      case 'x':
      case '0':
        o.other = true;
        break;
      case 'a':
        o.stateFilter = SS_ALL;
        break;
      case 'l':
        o.stateFilter = (1 << SS.LISTEN) | (1 << SS.CLOSE);
        break;
      case '6':
        o.family6 = true;
        break;
      case 'V':
        ctx.out('ss utility, iproute2-ss170501\n');
        throw new Exit(0);
      case 'h':
        ctx.out(SS_USAGE);
        throw new Exit(0);
      case 'm':
      case 'i':
      case 's':
      case 'b':
      case 'E':
        ctx.err(`ss: -${c} is not simulated in lvslab\n`);
        throw new Exit(1);
      default:
        break; // -4
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const name = a.slice(2);
      const c = LONG[name];
      if (!c) {
        ctx.err(`ss: unrecognized option '${a}'\n`);
        usage();
      }
      apply(c);
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (!'dhaletuwxnro460spbEmiVzZ'.includes(c)) {
        ctx.err(`ss: invalid option -- '${c}'\n`);
        usage();
      }
      apply(c);
    }
  }
  return { o, rest };
}

function run(ctx: CommandContext): number {
  try {
    return main(ctx);
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
}

function main(ctx: CommandContext): number {
  const { o, rest } = parse(ctx);
  let stateFilter = o.stateFilter;
  let sawStates = false;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (w !== 'state' && w !== 'exclude' && w !== 'excl') {
      ctx.err(`ss: filter expressions other than "state" and "exclude" are not simulated in lvslab\n`);
      return 1;
    }
    const name = rest[++i];
    if (name === undefined) {
      ctx.err('Command line is not complete. Try option "help"\n');
      return 255;
    }
    const bits = scanState(name);
    if (bits === undefined) {
      ctx.err(`ss: wrong state name: ${name}\n`);
      return 255;
    }
    if (w === 'state') {
      if (!sawStates) stateFilter = 0;
      stateFilter |= bits;
    } else {
      if (!sawStates) stateFilter = SS_ALL;
      stateFilter &= ~bits;
    }
    sawStates = true;
  }
  const explicit = o.tcp || o.udp || o.other;
  const dbs = { tcp: explicit ? o.tcp : true, udp: explicit ? o.udp : true, other: explicit ? o.other : true };
  // filter_db_set / filter_default_dbs: each table brings its default states; -a/-l/state replace them.
  let states = 0;
  if (dbs.tcp) states |= SS_CONN;
  if (dbs.udp) states |= 1 << SS.ESTABLISHED;
  if (dbs.other) states |= SS_CONN; // unix stream sockets (not modelled: their rows are never listed)
  if (!explicit) states |= SS_CONN;
  if (stateFilter) states = (states | stateFilter) & stateFilter;
  const dbCount = (dbs.tcp ? 1 : 0) + (dbs.udp ? 1 : 0) + (dbs.other ? 5 : 0);
  let netidWidth = dbCount > 1 ? 5 : 0;
  let stateWidth = states & (states - 1) ? 10 : 0;
  let addrp = 80 - (netidWidth + 1) - (stateWidth + 1) - 14;
  if (addrp & 1) {
    if (netidWidth) netidWidth++;
    else if (stateWidth) stateWidth++;
  }
  addrp = Math.floor(addrp / 2) - 1;
  let servWidth = o.numeric ? 5 : 7;
  if (addrp < 15 + servWidth + 1) addrp = 15 + servWidth + 1;
  let addrWidth = addrp - servWidth - 1;
  let out = '';
  if (netidWidth) out += `${'Netid'.padEnd(netidWidth)} `;
  if (stateWidth) out += `${'State'.padEnd(stateWidth)} `;
  out += 'Recv-Q Send-Q ';
  addrWidth -= 13;
  servWidth += 13;
  out += `${'Local Address'.padStart(addrWidth)}:${'Port'.padEnd(servWidth)} ${'Peer Address'.padStart(addrWidth)}:${'Port'.padEnd(servWidth)}\n`;
  const show = (r: InetRow): void => {
    if (!(states & (1 << SS_BY_NAME[r.ssState]))) return;
    let line = '';
    if (netidWidth) line += `${r.proto.padEnd(netidWidth)} `;
    if (stateWidth) line += `${r.ssState.padEnd(stateWidth)} `;
    line += `${String(r.ssRecvQ).padEnd(6)} ${String(r.ssSendQ).padEnd(6)} `;
    line += addr(r, r.localIp, r.localPort) + addr(r, r.remoteIp, r.remotePort);
    if (o.processes && r.owner) line += ` users:(("${r.owner.comm}",pid=${r.owner.pid},fd=${r.owner.fd ?? 0}))`;
    if (o.options && r.timer.kind !== 'off') line += ` timer:(${TIMER_NAME[r.timer.kind]},${msTimer(Math.floor(r.timer.leftUs / 1000))},${r.timer.retransmits})`;
    if (o.extended) line += ` ino:${r.inode} sk:ffff8800${(0x3a000000 + r.inode * 0x800).toString(16).padStart(8, '0')}`;
    out += line + '\n';
  };
  const addr = (r: InetRow, ip: number, port: number): string => {
    const a = ip === 0 ? '*' : o.resolve ? displayHost(ctx.host, ip) : formatIpv4(ip);
    const p = port === 0 ? '*' : o.numeric ? String(port) : port >= 32768 && port <= 60999 ? String(port) : (serviceName(port, r.proto) ?? String(port));
    return `${a.padStart(addrWidth)}:${p.padEnd(servWidth)} `;
  };
  if (!o.family6) {
    if (dbs.udp) for (const r of udpRows(ctx.host)) show(r);
    if (dbs.tcp) for (const r of tcpRows(ctx.host)) show(r);
  }
  ctx.out(out);
  return 0;
}

/** ss.c print_ms_timer. */
function msTimer(timeout: number): string {
  if (timeout < 0) timeout = 0;
  let secs = Math.floor(timeout / 1000);
  const minutes = Math.floor(secs / 60);
  secs %= 60;
  let msecs = timeout % 1000;
  let buf = '';
  if (minutes) {
    msecs = 0;
    buf = `${minutes}min`;
    if (minutes > 9) secs = 0;
  }
  if (secs) {
    if (secs > 9) msecs = 0;
    buf += `${secs}${msecs ? '.' : 'sec'}`;
  }
  if (msecs) buf += `${String(msecs).padStart(3, '0')}ms`;
  return buf;
}

/** tmr_name[] of ss.c: the timer kinds /proc and inet_diag number 1..4. */
const TIMER_NAME = { on: 'on', timewait: 'timewait', probe: 'persist' } as const;

register('ss', { run: sync(run), pkg: 'iproute', summary: 'Another utility to investigate sockets' });
