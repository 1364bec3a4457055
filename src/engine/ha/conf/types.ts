/**
 * keepalived.conf as the daemon holds it after parsing (keepalived 2.x data
 * structures: global_data_t, vrrp_t, virtual_server_t, real_server_t,
 * checker_t), with the values "unset" where keepalived keeps a sentinel so
 * the completion step (complete.ts) can apply its defaults and warnings.
 * Times are in µs (keepalived's TIMER_HZ is 1 000 000 too).
 */
import type { Ipv4 } from '../../wire/addr';

export interface GlobalDefs {
  routerId: string | null;
  notificationEmail: string[];
  notificationEmailFrom: string | null;
  smtpServer: string | null;
  smtpConnectTimeout: number | null;
  /** vrrp_strict: strict RFC compliance for every instance. */
  vrrpStrict: boolean;
  vrrpSkipCheckAdvAddr: boolean;
  /** vrrp_garp_master_delay / _repeat: defaults for the instances (5 s, 5). */
  vrrpGarpMasterDelay: number;
  vrrpGarpMasterRepeat: number;
  vrrpGarpMasterRefresh: number;
  vrrpGarpInterval: number;
  vrrpGnaInterval: number;
  vrrpVersion: 2 | 3;
  vrrpMcastGroup4: Ipv4;
  /** vrrp_iptables IN [OUT]: chain names for the no-accept DROP rules (default INPUT, none for output). */
  vrrpIptablesIn: string;
  vrrpIptablesOut: string;
  lvsFlush: boolean;
}

export type VrrpWantState = 'INIT' | 'MASTER' | 'BACKUP';

/** One virtual_ipaddress line: `IP[/LEN] [brd IP] [dev IF] [scope S] [label L]`. */
export interface VipConf {
  ip: Ipv4;
  prefixLen: number;
  brd: Ipv4 | null;
  /** `dev`, else the instance's interface (filled in by complete.ts). */
  dev: string | null;
  scope: 'global' | 'link' | 'host';
  label: string | null;
  /** The text as written, for messages. */
  text: string;
}

export interface VrrpInstanceConf {
  name: string;
  wantState: VrrpWantState;
  /** Interface name as configured, null when missing or rejected. */
  iface: string | null;
  vrid: number;
  /** 0 = not set. */
  priority: number;
  /** µs; 0 = not set (default 1 s). */
  adverInt: number;
  nopreempt: boolean;
  /** µs. */
  preemptDelay: number;
  authType: 0 | 1 | 2;
  /** auth_pass, at most 8 characters. */
  authPass: string;
  vips: VipConf[];
  evips: VipConf[];
  /** null = global vrrp_strict. */
  strictMode: boolean | null;
  /** null = default (off in strict mode, else on). */
  accept: boolean | null;
  version: 0 | 2 | 3;
  /** µs, null = global. */
  garpMasterDelay: number | null;
  garpMasterRepeat: number | null;
  garpMasterRefresh: number;
  garpLowerPrioDelay: number | null;
  garpLowerPrioRepeat: number | null;
  lowerPrioNoAdvert: boolean | null;
  higherPrioSendAdvert: boolean | null;
  mcastSrcIp: Ipv4 | null;
  unicastSrcIp: Ipv4 | null;
  unicastPeers: Ipv4[];
  trackInterfaces: Array<{ name: string; weight: number }>;
  dontTrackPrimary: boolean;
  skipCheckAdvAddr: boolean;
  downTimerAdverts: number;
  notify: { master?: string; backup?: string; fault?: string; stop?: string; any?: string };
  useVmac: boolean;
}

export type LbKind = 'NAT' | 'DR' | 'TUN';

export interface HttpUrlConf {
  path: string | null;
  digest: string | null;
  /** Accepted status codes (default 200-299 when none given). */
  statusCodes: Set<number>;
  virtualhost: string | null;
}

export interface CheckerCommon {
  connectIp: Ipv4 | null;
  connectPort: number | null;
  bindTo: Ipv4 | null;
  /** µs, null = inherit (RS, VS, then 5 s). */
  connectTimeout: number | null;
  retry: number | null;
  delayBeforeRetry: number | null;
  delayLoop: number | null;
  warmup: number | null;
  alpha: boolean | null;
  logAllFailures: boolean;
}

export type CheckerConf =
  | (CheckerCommon & { kind: 'TCP_CHECK' })
  | (CheckerCommon & { kind: 'HTTP_GET' | 'SSL_GET'; urls: HttpUrlConf[]; virtualhost: string | null; httpProtocol: '1.0' | '1.0C' | '1.1'; fastRecovery: boolean })
  | (CheckerCommon & { kind: 'MISC_CHECK'; miscPath: string | null; miscTimeout: number | null })
  | (CheckerCommon & { kind: 'SMTP_CHECK' | 'DNS_CHECK' | 'UDP_CHECK' | 'PING_CHECK' | 'FILE_CHECK' | 'BFD_CHECK' });

export interface RealServerConf {
  addr: Ipv4;
  port: number;
  /** null = VS weight (1). */
  weight: number | null;
  inhibit: boolean | null;
  fwd: LbKind | null;
  uThreshold: number;
  lThreshold: number;
  notifyUp: string | null;
  notifyDown: string | null;
  connectTimeout: number | null;
  retry: number | null;
  delayBeforeRetry: number | null;
  delayLoop: number | null;
  warmup: number | null;
  alpha: boolean | null;
  checkers: CheckerConf[];
}

export interface VirtualServerConf {
  /** Address + port, `fwmark N` or `group NAME`. */
  addr: Ipv4;
  port: number;
  fwmark: number;
  group: string | null;
  /** µs, default 60 s. */
  delayLoop: number;
  /** '' = not set (wlc with a warning). */
  sched: string;
  fwd: LbKind | null;
  /** Seconds; 0 = not persistent. */
  persistenceTimeout: number;
  persistenceGranularity: Ipv4 | null;
  /** null = not set (UDP with a warning). */
  protocol: 'TCP' | 'UDP' | 'SCTP' | null;
  natMask: Ipv4 | null;
  haSuspend: boolean;
  ops: boolean;
  virtualhost: string | null;
  alpha: boolean;
  omega: boolean;
  quorum: number;
  hysteresis: number;
  inhibit: boolean;
  connectTimeout: number;
  retry: number | null;
  delayBeforeRetry: number | null;
  warmup: number | null;
  weight: number;
  sorryServer: { addr: Ipv4; port: number; inhibit: boolean } | null;
  realServers: RealServerConf[];
}

export interface KeepalivedConf {
  global: GlobalDefs;
  vrrp: VrrpInstanceConf[];
  virtualServers: VirtualServerConf[];
}

/** Which process parses: each parses the whole file with its own keywords active (keepalived 2.x); `all` is `keepalived -t`. */
export type Subsystem = 'parent' | 'vrrp' | 'check' | 'all';

export interface ParseResult {
  conf: KeepalivedConf;
  /** Log lines, in order (report_config_error / log_message). */
  messages: string[];
  /** A missing parameter ends the process with KEEPALIVED_EXIT_CONFIG (null_strvec). */
  fatal: boolean;
  /** An interface named in the file does not exist (non_existent_interface_specified). */
  missingInterface: boolean;
}

export function defaultGlobal(): GlobalDefs {
  return {
    routerId: null,
    notificationEmail: [],
    notificationEmailFrom: null,
    smtpServer: null,
    smtpConnectTimeout: null,
    vrrpStrict: false,
    vrrpSkipCheckAdvAddr: false,
    vrrpGarpMasterDelay: 5_000_000,
    vrrpGarpMasterRepeat: 5,
    vrrpGarpMasterRefresh: 0,
    vrrpGarpInterval: 0,
    vrrpGnaInterval: 0,
    vrrpVersion: 2,
    vrrpMcastGroup4: 0xe0000012,
    vrrpIptablesIn: 'INPUT',
    vrrpIptablesOut: '',
    lvsFlush: false,
  };
}
