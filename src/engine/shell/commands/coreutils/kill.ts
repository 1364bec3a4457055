import { parseSignal, SIG, signalName, SIGRTMAX } from '../../../os/signals';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';

/** bash's `kill -l`: `%2d) SIG%s` entries separated by tabs, five to a line (bash builtins/common.c display_signal_list). */
export function signalList(): string {
  const entries: string[] = [];
  for (let n = 1; n <= SIGRTMAX; n++) {
    const name = signalName(n);
    if (name) entries.push(`${String(n).padStart(2)}) SIG${name}`);
  }
  let out = '';
  entries.forEach((e, i) => {
    out += e + ((i + 1) % 5 === 0 ? '\n' : '\t');
  });
  return entries.length % 5 === 0 ? out : out + '\n';
}

const USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

/**
 * bash 4.2's kill builtin: `kill [-s SIG | -n NUM | -SIG] PID...` and
 * `kill -l [SIG]`. Signals go to the process's handler (services see their
 * main process die); errors are bash's.
 */
function kill(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  if (!args.length) {
    ctx.err(USAGE);
    return 2;
  }
  let sig: number = SIG.TERM;
  let i = 0;
  if (args[0] === '-l' || args[0] === '-L') {
    const rest = args.slice(1);
    if (!rest.length) {
      ctx.out(signalList());
      return 0;
    }
    let status = 0;
    for (const a of rest) {
      const n = parseSignal(a);
      if (n === undefined || n === 0) {
        ctx.err(`-bash: kill: ${a}: invalid signal specification\n`);
        status = 1;
      } else ctx.out(/^\d+$/.test(a) ? `${signalName(n)}\n` : `${n}\n`);
    }
    return status;
  }
  if (args[0] === '-s' || args[0] === '-n') {
    const spec = args[1];
    if (spec === undefined) {
      ctx.err(`-bash: kill: ${args[0]}: option requires an argument\n${USAGE}`);
      return 2;
    }
    const n = parseSignal(spec);
    if (n === undefined) {
      ctx.err(`-bash: kill: ${spec}: invalid signal specification\n`);
      return 1;
    }
    sig = n;
    i = 2;
  } else if (args[0].startsWith('-') && args[0] !== '-' && args[0] !== '--') {
    const n = parseSignal(args[0].slice(1));
    if (n === undefined) {
      ctx.err(`-bash: kill: ${args[0].slice(1)}: invalid signal specification\n`);
      return 1;
    }
    sig = n;
    i = 1;
  }
  if (args[i] === '--') i++;
  const targets = args.slice(i);
  if (!targets.length) {
    ctx.err(USAGE);
    return 2;
  }
  let status = 0;
  for (const t of targets) {
    if (t.startsWith('%')) {
      ctx.err(`-bash: kill: ${t}: no such job\n`);
      status = 1;
      continue;
    }
    if (!/^-?\d+$/.test(t)) {
      ctx.err(`-bash: kill: ${t}: arguments must be process or job IDs\n`);
      status = 1;
      continue;
    }
    if (!ctx.host.procs.kill(Number(t), sig)) {
      ctx.err(`-bash: kill: (${t}) - No such process\n`);
      status = 1;
    }
  }
  return status;
}

/** killall(1) (psmisc 22.20): signal every process with that name; `NAME: no process found`. */
function killall(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  let sig: number = SIG.TERM;
  let quiet = false;
  let verbose = false;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-s' || a === '--signal') {
      const n = parseSignal(args[++i] ?? '');
      if (n === undefined) {
        ctx.err(`killall: ${args[i]}: unknown signal; killall -l lists signals.\n`);
        return 1;
      }
      sig = n;
    } else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-v' || a === '--verbose') verbose = true;
    else if (a === '-l') {
      ctx.out('HUP INT QUIT ILL TRAP ABRT IOT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\nCHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n');
      return 0;
    } else if (a.startsWith('-') && a.length > 1) {
      const n = parseSignal(a.slice(1));
      if (n === undefined) {
        ctx.err(`killall: ${a.slice(1)}: unknown signal; killall -l lists signals.\n`);
        return 1;
      }
      sig = n;
    } else names.push(a);
  }
  if (!names.length) {
    ctx.err('Usage: killall [-Z CONTEXT] [-u USER] [ -eIgiqrvw ] [ -SIGNAL ] NAME...\n');
    return 1;
  }
  let status = 0;
  for (const name of names) {
    const hits = ctx.host.procs.list().filter((p) => p.comm === name.slice(0, 15));
    if (!hits.length) {
      if (!quiet) ctx.err(`${name}: no process found\n`);
      status = 1;
      continue;
    }
    for (const p of hits) {
      if (!ctx.host.procs.get(p.pid)) continue;
      ctx.host.procs.kill(p.pid, sig);
      if (verbose) ctx.err(`Killed ${p.comm}(${p.pid}) with signal ${sig}\n`);
    }
  }
  return status;
}

register('kill', { run: sync(kill), summary: 'send a signal to a process' });
register('killall', { run: sync(killall), summary: 'kill processes by name' });
