/**
 * The defaults and corrections keepalived applies after parsing, with its
 * log lines: vrrp_complete_instance / vrrp_complete_init (vrrp/vrrp.c) for
 * the VRRP child, validate_check_config (check/check_data.c) for the
 * checker child.
 */
import { formatIpv4, type Ipv4 } from '../../wire/addr';
import type { CheckerConf, GlobalDefs, HttpUrlConf, KeepalivedConf, LbKind, VipConf, VirtualServerConf, VrrpInstanceConf } from './types';
import { IPVS_SVC_PERSISTENT_TIMEOUT } from './check-kw';

export const VRRP_PRIO_OWNER = 255;
export const VRRP_PRIO_DFL = 100;
const TIMER_HZ = 1_000_000;

/** A VRRP instance with every default resolved: what the state machine runs. */
export interface VrrpSettings {
  name: string;
  iface: string;
  vrid: number;
  version: 2 | 3;
  basePriority: number;
  /** Initial wanted state after the strict-mode and owner rules. */
  wantState: 'MASTER' | 'BACKUP';
  /** µs. */
  adverInt: number;
  authType: 0 | 1 | 2;
  authPass: string;
  vips: VipConf[];
  evips: VipConf[];
  strict: boolean;
  accept: boolean;
  nopreempt: boolean;
  /** µs. */
  preemptDelay: number;
  garpDelay: number;
  garpRep: number;
  garpRefresh: number;
  garpLowerPrioDelay: number;
  garpLowerPrioRep: number;
  lowerPrioNoAdvert: boolean;
  higherPrioSendAdvert: boolean;
  skipCheckAdvAddr: boolean;
  mcastGroup: Ipv4;
  /** mcast_src_ip / unicast_src_ip; null = the interface's primary address. */
  srcIp: Ipv4 | null;
  unicastPeers: Ipv4[];
  downTimerAdverts: number;
  dontTrackPrimary: boolean;
  /** iptables chain for the no-accept DROP rules ('' = none). */
  iptablesIn: string;
}

export interface VrrpHostView {
  /** Primary IPv4 address of the interface (for the "Cannot find an IP address" check). */
  primaryIp(iface: string): Ipv4 | undefined;
  mtu(iface: string): number;
}

/** vrrp_complete_init: null when keepalived would give up (the child exits with a configuration error). */
export function completeVrrp(conf: KeepalivedConf, host: VrrpHostView, log: (m: string) => void): VrrpSettings[] | null {
  const out: VrrpSettings[] = [];
  const g = conf.global;
  // Same VRID twice on one interface.
  const seen = new Map<string, string>();
  for (const v of conf.vrrp) {
    if (!v.iface) continue;
    const key = `${v.vrid}/${v.iface}`;
    if (seen.has(key)) {
      log(`VRID ${v.vrid} is duplicated on interface ${v.iface}`);
      return null;
    }
    seen.set(key, v.name);
  }
  for (const v of conf.vrrp) {
    const s = completeInstance(v, g, host, log);
    if (!s) return null;
    out.push(s);
  }
  return out;
}

function completeInstance(v: VrrpInstanceConf, g: GlobalDefs, host: VrrpHostView, log: (m: string) => void): VrrpSettings | null {
  const n = v.name;
  const strict = v.strictMode ?? g.vrrpStrict;
  const version: 2 | 3 = v.version === 0 ? g.vrrpVersion : v.version;
  if (v.vips.length === 0 && (version === 3 || strict)) {
    log(`(${n}) No VIP specified; at least one is required`);
    return null;
  }
  let authType = v.authType;
  if (strict && authType !== 0) {
    log(`(${n}) Strict mode does not support authentication. Ignoring.`);
    authType = 0;
  } else if (version === 3 && authType !== 0) {
    log(`(${n}) VRRP version 3 does not support authentication. Ignoring.`);
    authType = 0;
  } else if (authType !== 0 && v.authPass === '') {
    log(`(${n}) Authentication specified but no password given. Ignoring`);
    authType = 0;
  }
  // chk_min_cfg
  if (v.vrid === 0) {
    log(`(${n}) the virtual router id must be set`);
    return null;
  }
  if (!v.iface) {
    log(`(${n}) Unknown interface!`);
    return null;
  }
  if (strict && v.unicastPeers.length) {
    log(`(${n}) Unicast peers are not supported in strict mode`);
    return null;
  }
  // Count IP addrs is 8 bits and the advert must fit the MTU: extra VIPs become eVIPs.
  const maxAddr = Math.min(255, Math.floor((host.mtu(v.iface) - (14 + 20 + 8 + (version === 2 ? 8 : 0))) / 4));
  const vips = v.vips.map((x) => ({ ...x, dev: x.dev ?? v.iface }));
  const evips = v.evips.map((x) => ({ ...x, dev: x.dev ?? v.iface }));
  if (vips.length > maxAddr) {
    log(`(${n}) Number of VIPs (${vips.length}) exceeds maximum/space available in packet (max ${maxAddr} addresses) - excess moved to eVIPs`);
    evips.push(...vips.splice(maxAddr));
  }
  let base = v.priority;
  let want: VrrpInstanceConf['wantState'] = v.wantState;
  if (base === 0) base = want === 'MASTER' ? VRRP_PRIO_OWNER : VRRP_PRIO_DFL;
  else if (want === 'INIT') want = base === VRRP_PRIO_OWNER ? 'MASTER' : 'BACKUP';
  else if (strict && (want === 'MASTER') !== (base === VRRP_PRIO_OWNER)) {
    log(`(${n}) State MASTER must match being address owner`);
    want = base === VRRP_PRIO_OWNER ? 'MASTER' : 'BACKUP';
  }
  if (want === 'INIT') want = 'BACKUP';
  let nopreempt = v.nopreempt;
  let preemptDelay = v.preemptDelay;
  if (base === VRRP_PRIO_OWNER && nopreempt) {
    log(`(${n}) nopreempt is incompatible with priority 255 - resetting nopreempt`);
    nopreempt = false;
  }
  if (want === 'MASTER') {
    if (nopreempt) {
      log(`(${n}) Warning - nopreempt will not work with initial state MASTER - clearing`);
      nopreempt = false;
    }
    if (preemptDelay) {
      log(`(${n}) Warning - preempt delay will not work with initial state MASTER - clearing`);
      preemptDelay = 0;
    }
  }
  if (preemptDelay) {
    if (strict) {
      log(`(${n}) preempt_delay is incompatible with strict mode - resetting`);
      preemptDelay = 0;
    }
    if (nopreempt) {
      log(`(${n}) preempt_delay is incompatible with nopreempt mode - resetting`);
      preemptDelay = 0;
    }
  }
  let accept = v.accept ?? !strict;
  if (accept && base !== VRRP_PRIO_OWNER && strict && version === 2) {
    log(`(${n}) warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting`);
    accept = false;
  }
  let garpLowerPrioRep = v.garpLowerPrioRepeat ?? (strict ? 0 : g.vrrpGarpMasterRepeat);
  if (strict && v.garpLowerPrioRepeat) {
    log(`(${n}) Strict mode requires no repeat garps - resetting`);
    garpLowerPrioRep = 0;
  }
  let garpLowerPrioDelay = v.garpLowerPrioDelay ?? (strict ? 0 : g.vrrpGarpMasterDelay);
  if (strict && v.garpLowerPrioDelay) {
    log(`(${n}) Strict mode requires no repeat garp delay - resetting`);
    garpLowerPrioDelay = 0;
  }
  let lowerPrioNoAdvert = v.lowerPrioNoAdvert ?? strict;
  if (strict && v.lowerPrioNoAdvert === false) {
    log(`(${n}) Strict mode requires no lower priority advert - resetting`);
    lowerPrioNoAdvert = true;
  }
  let higherPrioSendAdvert = v.higherPrioSendAdvert ?? false;
  if (strict && v.higherPrioSendAdvert) {
    log(`(${n}) strict mode requires higherer_prio_send_advert to be clear - resetting`);
    higherPrioSendAdvert = false;
  }
  let adverInt = v.adverInt || TIMER_HZ;
  if (version === 2) {
    if (adverInt >= 256 * TIMER_HZ) {
      log(`(${n}) VRRPv2 advertisement interval ${(adverInt / TIMER_HZ).toFixed(2)}s is out of range. Must be less than 256s. Setting to 255s`);
      adverInt = 255 * TIMER_HZ;
    } else if (adverInt % TIMER_HZ) {
      log(`(${n}) VRRPv2 advertisement interval ${(adverInt / TIMER_HZ).toFixed(6)}s must be an integer - rounding`);
      adverInt = adverInt + TIMER_HZ / 2;
      adverInt -= adverInt % TIMER_HZ;
      if (adverInt === 0) adverInt = TIMER_HZ;
    }
  }
  if (host.primaryIp(v.iface) === undefined && v.mcastSrcIp === null) log(`(${n}) Cannot find an IP address to use for interface ${v.iface}`);
  if (base !== VRRP_PRIO_OWNER && !accept && !g.vrrpIptablesIn) log(`(${n}) Unable to set no_accept mode since iptables chain name unset`);
  return {
    name: n,
    iface: v.iface,
    vrid: v.vrid,
    version,
    basePriority: base,
    wantState: want,
    adverInt,
    authType,
    authPass: v.authPass,
    vips,
    evips,
    strict,
    accept,
    nopreempt,
    preemptDelay,
    garpDelay: v.garpMasterDelay ?? g.vrrpGarpMasterDelay,
    garpRep: v.garpMasterRepeat ?? g.vrrpGarpMasterRepeat,
    garpRefresh: v.garpMasterRefresh || g.vrrpGarpMasterRefresh,
    garpLowerPrioDelay,
    garpLowerPrioRep,
    lowerPrioNoAdvert,
    higherPrioSendAdvert,
    skipCheckAdvAddr: v.skipCheckAdvAddr || g.vrrpSkipCheckAdvAddr,
    mcastGroup: g.vrrpMcastGroup4,
    srcIp: v.unicastSrcIp ?? v.mcastSrcIp,
    unicastPeers: v.unicastPeers,
    downTimerAdverts: v.downTimerAdverts,
    dontTrackPrimary: v.dontTrackPrimary,
    iptablesIn: g.vrrpIptablesIn,
  };
}

// ---------------------------------------------------------------- checkers

export type CheckerKind = CheckerConf['kind'];

/** A checker with its timings resolved (checker_t). */
export interface CheckerSettings {
  kind: CheckerKind;
  /** Where the check connects: connect_ip/connect_port, else the real server. */
  ip: Ipv4;
  port: number;
  bindTo: Ipv4 | null;
  /** µs. */
  connectTimeout: number;
  retry: number;
  delayBeforeRetry: number;
  delayLoop: number;
  warmup: number;
  alpha: boolean;
  logAllFailures: boolean;
  urls: HttpUrlConf[];
  virtualhost: string | null;
  httpProtocol: '1.0' | '1.0C' | '1.1';
  fastRecovery: boolean;
}

export interface RealServerSettings {
  addr: Ipv4;
  port: number;
  weight: number;
  inhibit: boolean;
  fwd: LbKind;
  uThreshold: number;
  lThreshold: number;
  alpha: boolean;
  checkers: CheckerSettings[];
}

export interface VirtualServerSettings {
  addr: Ipv4;
  port: number;
  fwmark: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  sched: string;
  persistenceTimeout: number;
  persistenceGranularity: Ipv4 | null;
  ops: boolean;
  quorum: number;
  hysteresis: number;
  alpha: boolean;
  omega: boolean;
  sorryServer: { addr: Ipv4; port: number; inhibit: boolean; fwd: LbKind } | null;
  realServers: RealServerSettings[];
}

const protoName = (p: VirtualServerConf['protocol']) => (p === 'TCP' ? 'tcp' : p === 'UDP' ? 'udp' : p === 'SCTP' ? 'sctp' : 'none');

/** inet_sockaddrtotrio: `[192.168.150.12]:tcp:80` (FMT_RS, FMT_VS, FMT_CHK). */
export function fmtTrio(addr: Ipv4, protocol: VirtualServerConf['protocol'], port: number): string {
  return `[${formatIpv4(addr)}]:${protoName(protocol)}:${port}`;
}

export function fmtVs(vs: { addr: Ipv4; port: number; fwmark: number; protocol: VirtualServerConf['protocol'] }): string {
  return vs.fwmark ? `FWM ${vs.fwmark}` : fmtTrio(vs.addr, vs.protocol, vs.port);
}

const DEFAULT_RETRY: Record<CheckerKind, number> = {
  TCP_CHECK: 1,
  HTTP_GET: 1,
  SSL_GET: 1,
  SMTP_CHECK: 1,
  MISC_CHECK: 0,
  DNS_CHECK: 3,
  UDP_CHECK: 1,
  PING_CHECK: 1,
  FILE_CHECK: 0,
  BFD_CHECK: 0,
};
const DEFAULT_DELAY_BEFORE_RETRY: Partial<Record<CheckerKind, number>> = { HTTP_GET: 3 * TIMER_HZ, SSL_GET: 3 * TIMER_HZ, TCP_CHECK: TIMER_HZ, SMTP_CHECK: TIMER_HZ, UDP_CHECK: TIMER_HZ, PING_CHECK: TIMER_HZ };

/** validate_check_config. */
export function completeCheck(conf: KeepalivedConf, log: (m: string) => void): VirtualServerSettings[] {
  const out: VirtualServerSettings[] = [];
  for (const vs of conf.virtualServers) {
    if (vs.group) continue; // virtual_server_group is not modelled
    if (vs.realServers.length === 0) {
      log(`Virtual server ${fmtVs(vs)} has no real servers - ignoring`);
      continue;
    }
    let protocol: 'TCP' | 'UDP' | 'SCTP' = vs.protocol ?? 'TCP';
    let persistence = vs.persistenceTimeout;
    if (!vs.fwmark) {
      if (!vs.protocol) {
        log(`Virtual server ${fmtVs(vs)}: no protocol set - defaulting to UDP`);
        protocol = 'UDP';
      }
      if (!persistence && !vs.port) {
        log(`Virtual server ${fmtVs({ ...vs, protocol })}: zero port only valid for persistent services - setting`);
        persistence = IPVS_SVC_PERSISTENT_TIMEOUT;
      }
    }
    const shown = { ...vs, protocol };
    let sched = vs.sched;
    if (!sched) {
      log(`Virtual server ${fmtVs(shown)}: no scheduler set, setting default 'wlc'`);
      sched = 'wlc';
    }
    let vsFwd = vs.fwd;
    const rss: RealServerSettings[] = [];
    let weightSum = 0;
    for (const rs of vs.realServers) {
      if (rss.some((r) => r.addr === rs.addr && r.port === (rs.port || vs.port))) {
        log(`VS ${fmtVs(shown)}: real server ${fmtTrio(rs.addr, protocol, rs.port)} is duplicated - removing second rs`);
        continue;
      }
      let fwd = rs.fwd;
      if (!fwd) {
        if (!vsFwd) {
          log(`Virtual server ${fmtVs(shown)}: no forwarding method set, setting default NAT`);
          vsFwd = 'NAT';
        }
        fwd = vsFwd;
      }
      let port = rs.port;
      if (fwd !== 'NAT' && !vs.fwmark) {
        if (!port) port = vs.port;
        else if (port !== vs.port) {
          log(`WARNING - virtual server ${fmtVs(shown)} and real server ${fmtTrio(rs.addr, protocol, port)} ports don't match - resetting`);
          port = vs.port;
        }
      } else if (fwd === 'NAT' && !vs.fwmark && !port) port = vs.port;
      const retry = rs.retry ?? vs.retry;
      const connectTimeout = rs.connectTimeout ?? vs.connectTimeout;
      const delayLoop = rs.delayLoop ?? vs.delayLoop;
      const weight = rs.weight ?? vs.weight;
      const alpha = rs.alpha ?? vs.alpha;
      const checkers: CheckerSettings[] = rs.checkers.map((c) => {
        const cDelayLoop = c.delayLoop ?? delayLoop;
        return {
          kind: c.kind,
          ip: c.connectIp ?? rs.addr,
          port: c.connectPort ?? port,
          bindTo: c.bindTo,
          connectTimeout: c.connectTimeout ?? connectTimeout,
          retry: c.retry ?? retry ?? DEFAULT_RETRY[c.kind],
          delayBeforeRetry: c.delayBeforeRetry ?? rs.delayBeforeRetry ?? vs.delayBeforeRetry ?? DEFAULT_DELAY_BEFORE_RETRY[c.kind] ?? cDelayLoop,
          delayLoop: cDelayLoop,
          warmup: c.warmup ?? rs.warmup ?? vs.warmup ?? cDelayLoop,
          alpha: c.alpha ?? alpha,
          logAllFailures: c.logAllFailures,
          urls: 'urls' in c ? c.urls : [],
          virtualhost: 'virtualhost' in c ? (c.virtualhost ?? null) : null,
          httpProtocol: 'httpProtocol' in c ? c.httpProtocol : '1.0',
          fastRecovery: 'fastRecovery' in c ? c.fastRecovery : false,
        };
      });
      weightSum += weight;
      rss.push({ addr: rs.addr, port, weight, inhibit: rs.inhibit ?? vs.inhibit, fwd, uThreshold: rs.uThreshold, lThreshold: rs.lThreshold, alpha, checkers });
    }
    let quorum = vs.quorum;
    let hysteresis = vs.hysteresis;
    if (quorum > weightSum) {
      log(`Warning - quorum ${quorum} for ${fmtVs(shown)} exceeds total weight of real servers ${weightSum}, reducing quorum to ${weightSum}`);
      quorum = weightSum;
    }
    if (hysteresis >= quorum && quorum > 0) {
      log(`Virtual server ${fmtVs(shown)}: hysteresis ${hysteresis} >= quorum ${quorum}; setting hysteresis to ${quorum - 1}`);
      hysteresis = quorum - 1;
    }
    const ss = vs.sorryServer;
    out.push({
      addr: vs.addr,
      port: vs.port,
      fwmark: vs.fwmark,
      protocol,
      sched,
      persistenceTimeout: persistence,
      persistenceGranularity: vs.persistenceGranularity,
      ops: vs.ops,
      quorum,
      hysteresis,
      alpha: vs.alpha,
      omega: vs.omega,
      sorryServer: ss ? { addr: ss.addr, port: ss.port || vs.port, inhibit: ss.inhibit, fwd: vsFwd ?? 'NAT' } : null,
      realServers: rss,
    });
  }
  return out;
}
