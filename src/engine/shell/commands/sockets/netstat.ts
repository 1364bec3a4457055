/**
 * netstat, as net-tools 2.0 (CentOS 7) prints the socket tables
 * (netstat.c tcp_do_one, udp_do_one, finish_this_one): `netstat -natp`,
 * `-ntlp`, `-an`, `-tn`, ... and `-r` (the routing table, as `route -e`).
 *
 * Not modelled: IPv6 rows (tcp6/udp6), UNIX domain sockets (their section is
 * printed empty), raw sockets, -i/-s/-g/-M (a plain message says so).
 */
import { sleep } from '../../../os/task';
import { formatIpv4, type Ipv4 } from '../../../wire/addr';
import { register } from '../../registry';
import type { CommandContext } from '../../command';
import { routeTable } from '../net/route';
import { displayHost, netstatProgram, serviceName, tcpRows, udpRows, type InetRow } from './rows';

const E_USAGE = 4;

export const NETSTAT_USAGE =
  'usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n' +
  '       netstat [-vWnNcaeol] [<Socket> ...]\n' +
  '       netstat { [-vWeenNac] -i | [-cnNe] -M | -s }\n' +
  '\n' +
  '        -r, --route              display routing table\n' +
  '        -i, --interfaces         display interface table\n' +
  '        -g, --groups             display multicast group memberships\n' +
  '        -s, --statistics         display networking statistics (like SNMP)\n' +
  '        -M, --masquerade         display masqueraded connections\n' +
  '\n' +
  '        -v, --verbose            be verbose\n' +
  "        -W, --wide               don't truncate IP addresses\n" +
  "        -n, --numeric            don't resolve names\n" +
  "        --numeric-hosts          don't resolve host names\n" +
  "        --numeric-ports          don't resolve port names\n" +
  "        --numeric-users          don't resolve user names\n" +
  '        -N, --symbolic           resolve hardware names\n' +
  '        -e, --extend             display other/more information\n' +
  '        -p, --programs           display PID/Program name for sockets\n' +
  '        -c, --continuous         continuous listing\n' +
  '\n' +
  '        -l, --listening          display listening server sockets\n' +
  '        -a, --all, --listening   display all sockets (default: connected)\n' +
  '        -o, --timers             display timers\n' +
  '        -F, --fib                display Forwarding Information Base (default)\n' +
  '        -C, --cache              display routing cache instead of FIB\n' +
  '        -Z, --context            display SELinux security context for sockets\n' +
  '\n' +
  '  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-w|--raw} {-x|--unix} --ax25 --ipx --netrom\n' +
  "  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet\n" +
  '  List of possible address families (which support routing):\n' +
  '    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n' +
  '    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n' +
  '    ddp (Appletalk DDP) x25 (CCITT X.25) \n';

/** The short options netstat's getopt_long takes (netstat.c main). */
const OPTSTRING = 'A:CFMacdeghilnNoprsStuUvVWwx64?Z';

const LONG: Readonly<Record<string, string>> = {
  tcp: 't',
  udp: 'u',
  udplite: 'U',
  raw: 'w',
  unix: 'x',
  listening: 'l',
  all: 'a',
  timers: 'o',
  continuous: 'c',
  extend: 'e',
  programs: 'p',
  verbose: 'v',
  statistics: 's',
  wide: 'W',
  numeric: 'n',
  'numeric-hosts': '!',
  'numeric-ports': '@',
  'numeric-users': '#',
  symbolic: 'N',
  cache: 'C',
  fib: 'F',
  groups: 'g',
  context: 'Z',
  route: 'r',
  interfaces: 'i',
  masquerade: 'M',
  help: 'h',
  version: 'V',
  inet: '4',
  inet6: '6',
};

interface Flags {
  all: boolean;
  listening: boolean;
  numericHost: boolean;
  numericPort: boolean;
  programs: boolean;
  extend: number;
  timers: boolean;
  wide: boolean;
  continuous: boolean;
  tcp: boolean;
  udp: boolean;
  raw: boolean;
  unix: boolean;
  route: boolean;
  other: string | null;
}

class Usage extends Error {}

function parse(ctx: CommandContext, args: string[]): Flags {
  const f: Flags = { all: false, listening: false, numericHost: false, numericPort: false, programs: false, extend: 1, timers: false, wide: false, continuous: false, tcp: false, udp: false, raw: false, unix: false, route: false, other: null };
  const apply = (c: string): void => {
    switch (c) {
      case 'a':
        f.all = true;
        break;
      case 'l':
        f.listening = true;
        break;
      case 'n':
        f.numericHost = f.numericPort = true;
        break;
      case '!':
        f.numericHost = true;
        break;
      case '@':
        f.numericPort = true;
        break;
      case 'p':
        f.programs = true;
        break;
      case 'e':
        f.extend++;
        break;
      case 'o':
        f.timers = true;
        break;
      case 'W':
        f.wide = true;
        break;
      case 'c':
        f.continuous = true;
        break;
      case 't':
        f.tcp = true;
        break;
      case 'u':
        f.udp = true;
        break;
      case 'w':
        f.raw = true;
        break;
      case 'x':
        f.unix = true;
        break;
      case 'r':
        f.route = true;
        break;
      case 'i':
      case 's':
      case 'g':
      case 'M':
        f.other = c;
        break;
      case 'h':
      case '?':
        throw new Usage();
      default:
        break; // -v -N -F -C -4 -6 -U -S -d -#: accepted, nothing to change here
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0];
      const matches = Object.keys(LONG).filter((k) => k.startsWith(name));
      const exact = LONG[name];
      if (exact === undefined && matches.length !== 1) {
        ctx.err(matches.length > 1 ? `netstat: option '${a}' is ambiguous\n` : `netstat: unrecognized option '${a}'\n`);
        throw new Usage();
      }
      apply(exact ?? LONG[matches[0]]);
      continue;
    }
    if (!a.startsWith('-') || a === '-') continue; // socket/AF operands are not modelled
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      const at = OPTSTRING.indexOf(c);
      if (at < 0 || c === ':') {
        ctx.err(`netstat: invalid option -- '${c}'\n`);
        throw new Usage();
      }
      if (OPTSTRING[at + 1] === ':') {
        if (k + 1 === a.length) i++; // -A <af>
        break;
      }
      apply(c);
    }
  }
  return f;
}

/** `addr:port` cut to fit 23 columns unless -W (tcp_do_one: the address gives way to the port). */
function endpoint(ctx: CommandContext, f: Flags, ip: Ipv4, port: number, proto: 'tcp' | 'udp'): string {
  const addr = f.numericHost ? formatIpv4(ip) : displayHost(ctx.host, ip);
  const serv = port === 0 ? '*' : f.numericPort ? String(port) : (serviceName(port, proto) ?? String(port));
  const keep = f.wide ? addr : addr.slice(0, Math.max(0, 22 - serv.length));
  return `${keep}:${serv}`;
}

function rowLine(ctx: CommandContext, f: Flags, row: InetRow): string {
  const local = endpoint(ctx, f, row.localIp, row.localPort, row.proto);
  const remote = endpoint(ctx, f, row.remoteIp, row.remotePort, row.proto);
  const proto = row.proto === 'tcp' ? `${row.proto.padEnd(4)}  ` : `${row.proto.padEnd(5)} `;
  let s = `${proto}${String(row.recvQ).padStart(6)} ${String(row.sendQ).padStart(6)} ${local.padEnd(23)} ${remote.padEnd(23)} ${row.netstatState.padEnd(11)}`;
  if (f.extend > 1) s += ` ${(row.owner ? (ctx.host.procs.get(row.owner.pid)?.user ?? 'root') : 'root').padEnd(10)} ${String(row.inode).padEnd(10)}`;
  if (f.programs) s += ` ${netstatProgram(ctx.host, row.owner).padEnd(20)}`;
  if (f.timers) s += ` ${row.timer.kind === 'probe' ? 'probe' : row.timer.kind} (${(row.timer.leftUs / 1e6).toFixed(2)}/${row.timer.retransmits}/0)`;
  return s + '\n';
}

function listing(ctx: CommandContext, f: Flags): string {
  const none = !f.tcp && !f.udp && !f.raw && !f.unix;
  const inet = none || f.tcp || f.udp || f.raw;
  let out = '';
  if (inet) {
    out += `Active Internet connections ${f.all ? '(servers and established)' : f.listening ? '(only servers)' : '(w/o servers)'}\n`;
    out += 'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ';
    if (f.extend > 1) out += ' User       Inode     ';
    if (f.programs) out += ` ${'PID/Program name'.padEnd(20)}`;
    if (f.timers) out += ' Timer';
    out += '\n';
    // tcp_do_one: listeners have no remote port, connections do; udp_do_one: the remote address decides.
    const want = (r: InetRow) => f.all || (f.listening ? r.listening : !r.listening);
    if (none || f.tcp) for (const r of tcpRows(ctx.host)) if (want(r)) out += rowLine(ctx, f, r);
    if (none || f.udp) for (const r of udpRows(ctx.host)) if (want(r)) out += rowLine(ctx, f, r);
  }
  if (none || f.unix) {
    out += `Active UNIX domain sockets ${f.all ? '(servers and established)' : f.listening ? '(only servers)' : '(w/o servers)'}\n`;
    out += 'Proto RefCnt Flags       Type       State         I-Node  ';
    if (f.programs) out += ` ${'PID/Program name'.padEnd(20)}`;
    out += ' Path\n';
  }
  return out;
}

function* netstat(ctx: CommandContext) {
  let f: Flags;
  try {
    f = parse(ctx, ctx.argv.slice(1));
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    ctx.err(NETSTAT_USAGE);
    return E_USAGE;
  }
  if (f.other) {
    ctx.err(`netstat: -${f.other} is not simulated in lvslab (the socket tables and -r are)\n`);
    return 1;
  }
  for (;;) {
    if (f.route) ctx.out(routeTable(ctx, f.numericHost, f.extend === 2 ? 1 : f.extend === 1 ? 2 : f.extend));
    else ctx.out(listing(ctx, f));
    if (!f.continuous) return 0;
    yield sleep(1_000_000);
  }
}

register('netstat', { run: netstat, pkg: 'net-tools', summary: 'Print network connections, routing tables' });
