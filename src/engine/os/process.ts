import type { Micros } from '../sim/time';
import { SIG, terminatesByDefault } from './signals';

/** How a process ended: its exit status, or the signal that killed it. */
export type ExitHow = { code: number; signal?: undefined } | { signal: number; code?: undefined };

/** A process as `ps aux` and `netstat -p` show it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Short name (comm): `httpd`, `keepalived`, `bash`. */
  comm: string;
  /** Full command line for `ps aux`. */
  args: string;
  user: string;
  start: Micros;
  state: 'S' | 'R' | 'Z';
  /**
   * The program's signal handler (called by `kill`). Return true when the
   * program handled the signal itself (it calls `procs.exit` if it decides to
   * end); false for the default action (signal(7): terminate for TERM, INT,
   * HUP...; nothing for CHLD, CONT, WINCH). SIGKILL cannot be caught: the
   * handler is only told (so the program can drop its timers, without any
   * cleanup of its own) and the process is removed.
   */
  onSignal?: (sig: number) => boolean;
  /** Controlling terminal as ps shows it (`pts/0`, `tty1`); none = `?`. */
  tty?: string;
  /** BSD STAT as `ps aux` prints it (`Ss`, `S<`, `Ssl`); default `S`. */
  stat?: string;
  /** Virtual and resident memory in KiB (ps VSZ, RSS). */
  vsz?: number;
  rss?: number;
  /** CPU time used, in seconds (ps TIME). */
  cpuSeconds?: number;
  /** A kernel thread: ps shows it as `[kthreadd]`; signals do nothing. */
  kthread?: boolean;
  /** Signals have no effect (PID 1, and the console's own shell, which the lab cannot reopen). */
  immune?: boolean;
  /** Open descriptors for /proc/<pid>/fd (`socket:[24567]`); default 0-2 on /dev/null. */
  fds?: () => Array<{ fd: number; target: string }>;
}

/** The process table of one host. PIDs count up deterministically. */
export class ProcessTable {
  private nextPid: number;
  readonly procs = new Map<number, ProcessInfo>();
  private exitListeners: Array<(p: ProcessInfo, how: ExitHow) => void> = [];

  constructor(firstPid = 1000) {
    this.nextPid = firstPid;
  }

  spawn(p: Omit<ProcessInfo, 'pid' | 'state'> & { pid?: number }): ProcessInfo {
    const pid = p.pid ?? this.nextPid++;
    if (pid >= this.nextPid) this.nextPid = pid + 1;
    const info: ProcessInfo = { ...p, pid, state: 'S' };
    this.procs.set(pid, info);
    return info;
  }

  /** A PID for a short-lived command (not kept in the table). */
  transientPid(): number {
    return this.nextPid++;
  }

  /** Let the PID counter jump (boot: daemons started, the first login comes later). */
  skipTo(pid: number): void {
    if (pid > this.nextPid) this.nextPid = pid;
  }

  /** The process ends (exit status, or the signal that killed it); exit listeners are told. */
  exit(pid: number, how: ExitHow = { code: 0 }): void {
    const p = this.procs.get(pid);
    if (!p) return;
    this.procs.delete(pid);
    for (const l of [...this.exitListeners]) l(p, how);
  }

  /** Be told whenever a process ends (systemd watches its units' main PIDs). Returns an unsubscribe. */
  onExit(fn: (p: ProcessInfo, how: ExitHow) => void): () => void {
    this.exitListeners.push(fn);
    return () => {
      const i = this.exitListeners.indexOf(fn);
      if (i >= 0) this.exitListeners.splice(i, 1);
    };
  }

  /**
   * kill(2): deliver `sig` to `pid`. Returns false when there is no such
   * process. Signal 0 only checks that the process exists.
   */
  kill(pid: number, sig: number): boolean {
    const p = this.procs.get(pid);
    if (!p) return false;
    if (sig === 0 || p.immune || p.kthread) return true;
    if (sig === SIG.KILL) {
      p.onSignal?.(sig);
      this.exit(pid, { signal: sig });
      return true;
    }
    const handled = p.onSignal ? p.onSignal(sig) : false;
    if (!handled && terminatesByDefault(sig) && this.procs.get(pid) === p) this.exit(pid, { signal: sig });
    return true;
  }

  get(pid: number): ProcessInfo | undefined {
    return this.procs.get(pid);
  }

  byName(comm: string): ProcessInfo[] {
    return [...this.procs.values()].filter((p) => p.comm === comm);
  }

  /** Every process, by PID (the order ps reads /proc in). */
  list(): ProcessInfo[] {
    return [...this.procs.values()].sort((a, b) => a.pid - b.pid);
  }
}
