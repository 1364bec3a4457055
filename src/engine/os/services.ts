import type { Micros } from '../sim/time';
import { journalTime, relativeTime, systemdTimestamp } from './clock';
import type { Host } from './host';
import type { ExitHow, ProcessInfo } from './process';
import { isCleanExitSignal, SIG, signalName } from './signals';
import { journal, syslog, systemdLog } from './syslog';

/**
 * A small systemd (219, CentOS 7): service units with a main process and a
 * cgroup of processes, start/stop/restart/enable, the states `systemctl status`
 * shows, and what happens when the main process dies (kill -9 → failed).
 * Daemons (httpd, keepalived) plug in through `ServiceDef.start`.
 */

/** What a daemon's start function can do: spawn its processes into the unit's cgroup and log. */
export interface UnitContext {
  readonly host: Host;
  /** Unit name without `.service`. */
  readonly name: string;
  /** Spawn a process in the unit's cgroup. The first is the main process (Main PID, ppid 1); later ones default to children of it. */
  spawn(p: SpawnSpec): ProcessInfo;
  /** A line in the journal and /var/log/messages as `ident[pid]:` (default: the main process's comm and PID). */
  log(text: string, opts?: { ident?: string; pid?: number }): void;
}

export type SpawnSpec = Omit<ProcessInfo, 'pid' | 'state' | 'start' | 'ppid'> & { ppid?: number };

/** A running daemon as its start function returns it. */
export interface ServiceHandle {
  /**
   * `systemctl stop`: the daemon's orderly shutdown (close sockets, remove VIPs).
   * Processes still in the cgroup afterwards are ended by the manager.
   */
  stop(): void;
  /** `systemctl reload` (absent: "Job type reload is not applicable"). */
  reload?(): void;
  /** The `Status:` line (sd_notify STATUS=), e.g. `Processing requests...`. */
  status?(): string | undefined;
}

export interface ServiceDef {
  /** Unit name without `.service`. */
  name: string;
  /** Package that ships the unit file: "not found" until it is installed. */
  pkg?: string;
  /** Description= */
  description: string;
  /** Documentation= */
  docs?: string[];
  /** ExecStart= as the unit file writes it (shown as `Process:` once the main process has exited). */
  execStart: string;
  /** ExecStop=, run by `systemctl stop` (shown as a `Process:` line). */
  execStop?: string;
  /** systemd.kill(5): control-group (default) ends every process of the unit when the main one dies; process leaves the others running. */
  killMode?: 'control-group' | 'process';
  /** The vendor preset printed by `Loaded:`. */
  vendorPreset?: 'enabled' | 'disabled';
  /**
   * Start the daemon: spawn its processes through `unit` and return a handle,
   * or return the error text the daemon prints (one journal line per line) when it cannot start.
   */
  start(unit: UnitContext): ServiceHandle | string;
}

const DEFS = new Map<string, ServiceDef>();

/** Register (or replace) a unit. Later helpers call this for their daemons. */
export function registerService(def: ServiceDef): void {
  DEFS.set(def.name, def);
}

/** Replace only the start function of a registered unit (httpd's and keepalived's daemons plug in here). */
export function setServiceStart(name: string, start: ServiceDef['start']): void {
  const d = DEFS.get(name);
  if (!d) throw new Error(`no service ${name}`);
  DEFS.set(name, { ...d, start });
}

export function serviceDef(name: string): ServiceDef | undefined {
  return DEFS.get(name);
}

export type ActiveState = 'active' | 'inactive' | 'failed';

interface ExecStatus {
  pid: number;
  how: ExitHow;
}

/** One unit's runtime state on one host. */
export interface UnitState {
  active: ActiveState;
  result: 'success' | 'signal' | 'exit-code';
  /** When it entered the current state (`since ...`); null = never changed since boot. */
  since: Micros | null;
  /** When it last left "inactive" (a start attempt). */
  startedAt: Micros | null;
  /** Journal position of that start: `systemctl status` shows the unit's lines from here (inactive_exit_timestamp). */
  journalFrom: number;
  enabled: boolean;
  mainPid: number | null;
  /** How the last main process ended (Main PID: ... (code=...)). */
  mainExit: ExitHow | null;
  cgroup: number[];
  handle: ServiceHandle | null;
  execStart: ExecStatus | null;
  execStop: ExecStatus | null;
}

/** Per-host unit table and the process-exit watcher. */
class Manager {
  readonly units = new Map<string, UnitState>();
  /** Set while the manager itself ends a unit's processes (stop, failed start): their exits are expected. */
  private quiet = new Set<string>();

  constructor(private readonly host: Host) {
    host.procs.onExit((p, how) => this.processExited(p, how));
  }

  state(name: string): UnitState {
    let u = this.units.get(name);
    if (!u) {
      u = { active: 'inactive', result: 'success', since: null, startedAt: null, journalFrom: 0, enabled: false, mainPid: null, mainExit: null, cgroup: [], handle: null, execStart: null, execStop: null };
      this.units.set(name, u);
    }
    return u;
  }

  private setState(name: string, u: UnitState, active: ActiveState, result: UnitState['result']): void {
    u.active = active;
    u.result = result;
    u.since = this.host.world.now;
    this.host.world.trace.state({
      t: this.host.world.now,
      node: this.host.id,
      kind: 'service.state',
      text: `${name}.service ${active}${active === 'failed' ? ` (Result: ${result})` : ''}`,
      data: { unit: name, active, result, mainPid: u.mainPid },
    });
  }

  start(def: ServiceDef): 'ok' | 'failed' {
    const u = this.state(def.name);
    if (u.active === 'active') return 'ok';
    const host = this.host;
    u.journalFrom = journal(host).length;
    systemdLog(host, def.name, `Starting ${def.description}...`);
    u.startedAt = host.world.now;
    u.cgroup = u.cgroup.filter((pid) => host.procs.get(pid));
    u.mainPid = null;
    u.mainExit = null;
    u.execStart = null;
    let main: ProcessInfo | null = null;
    const ctx: UnitContext = {
      host,
      name: def.name,
      spawn: (spec) => {
        const { ppid, ...rest } = spec;
        const p = host.procs.spawn({ ...rest, ppid: ppid ?? (main ? main.pid : 1), start: host.world.now });
        if (!main) {
          main = p;
          u.mainPid = p.pid;
        }
        u.cgroup.push(p.pid);
        return p;
      },
      log: (text, opts) => syslog(host, opts?.ident ?? main?.comm ?? def.name, opts?.pid ?? main?.pid ?? null, text, def.name),
    };
    const r = def.start(ctx);
    if (typeof r === 'string') {
      // The daemon printed its error and exited with status 1 (Type=notify/forking: the start job fails).
      const pid = u.mainPid ?? host.procs.transientPid();
      u.mainPid = pid;
      const ident = (main as ProcessInfo | null)?.comm ?? def.name;
      for (const line of r.split('\n').filter((l) => l !== '')) syslog(host, ident, pid, line, def.name);
      this.endAll(def.name, u, { code: 1 });
      u.mainExit = { code: 1 };
      u.execStart = { pid, how: { code: 1 } };
      systemdLog(host, def.name, `${def.name}.service: main process exited, code=exited, status=1/FAILURE`);
      systemdLog(host, def.name, `Failed to start ${def.description}.`);
      systemdLog(host, def.name, `Unit ${def.name}.service entered failed state.`);
      systemdLog(host, def.name, `${def.name}.service failed.`);
      this.setState(def.name, u, 'failed', 'exit-code');
      return 'failed';
    }
    u.handle = r;
    this.setState(def.name, u, 'active', 'success');
    systemdLog(host, def.name, `Started ${def.description}.`);
    return 'ok';
  }

  stop(def: ServiceDef): void {
    const u = this.state(def.name);
    if (u.active !== 'active') return;
    const host = this.host;
    systemdLog(host, def.name, `Stopping ${def.description}...`);
    if (def.execStop) u.execStop = { pid: host.procs.transientPid(), how: { code: 0 } };
    const mainPid = u.mainPid;
    let mainHow: ExitHow | null = null;
    const off = host.procs.onExit((p, how) => {
      if (p.pid === mainPid) mainHow = how;
    });
    this.quiet.add(def.name);
    try {
      u.handle?.stop();
    } finally {
      this.quiet.delete(def.name);
    }
    this.endAll(def.name, u, { code: 0 });
    off();
    u.handle = null;
    if (mainPid !== null) {
      const how: ExitHow = mainHow ?? { code: 0 };
      u.mainExit = how;
      u.execStart = { pid: mainPid, how };
    }
    this.setState(def.name, u, 'inactive', 'success');
    systemdLog(host, def.name, `Stopped ${def.description}.`);
  }

  /** End every process left in the unit's cgroup (SIGKILL for the rest, the main one with `mainHow`). */
  private endAll(name: string, u: UnitState, mainHow: ExitHow): void {
    this.quiet.add(name);
    try {
      for (const pid of [...u.cgroup]) {
        if (!this.host.procs.get(pid)) continue;
        if (pid === u.mainPid) this.host.procs.exit(pid, mainHow);
        else this.host.procs.kill(pid, SIG.KILL);
      }
    } finally {
      this.quiet.delete(name);
    }
    u.cgroup = u.cgroup.filter((pid) => this.host.procs.get(pid));
  }

  private processExited(p: ProcessInfo, how: ExitHow): void {
    for (const [name, u] of this.units) {
      const i = u.cgroup.indexOf(p.pid);
      if (i < 0) continue;
      u.cgroup.splice(i, 1);
      if (p.pid !== u.mainPid || u.active !== 'active' || this.quiet.has(name)) return;
      this.mainDied(name, u, how);
      return;
    }
  }

  /** The main process ended on its own or by a signal (service_sigchld_event, src/core/service.c). */
  private mainDied(name: string, u: UnitState, how: ExitHow): void {
    const def = DEFS.get(name);
    u.mainExit = how;
    u.execStart = { pid: u.mainPid!, how };
    u.handle = null;
    const clean = how.signal !== undefined ? isCleanExitSignal(how.signal) : how.code === 0;
    if (!clean) systemdLog(this.host, name, `${name}.service: main process exited, ${exitText(how, 'log')}`);
    if ((def?.killMode ?? 'control-group') === 'control-group') this.endAll(name, u, { code: 0 });
    if (clean) {
      this.setState(name, u, 'inactive', 'success');
      return;
    }
    this.setState(name, u, 'failed', how.signal !== undefined ? 'signal' : 'exit-code');
    systemdLog(this.host, name, `Unit ${name}.service entered failed state.`);
    systemdLog(this.host, name, `${name}.service failed.`);
  }
}

const managers = new WeakMap<Host, Manager>();
function manager(host: Host): Manager {
  let m = managers.get(host);
  if (!m) managers.set(host, (m = new Manager(host)));
  return m;
}

/** `httpd`, `httpd.service` → `httpd`; other unit types are not modelled. */
export function unitName(arg: string): string {
  return arg.endsWith('.service') ? arg.slice(0, -'.service'.length) : arg;
}

/** The unit's definition if its unit file is on this host (package installed). */
export function findUnit(host: Host, name: string): ServiceDef | undefined {
  const def = DEFS.get(unitName(name));
  if (!def || (def.pkg && !host.packages.has(def.pkg))) return undefined;
  return def;
}

/** Runtime state of a unit on a host (inactive if never touched). */
export function unitState(host: Host, name: string): UnitState {
  return manager(host).state(unitName(name));
}

export function startService(host: Host, name: string): 'ok' | 'failed' | 'not-found' {
  const def = findUnit(host, name);
  if (!def) return 'not-found';
  return manager(host).start(def);
}

export function stopService(host: Host, name: string): 'ok' | 'not-found' {
  const def = findUnit(host, name);
  if (!def) return 'not-found';
  manager(host).stop(def);
  return 'ok';
}

export function restartService(host: Host, name: string): 'ok' | 'failed' | 'not-found' {
  const def = findUnit(host, name);
  if (!def) return 'not-found';
  manager(host).stop(def);
  return manager(host).start(def);
}

export function isActive(host: Host, name: string): boolean {
  return manager(host).units.get(unitName(name))?.active === 'active';
}

export function setEnabled(host: Host, name: string, enabled: boolean): void {
  manager(host).state(unitName(name)).enabled = enabled;
}

/**
 * A daemon already running at boot (sshd, crond...): the unit takes the
 * process as its main PID, active since boot, enabled.
 */
export function adoptService(host: Host, name: string, mainPid: number, others: number[] = [], enabled = true): void {
  const u = manager(host).state(name);
  u.active = 'active';
  u.since = host.procs.get(mainPid)?.start ?? 0;
  u.startedAt = u.since;
  u.mainPid = mainPid;
  u.cgroup = [mainPid, ...others];
  u.enabled = enabled;
  u.handle = {
    stop: () => {
      for (const pid of [...others].reverse()) host.procs.exit(pid, { signal: SIG.TERM });
      host.procs.exit(mainPid, { code: 0 });
    },
  };
}

/** Package removal: rpm's %preun stops and disables the package's units (%systemd_preun). */
export function stopServicesOfPackage(host: Host, pkg: string): void {
  for (const def of DEFS.values()) {
    if (def.pkg !== pkg) continue;
    manager(host).stop(def);
    const u = manager(host).units.get(def.name);
    if (u) u.enabled = false;
  }
}

/** systemd's exit_status_to_string() for the codes the LSB and systemd name (shared/exit-status.c). */
const EXIT_NAMES: Record<number, string> = { 0: 'SUCCESS', 1: 'FAILURE', 2: 'INVALIDARGUMENT', 3: 'NOTIMPLEMENTED', 4: 'NOPERMISSION', 5: 'NOTINSTALLED', 6: 'NOTCONFIGURED', 7: 'NOTRUNNING' };

/** `code=killed, signal=KILL` (status) or `code=killed, status=9/KILL` (the journal line). */
function exitText(how: ExitHow, style: 'status' | 'log'): string {
  if (how.signal !== undefined) {
    const n = signalName(how.signal) ?? String(how.signal);
    return style === 'status' ? `code=killed, signal=${n}` : `code=killed, status=${how.signal}/${n}`;
  }
  const name = EXIT_NAMES[how.code];
  return `code=exited, status=${how.code}${name ? '/' + name : ''}`;
}

/** `systemctl status NAME` in systemd 219's layout (systemctl.c print_status_info). */
export function statusText(host: Host, def: ServiceDef): string {
  const u = unitState(host, def.name);
  const now = host.world.now;
  const lines: string[] = [];
  lines.push(`● ${def.name}.service - ${def.description}`);
  lines.push(`   Loaded: loaded (/usr/lib/systemd/system/${def.name}.service; ${u.enabled ? 'enabled' : 'disabled'}; vendor preset: ${def.vendorPreset ?? 'disabled'})`);
  const sub = u.active === 'active' ? 'running' : u.active === 'failed' ? `Result: ${u.result}` : 'dead';
  const since = u.since !== null || u.active === 'active' ? ` since ${systemdTimestamp(u.since ?? 0)}; ${relativeTime(u.since ?? 0, now)}` : '';
  lines.push(`   Active: ${u.active} (${sub})${since}`);
  (def.docs ?? []).forEach((d, i) => lines.push(`${i === 0 ? '     Docs: ' : '           '}${d}`));
  // Exited ExecStop/ExecStart commands, newest kind first (the D-Bus list is built with LIST_PREPEND).
  if (u.execStop) lines.push(`  Process: ${u.execStop.pid} ExecStop=${def.execStop} (${exitText(u.execStop.how, 'status')})`);
  if (u.execStart && u.active !== 'active') lines.push(`  Process: ${u.execStart.pid} ExecStart=${def.execStart} (${exitText(u.execStart.how, 'status')})`);
  if (u.mainPid !== null) {
    const p = host.procs.get(u.mainPid);
    if (u.active === 'active' && p) lines.push(` Main PID: ${u.mainPid} (${p.comm})`);
    else if (u.mainExit) lines.push(` Main PID: ${u.mainPid} (${exitText(u.mainExit, 'status')})`);
  }
  const status = u.active === 'active' ? u.handle?.status?.() : undefined;
  if (status) lines.push(`   Status: "${status}"`);
  const procs = u.cgroup.map((pid) => host.procs.get(pid)).filter((p): p is ProcessInfo => !!p).sort((a, b) => a.pid - b.pid);
  if (procs.length) {
    lines.push(`   CGroup: /system.slice/${def.name}.service`);
    procs.forEach((p, i) => lines.push(`           ${i === procs.length - 1 ? '└─' : '├─'}${p.pid} ${p.args}`));
  }
  const entries = journal(host).slice(u.journalFrom).filter((e) => e.unit === def.name);
  const tail = entries.slice(-10);
  if (tail.length) {
    lines.push('');
    for (const e of tail) lines.push(journalLine(e));
  }
  return lines.join('\n') + '\n';
}

/** A journal entry in journalctl's default (short) format. */
export function journalLine(e: { t: Micros; hostname: string; ident: string; pid: number | null; text: string }): string {
  return `${journalTime(e.t)} ${e.hostname} ${e.ident}${e.pid !== null ? `[${e.pid}]` : ''}: ${e.text}`;
}
