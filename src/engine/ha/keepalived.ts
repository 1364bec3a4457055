/**
 * The keepalived daemon as processes (keepalived/core/main.c, vrrp_daemon.c,
 * check_daemon.c, 2.x): the command runs, daemonizes (the parent gets a new
 * PID and writes /var/run/keepalived.pid), and the parent forks the
 * health-checker child, then the VRRP child, all three `/usr/sbin/keepalived -D`.
 *
 * Signals, as keepalived handles them:
 * - SIGTERM/SIGINT to the parent: "Stopping", each child stops cleanly (a
 *   MASTER sends priority 0 and removes its VIPs, the checker removes its
 *   IPVS services), "Stopped Keepalived vX".
 * - SIGKILL to the parent: the children get SIGTERM from the kernel
 *   (prctl(PR_SET_PDEATHSIG, SIGTERM)) and clean up anyway.
 * - SIGKILL to a child: nothing is undone; the parent logs
 *   "VRRP child process(N) died: Respawning" and starts a new one.
 * - SIGKILL to all three at once (`kill -9 P1 P2 P3`, `kill -9 $(pidof keepalived)`,
 *   `pkill -9 keepalived`, in any order):
 *   nobody cleans up — the VIPs, the DROP rules and the IPVS services stay
 *   (the notes' split brain).
 */
import type { IpStack } from '../net/ip/stack';
import type { Host } from '../os/host';
import type { ProcessInfo } from '../os/process';
import { SIG } from '../os/signals';
import { KERNEL_RELEASE, KERNEL_VERSION } from '../shell/commands/coreutils/uname';
import { CheckDaemon } from './check/daemon';
import { completeCheck, completeVrrp } from './conf/complete';
import { checkConfFile, DEFAULT_CONF, readConf } from './config';
import { IDENT, kaLog } from './log';
import { VrrpDaemon } from './vrrp/daemon';

export const KEEPALIVED_VERSION = 'v2.0.10 (11/12,2018)';
export const VERSION_STRING = `Keepalived ${KEEPALIVED_VERSION}`;
export const KEEPALIVED_BINARY = '/usr/sbin/keepalived';

/** keepalived.h exit codes. */
export const KEEPALIVED_EXIT = { OK: 0, NO_MEMORY: 1, FATAL: 2, CONFIG: 3, CONFIG_TEST: 4, CONFIG_TEST_SECURITY: 5, NO_CONFIG: 6 } as const;

const PIDFILES = { parent: '/var/run/keepalived.pid', vrrp: '/var/run/vrrp.pid', check: '/var/run/checkers.pid' } as const;

export interface KeepalivedOptions {
  /** argv as typed, for "Command line:" and ps. */
  argv: string[];
  confFile: string;
  /** -D --log-detail */
  detail: boolean;
  /** -P --vrrp / -C --check: run only that subsystem. */
  vrrpOnly: boolean;
  checkOnly: boolean;
  /** -V / -I: leave the VIPs / IPVS in place on stop. */
  dontReleaseVrrp: boolean;
  dontReleaseIpvs: boolean;
}

/** How the daemon gets processes: the systemd unit's cgroup, or plain fork from a shell. */
export type Spawner = (p: Omit<ProcessInfo, 'pid' | 'state' | 'start' | 'ppid'> & { ppid?: number }) => ProcessInfo;

const running = new WeakMap<Host, KeepalivedDaemon>();

/** The keepalived daemon running on a host, if any (for tests and the inspector). */
export const keepalivedOf = (host: Host): KeepalivedDaemon | undefined => running.get(host);

type Child = 'vrrp' | 'check';

export class KeepalivedDaemon {
  parent: ProcessInfo | null = null;
  readonly pids: { vrrp: number | null; check: number | null } = { vrrp: null, check: null };
  vrrp: VrrpDaemon | null = null;
  check: CheckDaemon | null = null;
  private stopping = false;
  private unwatch: (() => void) | null = null;
  /** Set when the parent ends (for the unit and tests). */
  exitCode: number | null = null;
  /** The foreground process when keepalived gave up before forking. */
  failedPid: number | null = null;

  constructor(
    readonly host: Host,
    readonly opts: KeepalivedOptions,
    private readonly spawn: Spawner,
  ) {}

  private get args(): string {
    return this.opts.argv.join(' ');
  }

  private log(ident: string, pid: number, m: string): void {
    kaLog(this.host, ident, pid, m);
  }

  private plog(m: string): void {
    if (this.parent) this.log(IDENT.parent, this.parent.pid, m);
  }

  /**
   * main(): log the start, check the configuration file, daemonize. Returns
   * false when keepalived gave up before forking (nothing keeps running).
   */
  start(): boolean {
    const host = this.host;
    const pre = checkConfFile(host, this.opts.confFile);
    const other = running.get(host);
    const preLines = (pid: number) => {
      this.log(IDENT.parent, pid, `Starting ${VERSION_STRING}`);
      this.log(IDENT.parent, pid, `Running on Linux ${KERNEL_RELEASE} ${KERNEL_VERSION} (built for Linux 3.10.0)`);
      this.log(IDENT.parent, pid, `Command line: ${this.opts.argv.map((a) => `'${a}'`).join(' ')}`);
    };
    if (pre || (other && other.parent)) {
      // The foreground process itself reports and exits.
      const p0 = this.spawn({ comm: 'keepalived', args: this.args, user: 'root', stat: 'Ss', vsz: 120_740, rss: 1_408 });
      preLines(p0.pid);
      this.log(IDENT.parent, p0.pid, pre ?? 'daemon is already running');
      this.failedPid = p0.pid;
      this.exitCode = pre ? KEEPALIVED_EXIT.NO_CONFIG : KEEPALIVED_EXIT.OK;
      return false;
    }
    const p0 = host.procs.transientPid();
    preLines(p0);
    // The parent reads the file too (global_defs; the other blocks are skipped).
    readConf(host, this.opts.confFile, 'parent', (m) => this.log(IDENT.parent, p0, m));
    this.parent = this.spawn({ comm: 'keepalived', args: this.args, user: 'root', stat: 'Ss', vsz: 120_740, rss: 1_408 });
    this.parent.onSignal = (sig) => this.parentSignal(sig);
    running.set(host, this);
    host.fs.mkdirp('/var/run');
    host.fs.write(PIDFILES.parent, `${this.parent.pid}\n`);
    this.unwatch = host.procs.onExit((p, how) => this.exited(p, how.code ?? null));
    host.world.sim.schedule(0, () => this.startChildren());
    return true;
  }

  private startChildren(): void {
    if (!this.parent || this.stopping) return;
    // Which children: a checker only with virtual servers, VRRP only with instances (start_keepalived).
    const quiet = () => {};
    const vsPresent = readConfQuiet(this.host, this.opts.confFile, 'check', quiet);
    const vrrpPresent = readConfQuiet(this.host, this.opts.confFile, 'vrrp', quiet);
    if (!this.opts.vrrpOnly && vsPresent) this.startChild('check');
    if (!this.opts.checkOnly && vrrpPresent) this.startChild('vrrp');
    if (!vsPresent && !vrrpPresent) this.plog('Warning - keepalived has no configuration to run');
  }

  private startChild(kind: Child): void {
    const p = this.spawn({ comm: 'keepalived', args: this.args, user: 'root', stat: 'S', vsz: 127_480, rss: kind === 'vrrp' ? 2_604 : 3_268, ppid: this.parent!.pid });
    p.onSignal = (sig) => this.childSignal(kind, p.pid, sig);
    this.pids[kind] = p.pid;
    this.plog(`Starting ${kind === 'vrrp' ? 'VRRP' : 'Healthcheck'} child process, pid=${p.pid}`);
    this.host.fs.write(PIDFILES[kind], `${p.pid}\n`);
    this.host.world.sim.schedule(0, () => (kind === 'vrrp' ? this.runVrrp(p.pid) : this.runCheck(p.pid)));
  }

  private alive(pid: number | null): pid is number {
    return pid !== null && !!this.host.procs.get(pid);
  }

  private runCheck(pid: number): void {
    if (!this.alive(pid) || this.pids.check !== pid) return;
    const log = (m: string) => this.log(IDENT.check, pid, m);
    const r = readConf(this.host, this.opts.confFile, 'check', log);
    if (r.fatal) return this.childExit('check', pid, KEEPALIVED_EXIT.CONFIG);
    const vss = completeCheck(r.conf, log);
    this.check = new CheckDaemon({ host: this.host, pid, virtualServers: vss, flush: r.conf.global.lvsFlush, log });
    this.check.start();
  }

  private runVrrp(pid: number): void {
    if (!this.alive(pid) || this.pids.vrrp !== pid) return;
    const log = (m: string) => this.log(IDENT.vrrp, pid, m);
    log('Registering Kernel netlink reflector');
    log('Registering Kernel netlink command channel');
    const r = readConf(this.host, this.opts.confFile, 'vrrp', log);
    if (r.fatal) return this.childExit('vrrp', pid, KEEPALIVED_EXIT.CONFIG);
    if (r.missingInterface) {
      log('Non-existent interface specified in configuration');
      return this.childExit('vrrp', pid, KEEPALIVED_EXIT.CONFIG);
    }
    const stack = this.host.stack as IpStack;
    const settings = completeVrrp(
      r.conf,
      {
        primaryIp: (dev) => stack.iface(dev)?.primary?.ip,
        mtu: (dev) => stack.iface(dev)?.mtu ?? 1500,
      },
      log,
    );
    if (!settings) return this.childExit('vrrp', pid, KEEPALIVED_EXIT.CONFIG);
    this.vrrp = new VrrpDaemon({ host: this.host, pid, settings, detail: this.opts.detail, log });
    this.vrrp.start();
  }

  /** A child ends on its own (stop_vrrp / stop_check with a status). */
  private childExit(kind: Child, pid: number, code: number): void {
    this.log(kind === 'vrrp' ? IDENT.vrrp : IDENT.check, pid, 'Stopped');
    this.host.procs.exit(pid, { code });
  }

  /** SIGTERM to a child: its orderly stop. */
  private stopChild(kind: Child, pid: number): void {
    if (kind === 'vrrp') {
      if (this.opts.dontReleaseVrrp) this.vrrp?.kill();
      else this.vrrp?.stop();
      this.vrrp = null;
    } else {
      if (this.opts.dontReleaseIpvs) this.check?.kill();
      else this.check?.stop();
      this.check = null;
    }
    this.host.fs.exists(PIDFILES[kind]) && this.host.fs.remove(PIDFILES[kind]);
    this.childExit(kind, pid, KEEPALIVED_EXIT.OK);
  }

  private childSignal(kind: Child, pid: number, sig: number): boolean {
    if (sig === SIG.TERM || sig === SIG.INT) {
      this.stopChild(kind, pid);
      return true;
    }
    if (sig === SIG.HUP) {
      this.reloadChild(kind, pid);
      return true;
    }
    if (sig === SIG.USR1 || sig === SIG.USR2 || sig === SIG.CHLD || sig === SIG.PIPE) return true;
    // SIGKILL (and any other deadly signal): the process just stops existing.
    if (kind === 'vrrp') {
      this.vrrp?.kill();
      this.vrrp = null;
    } else {
      this.check?.kill();
      this.check = null;
    }
    return false;
  }

  /** SIGHUP in a child: read the file again and start over with it (simplified reload). */
  private reloadChild(kind: Child, pid: number): void {
    const log = (m: string) => this.log(kind === 'vrrp' ? IDENT.vrrp : IDENT.check, pid, m);
    log(kind === 'vrrp' ? 'Reloading' : 'Reloading');
    if (kind === 'vrrp') {
      this.vrrp?.kill();
      this.vrrp = null;
      this.runVrrp(pid);
    } else {
      this.check?.stop();
      this.check = null;
      this.runCheck(pid);
    }
  }

  private parentSignal(sig: number): boolean {
    if (sig === SIG.TERM || sig === SIG.INT) {
      this.terminate(KEEPALIVED_EXIT.OK);
      return true;
    }
    if (sig === SIG.HUP) {
      this.reload();
      return true;
    }
    if (sig === SIG.USR1 || sig === SIG.USR2 || sig === SIG.CHLD || sig === SIG.PIPE) return true;
    return false;
  }

  /** systemctl reload / SIGHUP: the children reload. */
  reload(): void {
    for (const kind of ['check', 'vrrp'] as const) {
      const pid = this.pids[kind];
      if (this.alive(pid)) this.host.procs.kill(pid, SIG.HUP);
    }
  }

  /** The parent's sigend + stop_keepalived. */
  terminate(code: number): void {
    if (!this.parent || this.stopping) return;
    this.stopping = true;
    this.plog('Stopping');
    for (const kind of ['check', 'vrrp'] as const) {
      const pid = this.pids[kind];
      if (this.alive(pid)) this.host.procs.kill(pid, SIG.TERM);
    }
    this.plog(`Stopped ${VERSION_STRING}`);
    const p = this.parent;
    this.exitCode = code;
    if (this.host.fs.exists(PIDFILES.parent)) this.host.fs.remove(PIDFILES.parent);
    this.host.procs.exit(p.pid, { code });
  }

  /** Any process of ours ended. */
  private exited(p: ProcessInfo, code: number | null): void {
    if (!this.parent) return;
    if (p.pid === this.parent.pid) {
      // The parent is gone: PR_SET_PDEATHSIG sends SIGTERM to the children.
      this.parent = null;
      this.unwatch?.();
      this.unwatch = null;
      if (running.get(this.host) === this) running.delete(this.host);
      const kids = (['check', 'vrrp'] as const).map((k) => this.pids[k]).filter((pid): pid is number => pid !== null);
      this.host.world.sim.schedule(0, () => {
        for (const pid of kids) if (this.host.procs.get(pid)) this.host.procs.kill(pid, SIG.TERM);
      });
      return;
    }
    const kind: Child | null = p.pid === this.pids.vrrp ? 'vrrp' : p.pid === this.pids.check ? 'check' : null;
    if (!kind) return;
    this.pids[kind] = null;
    if (kind === 'vrrp' && this.vrrp) {
      this.vrrp.kill();
      this.vrrp = null;
    }
    if (kind === 'check' && this.check) {
      this.check.kill();
      this.check = null;
    }
    if (this.stopping) return;
    const name = kind === 'vrrp' ? IDENT.vrrp : IDENT.check;
    if (code === KEEPALIVED_EXIT.CONFIG || code === KEEPALIVED_EXIT.FATAL) {
      this.plog(`${name} exited with permanent error ${code === KEEPALIVED_EXIT.CONFIG ? 'CONFIG' : 'FATAL'}. Terminating`);
      this.terminate(KEEPALIVED_EXIT.FATAL);
      return;
    }
    // The parent reaps the child from its event loop (SIGCHLD), not inside the kill(2)
    // that killed it: `kill -9 $(pidof keepalived)` (children first) kills the parent
    // too before it can respawn anything — no cleanup, the notes' split brain.
    this.host.world.sim.schedule(0, () => {
      if (!this.parent || this.stopping || this.pids[kind] !== null) return;
      this.plog(`${kind === 'vrrp' ? 'VRRP' : 'Healthcheck'} child process(${p.pid}) died: Respawning`);
      this.startChild(kind);
    });
  }
}

/** Parse silently: does the file have anything for this subsystem? */
function readConfQuiet(host: Host, path: string, sub: 'vrrp' | 'check', log: (m: string) => void): boolean {
  if (!host.fs.isFile(path)) return false;
  const r = readConf(host, path, sub, log);
  return sub === 'vrrp' ? r.conf.vrrp.length > 0 : r.conf.virtualServers.length > 0;
}

/** `-D`, `-f FILE`, `--log-detail`, ... (keepalived's getopt_long table, the options lvslab uses). */
export function parseOptions(argv: string[]): KeepalivedOptions | { error: string } {
  const o: KeepalivedOptions = { argv, confFile: DEFAULT_CONF, detail: false, vrrpOnly: false, checkOnly: false, dontReleaseVrrp: false, dontReleaseIpvs: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const take = () => {
      const v = argv[++i];
      return v;
    };
    switch (a) {
      case '-D':
      case '--log-detail':
        o.detail = true;
        break;
      case '-P':
      case '--vrrp':
        o.vrrpOnly = true;
        break;
      case '-C':
      case '--check':
        o.checkOnly = true;
        break;
      case '-V':
      case '--dont-release-vrrp':
        o.dontReleaseVrrp = true;
        break;
      case '-I':
      case '--dont-release-ipvs':
        o.dontReleaseIpvs = true;
        break;
      case '-f':
      case '--use-file': {
        const v = take();
        if (v === undefined) return { error: `${argv[0]}: option requires an argument -- 'f'` };
        o.confFile = v;
        break;
      }
      case '-l':
      case '--log-console':
      case '-n':
      case '--dont-fork':
      case '-d':
      case '--dump-conf':
      case '-R':
      case '--dont-respawn':
        break;
      case '-S':
      case '--log-facility':
        take();
        break;
      default:
        if (a.startsWith('--use-file=')) o.confFile = a.slice('--use-file='.length);
        else if (a.startsWith('-f') && a.length > 2) o.confFile = a.slice(2);
        else return { error: a.startsWith('--') ? `${argv[0]}: unrecognized option '${a}'` : `${argv[0]}: invalid option -- '${a.slice(1, 2)}'` };
    }
  }
  return o;
}

/** KEEPALIVED_OPTIONS from /etc/sysconfig/keepalived (the unit's EnvironmentFile). */
export function sysconfigArgv(host: Host): string[] {
  const path = '/etc/sysconfig/keepalived';
  let opts = '-D';
  if (host.fs.isFile(path)) {
    opts = '';
    for (const line of host.fs.read(path).split('\n')) {
      const m = /^\s*KEEPALIVED_OPTIONS=(?:"([^"]*)"|'([^']*)'|(\S*))/.exec(line);
      if (m) opts = m[1] ?? m[2] ?? m[3] ?? '';
    }
  }
  return [KEEPALIVED_BINARY, ...opts.split(/\s+/).filter(Boolean)];
}
