/**
 * ip (iproute 4.11.0 on CentOS 7, ip/ip.c): global options, then the object
 * (`address`, `link`, `route`, `neigh`, abbreviable as iproute2 allows:
 * `ip a`, `ip r`, `ip n`, `ip l`). Exit codes as ip's: 0; 1 for lookup and
 * parse errors; 2 when the kernel refused (RTNETLINK answers); 255 for
 * command-line errors.
 *
 * Simplifications: IPv4 only (`-6` and inet6 output are not modelled);
 * `-o`, `-br`, `-j`, `-r`, `-s` statistics and objects other than the four
 * above answer that lvslab does not model them. See each ip-*.ts for more.
 */
import { register } from '../../registry';
import { sync, type CommandContext } from '../../command';
import { stackOf } from './inet';
import { IpExit, matches, type IpCtx, type IpOpts } from './ip-common';
import { ipAddr } from './ip-addr';
import { ipLink } from './ip-link';
import { ipNeigh } from './ip-neigh';
import { ipRoute } from './ip-route';

const USAGE =
  'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n' +
  '       ip [ -force ] -batch filename\n' +
  'where  OBJECT := { link | address | addrlabel | route | rule | neigh | ntable |\n' +
  '                   tunnel | tuntap | maddress | mroute | mrule | monitor | xfrm |\n' +
  '                   netns | l2tp | fou | macsec | tcp_metrics | token | netconf | ila |\n' +
  '                   vrf }\n' +
  '       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |\n' +
  '                    -h[uman-readable] | -iec |\n' +
  '                    -f[amily] { inet | inet6 | ipx | dnet | mpls | bridge | link } |\n' +
  '                    -4 | -6 | -I | -D | -B | -0 |\n' +
  '                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |\n' +
  '                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |\n' +
  '                    -rc[vbuf] [size] | -n[etns] name | -a[ll] | -c[olor]}\n';

/** ip.c's object table, in its order: the first whose name starts with what was typed wins. */
const OBJECTS: Array<[string, ((c: IpCtx, argv: string[]) => number) | null]> = [
  ['address', ipAddr],
  ['addrlabel', null],
  ['maddress', null],
  ['route', ipRoute],
  ['rule', null],
  ['neighbor', ipNeigh],
  ['neighbour', ipNeigh],
  ['ntable', null],
  ['ntbl', null],
  ['link', ipLink],
  ['l2tp', null],
  ['fou', null],
  ['ila', null],
  ['macsec', null],
  ['tunnel', null],
  ['tunl', null],
  ['tuntap', null],
  ['tap', null],
  ['token', null],
  ['tcpmetrics', null],
  ['tcp_metrics', null],
  ['monitor', null],
  ['xfrm', null],
  ['mroute', null],
  ['mrule', null],
  ['netns', null],
  ['netconf', null],
  ['vrf', null],
  ['help', null],
];

function run(ctx: CommandContext): number {
  const opts: IpOpts = { family: 'any', stats: 0, details: 0 };
  const c: IpCtx = { ctx, stack: stackOf(ctx.host), opts };
  const argv = ctx.argv.slice(1);
  try {
    while (argv.length && argv[0].startsWith('-')) {
      let o = argv.shift()!;
      if (o === '--') break;
      if (o.startsWith('--')) o = o.slice(1);
      if (o === '-4') opts.family = 'inet';
      else if (o === '-0') opts.family = 'link';
      else if (o === '-6') {
        ctx.err('ip -6: IPv6 is not modelled in lvslab.\n');
        return 1;
      } else if (matches(o, '-family') && o.length > 2) {
        const f = argv.shift();
        if (f === 'inet') opts.family = 'inet';
        else if (f === 'link') opts.family = 'link';
        else if (f === undefined) {
          ctx.err('Command line is not complete. Try option "help"\n');
          return 255;
        } else {
          ctx.err(`ip -f ${f}: only inet and link are modelled in lvslab.\n`);
          return 1;
        }
      } else if (matches(o, '-statistics') || matches(o, '-stats')) opts.stats++;
      else if (matches(o, '-details')) opts.details++;
      else if (matches(o, '-Version')) {
        ctx.out('ip utility, iproute2-ss170501\n');
        return 0;
      } else if (matches(o, '-help')) {
        ctx.err(USAGE);
        return 255;
      } else if (matches(o, '-resolve') || matches(o, '-human-readable') || matches(o, '-iec') || matches(o, '-timestamp') || matches(o, '-tshort') || o === '-a' || matches(o, '-all')) {
        continue;
      } else if (matches(o, '-oneline') || matches(o, '-brief') || matches(o, '-json') || matches(o, '-batch') || matches(o, '-netns') || matches(o, '-color')) {
        ctx.err(`ip ${o}: not modelled in lvslab.\n`);
        return 1;
      } else {
        ctx.err(`Option "${o}" is unknown, try "ip -help".\n`);
        return 255;
      }
    }
    if (argv.length === 0) {
      ctx.err(USAGE);
      return 255;
    }
    const obj = argv.shift()!;
    const hit = OBJECTS.find(([name]) => matches(obj, name));
    if (!hit) {
      ctx.err(`Object "${obj}" is unknown, try "ip help".\n`);
      return 1;
    }
    const [name, fn] = hit;
    if (name === 'help') {
      ctx.err(USAGE);
      return 255;
    }
    if (!fn) {
      ctx.err(`ip ${name}: not modelled in lvslab (address, link, route and neigh are).\n`);
      return 1;
    }
    return fn(c, argv);
  } catch (e) {
    if (e instanceof IpExit) return e.code;
    throw e;
  }
}

register('ip', { pkg: 'iproute', summary: 'show / manipulate routing, devices and addresses (iproute2)', run: sync(run) });
