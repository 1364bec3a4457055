/**
 * wrr — Weighted Round-Robin scheduling (net/netfilter/ipvs/ip_vs_wrr.c).
 *
 * State (struct ip_vs_wrr_mark): `cl` current dest or the list head, `cw` current
 * weight, `mw` max weight − (di − 1), `di` gcd of the positive weights. A schedule walks
 * on from `cl` picking the first dest with weight ≥ cw that is not OVERLOAD; at the end
 * of the list cw drops by di (back to mw below 1) and the walk restarts at the head.
 *
 * Every add/del/edit (ip_vs_wrr_dest_changed) resets `cl` to the head and keeps `cw`
 * unless it is 0 or above the new mw. So a fresh service (-A with no dests: mw = cw = 0)
 * whose servers are added one by one ends with cw = 1: the first round gives every
 * server one connection in list order before the max-weight stepping starts, whereas
 * init_service on a filled list (-E to wrr) starts at cw = mw.
 */
import type { IpvsDest, IpvsScheduler, IpvsService } from '../types';
import { gcd } from './gcd';
import { registerScheduler } from './index';

class WrrMark {
  /** Current dest, or null for the list head. */
  cl: IpvsDest | null = null;
  /** Index of `cl` in svc.dests (-1 = head); a hint, re-checked on use. */
  clIdx = -1;
  cw = 0;
  mw = 0;
  di = 1;
}

/** ip_vs_wrr_gcd_weight: gcd of the weights > 0, or 1 if there are none. */
function ip_vs_wrr_gcd_weight(dests: readonly IpvsDest[], skip: IpvsDest | null): number {
  let g = 0;
  for (const d of dests) {
    if (d === skip || d.weight <= 0) continue;
    g = g > 0 ? gcd(d.weight, g) : d.weight;
  }
  return g || 1;
}

/** ip_vs_wrr_max_weight */
function ip_vs_wrr_max_weight(dests: readonly IpvsDest[], skip: IpvsDest | null): number {
  let w = 0;
  for (const d of dests) if (d !== skip && d.weight > w) w = d.weight;
  return w;
}

function mark(svc: IpvsService): WrrMark {
  if (svc.schedData instanceof WrrMark) return svc.schedData;
  return ip_vs_wrr_init_svc(svc);
}

/** ip_vs_wrr_init_svc: cl = head, cw = mw. */
function ip_vs_wrr_init_svc(svc: IpvsService): WrrMark {
  const m = new WrrMark();
  m.di = ip_vs_wrr_gcd_weight(svc.dests, null);
  m.mw = ip_vs_wrr_max_weight(svc.dests, null) - (m.di - 1);
  m.cw = m.mw;
  svc.schedData = m;
  return m;
}

/** ip_vs_wrr_dest_changed (add_dest / del_dest / upd_dest). `gone` is a dest being deleted. */
function ip_vs_wrr_dest_changed(svc: IpvsService, gone: IpvsDest | null): void {
  const m = mark(svc);
  m.cl = null;
  m.clIdx = -1;
  m.di = ip_vs_wrr_gcd_weight(svc.dests, gone);
  m.mw = ip_vs_wrr_max_weight(svc.dests, gone) - (m.di - 1);
  if (m.cw > m.mw || !m.cw) m.cw = m.mw;
  else if (m.di > 1) m.cw = Math.trunc(m.cw / m.di) * m.di + 1;
}

/** ip_vs_wrr_schedule */
function ip_vs_wrr_schedule(svc: IpvsService): IpvsDest | null {
  const m = mark(svc);
  const dests = svc.dests;
  const n = dests.length;
  // dest = mark->cl (an index; -1 is the list head)
  let i = m.cl === null ? -1 : m.clIdx >= 0 && dests[m.clIdx] === m.cl ? m.clIdx : dests.indexOf(m.cl);
  // No available dests?
  if (m.mw === 0) return null; // err_noavail: cl unchanged
  const last = i;
  let stop = -2; // none
  let lastPass = false;
  let restarted = false;
  // Stop only after all dests were checked for weight >= 1 (last pass)
  for (;;) {
    for (i = i + 1; i < n; i++) {
      const d = dests[i];
      if (!d.overload && d.weight >= m.cw) {
        m.cl = d; // found
        m.clIdx = i;
        return d;
      }
      if (i === stop) return errOver(m, d, i);
    }
    i = -1; // the walk reached the head
    m.cw -= m.di;
    if (m.cw <= 0) {
      m.cw = m.mw;
      // Stop if we tried last pass from first dest (or started at the head).
      if (lastPass || last === -1) return errOver(m, null, -1);
      restarted = true;
    }
    lastPass = m.cw <= m.di;
    // First traversal was for w >= 1 but only for dests after 'last': now the rest.
    if (lastPass && restarted && last !== -1) stop = last;
  }
}

/** err_over: "no destination available: all destinations are overloaded"; cl = where the walk stopped. */
function errOver(m: WrrMark, d: IpvsDest | null, i: number): null {
  m.cl = d;
  m.clIdx = i;
  return null;
}

export const wrr: IpvsScheduler = {
  name: 'wrr',
  initService: ip_vs_wrr_init_svc,
  addDest: (svc) => ip_vs_wrr_dest_changed(svc, null),
  delDest: (svc, dest) => ip_vs_wrr_dest_changed(svc, dest),
  updDest: (svc) => ip_vs_wrr_dest_changed(svc, null),
  schedule: ip_vs_wrr_schedule,
};

registerScheduler(wrr);
