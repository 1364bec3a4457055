/**
 * `ip route` (iproute2 4.11 ip/iproute.c) over the stack's FIB, with the
 * kernel's answers of Linux 3.10 (no extended-ack messages): show/list, add,
 * del, replace, append, change, get, flush.
 *
 * Simplifications: no route cache, multipath, policy tables other than main
 * and local, route metrics (mtu, advmss, …) or `ip -s`; `proto` is one of
 * kernel/boot/static.
 */
import type { Route, RouteType } from '../../../net/ip/route';
import type { Scope } from '../../../net/ip/iface';
import { formatIpv4, isMulticastIpv4, networkOf, IPV4_BROADCAST, type Ipv4 } from '../../../wire/addr';
import { Args, devOrDie, die, duparg2, getAddr, getPrefix, invarg, matches, rtnl, type IpCtx, type Prefix } from './ip-common';
import { nexthopDev, sameRoute } from './fib';

const TYPES: RouteType[] = ['unicast', 'local', 'broadcast', 'unreachable', 'prohibit', 'blackhole'];
const PROTOS: Route['proto'][] = ['kernel', 'boot', 'static'];

interface Filter {
  table: 'main' | 'local' | 'all';
  dev?: string;
  proto?: Route['proto'];
  scope?: Scope;
  type?: RouteType;
  dst?: Prefix;
}

/** print_route: fields a filter pins are not printed. */
export function routeLine(r: Route, f: Partial<Filter> = {}): string {
  let s = '';
  if (r.type !== 'unicast' && !f.type) s += `${r.type} `;
  s += r.prefixLen === 0 ? 'default ' : r.prefixLen === 32 ? `${formatIpv4(r.dst)} ` : `${formatIpv4(r.dst)}/${r.prefixLen} `;
  if (r.gateway) s += `via ${formatIpv4(r.gateway)} `;
  if (r.dev && !f.dev) s += `dev ${r.dev} `;
  if (f.table === 'all' && r.table !== 'main') s += `table ${r.table} `;
  if (r.proto !== 'boot' && !f.proto) s += `proto ${r.proto} `;
  if (r.scope !== 'global' && !f.scope) s += `scope ${r.scope} `;
  if (r.prefsrc) s += `src ${formatIpv4(r.prefsrc)} `;
  if (r.metric) s += `metric ${r.metric} `;
  return s + '\n';
}

/** Dump order: main before local, each by destination then longest prefix (the trie walk). */
function dump(c: IpCtx, table: Filter['table']): Route[] {
  const order = (rs: Route[]) => rs.slice().sort((a, b) => a.dst - b.dst || b.prefixLen - a.prefixLen || a.metric - b.metric);
  const main = c.stack.routes.main();
  const local = order(c.stack.routes.local());
  return table === 'main' ? main : table === 'local' ? local : [...main, ...local];
}

function parseFilter(c: IpCtx, args: Args, flush: boolean): Filter {
  const f: Filter = { table: 'main' };
  let any = false;
  while (args.more) {
    const a = args.take();
    any = true;
    if (matches(a, 'table')) {
      const t = args.next();
      if (t === 'main' || t === '254') f.table = 'main';
      else if (t === 'local' || t === '255') f.table = 'local';
      else if (t === 'all' || t === '0') f.table = 'all';
      else invarg(c, 'table id value is invalid\n', t);
    } else if (a === 'dev' || a === 'oif') {
      f.dev = devOrDie(c, args.next()).name;
    } else if (matches(a, 'protocol')) {
      const p = args.next();
      if (!PROTOS.includes(p as Route['proto'])) invarg(c, 'invalid "protocol"\n', p);
      f.proto = p as Route['proto'];
    } else if (a === 'scope') {
      const s = args.next();
      if (s !== 'global' && s !== 'link' && s !== 'host') invarg(c, 'invalid "scope"\n', s);
      f.scope = s as Scope;
    } else if (a === 'type') {
      const t = args.next();
      if (!TYPES.includes(t as RouteType)) invarg(c, 'node type value is invalid\n', t);
      f.type = t as RouteType;
    } else if (a === 'cache') {
      continue;
    } else {
      const v = a === 'to' || a === 'exact' || a === 'root' || a === 'match' ? args.next() : a;
      f.dst = getPrefix(c, v);
    }
  }
  if (flush && !any) die(c, '"ip route flush" requires arguments.\n', 1);
  return f;
}

function selected(r: Route, f: Filter): boolean {
  if (f.dev && r.dev !== f.dev) return false;
  if (f.proto && r.proto !== f.proto) return false;
  if (f.scope && r.scope !== f.scope) return false;
  if (f.type && r.type !== f.type) return false;
  if (f.dst && (r.prefixLen !== f.dst.len || r.dst !== networkOf(f.dst.ip, f.dst.len))) return false;
  return true;
}

function show(c: IpCtx, args: Args): number {
  const f = parseFilter(c, args, false);
  c.ctx.out(
    dump(c, f.table)
      .filter((r) => selected(r, f))
      .map((r) => routeLine(r, f))
      .join(''),
  );
  return 0;
}

function flush(c: IpCtx, args: Args): number {
  if (args.peek() === 'cache' && args.list.length - args.i === 1) return 0;
  const f = parseFilter(c, args, true);
  for (const r of dump(c, f.table).filter((x) => selected(x, f))) c.stack.deleteRoute(r);
  return 0;
}

type Cmd = 'add' | 'del' | 'replace' | 'append' | 'prepend' | 'change';

interface RouteReq {
  type?: RouteType;
  dst?: Prefix;
  gateway?: Ipv4;
  dev?: string;
  prefsrc?: Ipv4;
  metric?: number;
  proto?: Route['proto'];
  scope?: Scope;
  table?: 'main' | 'local';
  onlink: boolean;
}

function parseReq(c: IpCtx, args: Args): RouteReq {
  const q: RouteReq = { onlink: false };
  while (args.more) {
    const a = args.take();
    if (a === 'src') q.prefsrc = getAddr(c, args.next());
    else if (a === 'via') {
      if (q.gateway !== undefined) invarg(c, 'use nexthop syntax to specify multiple via\n', a);
      let v = args.next();
      if (v === 'inet') v = args.next();
      q.gateway = getAddr(c, v);
    } else if (a === 'dev' || a === 'oif') q.dev = args.next();
    else if (matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      const v = args.next();
      if (!/^\d+$/.test(v)) invarg(c, '"metric" value is invalid\n', v);
      q.metric = Number(v);
    } else if (matches(a, 'protocol')) {
      const p = args.next();
      if (!PROTOS.includes(p as Route['proto'])) invarg(c, '"protocol" value is invalid\n', p);
      q.proto = p as Route['proto'];
    } else if (matches(a, 'scope')) {
      const s = args.next();
      if (s !== 'global' && s !== 'link' && s !== 'host') invarg(c, 'invalid "scope" value\n', s);
      q.scope = s as Scope;
    } else if (matches(a, 'table')) {
      const t = args.next();
      if (t === 'main' || t === '254') q.table = 'main';
      else if (t === 'local' || t === '255') q.table = 'local';
      else invarg(c, '"table" value is invalid\n', t);
    } else if (a === 'onlink') q.onlink = true;
    else {
      let v = a === 'to' ? args.next() : a;
      if (TYPES.includes(v as RouteType) && !/^\d/.test(v)) {
        q.type = v as RouteType;
        v = args.next();
      }
      if (q.dst) duparg2(c, 'to', v);
      q.dst = getPrefix(c, v);
    }
  }
  return q;
}

/** iproute_modify + the kernel's fib_create_info / fib_table_insert / fib_table_delete checks. */
function modify(c: IpCtx, args: Args, cmd: Cmd): number {
  const q = parseReq(c, args);
  if (!q.dst) die(c, 'Command line is not complete. Try option "help"\n', -1);
  const dst = q.dst!;
  const devIface = q.dev !== undefined ? devOrDie(c, q.dev) : undefined;
  const table = q.table ?? (q.type === 'local' ? 'local' : 'main');
  // fib_table_insert/delete: host bits under the mask are EINVAL.
  if (networkOf(dst.ip, dst.len) !== dst.ip) rtnl(c, 'Invalid argument');

  if (cmd === 'del') {
    const victim = c.stack.routes.routes.find(
      (r) =>
        r.table === table &&
        r.dst === dst.ip &&
        r.prefixLen === dst.len &&
        (!q.type || r.type === q.type) &&
        (!q.scope || r.scope === q.scope) &&
        (!q.prefsrc || r.prefsrc === q.prefsrc) &&
        (!q.proto || r.proto === q.proto) &&
        (!q.metric || r.metric === q.metric) &&
        (q.gateway === undefined || r.gateway === q.gateway) &&
        (!devIface || r.dev === devIface.name),
    );
    if (!victim) rtnl(c, 'No such process');
    c.stack.deleteRoute(victim!);
    return 0;
  }

  const type = q.type ?? 'unicast';
  const reject = type === 'unreachable' || type === 'prohibit' || type === 'blackhole';
  let scope: Scope = q.scope ?? (type === 'local' ? 'host' : type === 'broadcast' ? 'link' : q.gateway === undefined ? 'link' : 'global');
  if (reject && q.scope === undefined) scope = 'global';
  let dev = devIface?.name ?? '';
  if (reject) {
    if (q.gateway !== undefined || devIface) rtnl(c, 'Invalid argument');
  } else if (q.gateway !== undefined) {
    if (scope === 'host') rtnl(c, 'Invalid argument');
    if (q.onlink) {
      if (!devIface) rtnl(c, 'Invalid argument');
      if (!devIface!.up) rtnl(c, 'Network is down');
    } else {
      const nh = nexthopDev(c.stack, q.gateway, devIface?.name, scope === 'link' ? 'host' : 'link');
      if (typeof nh !== 'string') rtnl(c, nh.errno === 'ENETUNREACH' ? 'Network is unreachable' : 'Invalid argument');
      dev = nh as string;
    }
  } else {
    if (!devIface) rtnl(c, 'No such device');
    if (!devIface!.up) rtnl(c, 'Network is down');
  }
  if (q.prefsrc !== undefined && !c.stack.isLocalAddress(q.prefsrc)) rtnl(c, 'Invalid argument');

  const route: Route = {
    table,
    type,
    dst: dst.ip,
    prefixLen: dst.len,
    gateway: q.gateway ?? 0,
    dev,
    proto: q.proto ?? 'boot',
    scope,
    prefsrc: q.prefsrc ?? 0,
    metric: q.metric ?? 0,
  };
  const same = c.stack.routes.routes.filter((r) => r.table === table && r.dst === route.dst && r.prefixLen === route.prefixLen && r.metric === route.metric);
  if (cmd === 'add' && same.length) rtnl(c, 'File exists');
  if (cmd === 'change' && !same.length) rtnl(c, 'No such file or directory');
  if ((cmd === 'append' || cmd === 'prepend') && same.some((r) => sameRoute(r, route))) rtnl(c, 'File exists');
  if ((cmd === 'replace' || cmd === 'change') && same.length) c.stack.deleteRoute(same[0]);
  c.stack.addRoute(route, { mode: cmd === 'append' ? 'append' : 'create' });
  return 0;
}

/** `ip route get`: the route a locally generated packet to ADDR would take. */
function get(c: IpCtx, args: Args): number {
  let dst: Ipv4 | undefined;
  let oif: string | undefined;
  while (args.more) {
    const a = args.take();
    if (a === 'oif' || a === 'dev') oif = devOrDie(c, args.next()).name;
    else if (a === 'from' || a === 'iif' || a === 'tos' || a === 'dsfield' || a === 'mark') args.next();
    else if (a === 'connected') continue;
    else {
      const v = a === 'to' ? args.next() : a;
      if (dst !== undefined) duparg2(c, 'to', v);
      const p = getPrefix(c, v);
      dst = p.ip;
    }
  }
  if (dst === undefined) die(c, 'need at least a destination address\n', 1);
  const st = c.stack;
  const r = st.routeOutput(dst!, oif);
  if (!r) rtnl(c, 'Network is unreachable');
  const route = r!;
  const d = formatIpv4(dst!);
  if (route.type === 'local') {
    const src = route.prefsrc || dst!;
    c.ctx.out(`local ${d} dev lo src ${formatIpv4(src)} \n    cache <local> \n`);
    return 0;
  }
  const dev = st.iface(route.dev)!;
  const src = route.prefsrc || st.selectSource(dev, route.gateway || dst!);
  if (route.type === 'broadcast' || dst === IPV4_BROADCAST) {
    c.ctx.out(`broadcast ${d} dev ${route.dev} src ${formatIpv4(src)} \n    cache <local,brd> \n`);
    return 0;
  }
  if (isMulticastIpv4(dst!)) {
    c.ctx.out(`multicast ${d} dev ${route.dev} src ${formatIpv4(src)} \n    cache <mc> \n`);
    return 0;
  }
  c.ctx.out(`${d} ${route.gateway ? `via ${formatIpv4(route.gateway)} ` : ''}dev ${route.dev} src ${formatIpv4(src)} \n    cache \n`);
  return 0;
}

const USAGE =
  'Usage: ip route { list | flush } SELECTOR\n' +
  '       ip route get ADDRESS [ from ADDRESS iif STRING ]\n' +
  '                            [ oif STRING ] [ tos TOS ]\n' +
  '                            [ mark NUMBER ]\n' +
  '       ip route { add | del | change | append | replace } ROUTE\n' +
  'SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]\n' +
  '            [ table TABLE_ID ] [ proto RTPROTO ]\n' +
  '            [ type TYPE ] [ scope SCOPE ]\n' +
  'ROUTE := NODE_SPEC [ INFO_SPEC ]\n' +
  'NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]\n' +
  '             [ table TABLE_ID ] [ proto RTPROTO ]\n' +
  '             [ scope SCOPE ] [ metric METRIC ]\n' +
  'INFO_SPEC := NH OPTIONS FLAGS [ nexthop NH ]...\n' +
  'NH := [ via ADDRESS ] [ dev STRING ] [ weight NUMBER ] NHFLAGS\n' +
  'TYPE := { unicast | local | broadcast | multicast | throw |\n' +
  '          unreachable | prohibit | blackhole | nat }\n' +
  'TABLE_ID := [ local | main | default | all | NUMBER ]\n' +
  'SCOPE := [ host | link | global | NUMBER ]\n' +
  'RTPROTO := [ kernel | boot | static | NUMBER ]\n';

export function ipRoute(c: IpCtx, argv: string[]): number {
  const args = new Args(c, argv);
  if (!args.more) return show(c, args);
  const cmd = args.take();
  if (matches(cmd, 'add')) return modify(c, args, 'add');
  if (matches(cmd, 'change') || cmd === 'chg') return modify(c, args, 'change');
  if (matches(cmd, 'replace')) return modify(c, args, 'replace');
  if (matches(cmd, 'prepend')) return modify(c, args, 'prepend');
  if (matches(cmd, 'append')) return modify(c, args, 'append');
  if (matches(cmd, 'delete')) return modify(c, args, 'del');
  if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return show(c, args);
  if (matches(cmd, 'get')) return get(c, args);
  if (matches(cmd, 'flush')) return flush(c, args);
  if (matches(cmd, 'help')) die(c, USAGE, -1);
  return die(c, `Command "${cmd}" is unknown, try "ip route help".\n`, -1);
}

