/**
 * ovf — Overflow-connection scheduling (net/netfilter/ipvs/ip_vs_ovf.c).
 *
 * Skips OVERLOAD dests, weight-0 dests and dests whose activeconns exceed their weight
 * (`activeconns > weight`: a dest with exactly `weight` active connections is still
 * eligible). Among the rest the highest weight wins; strict `>`, ties to the first.
 */
import type { IpvsDest, IpvsScheduler, IpvsService } from '../types';
import { registerScheduler } from './index';

/** ip_vs_ovf_schedule */
function ip_vs_ovf_schedule(svc: IpvsService): IpvsDest | null {
  const dests = svc.dests;
  let h: IpvsDest | null = null;
  let hw = 0;
  for (let i = 0; i < dests.length; i++) {
    const d = dests[i];
    const w = d.weight;
    if (d.overload || d.activeconns > w || w === 0) continue;
    if (h === null || w > hw) {
      h = d;
      hw = w;
    }
  }
  return h;
}

export const ovf: IpvsScheduler = { name: 'ovf', schedule: ip_vs_ovf_schedule };

registerScheduler(ovf);
