import { psStartTime } from '../../../os/clock';
import type { ProcessInfo } from '../../../os/process';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';

/** MemTotal of the course's 2 GB VMs, in KiB (for %MEM). */
export const MEM_TOTAL_KB = 1_863_224;

interface Row {
  p: ProcessInfo;
  /** The ps process itself (not in the table: it exists only while it runs). */
  self?: boolean;
}

const ttyOf = (p: ProcessInfo): string => p.tty ?? '?';
/** TIME for `ps aux` (m:ss) and for the UNIX formats (hh:mm:ss). */
const bsdTime = (s: number): string => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
const unixTime = (s: number): string => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

/**
 * ps(1), procps-ng 3.3.10 (CentOS 7, pid_max 32768 so PIDs are 5 wide):
 * `ps aux` (BSD user format), `ps -ef` (full format), `ps -e`, `ps -p PID`,
 * and plain `ps` (this terminal's processes). Output is not cut to the
 * terminal width.
 */
function ps(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const now = ctx.host.world.now;
  let unixAll = false;
  let bsdA = false;
  let bsdX = false;
  let userFmt = false;
  let fullFmt = false;
  let pids: number[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-p' || a === '--pid' || a === 'p') {
      const list = args[++i];
      if (list === undefined) {
        ctx.err('error: list of process IDs must follow -p\n\nUsage:\n ps [options]\n\n Try \'ps --help <simple|list|output|threads|misc|all>\'\n  or \'ps --help <s|l|o|t|m|a>\'\n for additional help text.\n\nFor more details see ps(1).\n');
        return 1;
      }
      if (!/^\d+(,\d+)*$/.test(list)) {
        ctx.err('error: process ID list syntax error\n\nUsage:\n ps [options]\n\n Try \'ps --help <simple|list|output|threads|misc|all>\'\n  or \'ps --help <s|l|o|t|m|a>\'\n for additional help text.\n\nFor more details see ps(1).\n');
        return 1;
      }
      pids = [...(pids ?? []), ...list.split(',').map(Number)];
      continue;
    }
    if (/^-p\d/.test(a)) {
      pids = [...(pids ?? []), ...a.slice(2).split(',').map(Number)];
      continue;
    }
    const bsd = !a.startsWith('-') || a === '-aux' || a === '-axu';
    const letters = a.replace(/^-/, '');
    for (const c of letters) {
      if (bsd && c === 'a') bsdA = true;
      else if (bsd && c === 'x') bsdX = true;
      else if (bsd && c === 'u') userFmt = true;
      else if (!bsd && (c === 'e' || c === 'A')) unixAll = true;
      else if (!bsd && c === 'f') fullFmt = true;
      else if (bsd && (c === 'w' || c === 'f')) continue;
      else {
        ctx.err(`error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
        return 1;
      }
    }
  }
  const shellTty = ctx.shell.tty.replace('/dev/', '');
  const me: ProcessInfo = { pid: ctx.pid, ppid: ctx.shell.pid, comm: 'ps', args: ctx.argv.join(' '), user: 'root', start: now, state: 'R', tty: shellTty, stat: 'R+', vsz: 155_456, rss: 1_868 };
  let rows: Row[] = [...ctx.host.procs.list().map((p) => ({ p })), { p: me, self: true }];
  // Selection (ps(1) "SIMPLE PROCESS SELECTION"): BSD a = any user's with a terminal, x = also without one (own user only unless a), -e = all.
  if (pids) rows = rows.filter((r) => pids!.includes(r.p.pid));
  else if (unixAll || (bsdA && bsdX)) {
    /* every process */
  } else if (bsdX) rows = rows.filter((r) => r.p.user === 'root');
  else if (bsdA) rows = rows.filter((r) => r.p.tty !== undefined);
  else rows = rows.filter((r) => ttyOf(r.p) === shellTty);
  rows.sort((a, b) => a.p.pid - b.p.pid);

  let out = '';
  if (userFmt) {
    out += 'USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
    for (const { p } of rows) {
      const mem = (((p.rss ?? 0) * 100) / MEM_TOTAL_KB).toFixed(1);
      out += `${p.user.padEnd(8)} ${String(p.pid).padStart(5)} ${'0.0'.padStart(4)} ${mem.padStart(4)} ${String(p.vsz ?? 0).padStart(6)} ${String(p.rss ?? 0).padStart(5)} ${ttyOf(p).padEnd(8)} ${(p.stat ?? 'S').padEnd(4)} ${psStartTime(p.start, now).padStart(5)} ${bsdTime(p.cpuSeconds ?? 0).padStart(6)} ${p.args}\n`;
    }
  } else if (fullFmt) {
    out += 'UID        PID  PPID  C STIME TTY          TIME CMD\n';
    for (const { p } of rows) {
      out += `${p.user.padEnd(8)} ${String(p.pid).padStart(5)} ${String(p.ppid).padStart(5)} ${' 0'} ${psStartTime(p.start, now).padStart(5)} ${ttyOf(p).padEnd(8)} ${unixTime(p.cpuSeconds ?? 0)} ${p.args}\n`;
    }
  } else {
    out += '  PID TTY          TIME CMD\n';
    for (const { p } of rows) out += `${String(p.pid).padStart(5)} ${ttyOf(p).padEnd(8)} ${unixTime(p.cpuSeconds ?? 0)} ${p.comm}\n`;
  }
  ctx.out(out);
  return pids && rows.length === 0 ? 1 : 0;
}

register('ps', { run: sync(ps), summary: 'report a snapshot of the current processes' });
