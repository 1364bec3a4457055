/**
 * sed — Shortest Expected Delay scheduling (net/netfilter/ipvs/ip_vs_sed.c).
 *
 * The wlc structure with overhead `activeconns + 1` (inactive connections ignored):
 * `least` = first dest with weight > 0 not OVERLOAD, then a later non-OVERLOAD dest wins
 * when `loh * dest.weight > doh * least.weight` (strict: ties stay with the earlier).
 */
import type { IpvsDest, IpvsScheduler, IpvsService } from '../types';
import { registerScheduler } from './index';

/** ip_vs_sed_dest_overhead: only the active connections, plus the incoming one. */
const ip_vs_sed_dest_overhead = (d: IpvsDest): number => d.activeconns + 1;

/** ip_vs_sed_schedule */
function ip_vs_sed_schedule(svc: IpvsService): IpvsDest | null {
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
  if (least === null) return null; // "SED: no destination available"
  let loh = ip_vs_sed_dest_overhead(least);
  for (i++; i < n; i++) {
    const d = dests[i];
    if (d.overload) continue;
    const doh = ip_vs_sed_dest_overhead(d);
    if (loh * d.weight > doh * least.weight) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

export const sed: IpvsScheduler = { name: 'sed', schedule: ip_vs_sed_schedule };

registerScheduler(sed);
