/**
 * arp, as net-tools 2.0 (CentOS 7) prints and parses it (arp.c): the cache
 * is read from /proc/net/arp, i.e. every neighbour entry; complete entries
 * (REACHABLE, STALE, DELAY, PROBE, PERMANENT) have flag C, permanent ones M,
 * and INCOMPLETE/FAILED ones show as incomplete. `arp -d` marks the entry
 * FAILED (Linux 3.10 keeps it, so it then shows as incomplete); `arp -s` adds
 * a permanent entry (`temp`: STALE).
 *
 * Simplifications: proxy entries (`pub`), `-f` ethers files, `-D` and
 * hardware types other than ether are not modelled.
 */
import { register } from '../../registry';
import { sync, type CommandContext } from '../../command';
import type { NeighEntry } from '../../../net/ip/neighbour';
import { formatIpv4, formatMac, parseMac } from '../../../wire/addr';
import { deviceOf, gethostbyaddr, netToolsResolve, stackOf, STRERROR } from './inet';
import { nexthopDev } from './fib';

const ATF_COM = 0x02;
const ATF_PERM = 0x04;
const E_USAGE = 4;
const E_VERSION = 5;

const USAGE =
  'Usage:\n' +
  '  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n' +
  '  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry\n' +
  '  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file\n' +
  '  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry\n' +
  "  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-\n" +
  '\n' +
  '        -a                       display (all) hosts in alternative (BSD) style\n' +
  '        -e                       display (all) hosts in default (Linux) style\n' +
  '        -s, --set                set a new ARP entry\n' +
  '        -d, --delete             delete a specified entry\n' +
  '        -v, --verbose            be verbose\n' +
  "        -n, --numeric            don't resolve names\n" +
  '        -i, --device             specify network interface (e.g. eth0)\n' +
  '        -D, --use-device         read <hwaddr> from given device\n' +
  '        -A, -p, --protocol       specify protocol family\n' +
  '        -f, --file               read new entries from file or from /etc/ethers\n' +
  '\n' +
  "  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether\n" +
  '  List of possible hardware types (which support ARP):\n' +
  '    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n' +
  '    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) \n' +
  '    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n' +
  '    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) \n';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** A /proc/net/arp row. */
function procFlags(e: NeighEntry): number {
  let f = 0;
  if (e.state !== 'INCOMPLETE' && e.state !== 'FAILED') f |= ATF_COM;
  if (e.state === 'PERMANENT') f |= ATF_PERM;
  return f;
}

/** arp_disp_2: the Linux-style table. */
function dispTable(name: string, e: NeighEntry, flags: number, title: boolean): string {
  let s = title ? 'Address                  HWtype  HWaddress           Flags Mask            Iface\n' : '';
  s += name.slice(0, 23).padEnd(23) + '  ';
  s += flags & ATF_COM ? 'ether'.padEnd(8) + formatMac(e.mac).padEnd(20) : ''.padEnd(8) + '(incomplete)'.padEnd(20);
  const fl = (flags & ATF_COM ? 'C' : '') + (flags & ATF_PERM ? 'M' : '');
  return `${s}${fl.padEnd(6)}${''.padEnd(15)} ${e.dev}\n`;
}

/** arp_disp: the BSD style of `arp -a`. */
function dispBsd(name: string, e: NeighEntry, flags: number): string {
  let s = `${name} (${formatIpv4(e.ip)}) at `;
  s += flags & ATF_COM ? `${formatMac(e.mac)} [ether] ` : '<incomplete> ';
  if (flags & ATF_PERM) s += 'PERM ';
  return `${s}on ${e.dev}\n`;
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
  const stack = stackOf(ctx.host);
  let what = 0;
  let optA = false;
  let optE = false;
  let numeric = false;
  let verbose = false;
  let device = '';
  const usage = (): never => {
    ctx.err(USAGE);
    throw new Exit(E_USAGE);
  };
  const argv = ctx.argv.slice(1);
  const rest: string[] = [];
  const longs: Record<string, string> = { verbose: 'v', version: 'V', all: 'a', delete: 'd', file: 'f', numeric: 'n', set: 's', protocol: 'A', 'hw-type': 'H', device: 'i', help: 'h', 'use-device': 'D', symbolic: 'N' };
  const withArg = new Set(['A', 'H', 'p', 'i', 't']);
  const opt = (o: string, val: () => string | undefined): void => {
    switch (o) {
      case 'a':
        what = 1;
        optA = true;
        return;
      case 'f':
        what = 2;
        return;
      case 'd':
        what = 3;
        return;
      case 's':
        what = 4;
        return;
      case 'e':
        optE = true;
        return;
      case 'n':
        numeric = true;
        return;
      case 'v':
        verbose = true;
        return;
      case 'D':
      case 'N':
        return;
      case 'i': {
        const v = val();
        if (v === undefined) usage();
        device = v!;
        return;
      }
      case 'A':
      case 'p': {
        const v = val();
        if (v !== 'inet') {
          ctx.err(`arp: ${v}: unknown address family.\n`);
          throw new Exit(255);
        }
        return;
      }
      case 'H':
      case 't': {
        const v = val();
        if (v !== 'ether') {
          ctx.err(`arp: ${v}: unknown hardware type.\n`);
          throw new Exit(255);
        }
        return;
      }
      case 'V':
        ctx.err('net-tools 2.10-alpha\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE \nHW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n');
        throw new Exit(E_VERSION);
      default:
        if (o !== 'h' && o !== '?') ctx.err(`arp: invalid option -- '${o}'\n`);
        usage();
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      const o = longs[name];
      if (!o) {
        ctx.err(`arp: unrecognized option '${a}'\n`);
        usage();
      }
      opt(o, () => inline ?? argv[++i]);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const o = a[k];
        if (withArg.has(o)) {
          const inline = a.slice(k + 1);
          opt(o, () => inline || argv[++i]);
          break;
        }
        opt(o, () => undefined);
      }
      continue;
    }
    rest.push(a);
  }

  if (what === 0 || what === 1) {
    if (what === 0) optE = true;
    const name = rest[0];
    let host = '';
    if (name !== undefined) {
      const r = netToolsResolve(ctx.host, name);
      if (!r) {
        ctx.err(`${name}: Unknown host\n`);
        return 255;
      }
      host = formatIpv4(r.ip);
    }
    const all = stack.neigh.list();
    let out = '';
    let showed = 0;
    for (const e of all) {
      if (host && formatIpv4(e.ip) !== host) continue;
      if (device && e.dev !== device) continue;
      const flags = procFlags(e);
      const ip = formatIpv4(e.ip);
      let hostname = '?';
      if (!numeric) {
        const n = gethostbyaddr(ctx.host, e.ip);
        hostname = n && n !== ip ? n : '?';
      }
      out += optE ? dispTable(hostname === '?' ? ip : hostname, e, flags, showed === 0) : dispBsd(hostname, e, flags);
      showed++;
    }
    if (verbose) out += `Entries: ${all.length}\tSkipped: ${all.length - showed}\tFound: ${showed}\n`;
    if (!showed) {
      if (host && !optA) out += `${name} (${host}) -- no entry\n`;
      else if (host || device) out += `arp: in ${all.length} entries no match found.\n`;
    }
    ctx.out(out);
    return 0;
  }

  if (what === 2) {
    ctx.err('arp: -f (ethers files) is not modelled in lvslab; use arp -s HOST HWADDR.\n');
    return 255;
  }

  const args = rest.slice();
  if (args.length === 0) {
    ctx.err('arp: need host name\n');
    return 255;
  }
  const hostArg = args.shift()!;
  const r = netToolsResolve(ctx.host, hostArg);
  if (!r) {
    ctx.err(`${hostArg}: Unknown host\n`);
    return 255;
  }
  const ip = r.ip;

  if (what === 3) {
    while (args.length) {
      const a = args.shift()!;
      if (a === 'pub' || a === 'priv' || a === 'temp' || a === 'trail' || a === 'dontpub' || a === 'auto') continue;
      if (a === 'dev' || a === 'netmask') {
        const v = args.shift();
        if (v === undefined) usage();
        if (a === 'dev') device = v!;
        continue;
      }
      usage();
    }
    // arp_req_delete: the device from an on-link route when none was named.
    let dev = device;
    if (!dev) {
      const nh = nexthopDev(stack, ip);
      if (typeof nh !== 'string') {
        ctx.err(`SIOCDARP(dontpub): ${STRERROR.ENETUNREACH}\n`);
        return 255;
      }
      dev = nh;
    } else if (!deviceOf(stack, dev)) {
      ctx.err(`SIOCDARP(dontpub): ${STRERROR.ENODEV}\n`);
      return 255;
    }
    const e = stack.neigh.get(dev, ip);
    if (!e) {
      ctx.out(`No ARP entry for ${hostArg}\n`);
      return 255;
    }
    stack.neigh.adminSet(dev, ip, null, 'FAILED');
    return 0;
  }

  // what === 4: arp -s HOST HWADDR [temp] [dev IF]
  const hw = args.shift();
  if (hw === undefined) {
    ctx.err('arp: need hardware address\n');
    return 255;
  }
  const mac = parseMac(hw);
  if (mac === undefined) {
    ctx.err('arp: invalid hardware address\n');
    return 255;
  }
  let permanent = true;
  while (args.length) {
    const a = args.shift()!;
    if (a === 'temp') permanent = false;
    else if (a === 'pub') {
      ctx.err('arp: proxy ARP entries (pub) are not modelled in lvslab.\n');
      return 255;
    } else if (a === 'priv' || a === 'trail' || a === 'dontpub' || a === 'auto') continue;
    else if (a === 'dev' || a === 'netmask') {
      const v = args.shift();
      if (v === undefined) usage();
      if (a === 'dev') device = v!;
    } else usage();
  }
  let dev = device;
  if (dev) {
    const d = deviceOf(stack, dev);
    if (!d) {
      ctx.err(`SIOCSARP: ${STRERROR.ENODEV}\n`);
      return 255;
    }
    dev = d.name;
  } else {
    const nh = nexthopDev(stack, ip);
    if (typeof nh !== 'string') {
      ctx.err(`SIOCSARP: ${STRERROR.ENETUNREACH}\n`);
      return 255;
    }
    dev = nh;
  }
  if (!stack.iface(dev)?.nic) {
    ctx.err(`SIOCSARP: ${STRERROR.EINVAL}\n`);
    return 255;
  }
  stack.neigh.adminSet(dev, ip, mac, permanent ? 'PERMANENT' : 'STALE');
  return 0;
}

register('arp', { pkg: 'net-tools', summary: 'show / manipulate the ARP cache (net-tools)', run: sync(run) });
