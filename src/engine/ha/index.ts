/**
 * keepalived for lvslab: keepalived.conf parsing (conf/), VRRPv2 (vrrp/),
 * health checks and IPVS (check/), the daemon's processes (keepalived.ts)
 * and its systemd unit (service.ts). Importing this module plugs the daemon
 * into `service keepalived start` / `systemctl start keepalived`.
 */
import './service';

export { KeepalivedDaemon, keepalivedOf, parseOptions, VERSION_STRING, KEEPALIVED_VERSION } from './keepalived';
export { parseKeepalivedConf } from './conf/parse';
export { completeVrrp, completeCheck, fmtTrio, fmtVs } from './conf/complete';
export type { VrrpSettings, VirtualServerSettings } from './conf/complete';
export { VrrpInstance, type VrrpState } from './vrrp/instance';
export { skewTime, masterDownInterval } from './vrrp/timers';
