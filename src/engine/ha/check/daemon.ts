/**
 * The health-checker child (keepalived/check/check_daemon.c start_check):
 * IPVS set up from the configuration at start-up, one checker per
 * HTTP_GET/TCP_CHECK block, IPVS cleared on SIGTERM and left as it is on
 * SIGKILL.
 */
import { ipvsOf } from '../../lvs';
import type { Host } from '../../os/host';
import { Prng } from '../../sim/prng';
import { tcpCloseOwned } from '../../transport/tcp/socket';
import { fmtTrio, fmtVs, type VirtualServerSettings } from '../conf/complete';
import { Checker } from './checker';
import { Pool } from './pool';

export interface CheckDaemonOptions {
  host: Host;
  pid: number;
  virtualServers: VirtualServerSettings[];
  /** global_defs lvs_flush. */
  flush: boolean;
  log(text: string): void;
}

export class CheckDaemon {
  readonly pool: Pool;
  readonly checkers: Checker[] = [];
  private running = false;

  constructor(private readonly o: CheckDaemonOptions) {
    this.pool = new Pool(ipvsOf(o.host), o.virtualServers, o.log);
    const world = o.host.world;
    // The warmup's rand(): a stream of its own per host and process, so the checks' timing does not move with unrelated randomness.
    const rng = new Prng((world.seed * 2654435761 + o.pid * 40503 + hash(o.host.id)) >>> 0);
    for (const v of this.pool.vs) {
      for (const r of v.rs) {
        for (const c of r.conf.checkers) {
          const checker = new Checker(c, {
            host: o.host,
            pid: o.pid,
            log: o.log,
            after: (delay, fn) => {
              const h = world.sim.schedule(Math.max(0, Math.round(delay)), fn);
              return () => world.sim.cancel(h);
            },
            rand: () => rng.float(),
            label: fmtTrio(r.conf.addr, v.conf.protocol, r.conf.port),
            changed: (was, now) => this.pool.checkerState(v, r, was, now),
          });
          this.checkers.push(checker);
        }
      }
    }
  }

  /** init_services, then register_checkers_thread. */
  start(): void {
    this.running = true;
    this.pool.init(this.o.flush);
    for (const v of this.pool.vs) {
      for (const r of v.rs) {
        for (const c of r.conf.checkers) {
          if (!this.checkers.find((k) => k.c === c)!.supported) continue;
          this.o.log(`Activating healthchecker for service ${fmtTrio(r.conf.addr, v.conf.protocol, r.conf.port)} for VS ${fmtVs(v.conf)}`);
        }
      }
    }
    for (const c of this.checkers) c.start();
  }

  /** SIGTERM: checkers stop and the IPVS configuration is removed (clear_services). */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const c of this.checkers) c.stop();
    this.pool.clear();
    tcpCloseOwned(this.o.host, this.o.pid, true);
  }

  /** SIGKILL: the kernel only closes the dead process's sockets; IPVS keeps what it has. */
  kill(): void {
    if (!this.running) return;
    this.running = false;
    for (const c of this.checkers) c.stop();
    tcpCloseOwned(this.o.host, this.o.pid, true);
  }
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
