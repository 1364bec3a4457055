/**
 * wlc — Weighted Least-Connection scheduling (net/netfilter/ipvs/ip_vs_wlc.c), the
 * default scheduler of ipvsadm and keepalived.
 *
 * `least` starts as the first dest (list order) that is not OVERLOAD and has weight > 0;
 * a later non-OVERLOAD dest replaces it when `loh * dest.weight > doh * least.weight`
 * (overhead = activeconns*256 + inactconns). Strict `>`: ties stay with the earlier dest,
 * and a weight-0 dest can never win.
 */
import { destOverhead, type IpvsDest, type IpvsScheduler, type IpvsService } from '../types';
import { registerScheduler } from './index';
import { weightedLeast } from './weighted-least';

/** ip_vs_wlc_schedule */
function ip_vs_wlc_schedule(svc: IpvsService): IpvsDest | null {
  return weightedLeast(svc, destOverhead);
}

export const wlc: IpvsScheduler = { name: 'wlc', schedule: ip_vs_wlc_schedule };

registerScheduler(wlc);
