/**
 * route, as net-tools 2.0 (CentOS 7) prints and parses it: route.c,
 * lib/inet_gr.c (the table, read from /proc/net/route = the main table),
 * lib/inet_sr.c (add/del through the SIOCADDRT/SIOCDELRT ioctls, whose kernel
 * side is fib_frontend.c rtentry_to_fib_config). Without -n, `default`,
 * /etc/hosts names and nss-myhostname's `gateway` replace numbers.
 *
 * Simplifications: `-e`/`-ee` columns show MSS/Window/irtt as 0; `mss`,
 * `window`, `irtt`, `mod`, `dyn`, `reinstate` are accepted and change nothing;
 * `-C` prints the empty routing cache of Linux 3.10; only the inet family.
 */
import { register } from '../../registry';
import { sync, type CommandContext } from '../../command';
import type { Route } from '../../../net/ip/route';
import { formatIpv4, maskToPrefix, prefixToMask, type Ipv4 } from '../../../wire/addr';
import { deviceOf, gethostbyaddr, getnetbyaddr, netToolsResolve, stackOf, STRERROR, strtoul0, type Errno } from './inet';
import { addrType, nexthopDev, sameRoute } from './fib';

const E_OPTERR = 3;
const E_USAGE = 4;
const E_VERSION = 5;
const E_LOOKUP = 6;
const E_SOCK = 7;

const RTF = { UP: 0x1, GATEWAY: 0x2, HOST: 0x4, REINSTATE: 0x8, DYNAMIC: 0x10, MODIFIED: 0x20, REJECT: 0x200 } as const;

const ROUTE_USAGE =
  'Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n' +
  '       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.\n' +
  '\n' +
  '       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.\n' +
  '       route {-V|--version}                  Display version/author and exit.\n' +
  '\n' +
  '        -v, --verbose            be verbose\n' +
  '        -n, --numeric            don\'t resolve names\n' +
  '        -e, --extend             display other/more information\n' +
  '        -F, --fib                display Forwarding Information Base (default)\n' +
  '        -C, --cache              display routing cache instead of FIB\n' +
  '\n' +
  "  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet\n" +
  '  List of possible address families (which support routing):\n' +
  '    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n' +
  '    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n' +
  '    ddp (Appletalk DDP) x25 (CCITT X.25) \n';

const INET_USAGE =
  'Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]\n' +
  '       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]\n' +
  '                              [netmask N] [mss Mss] [window W] [irtt I]\n' +
  '                              [mod] [dyn] [reinstate] [[dev] If]\n' +
  '       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject\n' +
  '       inet_route [-FC] flush      NOT supported\n';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** /proc/net/route flags (fib_flag_trans). */
function rtFlags(r: Route): number {
  let f = r.gateway ? RTF.GATEWAY : 0;
  if (r.type === 'unreachable' || r.type === 'prohibit') f = RTF.REJECT;
  if (r.gateway) f |= RTF.GATEWAY;
  if (r.prefixLen === 32) f |= RTF.HOST;
  return f | RTF.UP;
}

function flagText(f: number): string {
  let s = '';
  if (f & RTF.UP) s += 'U';
  if (f & RTF.GATEWAY) s += 'G';
  if (f & RTF.REJECT) s = '!';
  if (f & RTF.HOST) s += 'H';
  if (f & RTF.REINSTATE) s += 'R';
  if (f & RTF.DYNAMIC) s += 'D';
  if (f & RTF.MODIFIED) s += 'M';
  return s;
}

const col = (s: string, n: number) => s.slice(0, 15).padEnd(n);

/** rprint_fib */
export function routeTable(ctx: CommandContext, numeric: boolean, ext: number): string {
  const stack = stackOf(ctx.host);
  let out = 'Kernel IP routing table\n';
  if (ext === 1) out += 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
  else if (ext === 2) out += 'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n';
  else out += 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n';
  for (const r of stack.routes.main()) {
    if (r.type === 'broadcast') continue;
    const f = rtFlags(r);
    const mask = prefixToMask(r.prefixLen);
    let dst: string;
    if (numeric) dst = formatIpv4(r.dst);
    else if (r.dst === 0) dst = 'default';
    else if (f & RTF.HOST || (r.dst & ~mask) !== 0) dst = gethostbyaddr(ctx.host, r.dst) ?? formatIpv4(r.dst);
    else dst = getnetbyaddr(r.dst) ?? formatIpv4(r.dst);
    const gw = numeric || r.gateway === 0 ? formatIpv4(r.gateway) : (gethostbyaddr(ctx.host, r.gateway) ?? formatIpv4(r.gateway));
    const m = formatIpv4(mask);
    const fl = flagText(f);
    const iface = r.dev || '*';
    const reject = (f & RTF.REJECT) !== 0;
    if (ext === 1) {
      out += reject
        ? `${col(dst, 15)} -               ${col(m, 15)} ${fl.padEnd(5)} ${String(r.metric).padEnd(6)} -  ${'0'.padStart(7)} -\n`
        : `${col(dst, 15)} ${col(gw, 15)} ${col(m, 15)} ${fl.padEnd(5)} ${String(r.metric).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${iface}\n`;
    } else if (ext === 2) {
      out += reject
        ? `${col(dst, 15)} -               ${col(m, 15)} ${fl.padEnd(5)}     - -          - -\n`
        : `${col(dst, 15)} ${col(gw, 15)} ${col(m, 15)} ${fl.padEnd(5)} ${'0'.padStart(5)} ${'0'.padEnd(5)} ${'0'.padStart(6)} ${iface}\n`;
    } else {
      out += reject
        ? `${col(dst, 15)} -               ${col(m, 15)} ${fl.padEnd(5)} ${String(r.metric).padEnd(6)} -  ${'0'.padStart(7)} -        -     -      -\n`
        : `${col(dst, 15)} ${col(gw, 15)} ${col(m, 15)} ${fl.padEnd(5)} ${String(r.metric).padEnd(6)} ${'0'.padEnd(3)} ${'0'.padStart(6)} ${iface.slice(0, 6).padEnd(6)}   ${'0'.padEnd(5)} ${'0'.padEnd(6)} 0\n`;
    }
  }
  return out;
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
  // route.c turns -net / -host into #net / #host before getopt sees them.
  const argv = ctx.argv.slice(1).map((a) => (a === '-net' ? '#net' : a === '-host' ? '#host' : a));
  let numeric = false;
  let ext = 0;
  let cache = false;
  const usage = (): never => {
    ctx.err(ROUTE_USAGE);
    throw new Exit(E_USAGE);
  };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const long = a.slice(2);
      if (long === 'numeric') numeric = true;
      else if (long === 'extend') ext++;
      else if (long === 'verbose' || long === 'fib' || long === 'inet') continue;
      else if (long === 'cache') cache = true;
      else if (long === 'version') {
        ctx.err('net-tools 2.10-alpha\n');
        return E_VERSION;
      } else if (long === 'help') usage();
      else {
        ctx.err(`route: unrecognized option '${a}'\n`);
        usage();
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const o = a[k];
        if (o === 'n') numeric = true;
        else if (o === 'e') ext++;
        else if (o === 'v' || o === 'F' || o === 'N' || o === '4') continue;
        else if (o === 'C') cache = true;
        else if (o === 'V') {
          ctx.err('net-tools 2.10-alpha\n');
          return E_VERSION;
        } else if (o === 'h' || o === '?') usage();
        else if (o === 'A') {
          const af = a.slice(k + 1) || argv[++i];
          if (af !== 'inet') {
            ctx.err(`route: address family \`${af}' is not modelled in lvslab (only inet).\n`);
            return 1;
          }
          break;
        } else {
          ctx.err(`route: invalid option -- '${o}'\n`);
          usage();
        }
      }
      continue;
    }
    rest.push(a);
  }

  if (rest.length === 0) {
    if (cache) {
      ctx.out('Kernel IP routing cache\nSource          Destination     Gateway         Flags Metric Ref    Use Iface\n');
      return 0;
    }
    ctx.out(routeTable(ctx, numeric, ext === 0 ? 1 : ext === 1 ? 2 : 3));
    return 0;
  }
  const action = rest.shift()!;
  if (action !== 'add' && action !== 'del' && action !== 'delete' && action !== 'flush') usage();
  if (action === 'flush') {
    ctx.err("Flushing `inet' routing table not supported\n" + INET_USAGE);
    return E_USAGE;
  }
  if (cache) {
    ctx.err("Modifying `inet' routing cache not supported\n" + INET_USAGE);
    return E_USAGE;
  }
  return setroute(ctx, action === 'add' ? 'add' : 'del', rest);
}

/** INET_setroute + the kernel's answer. */
function setroute(ctx: CommandContext, action: 'add' | 'del', args: string[]): number {
  const inetUsage = () => {
    ctx.err(INET_USAGE);
    return E_USAGE;
  };
  let xflag = 0;
  if (args[0] === '#net') {
    xflag = 1;
    args.shift();
  } else if (args[0] === '#host') {
    xflag = 2;
    args.shift();
  }
  if (args.length === 0) return inetUsage();
  let target = args.shift()!;
  let genmask: Ipv4 | undefined;
  let netmaskText = 'default';
  // INET_getnetmask: Target/prefix.
  const slash = target.indexOf('/');
  if (slash >= 0) {
    const p = strtoul0(target.slice(slash + 1));
    if (p === undefined) return inetUsage();
    genmask = p >= 32 ? 0xffffffff : ~(0xffffffff >>> p) >>> 0;
    netmaskText = `/${p}`;
    target = target.slice(0, slash);
  }
  const res = netToolsResolve(ctx.host, target, xflag === 2);
  if (!res) {
    ctx.err(`${target}: Unknown host\n`);
    return E_LOOKUP;
  }
  let isnet = xflag === 1 ? true : xflag === 2 ? false : res.isNet;
  const dstIp = res.ip;
  let flags: number = RTF.UP | (isnet ? 0 : RTF.HOST);
  let metric = 0;
  let gateway: Ipv4 | undefined;
  let dev: string | undefined;

  while (args.length) {
    const a = args.shift()!;
    if (a === 'metric') {
      const v = args.shift();
      if (v === undefined || !/^\d/.test(v)) return inetUsage();
      metric = parseInt(v, 10) + 1;
      continue;
    }
    if (a === 'netmask') {
      const v = args.shift();
      if (v === undefined || genmask !== undefined) return inetUsage();
      netmaskText = v;
      const m = netToolsResolve(ctx.host, v);
      if (!m) {
        ctx.err(`${v}: Unknown host\n`);
        return E_LOOKUP;
      }
      isnet = m.isNet;
      genmask = m.ip;
      continue;
    }
    if (a === 'gw' || a === 'gateway') {
      const v = args.shift();
      if (v === undefined || flags & RTF.GATEWAY) return inetUsage();
      const g = netToolsResolve(ctx.host, v, true);
      if (!g) {
        ctx.err(`${v}: Unknown host\n`);
        return E_LOOKUP;
      }
      if (g.isNet) {
        ctx.err(`route: ${v}: cannot use a NETWORK as gateway!\n` + INET_USAGE);
        return E_OPTERR;
      }
      gateway = g.ip;
      flags |= RTF.GATEWAY;
      continue;
    }
    if (a === 'mss' || a === 'mtu' || a === 'window' || a === 'irtt') {
      if (args.shift() === undefined) return inetUsage();
      continue;
    }
    if (a === 'reject') {
      flags |= RTF.REJECT;
      continue;
    }
    if (a === 'mod' || a === 'dyn' || a === 'reinstate') continue;
    if (a === 'device' || a === 'dev') {
      const v = args.shift();
      if (dev !== undefined || v === undefined) return inetUsage();
      dev = v;
      continue;
    }
    if (dev === undefined) {
      dev = a;
      if (args.length) return inetUsage();
    } else return inetUsage();
  }
  if (flags & RTF.REJECT && dev === undefined) dev = 'lo';

  if (genmask !== undefined && genmask !== 0) {
    const inv = ~genmask >>> 0;
    if (flags & RTF.HOST && inv !== 0xffffffff) {
      ctx.err(`route: netmask ${inv.toString(16).padStart(8, '0')} doesn't make sense with host route\n` + INET_USAGE);
      return E_OPTERR;
    }
    if ((inv & (inv + 1)) !== 0) {
      ctx.err(`route: bogus netmask ${netmaskText}\n` + INET_USAGE);
      return E_OPTERR;
    }
    if ((dstIp & inv) !== 0) {
      ctx.err("route: netmask doesn't match route address\n" + INET_USAGE);
      return E_OPTERR;
    }
  }
  void isnet;

  const e = action === 'add' ? kernelAdd(ctx, { dst: dstIp, genmask: genmask ?? 0, flags, metric, gateway, dev }) : kernelDel(ctx, { dst: dstIp, genmask: genmask ?? 0, flags, metric, gateway, dev });
  if (e) {
    ctx.err(`${action === 'add' ? 'SIOCADDRT' : 'SIOCDELRT'}: ${STRERROR[e]}\n`);
    return E_SOCK;
  }
  return 0;
}

interface Rtentry {
  dst: Ipv4;
  genmask: Ipv4;
  flags: number;
  /** rt_metric: the metric + 1, 0 when not given. */
  metric: number;
  gateway?: Ipv4;
  dev?: string;
}

/** rtentry_to_fib_config: prefix length, device (an alias name gives its address as preferred source). */
function prefixOf(rt: Rtentry): number | Errno {
  if (rt.flags & RTF.HOST) return 32;
  const len = maskToPrefix(rt.genmask);
  // bad_mask: host bits outside the mask, or a mask with holes.
  if (len === undefined || (rt.dst & ~rt.genmask) !== 0) return 'EINVAL';
  return len;
}

function kernelAdd(ctx: CommandContext, rt: Rtentry): Errno | null {
  const stack = stackOf(ctx.host);
  const len = prefixOf(rt);
  if (typeof len === 'string') return len;
  const metric = rt.metric ? rt.metric - 1 : 0;
  let route: Route;
  if (rt.flags & RTF.REJECT) {
    route = { table: 'main', type: 'unreachable', dst: rt.dst, prefixLen: len, gateway: 0, dev: '', proto: 'boot', scope: 'host', prefsrc: 0, metric };
  } else {
    let oif: string | undefined;
    let prefsrc = 0;
    if (rt.dev !== undefined) {
      const d = deviceOf(stack, rt.dev);
      if (!d) return 'ENODEV';
      oif = d.name;
      if (rt.dev.includes(':')) {
        const ifa = d.addrs.find((a) => a.label === rt.dev);
        if (!ifa) return 'ENODEV';
        prefsrc = ifa.ip;
      }
    }
    if (rt.flags & RTF.GATEWAY && !rt.gateway) return 'EINVAL';
    let scope: Route['scope'] = 'link';
    let dev: string;
    if (rt.gateway) {
      const unicastGw = addrType(stack, rt.gateway) === 'unicast';
      if (rt.flags & RTF.GATEWAY && unicastGw) scope = 'global';
      const nh = nexthopDev(stack, rt.gateway, oif, scope === 'link' ? 'host' : 'link');
      if (typeof nh !== 'string') return nh.errno;
      dev = nh;
    } else {
      if (!oif) return 'ENODEV';
      if (!stack.iface(oif)!.up) return 'ENETDOWN';
      dev = oif;
    }
    route = { table: 'main', type: 'unicast', dst: rt.dst, prefixLen: len, gateway: rt.gateway ?? 0, dev, proto: 'boot', scope, prefsrc, metric };
  }
  if (stack.routes.routes.some((r) => sameRoute(r, route))) return 'EEXIST';
  stack.addRoute(route, { mode: 'create' });
  return null;
}

/** fib_table_delete: the first route of that prefix matching what was given. */
function kernelDel(ctx: CommandContext, rt: Rtentry): Errno | null {
  const stack = stackOf(ctx.host);
  const len = prefixOf(rt);
  if (typeof len === 'string') return len;
  const type = rt.flags & RTF.REJECT ? 'unreachable' : 'unicast';
  let oif: string | undefined;
  if (rt.dev !== undefined && !(rt.flags & RTF.REJECT)) {
    const d = deviceOf(stack, rt.dev);
    if (!d) return 'ENODEV';
    oif = d.name;
  }
  const scope = rt.flags & RTF.REJECT ? 'host' : rt.gateway && rt.flags & RTF.GATEWAY && addrType(stack, rt.gateway) === 'unicast' ? 'global' : undefined;
  const victim = stack.routes.routes.find(
    (r) =>
      r.table === 'main' &&
      r.dst === rt.dst &&
      r.prefixLen === len &&
      r.type === type &&
      (scope === undefined || r.scope === scope) &&
      (rt.metric <= 1 || r.metric === rt.metric - 1) &&
      (!oif || r.dev === oif) &&
      (!rt.gateway || r.gateway === rt.gateway),
  );
  if (!victim) return 'ESRCH';
  stack.deleteRoute(victim);
  return null;
}

register('route', { pkg: 'net-tools', summary: 'show / manipulate the IP routing table (net-tools)', run: sync(run) });
