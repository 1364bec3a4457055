/**
 * The checker child's view of IPVS (keepalived/check/ipwrapper.c and
 * ipvswrapper.c): services created at start-up whatever the VRRP state,
 * real servers added in configuration order, removed (or set to weight 0
 * with inhibit_on_failure) when their checkers fail, quorum and sorry server.
 */
import type { Ipvs, IpvsError, ServiceKey } from '../../lvs';
import type { FwdMethod } from '../../lvs/types';
import { formatIpv4 } from '../../wire/addr';
import { fmtTrio, fmtVs, type RealServerSettings, type VirtualServerSettings } from '../conf/complete';
import type { LbKind as ConfLbKind } from '../conf/types';

/** IP_VS_SO_SET_* (include/uapi/linux/ip_vs.h) as ipvs_talk reports them. */
const CMD = { ADD: 1154, EDIT: 1155, DEL: 1156, ADDDEST: 1159, DELDEST: 1160, EDITDEST: 1161 } as const;
type Cmd = keyof typeof CMD;

/** errno behind libipvs's ipvs_strerror texts. */
const ERRNO: Record<IpvsError, number> = {
  'Service already exists': 17,
  'Destination already exists': 17,
  'No such service': 3,
  'Service not defined': 3,
  'No such destination': 2,
  'Scheduler or persistence engine not found': 2,
  'Numerical result out of range': 34,
  'No such device': 19,
  'Daemon has already run': 17,
  'No daemon is running': 3,
};

const FWD: Record<ConfLbKind, FwdMethod> = { NAT: 'masq', DR: 'route', TUN: 'tunnel' };

export interface RsState {
  conf: RealServerSettings;
  alive: boolean;
  /** In the IPVS table (rs->set). */
  set: boolean;
  numFailedCheckers: number;
}

export interface VsState {
  conf: VirtualServerSettings;
  quorumUp: boolean;
  rs: RsState[];
  sorryAlive: boolean;
}

export class Pool {
  readonly vs: VsState[];

  constructor(
    private readonly ipvs: Ipvs,
    confs: VirtualServerSettings[],
    private readonly log: (m: string) => void,
  ) {
    this.vs = confs.map((c) => ({
      conf: c,
      quorumUp: !c.alpha,
      rs: c.realServers.map((r) => ({ conf: r, alive: false, set: false, numFailedCheckers: r.alpha ? r.checkers.length : 0 })),
      sorryAlive: false,
    }));
  }

  private key(vs: VirtualServerSettings): ServiceKey {
    return vs.fwmark ? { protocol: 'FWM', fwmark: vs.fwmark } : { protocol: vs.protocol === 'UDP' ? 'UDP' : 'TCP', addr: vs.addr, port: vs.port };
  }

  private srule(vs: VirtualServerSettings): string {
    return vs.fwmark ? `FWM ${vs.fwmark}` : `${formatIpv4(vs.addr)}:${vs.protocol.toLowerCase()}:${vs.port}`;
  }

  /** ipvs_talk: a kernel error is logged (EEXIST on add / ENOENT on delete are then ignored). */
  private talk(cmd: Cmd, vs: VirtualServerSettings, err: IpvsError | null, dest?: { addr: number; port: number }): boolean {
    if (!err) return true;
    const buf = ` (${this.srule(vs)}${dest ? ` -> ${formatIpv4(dest.addr)}:${dest.port}` : ''})`;
    this.log(`IPVS cmd ${cmd}(${CMD[cmd]}) error: ${err}(${ERRNO[err]})${buf}`);
    const errno = ERRNO[err];
    return (errno === 17 && (cmd === 'ADD' || cmd === 'ADDDEST')) || (errno === 2 && (cmd === 'DEL' || cmd === 'DELDEST'));
  }

  private destSpec(vs: VirtualServerSettings, rs: { addr: number; port: number; fwd: ConfLbKind; weight: number; uThreshold: number; lThreshold: number }, weight: number) {
    return {
      addr: rs.addr,
      // A DR/TUN real server always uses the service's port (ipvs_cmd).
      port: rs.fwd === 'NAT' || vs.fwmark ? rs.port : vs.port,
      fwd: FWD[rs.fwd],
      weight,
      uThreshold: rs.uThreshold,
      lThreshold: rs.lThreshold,
    };
  }

  /** ipvs_cmd for a real server, with the inhibit_on_failure substitutions. */
  private destCmd(cmd: 'ADDDEST' | 'DELDEST', v: VsState, r: RsState): void {
    const vs = v.conf;
    const rs = r.conf;
    let c: Cmd = cmd;
    let weight = rs.weight;
    if (cmd === 'DELDEST' && rs.inhibit) {
      weight = 0;
      c = 'EDITDEST';
    } else if (cmd === 'ADDDEST' && rs.inhibit && r.set) c = 'EDITDEST';
    else if (cmd === 'ADDDEST' && !r.set) {
      r.set = true;
      if (rs.inhibit && r.numFailedCheckers) weight = 0;
    } else if (cmd === 'DELDEST' && r.set) r.set = false;
    const spec = this.destSpec(vs, rs, weight);
    const key = this.key(vs);
    let err: IpvsError | null;
    if (c === 'ADDDEST') err = this.ipvs.addDest(key, spec);
    else if (c === 'DELDEST') err = this.ipvs.delDest(key, spec.addr, spec.port);
    else {
      err = this.ipvs.editDest(key, spec);
      if (err === 'No such destination') {
        c = 'ADDDEST';
        err = this.ipvs.addDest(key, spec);
      }
    }
    this.talk(c, vs, err, spec);
  }

  /** init_services: every service, then its (non-alpha) real servers in configuration order. */
  init(flush: boolean): void {
    if (flush) this.ipvs.clear();
    for (const v of this.vs) {
      const vs = v.conf;
      const err = this.ipvs.addService({
        key: this.key(vs),
        scheduler: vs.sched,
        persistent: vs.persistenceTimeout > 0,
        timeout: vs.persistenceTimeout,
        netmask: vs.persistenceGranularity ?? 0xffffffff,
        schedFlags: { fallback: false, port: false },
        ops: vs.ops,
      });
      if (!this.talk('ADD', vs, err)) continue;
      for (const r of v.rs) {
        if (vs.alpha || r.alive) continue;
        this.destCmd('ADDDEST', v, r);
        r.alive = true;
      }
    }
  }

  private liveWeight(v: VsState): number {
    return v.rs.reduce((n, r) => n + (r.alive ? r.conf.weight : 0), 0);
  }

  /** perform_quorum_state */
  private quorumState(v: VsState, add: boolean): void {
    this.log(`${add ? 'Adding alive servers to' : 'Removing alive servers from'} the pool for VS ${fmtVs(v.conf)}`);
    for (const r of v.rs) {
      if (!r.alive) continue;
      if (add) r.alive = false;
      this.destCmd(add ? 'ADDDEST' : 'DELDEST', v, r);
      r.alive = true;
    }
  }

  /** update_quorum_state */
  private updateQuorum(v: VsState): void {
    const vs = v.conf;
    const sum = this.liveWeight(v);
    const up = vs.quorum + vs.hysteresis;
    const down = vs.quorum - vs.hysteresis;
    if (!v.quorumUp && sum >= up) {
      v.quorumUp = true;
      this.log(`Gained quorum ${vs.quorum}+${vs.hysteresis}=${up} <= ${sum} for VS ${fmtVs(vs)}`);
      if (vs.sorryServer && v.sorryAlive) {
        const ss = vs.sorryServer;
        this.log(`${ss.inhibit ? 'Disabling' : 'Removing'} sorry server ${fmtTrio(ss.addr, vs.protocol, ss.port)} from VS ${fmtVs(vs)}`);
        this.sorryCmd(v, false);
        this.quorumState(v, true);
      }
      return;
    }
    if (v.quorumUp && (!sum || sum < down)) {
      v.quorumUp = false;
      this.log(`Lost quorum ${vs.quorum}-${vs.hysteresis}=${down} > ${sum} for VS ${fmtVs(vs)}`);
      if (vs.sorryServer) {
        const ss = vs.sorryServer;
        this.log(`${ss.inhibit ? 'Enabling' : 'Adding'} sorry server ${fmtTrio(ss.addr, vs.protocol, ss.port)} to VS ${fmtVs(vs)}`);
        this.sorryCmd(v, true);
        this.quorumState(v, false);
      }
    }
  }

  private sorryCmd(v: VsState, add: boolean): void {
    const vs = v.conf;
    const ss = vs.sorryServer!;
    const spec = this.destSpec(vs, { addr: ss.addr, port: ss.port, fwd: ss.fwd, weight: 1, uThreshold: 0, lThreshold: 0 }, add || !ss.inhibit ? 1 : 0);
    const key = this.key(vs);
    if (add) this.talk('ADDDEST', vs, this.ipvs.addDest(key, spec), spec);
    else if (ss.inhibit) this.talk('EDITDEST', vs, this.ipvs.editDest(key, spec), spec);
    else this.talk('DELDEST', vs, this.ipvs.delDest(key, spec.addr, spec.port), spec);
    v.sorryAlive = add;
  }

  /** perform_svr_state: the real server's checkers agree it is up (or one says down). */
  setAlive(v: VsState, r: RsState, alive: boolean): void {
    const vs = v.conf;
    const rs = r.conf;
    if (!r.alive && alive) {
      this.log(`${rs.inhibit ? 'Enabling' : 'Adding'} service ${fmtTrio(rs.addr, vs.protocol, rs.port)} to VS ${fmtVs(vs)}`);
      if (v.quorumUp || !vs.sorryServer || !v.sorryAlive) this.destCmd('ADDDEST', v, r);
      r.alive = true;
      this.updateQuorum(v);
    } else if (r.alive && !alive) {
      this.log(`${rs.inhibit ? 'Disabling' : 'Removing'} service ${fmtTrio(rs.addr, vs.protocol, rs.port)} from VS ${fmtVs(vs)}`);
      if (v.quorumUp || !vs.sorryServer || !v.sorryAlive) this.destCmd('DELDEST', v, r);
      r.alive = false;
      this.updateQuorum(v);
    }
  }

  /** update_svr_checker_state: a real server is alive while none of its checkers has failed. */
  checkerState(v: VsState, r: RsState, wasUp: boolean, nowUp: boolean): void {
    if (wasUp === nowUp) return;
    if (nowUp) {
      if (--r.numFailedCheckers === 0) this.setAlive(v, r, true);
    } else if (r.numFailedCheckers++ === 0) this.setAlive(v, r, false);
  }

  /** clear_services (SIGTERM): alive real servers logged and removed, then the services. */
  clear(): void {
    for (const v of this.vs) {
      const vs = v.conf;
      if (vs.sorryServer) {
        if (v.sorryAlive) this.sorryCmd(v, false);
      } else {
        for (const r of v.rs) {
          if (!r.alive) continue;
          this.log(`Removing service ${fmtTrio(r.conf.addr, vs.protocol, r.conf.port)} from VS ${fmtVs(vs)}`);
          const spec = this.destSpec(vs, r.conf, 0);
          this.talk('DELDEST', vs, this.ipvs.delDest(this.key(vs), spec.addr, spec.port), spec);
          r.alive = false;
          r.set = false;
        }
      }
      this.talk('DEL', vs, this.ipvs.delService(this.key(vs)));
    }
  }
}
