/**
 * sed — Shortest Expected Delay scheduling (net/netfilter/ipvs/ip_vs_sed.c).
 *
 * The wlc structure with overhead `activeconns + 1` (inactive connections ignored):
 * `least` = first dest with weight > 0 not OVERLOAD, then a later non-OVERLOAD dest wins
 * when `loh * dest.weight > doh * least.weight` (strict: ties stay with the earlier).
 */
import type { IpvsDest, IpvsScheduler, IpvsService } from '../types';
import { registerScheduler } from './index';
import { weightedLeast } from './weighted-least';

/** ip_vs_sed_dest_overhead: only the active connections, plus the incoming one. */
const ip_vs_sed_dest_overhead = (d: IpvsDest): number => d.activeconns + 1;

/** ip_vs_sed_schedule */
function ip_vs_sed_schedule(svc: IpvsService): IpvsDest | null {
  return weightedLeast(svc, ip_vs_sed_dest_overhead);
}

export const sed: IpvsScheduler = { name: 'sed', schedule: ip_vs_sed_schedule };

registerScheduler(sed);
