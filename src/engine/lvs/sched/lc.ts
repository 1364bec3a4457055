/**
 * lc — Least-Connection scheduling (net/netfilter/ipvs/ip_vs_lc.c).
 *
 * Skips OVERLOAD and weight-0 dests; picks the least `activeconns*256 + inactconns`
 * (ip_vs_dest_conn_overhead). Strict `<`: ties go to the first in list order. The weight
 * is otherwise ignored.
 */
import { destOverhead, type IpvsDest, type IpvsScheduler, type IpvsService } from '../types';
import { registerScheduler } from './index';

/** ip_vs_lc_schedule */
function ip_vs_lc_schedule(svc: IpvsService): IpvsDest | null {
  const dests = svc.dests;
  let least: IpvsDest | null = null;
  let loh = 0;
  for (let i = 0; i < dests.length; i++) {
    const d = dests[i];
    if (d.overload || d.weight === 0) continue;
    const doh = destOverhead(d);
    if (least === null || doh < loh) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

export const lc: IpvsScheduler = { name: 'lc', schedule: ip_vs_lc_schedule };

registerScheduler(lc);
