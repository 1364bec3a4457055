import type { Host } from '../os/host';
import type { IpStack } from '../net/ip/stack';
import { Ipvs } from './ipvs';

/** The host's IPVS, loading the ip_vs module on first use (as ipvsadm's first call does). */
export function ipvsOf(host: Host): Ipvs {
  if (!host.ipvs) {
    host.ipvs = new Ipvs(host.stack as IpStack);
    (host.stack as IpStack).event('ipvs', 'ip_vs module loaded: IP Virtual Server version 1.2.1 (size=4096)');
  }
  return host.ipvs;
}

export { Ipvs } from './ipvs';
export type { ServiceKey, ServiceSpec, DestSpec, IpvsError, SyncDaemon } from './ipvs';
