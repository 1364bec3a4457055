/**
 * `ip address` (iproute2 4.11 ip/ipaddress.c): show, add, del, flush.
 *
 * Simplifications: no IPv6 (no inet6 lines, IPv6 prefixes are rejected as
 * invalid); `-o`, `save`/`restore`, `change`/`replace` and lifetimes are not
 * modelled; show filters: dev, label, up, primary, secondary, scope.
 */
import { broadcastOf, type IfAddr, type Scope } from '../../../net/ip/iface';
import { formatIpv4, formatMac, networkOf } from '../../../wire/addr';
import { Args, devOrDie, die, duparg, duparg2, getAddr, getPrefix, invarg, linkHeader, linkLine, matches, rtnl, type IpCtx, type Prefix } from './ip-common';

function addrLine(a: IfAddr): string {
  const brd = a.broadcast ? `brd ${formatIpv4(a.broadcast)} ` : '';
  return `    inet ${formatIpv4(a.ip)}/${a.prefixLen} ${brd}scope ${a.scope} ${a.secondary ? 'secondary ' : ''}${a.label}\n       valid_lft forever preferred_lft forever\n`;
}

/** fnmatch for `label` filters (`*` and `?`). */
const glob = (pattern: string, s: string): boolean =>
  new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$').test(s);

interface ShowFilter {
  dev?: string;
  to?: Prefix;
  label?: string;
  up: boolean;
  /** true: only primaries; false: only secondaries. */
  primary?: boolean;
  scope?: Scope;
}

function parseShow(c: IpCtx, args: Args, flush: boolean): ShowFilter {
  const f: ShowFilter = { up: false };
  while (args.more) {
    const a = args.take();
    if (a === 'to') f.to = getPrefix(c, args.next());
    else if (a === 'scope') {
      const s = args.next();
      if (s !== 'global' && s !== 'link' && s !== 'host') invarg(c, 'invalid "scope"\n', s);
      f.scope = s as Scope;
    } else if (a === 'up') f.up = true;
    else if (a === 'label') f.label = args.next();
    else if (a === 'primary') f.primary = true;
    else if (a === 'secondary' || a === 'temporary') f.primary = false;
    else if (a === 'permanent' || a === 'dynamic') continue;
    else {
      const name = a === 'dev' ? args.next() : a;
      if (f.dev) duparg2(c, 'dev', name);
      f.dev = name;
    }
  }
  if (flush && !f.dev && !f.to && f.label === undefined && f.scope === undefined && f.primary === undefined) die(c, 'Flush requires arguments.\n', -1);
  return f;
}

/** The address filters of show and flush (`to` matches addresses inside the prefix). */
const wanted = (f: ShowFilter, a: IfAddr): boolean =>
  (f.label === undefined || glob(f.label, a.label)) &&
  (f.scope === undefined || a.scope === f.scope) &&
  (f.primary === undefined || f.primary === !a.secondary) &&
  (!f.to || networkOf(a.ip, f.to.len) === networkOf(f.to.ip, f.to.len));

function show(c: IpCtx, args: Args): number {
  const f = parseShow(c, args, false);
  const devs = f.dev ? [devOrDie(c, f.dev, `Device "${f.dev}" does not exist.\n`)] : [...c.stack.ifaces.values()];
  let out = '';
  for (const dev of devs) {
    if (f.up && !dev.up) continue;
    const addrs = dev.addrs.filter((a) => wanted(f, a));
    // With a family or an address filter, devices without a matching address are left out.
    const filtering = c.opts.family === 'inet' || f.label !== undefined || f.scope !== undefined || f.primary !== undefined || f.to !== undefined;
    if (filtering && addrs.length === 0) continue;
    out += linkHeader(dev, false);
    if (c.opts.family !== 'inet') out += linkLine(dev, formatMac(dev.mac));
    if (c.opts.family !== 'link') for (const a of addrs) out += addrLine(a);
  }
  c.ctx.out(out);
  return 0;
}

function flush(c: IpCtx, args: Args): number {
  const f = parseShow(c, args, true);
  const devs = f.dev ? [devOrDie(c, f.dev, `Device "${f.dev}" does not exist.\n`)] : [...c.stack.ifaces.values()];
  for (const dev of devs) {
    // Secondaries first, as the dump order of repeated flush rounds ends up doing.
    const victims = dev.addrs
      .filter((a) => wanted(f, a))
      .sort((x, y) => Number(y.secondary) - Number(x.secondary));
    for (const a of victims) c.stack.removeAddress(dev.name, a);
  }
  return 0;
}

/** ipaddr_modify for add / del. */
function modify(c: IpCtx, args: Args, cmd: 'add' | 'del'): number {
  let local: Prefix | undefined;
  let localArg = '';
  let dev: string | undefined;
  let label: string | undefined;
  let brd: number | '+' | '-' | undefined;
  let scope: Scope | undefined;
  while (args.more) {
    const a = args.take();
    if (a === 'peer' || a === 'remote') {
      die(c, 'ip: point-to-point peers are not modelled in lvslab.\n', 1);
    } else if (matches(a, 'broadcast') || a === 'brd') {
      const v = args.next();
      if (brd !== undefined) duparg(c, 'broadcast', v);
      brd = v === '+' || v === '-' ? v : getAddr(c, v);
    } else if (matches(a, 'anycast')) {
      args.next();
    } else if (a === 'scope') {
      const s = args.next();
      if (s !== 'global' && s !== 'link' && s !== 'host') invarg(c, 'invalid scope value.', s);
      scope = s as Scope;
    } else if (a === 'dev') {
      dev = args.next();
    } else if (a === 'label') {
      label = args.next();
    } else if (matches(a, 'valid_lft') || matches(a, 'preferred_lft')) {
      args.next();
    } else if (a === 'home' || a === 'nodad' || a === 'mngtmpaddr' || a === 'noprefixroute' || a === 'autojoin') {
      continue;
    } else {
      let v = a;
      if (a === 'local') v = args.next();
      if (local) duparg2(c, 'local', v);
      localArg = v;
      local = getPrefix(c, v);
    }
  }
  if (!dev) die(c, 'Not enough information: "dev" argument is required.\n', 1);
  if (label !== undefined && !label.startsWith(dev!)) die(c, `"dev" (${dev}) must match "label" (${label}).\n`, 1);
  if (!local) die(c, 'RTNETLINK answers: Invalid argument\n', 2);
  const iface = devOrDie(c, dev!);
  const p = local!;

  if (cmd === 'del') {
    if (!p.lenGiven) {
      c.ctx.err(
        'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
          `         Explicitly specify the prefix length (${localArg}/${p.len}) to avoid this warning.\n` +
          '         This special behaviour is likely to disappear in further releases,\n' +
          '         fix your scripts!\n',
      );
    }
    // inet_rtm_deladdr: local address, label and (when given) prefix must match.
    const victim = iface.addrs.find(
      (x) => x.ip === p.ip && (label === undefined || x.label === label) && (!p.lenGiven || (x.prefixLen === p.len && networkOf(x.ip, x.prefixLen) === networkOf(p.ip, p.len))),
    );
    if (!victim) rtnl(c, 'Cannot assign requested address');
    c.stack.removeAddress(iface.name, victim!);
    return 0;
  }

  let broadcast = 0;
  if (brd === '+') broadcast = broadcastOf(p.ip, p.len);
  else if (brd === '-') broadcast = p.len >= 31 ? 0 : networkOf(p.ip, p.len);
  else if (typeof brd === 'number') broadcast = brd;
  // __inet_insert_ifa drops 0.0.0.0 without an error.
  if (p.ip === 0) return 0;
  const err = c.stack.addAddress(iface.name, p.ip, p.len, { label: label ?? iface.name, broadcast, ...(scope ? { scope } : {}) });
  if (err) rtnl(c, 'File exists');
  return 0;
}

const USAGE =
  'Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]\n' +
  '                                                      [ CONFFLAG-LIST ]\n' +
  '       ip address del IFADDR dev IFNAME [mngtmpaddr]\n' +
  '       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]\n' +
  '                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]\n' +
  '       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]\n' +
  '                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]\n' +
  '                         [ label LABEL ] [up] [ vrf NAME ] ]\n' +
  '       ip address {showdump|restore}\n' +
  'IFADDR := PREFIX | ADDR peer PREFIX\n' +
  '          [ broadcast ADDR ] [ anycast ADDR ]\n' +
  '          [ label IFNAME ] [ scope SCOPE-ID ]\n' +
  'SCOPE-ID := [ host | link | global | NUMBER ]\n' +
  'FLAG-LIST := [ FLAG-LIST ] FLAG\n' +
  'FLAG  := [ permanent | dynamic | secondary | primary |\n' +
  '           [-]tentative | [-]deprecated | [-]dadfailed | temporary |\n' +
  '           CONFFLAG-LIST ]\n' +
  'CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG\n' +
  'CONFFLAG  := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]\n' +
  'LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]\n' +
  'LFT := forever | SECONDS\n';

export function ipAddr(c: IpCtx, argv: string[]): number {
  const args = new Args(c, argv);
  if (!args.more) return show(c, args);
  const cmd = args.take();
  if (matches(cmd, 'add')) return modify(c, args, 'add');
  if (matches(cmd, 'delete')) return modify(c, args, 'del');
  if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return show(c, args);
  if (matches(cmd, 'flush')) return flush(c, args);
  if (matches(cmd, 'help')) die(c, USAGE, -1);
  if (matches(cmd, 'change') || cmd === 'chg' || matches(cmd, 'replace') || matches(cmd, 'save') || matches(cmd, 'restore') || matches(cmd, 'showdump')) {
    die(c, `ip address ${cmd}: not modelled in lvslab (use add and del).\n`, 1);
  }
  return die(c, `Command "${cmd}" is unknown, try "ip addr help".\n`, -1);
}

