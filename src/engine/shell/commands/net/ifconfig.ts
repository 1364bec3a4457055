/**
 * ifconfig, as net-tools 2.0.0-0.25.20131004git on CentOS 7 prints and parses
 * it (ifconfig.c, lib/interface.c ife_print_long, lib/inet.c). Listing reads
 * devices and address labels (SIOCGIFCONF + /proc/net/dev), sorted by name;
 * an alias label (`eth0:2`) is its own block without counters. Setting an
 * address goes through the ioctls of ./ifreq.ts in the order ifconfig issues
 * them (address, UP, then the /prefix netmask).
 *
 * Simplifications: no inet6 lines (the simulator has no IPv6); no
 * "device interrupt/memory" line; `arp`, `-arp`, `promisc`, `allmulti`,
 * `multicast`, `trailers` and their negations are accepted and change nothing
 * visible; `add`, `del`, `pointopoint`, `dstaddr`, `tunnel`, `txqueuelen`,
 * `mem_start`, `io_addr`, `irq`, `media`, `keepalive`, `outfill` answer that
 * lvslab does not model them. A `/32` prefix gives 255.255.255.255.
 */
import { register } from '../../registry';
import { sync, type CommandContext } from '../../command';
import type { Iface } from '../../../net/ip/iface';
import type { IpStack } from '../../../net/ip/stack';
import { formatIpv4, formatMac, parseMac, prefixToMask, type Ipv4 } from '../../../wire/addr';
import { deviceOf, netToolsResolve, stackOf, STRERROR, strtoul0, type Errno } from './inet';
import { ifaOf, setAddr, setBroadcast, setMtu, setNetmask, setUp } from './ifreq';

/** include/uapi/linux/if.h */
export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  DEBUG: 0x4,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  NOTRAILERS: 0x20,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  ALLMULTI: 0x200,
  MASTER: 0x400,
  SLAVE: 0x800,
  MULTICAST: 0x1000,
  DYNAMIC: 0x8000,
} as const;

/** The order ife_print_long names the flags in. */
const FLAG_ORDER = ['UP', 'BROADCAST', 'DEBUG', 'LOOPBACK', 'POINTOPOINT', 'NOTRAILERS', 'RUNNING', 'NOARP', 'PROMISC', 'ALLMULTI', 'SLAVE', 'MASTER', 'MULTICAST', 'DYNAMIC'] as const;

/** SIOCGIFFLAGS: dev_get_flags(), RUNNING only with carrier. */
export function ifFlags(dev: Iface): number {
  let f = 0;
  if (dev.up) f |= IFF.UP;
  if (dev.nic) f |= IFF.BROADCAST | IFF.MULTICAST;
  if (dev.loopback) f |= IFF.LOOPBACK;
  if (dev.tunnel) f |= IFF.NOARP;
  if (dev.up && dev.running) f |= IFF.RUNNING;
  return f;
}

/** net-tools' nstrcmp: names compare with their digit runs as numbers (eth2 < eth10, eth0 < eth0:2). */
export function nstrcmp(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    if (/^\d/.test(x) && /^\d/.test(y)) {
      if (Number(x) !== Number(y)) return Number(x) - Number(y);
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}

interface Entry {
  name: string;
  dev: Iface;
  /** A real device (listed in /proc/net/dev, so it has counters), not an alias label. */
  isDevice: boolean;
}

function entries(stack: IpStack): Entry[] {
  const seen = new Map<string, Entry>();
  for (const dev of stack.ifaces.values()) {
    seen.set(dev.name, { name: dev.name, dev, isDevice: true });
    for (const a of dev.addrs) if (!seen.has(a.label)) seen.set(a.label, { name: a.label, dev, isDevice: false });
  }
  return [...seen.values()].sort((x, y) => nstrcmp(x.name, y.name));
}

/** lib/interface.c: bytes as `(1.2 KiB)`, one decimal, truncated. */
export function humanBytes(n: number): string {
  const units: Array<[number, string]> = [
    [2 ** 50, 'PiB'],
    [2 ** 40, 'TiB'],
    [2 ** 30, 'GiB'],
    [2 ** 20, 'MiB'],
    [2 ** 10, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (n > size) {
      const tenths = Math.floor((n * 10) / size);
      return `${Math.floor(tenths / 10)}.${tenths % 10} ${unit}`;
    }
  }
  return `${n}.0 B`;
}

interface Counters {
  rxPackets: number;
  rxBytes: number;
  rxDropped: number;
  txPackets: number;
  txBytes: number;
  txDropped: number;
}

function counters(dev: Iface): Counters {
  if (dev.nic) {
    const n = dev.nic;
    return { rxPackets: n.rxPackets, rxBytes: n.rxBytes, rxDropped: n.rxDropped, txPackets: n.txPackets, txBytes: n.txBytes, txDropped: n.txDropped };
  }
  if (dev.loopback) return { rxPackets: dev.loPackets, rxBytes: dev.loBytes, rxDropped: 0, txPackets: dev.loPackets, txBytes: dev.loBytes, txDropped: 0 };
  if (dev.tunnel) return { rxPackets: dev.tunRxPackets, rxBytes: dev.tunRxBytes, rxDropped: 0, txPackets: 0, txBytes: 0, txDropped: 0 };
  return { rxPackets: 0, rxBytes: 0, rxDropped: 0, txPackets: 0, txBytes: 0, txDropped: 0 };
}

function hwLine(dev: Iface): string {
  if (dev.nic) return `        ether ${formatMac(dev.mac)}  txqueuelen 1000  (Ethernet)\n`;
  if (dev.tunnel) return '        tunnel   txqueuelen 1  (IPIP Tunnel)\n';
  return '        loop  txqueuelen 1000  (Local Loopback)\n';
}

/** ife_print_long */
export function ifBlock(e: Entry): string {
  const { dev } = e;
  const f = ifFlags(dev);
  const names = FLAG_ORDER.filter((n) => f & IFF[n]).join(',');
  let s = `${e.name}: flags=${f}<${names}>  mtu ${dev.mtu}\n`;
  const a = ifaOf(dev, e.name);
  if (a) {
    s += `        inet ${formatIpv4(a.ip)}  netmask ${formatIpv4(prefixToMask(a.prefixLen))}`;
    if (f & IFF.BROADCAST) s += `  broadcast ${formatIpv4(a.broadcast)}`;
    s += '\n';
  }
  s += hwLine(dev);
  if (e.isDevice) {
    const c = counters(dev);
    s += `        RX packets ${c.rxPackets}  bytes ${c.rxBytes} (${humanBytes(c.rxBytes)})\n`;
    s += `        RX errors 0  dropped ${c.rxDropped}  overruns 0  frame 0\n`;
    s += `        TX packets ${c.txPackets}  bytes ${c.txBytes} (${humanBytes(c.txBytes)})\n`;
    s += `        TX errors 0  dropped ${c.txDropped} overruns 0  carrier 0  collisions 0\n`;
  }
  return s + '\n';
}

/** ife_print_short (`ifconfig -s`). */
function ifShort(e: Entry): string {
  const f = ifFlags(e.dev);
  const fl =
    (f & IFF.ALLMULTI ? 'A' : '') +
    (f & IFF.BROADCAST ? 'B' : '') +
    (f & IFF.DEBUG ? 'D' : '') +
    (f & IFF.LOOPBACK ? 'L' : '') +
    (f & IFF.MULTICAST ? 'M' : '') +
    (f & IFF.PROMISC ? 'P' : '') +
    (f & IFF.NOTRAILERS ? 'N' : '') +
    (f & IFF.NOARP ? 'O' : '') +
    (f & IFF.POINTOPOINT ? 'P' : '') +
    (f & IFF.RUNNING ? 'R' : '') +
    (f & IFF.UP ? 'U' : '');
  let s = `${e.name.padEnd(15).slice(0, 15)} ${String(e.dev.mtu).padStart(5)}`;
  if (e.isDevice) {
    const c = counters(e.dev);
    s += ` ${String(c.rxPackets).padStart(8)} ${'0'.padStart(6)} ${String(c.rxDropped).padStart(6)} ${'0'.padEnd(6)}`;
    s += ` ${String(c.txPackets).padStart(8)} ${'0'.padStart(6)} ${String(c.txDropped).padStart(6)} ${'0'.padStart(6)} `;
  } else {
    s += ' ' + '     - no statistics available -'.padEnd(56);
  }
  return `${s}${fl}\n`;
}

const SHORT_HEADER = 'Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n';

const USAGE =
  'Usage:\n' +
  '  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n' +
  '  [add <address>[/<prefixlen>]]\n' +
  '  [del <address>[/<prefixlen>]]\n' +
  '  [[-]broadcast [<address>]]  [[-]pointopoint [<address>]]\n' +
  '  [netmask <address>]  [dstaddr <address>]  [tunnel <address>]\n' +
  '  [outfill <NN>] [keepalive <NN>]\n' +
  '  [hw <HW> <address>]  [mtu <NN>]\n' +
  '  [[-]trailers]  [[-]arp]  [[-]allmulti]\n' +
  '  [multicast]  [[-]promisc]\n' +
  '  [mem_start <NN>]  [io_addr <NN>]  [irq <NN>]  [media <type>]\n' +
  '  [txqueuelen <NN>]\n' +
  '  [[-]dynamic]\n' +
  '  [up|down] ...\n' +
  '\n' +
  '  <HW>=Hardware Type.\n' +
  '  List of possible hardware types:\n' +
  '    loop (Local Loopback) slip (Serial Line IP) cslip (VJ Serial Line IP) \n' +
  '    slip6 (6-bit Serial Line IP) cslip6 (VJ 6-bit Serial Line IP) adaptive (Adaptive Serial Line IP) \n' +
  '    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n' +
  '    netrom (AMPR NET/ROM) rose (AMPR ROSE) tunnel (IPIP Tunnel) \n' +
  '    ppp (Point-to-Point Protocol) hdlc ((Cisco)-HDLC) lapb (LAPB) \n' +
  '    arcnet (ARCnet) dlci (Frame Relay DLCI) frad (Frame Relay Access Device) \n' +
  '    sit (IPv6-in-IPv4) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n' +
  '    irda (IrLAP) ec (Econet) x25 (generic X.25) \n' +
  '    eui64 (Generic EUI-64) \n' +
  '  <AF>=Address family. Default: inet\n' +
  '  List of possible address families:\n' +
  '    unix (UNIX Domain) inet (DARPA Internet) inet6 (IPv6) \n' +
  '    ax25 (AMPR AX.25) netrom (AMPR NET/ROM) rose (AMPR ROSE) \n' +
  '    ipx (Novell IPX) ddp (Appletalk DDP) ec (Econet) \n' +
  '    ash (Ash) x25 (CCITT X.25) \n';

/** ifconfig's exit codes (net-support.h). */
const E_USAGE = 4;
const E_VERSION = 5;

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Keywords real ifconfig understands that lvslab does not model. */
const UNMODELLED_WITH_ARG = new Set(['add', 'del', 'dstaddr', 'pointopoint', 'tunnel', 'txqueuelen', 'mem_start', 'io_addr', 'irq', 'media', 'port', 'keepalive', 'outfill']);
const IGNORED_FLAGS = new Set(['arp', '-arp', 'promisc', '-promisc', 'allmulti', '-allmulti', 'multicast', '-multicast', 'trailers', '-trailers', 'dynamic', '-dynamic', '-broadcast', '-pointopoint']);

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
  const args = ctx.argv.slice(1);
  let all = false;
  let short = false;
  const usage = (): never => {
    ctx.err(USAGE);
    throw new Exit(E_USAGE);
  };
  while (args.length && args[0].startsWith('-')) {
    const o = args.shift()!;
    if (o === '-a') all = true;
    else if (o === '-s') short = true;
    else if (o === '-v') continue;
    else if (o === '-V' || o === '-version' || o === '--version') {
      ctx.err('net-tools 2.10-alpha\n');
      return E_VERSION;
    } else if (o === '-?' || o === '-h' || o === '-help' || o === '--help') usage();
    else {
      ctx.err(`ifconfig: option \`${o}' not recognised.\nifconfig: \`--help' gives usage information.\n`);
      return 1;
    }
  }

  if (args.length === 0) {
    let out = short ? SHORT_HEADER : '';
    for (const e of entries(stack)) if (all || ifFlags(e.dev) & IFF.UP) out += short ? ifShort(e) : ifBlock(e);
    ctx.out(out);
    return 0;
  }

  const name = args.shift()!;
  if (args.length === 0) {
    const dev = deviceOf(stack, name);
    if (!dev) {
      ctx.err(`${name}: error fetching interface information: Device not found\n`);
      return 1;
    }
    const e: Entry = { name, dev, isDevice: name === dev.name };
    ctx.out(short ? SHORT_HEADER + ifShort(e) : ifBlock(e));
    return 0;
  }

  // An optional address family first; only inet is modelled.
  if (args[0] === 'inet') args.shift();
  else if (['inet6', 'unix', 'ax25', 'netrom', 'rose', 'ipx', 'ddp', 'ec', 'ash', 'x25'].includes(args[0])) {
    ctx.err(`ifconfig: address family \`${args[0]}' is not modelled in lvslab (only inet).\n`);
    return 1;
  }

  let goterr = 0;
  let didNetmask = false;
  let needNetmask: Ipv4 | null = null;
  const fail = (op: string, e: Errno) => ctx.err(`${op}: ${STRERROR[e]}\n`);
  /** set_flag / clr_flag: SIOCGIFFLAGS first, then SIOCSIFFLAGS. */
  const flag = (up: boolean): number => {
    if (!deviceOf(stack, name)) {
      ctx.err(`${name}: ERROR while getting interface flags: ${STRERROR.ENODEV}\n`);
      return -1;
    }
    const e = setUp(stack, name, up);
    if (e) {
      fail('SIOCSIFFLAGS', e);
      return -1;
    }
    return 0;
  };
  const resolveOrWarn = (text: string): Ipv4 | undefined => {
    const r = netToolsResolve(ctx.host, text);
    if (!r) ctx.err(`${text}: Unknown host\n`);
    return r?.ip;
  };

  while (args.length) {
    const arg = args.shift()!;
    if (arg === 'up') {
      goterr |= flag(true);
      continue;
    }
    if (arg === 'down') {
      goterr |= flag(false);
      continue;
    }
    if (IGNORED_FLAGS.has(arg)) continue;
    if (arg === 'mtu') {
      const v = args.shift();
      if (v === undefined) usage();
      // atoi: leading digits, else 0.
      const mtu = Number(/^\s*[+-]?\d+/.exec(v!)?.[0] ?? 0);
      const e = setMtu(stack, name, mtu);
      if (e) {
        fail('SIOCSIFMTU', e);
        goterr = 1;
      }
      continue;
    }
    if (arg === 'broadcast') {
      const v = args[0];
      if (v !== undefined) {
        args.shift();
        const ip = resolveOrWarn(v);
        if (ip === undefined) {
          goterr = 1;
          continue;
        }
        const e = setBroadcast(stack, name, ip);
        if (e) {
          fail('SIOCSIFBRDADDR', e);
          goterr = 1;
        }
      }
      if (!deviceOf(stack, name)) {
        ctx.err(`${name}: ERROR while getting interface flags: ${STRERROR.ENODEV}\n`);
        goterr |= -1;
      }
      continue;
    }
    if (arg === 'netmask') {
      const v = args.shift();
      if (v === undefined || didNetmask) usage();
      const ip = resolveOrWarn(v!);
      if (ip === undefined) {
        goterr = 1;
        continue;
      }
      didNetmask = true;
      const e = setNetmask(stack, name, ip);
      if (e) {
        fail('SIOCSIFNETMASK', e);
        goterr = 1;
      }
      continue;
    }
    if (arg === 'hw') {
      const type = args.shift();
      if (type === undefined || !['ether', 'loop', 'tunnel', 'slip', 'ppp'].includes(type)) usage();
      const v = args.shift();
      if (v === undefined) usage();
      const mac = type === 'ether' ? parseMac(v!) : undefined;
      if (mac === undefined) {
        ctx.err(`${v}: invalid ${type} address.\n`);
        goterr = 1;
        continue;
      }
      const dev = deviceOf(stack, name);
      if (!dev || !dev.nic) {
        fail('SIOCSIFHWADDR', dev ? 'EINVAL' : 'ENODEV');
        goterr = 1;
        continue;
      }
      dev.nic.mac = mac;
      stack.event('link.hwaddr', `${dev.name} hwaddr ${formatMac(mac)}`, { dev: dev.name, mac: formatMac(mac) });
      continue;
    }
    if (UNMODELLED_WITH_ARG.has(arg)) {
      ctx.err(`ifconfig: \`${arg}' is not modelled in lvslab; use ip(8) or an alias such as ${name.split(':')[0]}:1.\n`);
      return 1;
    }

    // Anything else is the address, with an optional /prefix (INET_getnetmask).
    let host = arg;
    const slash = host.indexOf('/');
    if (slash >= 0) {
      const prefix = strtoul0(host.slice(slash + 1));
      if (prefix === undefined) usage();
      if (didNetmask) usage();
      // ~(0xffffffff >> prefix) with the x86 shift count taken mod 32; /32 is all ones.
      needNetmask = prefix! >= 32 && prefix! % 32 === 0 ? 0xffffffff : ~(0xffffffff >>> prefix! % 32) >>> 0;
      host = host.slice(0, slash);
    }
    const r = netToolsResolve(ctx.host, host);
    if (!r) {
      ctx.err(`${host}: Unknown host\nifconfig: \`--help' gives usage information.\n`);
      return 1;
    }
    const e = setAddr(stack, name, r.ip);
    if (e) {
      fail('SIOCSIFADDR', e);
      goterr = 1;
    }
    goterr |= flag(true);
  }

  if (needNetmask !== null) {
    const e = setNetmask(stack, name, needNetmask);
    if (e) {
      fail('SIOCSIFNETMASK', e);
      goterr = 1;
    }
  }
  return goterr & 0xff;
}

register('ifconfig', { pkg: 'net-tools', summary: 'configure a network interface (net-tools)', run: sync(run) });

