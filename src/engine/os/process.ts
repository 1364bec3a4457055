import type { Micros } from '../sim/time';

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
  /** Called by `kill`: returns false if the process ignores the signal. */
  onSignal?: (sig: number) => boolean;
}

/** The process table of one host. PIDs count up deterministically. */
export class ProcessTable {
  private nextPid: number;
  readonly procs = new Map<number, ProcessInfo>();

  constructor(firstPid = 1000) {
    this.nextPid = firstPid;
  }

  spawn(p: Omit<ProcessInfo, 'pid' | 'state'> & { pid?: number }): ProcessInfo {
    const pid = p.pid ?? this.nextPid++;
    const info: ProcessInfo = { ...p, pid, state: 'S' };
    this.procs.set(pid, info);
    return info;
  }

  /** A PID for a short-lived command (not kept in the table). */
  transientPid(): number {
    return this.nextPid++;
  }

  exit(pid: number): void {
    this.procs.delete(pid);
  }

  get(pid: number): ProcessInfo | undefined {
    return this.procs.get(pid);
  }

  byName(comm: string): ProcessInfo[] {
    return [...this.procs.values()].filter((p) => p.comm === comm);
  }
}
