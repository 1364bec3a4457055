/**
 * `ip link` (iproute2 4.11 ip/iplink.c, ip/ipaddress.c print_linkinfo): show, set.
 *
 * Simplifications: `ip -s link` counters, `add`/`delete` of virtual devices,
 * `name`, `txqueuelen`, `promisc`, `arp on|off` are not modelled (the last two
 * are accepted and change nothing visible).
 */
import { formatMac, parseMac } from '../../../wire/addr';
import { setMtu, setUp } from './ifreq';
import { Args, devOrDie, die, duparg2, invarg, linkHeader, linkLine, matches, rtnl, type IpCtx } from './ip-common';
import { STRERROR } from './inet';

function show(c: IpCtx, args: Args): number {
  let dev: string | undefined;
  let up = false;
  while (args.more) {
    const a = args.take();
    if (a === 'up') up = true;
    else {
      const name = a === 'dev' ? args.next() : a;
      if (dev) duparg2(c, 'dev', name);
      dev = name;
    }
  }
  const devs = dev ? [devOrDie(c, dev, `Device "${dev}" does not exist.\n`)] : [...c.stack.ifaces.values()];
  let out = '';
  for (const d of devs) {
    if (up && !d.up) continue;
    out += linkHeader(d, true) + linkLine(d, formatMac(d.mac));
  }
  c.ctx.out(out);
  return 0;
}

/** iplink_modify for `set`. The changes are checked first, then applied in the order the kernel does (do_setlink). */
function set(c: IpCtx, args: Args): number {
  let dev: string | undefined;
  let up: boolean | undefined;
  let mtu: number | undefined;
  let mac: number | undefined;
  while (args.more) {
    const a = args.take();
    if (a === 'up') up = true;
    else if (a === 'down') up = false;
    else if (a === 'mtu') {
      const v = args.next();
      if (!/^-?\d+$/.test(v)) invarg(c, 'Invalid "mtu" value\n', v);
      mtu = Number(v);
    } else if (matches(a, 'address')) {
      const v = args.next();
      mac = parseMac(v);
      if (mac === undefined) die(c, `"${v}" is invalid lladdr.\n`, 1);
    } else if (a === 'arp' || a === 'multicast' || a === 'allmulticast' || a === 'promisc' || a === 'dynamic' || a === 'trailers') {
      const v = args.next();
      if (v !== 'on' && v !== 'off') die(c, `Error: argument of "${a}" must be "on" or "off"\n`, -1);
    } else if (a === 'txqueuelen' || a === 'qlen' || a === 'txqlen' || matches(a, 'name') || a === 'group' || a === 'netns') {
      die(c, `ip link set ${a}: not modelled in lvslab.\n`, 1);
    } else {
      const name = a === 'dev' ? args.next() : a;
      if (dev) duparg2(c, 'dev', name);
      dev = name;
    }
  }
  if (!dev) die(c, 'Not enough information: "dev" argument is required.\n', -1);
  const d = devOrDie(c, dev!);
  if (mac !== undefined) {
    if (!d.nic) rtnl(c, STRERROR.EINVAL);
    d.nic!.mac = mac;
    c.stack.event('link.hwaddr', `${d.name} hwaddr ${formatMac(mac)}`, { dev: d.name, mac: formatMac(mac) });
  }
  if (mtu !== undefined) {
    const e = setMtu(c.stack, d.name, mtu);
    if (e) rtnl(c, STRERROR[e]);
  }
  if (up !== undefined) setUp(c.stack, d.name, up);
  return 0;
}

export function ipLink(c: IpCtx, argv: string[]): number {
  const args = new Args(c, argv);
  if (!args.more) return show(c, args);
  const cmd = args.take();
  if (matches(cmd, 'set')) return set(c, args);
  if (matches(cmd, 'show') || matches(cmd, 'lst') || matches(cmd, 'list')) return show(c, args);
  if (matches(cmd, 'add') || matches(cmd, 'delete') || matches(cmd, 'change') || matches(cmd, 'replace')) {
    die(c, `ip link ${cmd}: creating or deleting devices is not modelled in lvslab.\n`, 1);
  }
  if (matches(cmd, 'help')) die(c, 'Usage: ip link set { DEVICE | dev DEVICE } [ { up | down } ] [ mtu MTU ] [ address LLADDR ]\n       ip link show [ DEVICE ] [ up ]\n', -1);
  return die(c, `Command "${cmd}" is unknown, try "ip link help".\n`, -1);
}
