/**
 * `ip neigh` (iproute2 4.11 ip/ipneigh.c) over the stack's ARP cache: show,
 * flush, add, replace, change, del. As on Linux 3.10, a deleted or flushed
 * entry stays in the table as FAILED until it is used again.
 *
 * Simplifications: no proxy entries, no NOARP state, no `ip -s` ages.
 */
import type { NeighEntry, NudState } from '../../../net/ip/neighbour';
import { formatIpv4, formatMac, networkOf, parseMac } from '../../../wire/addr';
import { Args, devOrDie, die, duparg, getPrefix, invarg, matches, rtnl, type IpCtx, type Prefix } from './ip-common';

const STATES: NudState[] = ['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'PERMANENT'];
/** NUD_VALID: the states whose link-layer address is reported. */
const VALID: NudState[] = ['REACHABLE', 'STALE', 'DELAY', 'PROBE', 'PERMANENT'];

export function neighLine(e: NeighEntry, showDev: boolean): string {
  let s = `${formatIpv4(e.ip)} `;
  if (showDev) s += `dev ${e.dev} `;
  if (VALID.includes(e.state)) s += `lladdr ${formatMac(e.mac)}`;
  return `${s} ${e.state}\n`;
}

interface Filter {
  dev?: string;
  to?: Prefix;
  states: NudState[];
}

function parseFilter(c: IpCtx, args: Args, flush: boolean): Filter {
  // Show everything; flush spares PERMANENT (and the FAILED entries it leaves behind).
  const f: Filter = { states: flush ? STATES.filter((s) => s !== 'PERMANENT' && s !== 'FAILED') : STATES.slice() };
  let nudGiven = false;
  while (args.more) {
    const a = args.take();
    if (a === 'dev') {
      const d = args.next();
      if (f.dev) duparg(c, 'dev', d);
      f.dev = devOrDie(c, d).name;
    } else if (a === 'nud') {
      const v = args.next();
      if (!nudGiven) f.states = [];
      nudGiven = true;
      if (v === 'all') f.states = STATES.slice();
      else {
        const st = STATES.find((s) => s.toLowerCase() === v);
        if (!st) invarg(c, 'nud state is bad', v);
        f.states.push(st!);
      }
    } else if (a === 'unused' || a === 'proxy' || a === 'vrf' || a === 'master') {
      if (a !== 'unused' && a !== 'proxy') args.next();
    } else {
      const v = a === 'to' ? args.next() : a;
      f.to = getPrefix(c, v);
    }
  }
  if (flush && !f.dev && !f.to) die(c, 'Flush requires arguments.\n', -1);
  return f;
}

function select(c: IpCtx, f: Filter): NeighEntry[] {
  return c.stack.neigh
    .list()
    .filter((e) => (!f.dev || e.dev === f.dev) && f.states.includes(e.state) && (!f.to || networkOf(e.ip, f.to.len) === networkOf(f.to.ip, f.to.len)));
}

function show(c: IpCtx, args: Args): number {
  const f = parseFilter(c, args, false);
  c.ctx.out(
    select(c, f)
      .map((e) => neighLine(e, !f.dev))
      .join(''),
  );
  return 0;
}

function flush(c: IpCtx, args: Args): number {
  const f = parseFilter(c, args, true);
  const victims = select(c, f);
  for (const e of victims) c.stack.neigh.adminSet(e.dev, e.ip, null, 'FAILED');
  if (c.opts.stats) {
    if (victims.length === 0) c.ctx.out('Nothing to flush.\n');
    else c.ctx.out(`\n*** Round 1, deleting ${victims.length} entries ***\n*** Flush is complete after 1 round ***\n`);
  }
  return 0;
}

function modify(c: IpCtx, args: Args, cmd: 'add' | 'replace' | 'change' | 'del'): number {
  let dst: Prefix | undefined;
  let dev: string | undefined;
  let lladdr: number | undefined;
  let state: NudState = 'PERMANENT';
  while (args.more) {
    const a = args.take();
    if (a === 'lladdr') {
      const v = args.next();
      if (lladdr !== undefined) duparg(c, 'lladdr', v);
      lladdr = parseMac(v);
      if (lladdr === undefined) die(c, `"${v}" is invalid lladdr.\n`, -1);
    } else if (a === 'nud') {
      const v = args.next();
      const st = v === 'noarp' ? 'PERMANENT' : STATES.find((s) => s.toLowerCase() === v);
      if (!st) invarg(c, 'nud state is bad', v);
      state = st!;
    } else if (a === 'proxy' || a === 'router' || a === 'extern_learn') {
      continue;
    } else if (a === 'dev') {
      dev = args.next();
    } else {
      const v = a === 'to' ? args.next() : a;
      if (dst) duparg(c, 'to', v);
      dst = getPrefix(c, v);
    }
  }
  if (!dev || !dst) die(c, 'Device and destination are required arguments.\n', -1);
  const iface = devOrDie(c, dev!);
  const ip = dst!.ip;
  const existing = c.stack.neigh.get(iface.name, ip);
  if (cmd === 'del') {
    if (!existing) rtnl(c, 'No such file or directory');
    c.stack.neigh.adminSet(iface.name, ip, null, 'FAILED');
    return 0;
  }
  if (cmd === 'add' && existing) rtnl(c, 'File exists');
  if (cmd === 'change' && !existing) rtnl(c, 'No such file or directory');
  if (lladdr === undefined && !existing && VALID.includes(state)) rtnl(c, 'Invalid argument');
  c.stack.neigh.adminSet(iface.name, ip, lladdr ?? null, state);
  return 0;
}

export function ipNeigh(c: IpCtx, argv: string[]): number {
  const args = new Args(c, argv);
  if (!args.more) return show(c, args);
  const cmd = args.take();
  if (matches(cmd, 'add')) return modify(c, args, 'add');
  if (matches(cmd, 'change') || cmd === 'chg') return modify(c, args, 'change');
  if (matches(cmd, 'replace')) return modify(c, args, 'replace');
  if (matches(cmd, 'delete')) return modify(c, args, 'del');
  if (matches(cmd, 'show') || matches(cmd, 'lst') || matches(cmd, 'list')) return show(c, args);
  if (matches(cmd, 'flush')) return flush(c, args);
  if (matches(cmd, 'help')) {
    die(
      c,
      'Usage: ip neigh { add | del | change | replace }\n' +
        '                { ADDR [ lladdr LLADDR ] [ nud STATE ] | proxy ADDR } [ dev DEV ]\n' +
        '       ip neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]\n' +
        '                                 [ vrf NAME ]\n' +
        '\n' +
        'STATE := { permanent | noarp | stale | reachable | none |\n' +
        '           incomplete | delay | probe | failed }\n',
      -1,
    );
  }
  return die(c, `Command "${cmd}" is unknown, try "ip neigh help".\n`, -1);
}
