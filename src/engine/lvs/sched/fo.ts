/**
 * fo — Weighted Fail Over scheduling (net/netfilter/ipvs/ip_vs_fo.c).
 *
 * The non-OVERLOAD dest with the highest weight (> 0); strict `>` so ties go to the first
 * in list order. Connection counts are ignored.
 */
import type { IpvsDest, IpvsScheduler, IpvsService } from '../types';
import { registerScheduler } from './index';

/** ip_vs_fo_schedule */
function ip_vs_fo_schedule(svc: IpvsService): IpvsDest | null {
  const dests = svc.dests;
  let hweight: IpvsDest | null = null;
  let hw = 0; // highest weight
  for (let i = 0; i < dests.length; i++) {
    const d = dests[i];
    if (!d.overload && d.weight > hw) {
      hweight = d;
      hw = d.weight;
    }
  }
  return hweight;
}

export const fo: IpvsScheduler = { name: 'fo', schedule: ip_vs_fo_schedule };

registerScheduler(fo);
