import type { Micros } from '../sim/time';
import type { Ipv4 } from '../wire/addr';

/** Forwarding method of a real server (IP_VS_CONN_F_FWD_MASK): ipvsadm -m / -g / -i. */
export type FwdMethod = 'masq' | 'route' | 'tunnel' | 'local';

/** ipvsadm's Forward column. */
export const FWD_NAME: Record<FwdMethod, string> = { masq: 'Masq', route: 'Route', tunnel: 'Tunnel', local: 'Local' };

export type IpvsProtocol = 'TCP' | 'UDP';

/** Counters of ip_vs_stats: what --stats shows. */
export interface IpvsStats {
  conns: number;
  inpkts: number;
  outpkts: number;
  inbytes: number;
  outbytes: number;
}

/** Rates from the 2-second estimator (ip_vs_est.c): what --rate shows, per second. */
export interface IpvsRates {
  cps: number;
  inpps: number;
  outpps: number;
  inbps: number;
  outbps: number;
}

export const zeroStats = (): IpvsStats => ({ conns: 0, inpkts: 0, outpkts: 0, inbytes: 0, outbytes: 0 });
export const zeroRates = (): IpvsRates => ({ cps: 0, inpps: 0, outpps: 0, inbps: 0, outbps: 0 });

/** A real server of a virtual service (struct ip_vs_dest). */
export interface IpvsDest {
  addr: Ipv4;
  port: number;
  fwd: FwdMethod;
  weight: number;
  /** Last non-zero weight (mh keeps a quiesced dest's slots with it). */
  lastWeight: number;
  /** Upper/lower connection thresholds (-x / -y); 0 = none. */
  uThreshold: number;
  lThreshold: number;
  activeconns: number;
  inactconns: number;
  persistconns: number;
  /** IP_VS_DEST_F_AVAILABLE: cleared when deleted from the service. */
  available: boolean;
  /** IP_VS_DEST_F_OVERLOAD. */
  overload: boolean;
  stats: IpvsStats;
  rates: IpvsRates;
}

/** Scheduler flags (-b): sh-fallback, sh-port, mh-fallback, mh-port (IP_VS_SVC_F_SCHED1..3). */
export interface SchedFlags {
  fallback: boolean;
  port: boolean;
}

/** A virtual service (struct ip_vs_service). */
export interface IpvsService {
  protocol: IpvsProtocol | 'FWM';
  addr: Ipv4;
  port: number;
  fwmark: number;
  schedName: string;
  /** The scheduler's private state (rr's cursor, wrr's cw/mw/di, sh's buckets, ...). */
  schedData: unknown;
  schedFlags: SchedFlags;
  /** IP_VS_SVC_F_PERSISTENT and its timeout in seconds. */
  persistent: boolean;
  timeout: number;
  netmask: Ipv4;
  /** One-packet scheduling (-o), UDP only. */
  ops: boolean;
  /** Kernel list order: the newest real server first (list_add_rcu at the head). */
  dests: IpvsDest[];
  stats: IpvsStats;
  rates: IpvsRates;
}

/** What a scheduler may look at in the packet being scheduled. */
export interface SchedPacket {
  saddr: Ipv4;
  daddr: Ipv4;
  sport: number;
  dport: number;
  protocol: number;
}

/**
 * A kernel scheduler (struct ip_vs_scheduler): one module per algorithm in
 * lvs/sched/, named as the kernel names it. Hooks mirror init_service /
 * add_dest / del_dest / upd_dest; `schedule` returns the chosen dest or null
 * ("no destination available"). `now` is virtual time (lblc/lblcr expiry).
 */
export interface IpvsScheduler {
  name: string;
  initService?(svc: IpvsService): void;
  addDest?(svc: IpvsService, dest: IpvsDest): void;
  delDest?(svc: IpvsService, dest: IpvsDest): void;
  updDest?(svc: IpvsService, dest: IpvsDest): void;
  schedule(svc: IpvsService, pkt: SchedPacket, now: Micros): IpvsDest | null;
}

/** ip_vs_dest_conn_overhead (include/net/ip_vs.h): active connections weigh 256 inactive ones. */
export const destOverhead = (d: IpvsDest): number => d.activeconns * 256 + d.inactconns;
