/**
 * What the `ip` subcommands share (iproute2 4.11, ip/ip.c and lib/utils.c):
 * keyword abbreviation (`matches`), argument errors and their exit codes,
 * prefix/address parsing, and the link header line.
 */
import type { CommandContext } from '../../command';
import type { Iface } from '../../../net/ip/iface';
import type { IpStack } from '../../../net/ip/stack';
import { maskToPrefix, type Ipv4 } from '../../../wire/addr';
import { ipGetAddr, strtoul0 } from './inet';
import { IFF, ifFlags } from './ifconfig';

export interface IpOpts {
  /** -4 (inet), -0 (link), or any. */
  family: 'any' | 'inet' | 'link';
  stats: number;
  details: number;
}

/** `exit(n)` from deep inside a subcommand. */
export class IpExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export interface IpCtx {
  ctx: CommandContext;
  stack: IpStack;
  opts: IpOpts;
}

/** iproute2 matches(): the word typed is a prefix of the keyword. */
export const matches = (typed: string, keyword: string): boolean => typed.length > 0 && keyword.startsWith(typed);

export function die(c: IpCtx, text: string, code: number): never {
  c.ctx.err(text);
  throw new IpExit(code & 0xff);
}

export const incompleteCommand = (c: IpCtx): never => die(c, 'Command line is not complete. Try option "help"\n', -1);
export const invarg = (c: IpCtx, msg: string, arg: string): never => die(c, `Error: argument "${arg}" is wrong: ${msg}\n`, -1);
export const duparg = (c: IpCtx, key: string, arg: string): never => die(c, `Error: duplicate "${key}": "${arg}" is the second value.\n`, -1);
export const duparg2 = (c: IpCtx, key: string, arg: string): never => die(c, `Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`, -1);

/** A kernel answer through rtnetlink: `RTNETLINK answers: …`, exit 2. */
export const rtnl = (c: IpCtx, msg: string): never => die(c, `RTNETLINK answers: ${msg}\n`, 2);

/** Argument cursor with NEXT_ARG semantics. */
export class Args {
  constructor(
    private readonly c: IpCtx,
    readonly list: string[],
    public i = 0,
  ) {}
  get more(): boolean {
    return this.i < this.list.length;
  }
  peek(): string | undefined {
    return this.list[this.i];
  }
  take(): string {
    return this.list[this.i++];
  }
  /** NEXT_ARG(): the value after a keyword, or "Command line is not complete". */
  next(): string {
    if (this.i >= this.list.length) incompleteCommand(this.c);
    return this.list[this.i++];
  }
}

const familyVerbose = (c: IpCtx): string => (c.opts.family === 'inet' ? 'inet' : 'any valid');

export interface Prefix {
  ip: Ipv4;
  len: number;
  /** A "/len" was written (PREFIXLEN_SPECIFIED). */
  lenGiven: boolean;
}

/** get_prefix_1: `default|any|all`, ADDR, ADDR/LEN, ADDR/MASK. */
export function parsePrefix(text: string): Prefix | undefined {
  if (text === 'default' || text === 'any' || text === 'all') return { ip: 0, len: 0, lenGiven: true };
  const slash = text.indexOf('/');
  const ip = ipGetAddr(slash < 0 ? text : text.slice(0, slash));
  if (ip === undefined) return undefined;
  if (slash < 0) return { ip, len: 32, lenGiven: false };
  const m = text.slice(slash + 1);
  let len = strtoul0(m);
  if (len === undefined && m.includes('.')) {
    const mask = ipGetAddr(m);
    len = mask === undefined ? undefined : maskToPrefix(mask);
  }
  if (len === undefined || len > 32) return undefined;
  return { ip, len, lenGiven: true };
}

/** get_prefix: exits with iproute2's message on a bad prefix. */
export function getPrefix(c: IpCtx, text: string): Prefix {
  const p = parsePrefix(text);
  if (!p) die(c, `Error: ${familyVerbose(c)} prefix is expected rather than "${text}".\n`, 1);
  return p!;
}

/** get_addr: exits with iproute2's message on a bad address. */
export function getAddr(c: IpCtx, text: string): Ipv4 {
  const ip = text.includes('/') ? undefined : ipGetAddr(text);
  if (ip === undefined) die(c, `Error: ${familyVerbose(c)} address is expected rather than "${text}".\n`, 1);
  return ip!;
}

// ---- links ----

const IFF_LOWER_UP = 0x10000;

/** print_link_flags (ipaddress.c) */
export function linkFlags(dev: Iface): string {
  let flags = ifFlags(dev);
  if (dev.up && dev.running) flags |= IFF_LOWER_UP;
  const out: string[] = [];
  if (flags & IFF.UP && !(flags & IFF.RUNNING)) out.push('NO-CARRIER');
  flags &= ~IFF.RUNNING;
  const order: Array<[string, number]> = [
    ['LOOPBACK', IFF.LOOPBACK],
    ['BROADCAST', IFF.BROADCAST],
    ['POINTOPOINT', IFF.POINTOPOINT],
    ['MULTICAST', IFF.MULTICAST],
    ['NOARP', IFF.NOARP],
    ['ALLMULTI', IFF.ALLMULTI],
    ['PROMISC', IFF.PROMISC],
    ['MASTER', IFF.MASTER],
    ['SLAVE', IFF.SLAVE],
    ['DEBUG', IFF.DEBUG],
    ['DYNAMIC', IFF.DYNAMIC],
    ['NOTRAILERS', IFF.NOTRAILERS],
    ['UP', IFF.UP],
    ['LOWER_UP', IFF_LOWER_UP],
  ];
  for (const [n, bit] of order) if (flags & bit) out.push(n);
  return `<${out.join(',')}>`;
}

/** Operational state as rtnetlink reports it (IF_OPER_*). */
function operstate(dev: Iface): string {
  if (!dev.up) return 'DOWN';
  if (dev.nic) return dev.running ? 'UP' : 'DOWN';
  return 'UNKNOWN';
}

function qdisc(dev: Iface): string {
  if (dev.nic) return 'pfifo_fast';
  if (dev.tunnel) return dev.up ? 'noqueue' : 'noop';
  return 'noqueue';
}

/** The first line of `ip link` / `ip addr` for a device, and its link/ line. */
export function linkHeader(dev: Iface, withMode: boolean): string {
  const name = dev.tunnel ? `${dev.name}@NONE` : dev.name;
  const qlen = dev.tunnel ? 1 : 1000;
  return `${dev.ifindex}: ${name}: ${linkFlags(dev)} mtu ${dev.mtu} qdisc ${qdisc(dev)} state ${operstate(dev)} ${withMode ? 'mode DEFAULT ' : ''}group default qlen ${qlen}\n`;
}

export function linkLine(dev: Iface, mac: string): string {
  if (dev.nic) return `    link/ether ${mac} brd ff:ff:ff:ff:ff:ff\n`;
  if (dev.tunnel) return '    link/ipip 0.0.0.0 brd 0.0.0.0\n';
  return '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
}

/** ll_name_to_index: a name the kernel knows (alias suffixes stripped, tunl0 loaded on demand), or "Cannot find device". */
export function devOrDie(c: IpCtx, name: string, message = `Cannot find device "${name}"\n`): Iface {
  const dev = c.stack.ensureDevice(name.split(':')[0]);
  if (!dev) die(c, message, 1);
  return dev!;
}

export const SCOPE_NAMES = ['global', 'link', 'host'] as const;
