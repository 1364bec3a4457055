/**
 * nq — Never Queue scheduling (net/netfilter/ipvs/ip_vs_nq.c).
 *
 * Skips OVERLOAD and weight-0 dests. The first dest (list order) with no active
 * connection is returned at once; otherwise the sed rule: least `(activeconns + 1) /
 * weight` by strict cross-multiplication, ties to the earlier dest.
 */
import type { IpvsDest, IpvsScheduler, IpvsService } from '../types';
import { registerScheduler } from './index';

/** ip_vs_nq_dest_overhead */
const ip_vs_nq_dest_overhead = (d: IpvsDest): number => d.activeconns + 1;

/** ip_vs_nq_schedule */
function ip_vs_nq_schedule(svc: IpvsService): IpvsDest | null {
  const dests = svc.dests;
  let least: IpvsDest | null = null;
  let loh = 0;
  for (let i = 0; i < dests.length; i++) {
    const d = dests[i];
    if (d.overload || d.weight === 0) continue;
    // return the server directly if it is idle
    if (d.activeconns === 0) return d;
    const doh = ip_vs_nq_dest_overhead(d);
    if (least === null || loh * d.weight > doh * least.weight) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

export const nq: IpvsScheduler = { name: 'nq', schedule: ip_vs_nq_schedule };

registerScheduler(nq);
