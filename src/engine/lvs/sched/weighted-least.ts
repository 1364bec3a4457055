import type { IpvsDest, IpvsService } from '../types';

/**
 * The weighted-least loop the kernel writes out in ip_vs_wlc.c, ip_vs_sed.c
 * and the lblc/lblcr fallbacks: `least` is the first dest (list order) that
 * is not OVERLOAD and has weight > 0; a later non-OVERLOAD dest replaces it
 * when `loh * dest.weight > doh * least.weight`. Strict `>`: ties stay with
 * the earlier dest, and a weight-0 dest can never win. Only the overhead
 * differs between the schedulers.
 */
export function weightedLeast(svc: IpvsService, overhead: (d: IpvsDest) => number): IpvsDest | null {
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
  let loh = overhead(least);
  for (i++; i < n; i++) {
    const d = dests[i];
    if (d.overload) continue;
    const doh = overhead(d);
    if (loh * d.weight > doh * least.weight) {
      least = d;
      loh = doh;
    }
  }
  return least;
}
