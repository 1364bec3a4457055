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

/** ip_vs_wlc_schedule */
function ip_vs_wlc_schedule(svc: IpvsService): IpvsDest | null {
  const dests = svc.dests;
  const n = dests.length;
  let i = 0;
  let least: IpvsDest | null = null;
  for (; i < n; i++) {
    const d = dests[i];
    if (!d.overload && d.weight > 0) {
      least = d;
      break;
    }
  }
  if (least === null) return null; // "no destination available"
  let loh = destOverhead(least);
  // nextstage: find the destination with the least load
  for (i++; i < n; i++) {
    const d = dests[i];
    if (d.overload) continue;
    const doh = destOverhead(d);
    if (loh * d.weight > doh * least.weight) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

export const wlc: IpvsScheduler = { name: 'wlc', schedule: ip_vs_wlc_schedule };

registerScheduler(wlc);
