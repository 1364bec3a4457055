/**
 * `conntrack` (conntrack-tools 1.4.4): -L/--dump the connection tracking
 * table (optionally filtered), -C/--count, -F/--flush, -D/--delete. The
 * summary line goes to stderr, as the real tool writes it. -E (events),
 * -I/-U/-G and the expectation table are not simulated.
 */
import type { IpStack } from '../../../net/ip/stack';
import { IPS, type Conn } from '../../../net/netfilter/conntrack';
import { TCP_CT_NAMES_NFCT } from '../../../net/netfilter/conntrack-proto';
import { conntrackLine } from '../../../net/netfilter/ct-format';
import { peekXtables } from '../../../net/netfilter/xtables';
import type { Host } from '../../../os/host';
import { parseIpv4 } from '../../../wire/addr';
import { sync } from '../../command';
import { register } from '../../registry';
import { Getopt, type LongOpt } from './getopt';

const PROG = 'conntrack v1.4.4 (conntrack-tools)';

class CtError extends Error {
  constructor(readonly text: string, readonly status: number) {
    super(text);
  }
}
const paramError = (msg: string): never => {
  throw new CtError(`${PROG}: ${msg}\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`, 2);
};

const OPTS: readonly LongOpt[] = [
  { name: 'dump', hasArg: 2, val: 'L' },
  { name: 'create', hasArg: 2, val: 'I' },
  { name: 'delete', hasArg: 2, val: 'D' },
  { name: 'update', hasArg: 2, val: 'U' },
  { name: 'get', hasArg: 2, val: 'G' },
  { name: 'flush', hasArg: 2, val: 'F' },
  { name: 'event', hasArg: 2, val: 'E' },
  { name: 'counter', hasArg: 2, val: 'C' },
  { name: 'stats', hasArg: 2, val: 'S' },
  { name: 'version', hasArg: 0, val: 'V' },
  { name: 'help', hasArg: 0, val: 'h' },
  { name: 'orig-src', hasArg: 1, val: 's' },
  { name: 'src', hasArg: 1, val: 's' },
  { name: 'orig-dst', hasArg: 1, val: 'd' },
  { name: 'dst', hasArg: 1, val: 'd' },
  { name: 'reply-src', hasArg: 1, val: 'r' },
  { name: 'reply-dst', hasArg: 1, val: 'q' },
  { name: 'protonum', hasArg: 1, val: 'p' },
  { name: 'proto', hasArg: 1, val: 'p' },
  { name: 'src-nat', hasArg: 2, val: 'n' },
  { name: 'dst-nat', hasArg: 2, val: 'g' },
  { name: 'any-nat', hasArg: 2, val: 'j' },
  { name: 'output', hasArg: 1, val: 'o' },
  { name: 'family', hasArg: 1, val: 'f' },
];
/** Options of the tcp/udp protocol extension, known once -p names it. */
const PROTO_OPTS: readonly LongOpt[] = [
  { name: 'orig-port-src', hasArg: 1, val: 'sport' },
  { name: 'sport', hasArg: 1, val: 'sport' },
  { name: 'orig-port-dst', hasArg: 1, val: 'dport' },
  { name: 'dport', hasArg: 1, val: 'dport' },
];
const TCP_STATE_OPT: LongOpt = { name: 'state', hasArg: 1, val: 'state' };

const PROTOS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1 };

export function conntrackCmd(host: Host, argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    let command = '';
    let proto: number | undefined;
    let extended = false;
    const filters: Array<(c: Conn) => boolean> = [];
    const g = new Getopt(argv, ':L::I::U::D::G::E::F::hVs:d:r:q:p:t:u:e:a:z[:]:{:}:m:i:f:o:n::g::c:b:C::Sj::w:l:<:>::', () => [
      ...OPTS,
      ...(proto === 6 || proto === 17 ? PROTO_OPTS : []),
      ...(proto === 6 ? [TCP_STATE_OPT] : []),
    ]);
    const setCommand = (c: string) => {
      if (command) paramError('Invalid parameters');
      command = c;
    };
    const addr = (arg: string): number => {
      const ip = parseIpv4(arg);
      if (ip === undefined) paramError(`Invalid IP address \`${arg}'`);
      return ip!;
    };
    for (let r = g.next(); r; r = g.next()) {
      const a = r.optarg ?? '';
      switch (r.c) {
        case 'L':
        case 'D':
        case 'F':
        case 'C':
          setCommand(r.c);
          if (r.optarg && r.optarg !== 'conntrack') paramError(`Bad parameter \`${r.optarg}'`);
          break;
        case 'I':
        case 'U':
        case 'G':
        case 'E':
        case 'S':
          paramError(`-${r.c} is not supported by this simulator`);
          break;
        case 'h':
          out(USAGE);
          return 0;
        case 'V':
          out(`${PROG}\n`);
          return 0;
        case 's': {
          const ip = addr(a);
          filters.push((c) => c.orig.src === ip);
          break;
        }
        case 'd': {
          const ip = addr(a);
          filters.push((c) => c.orig.dst === ip);
          break;
        }
        case 'r': {
          const ip = addr(a);
          filters.push((c) => c.reply.src === ip);
          break;
        }
        case 'q': {
          const ip = addr(a);
          filters.push((c) => c.reply.dst === ip);
          break;
        }
        case 'p': {
          const p = PROTOS[a.toLowerCase()] ?? (/^\d+$/.test(a) ? Number(a) : undefined);
          if (p === undefined) paramError(`\`${a}' unsupported protocol`);
          proto = p;
          filters.push((c) => c.orig.proto === p);
          break;
        }
        case 'n':
          filters.push((c) => (c.status & IPS.SRC_NAT) !== 0);
          break;
        case 'g':
          filters.push((c) => (c.status & IPS.DST_NAT) !== 0);
          break;
        case 'j':
          filters.push((c) => (c.status & (IPS.SRC_NAT | IPS.DST_NAT)) !== 0);
          break;
        case 'o':
          for (const o of a.split(',')) {
            if (o === 'extended') extended = true;
            else if (!['id', 'timestamp', 'ktimestamp', 'labels'].includes(o)) paramError(`Bad parameter \`${o}'`);
          }
          break;
        case 'f':
          if (a !== 'ipv4') paramError(`Unknown layer 3 protocol \`${a}'`);
          break;
        case 'sport':
        case 'dport': {
          const port = /^\d+$/.test(a) ? Number(a) : NaN;
          if (!(port >= 0 && port <= 65535)) paramError(`Bad parameter \`${a}'`);
          filters.push(r.c === 'sport' ? (c) => c.orig.sport === port : (c) => c.orig.dport === port);
          break;
        }
        case 'state': {
          const s = TCP_CT_NAMES_NFCT.indexOf(a as (typeof TCP_CT_NAMES_NFCT)[number]);
          if (s < 0) paramError(`doesn't support this state \`${a}'`);
          filters.push((c) => c.tcpState === s);
          break;
        }
        case ':':
          paramError(`option \`${argv[g.optind - 1]}' requires an argument`);
          break;
        case 1:
          paramError(`Bad parameter \`${a}'`);
          break;
        default:
          paramError(`unknown option \`${argv[g.optind - 1]}'`);
      }
    }
    if (!command) paramError('no command specified');
    const ct = peekXtables(host.stack as IpStack)?.tracker ?? null;
    const now = host.world.now;
    const all = ct ? ct.list() : [];
    const shown = all.filter((c) => filters.every((f) => f(c)));
    switch (command) {
      case 'L':
        out(shown.map((c) => conntrackLine(c, now, extended) + '\n').join(''));
        err(`${PROG}: ${shown.length} flow entries have been shown.\n`);
        return 0;
      case 'C':
        out(`${shown.length}\n`);
        return 0;
      case 'F':
        ct?.flush();
        err(`${PROG}: connection tracking table has been emptied.\n`);
        return 0;
      default: {
        // -D: each deleted entry is printed as it goes.
        out(shown.map((c) => conntrackLine(c, now, extended) + '\n').join(''));
        for (const c of shown) ct?.destroy(c, 'flush');
        err(`${PROG}: ${shown.length} flow entries have been deleted.\n`);
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof CtError) {
      err(e.text);
      return e.status;
    }
    throw e;
  }
}

const USAGE = `Command line interface for the connection tracking system. Version 1.4.4
Usage: conntrack [commands] [options]

Commands:
  -L [table] [options]\t\tList conntrack or expectation table
  -G [table] parameters\t\tGet conntrack or expectation
  -D [table] parameters\t\tDelete conntrack or expectation
  -I [table] parameters\t\tCreate a conntrack or expectation
  -U [table] parameters\t\tUpdate a conntrack
  -E [table] [options]\t\tShow events
  -F [table]\t\t\tFlush table
  -C [table]\t\t\tShow counter
  -S\t\t\t\tShow statistics
`;

register('conntrack', {
  pkg: 'conntrack-tools',
  summary: 'command line interface for netfilter connection tracking',
  run: sync((ctx) => conntrackCmd(ctx.host, ctx.argv, (s) => ctx.out(s), (s) => ctx.err(s))),
});
