import type { ProcessInfo } from '../../../os/process';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';

/** The program name pidof matches: comm, or the basename of argv[0]. */
const progName = (p: ProcessInfo): string => {
  const a0 = p.args.split(' ')[0];
  return a0.slice(a0.lastIndexOf('/') + 1);
};

/** pidof(8) (sysvinit-tools): PIDs of the named programs, newest first, on one line; status 1 when none. */
function pidof(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const single = args.includes('-s');
  const names = args.filter((a) => !a.startsWith('-'));
  const found: number[] = [];
  for (const name of names) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    const pids = ctx.host.procs
      .list()
      .filter((p) => !p.kthread && (p.comm === base || progName(p) === base))
      .map((p) => p.pid)
      .sort((a, b) => b - a);
    found.push(...(single ? pids.slice(0, 1) : pids));
  }
  if (!found.length) return 1;
  ctx.out(found.join(' ') + '\n');
  return 0;
}

/** pgrep(1) (procps-ng): PIDs whose name (or, with -f, command line) matches the ERE; -l adds the name, -x matches whole names. */
function pgrep(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const flags = new Set<string>();
  const rest: string[] = [];
  for (const a of args) {
    if (/^-[lfxnoa]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
    else if (a.startsWith('-')) {
      ctx.err(`pgrep: invalid option -- '${a[1]}'\n\nUsage:\n pgrep [options] <pattern>\n\nFor more details see pgrep(1).\n`);
      return 2;
    } else rest.push(a);
  }
  if (!rest.length) {
    ctx.err("pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n");
    return 2;
  }
  let re: RegExp;
  try {
    re = new RegExp(flags.has('x') ? `^(?:${rest[0]})$` : rest[0]);
  } catch {
    ctx.err('pgrep: cannot compile regular expression\n');
    return 2;
  }
  let hits = ctx.host.procs.list().filter((p) => re.test(flags.has('f') ? p.args : p.comm.slice(0, 15)));
  if (flags.has('n')) hits = hits.slice(-1);
  if (flags.has('o')) hits = hits.slice(0, 1);
  if (!hits.length) return 1;
  ctx.out(hits.map((p) => (flags.has('l') ? `${p.pid} ${p.comm}` : flags.has('a') ? `${p.pid} ${p.args}` : String(p.pid)) + '\n').join(''));
  return 0;
}

register('pidof', { run: sync(pidof), summary: 'find the process ID of a running program' });
register('pgrep', { run: sync(pgrep), summary: 'look up processes based on name' });
