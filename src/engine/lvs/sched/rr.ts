/**
 * rr — Round-Robin scheduling (net/netfilter/ipvs/ip_vs_rr.c).
 *
 * State: the cursor `sched_data`, a dest or the list head (null). A schedule scans
 * circularly from the dest after the cursor, wrapping once and ending with the cursor
 * itself; the first dest that is not OVERLOAD and has weight > 0 wins and becomes the
 * cursor. A deleted cursor moves to its predecessor; adds and edits never move it.
 */
import type { IpvsDest, IpvsScheduler, IpvsService } from '../types';
import { registerScheduler } from './index';

class RrState {
  /** The cursor: the last dest chosen, or null for the list head ("before the first"). */
  cur: IpvsDest | null = null;
  /** Index of `cur` in svc.dests (-1 for the head); a hint, re-checked on use. */
  idx = -1;
}

function state(svc: IpvsService): RrState {
  if (svc.schedData instanceof RrState) return svc.schedData;
  return ip_vs_rr_init_svc(svc);
}

/** ip_vs_rr_init_svc: the cursor starts at the list head. */
function ip_vs_rr_init_svc(svc: IpvsService): RrState {
  const s = new RrState();
  svc.schedData = s;
  return s;
}

/** Index of the cursor in the list, re-found if the hint went stale; -1 = head. */
function cursorIndex(svc: IpvsService, s: RrState): number {
  if (s.cur === null) return -1;
  if (s.idx >= 0 && svc.dests[s.idx] === s.cur) return s.idx;
  s.idx = svc.dests.indexOf(s.cur);
  if (s.idx < 0) s.cur = null; // not in the list any more: behave as from the head
  return s.idx;
}

/**
 * ip_vs_rr_del_dest: "if (p == &dest->n_list) svc->sched_data = p->next->prev" — a cursor
 * on the deleted dest moves to its predecessor (the head if it was first), so the next
 * pick is the dest that followed it.
 */
function ip_vs_rr_del_dest(svc: IpvsService, dest: IpvsDest): void {
  const s = state(svc);
  if (s.cur !== dest) {
    // The cursor stays; keep its index hint right for the list without `dest`.
    if (s.cur !== null) {
      let ci = svc.dests.indexOf(s.cur);
      const di = svc.dests.indexOf(dest);
      if (di >= 0 && di < ci) ci--;
      s.idx = ci;
    }
    return;
  }
  let i = svc.dests.indexOf(dest);
  // Still listed: the core calls us just before removing it. Already gone: its old
  // position is the index hint, valid as long as every list change went through a hook.
  if (i < 0) i = s.idx;
  const prevIdx = Math.min(i, svc.dests.length) - 1;
  if (prevIdx >= 0 && svc.dests[prevIdx] !== dest) {
    s.cur = svc.dests[prevIdx];
    s.idx = prevIdx;
  } else {
    s.cur = null;
    s.idx = -1;
  }
}

/** Adding at the head never moves the cursor; only the index hint shifts by one. */
function addDest(svc: IpvsService): void {
  const s = state(svc);
  if (s.cur !== null) s.idx++;
}

/** ip_vs_rr_schedule */
function ip_vs_rr_schedule(svc: IpvsService): IpvsDest | null {
  const s = state(svc);
  const dests = svc.dests;
  const n = dests.length;
  const last = cursorIndex(svc, s);
  // First pass: after the cursor to the end of the list.
  for (let i = last + 1; i < n; i++) {
    const d = dests[i];
    if (!d.overload && d.weight > 0) return hit(s, d, i);
  }
  // "If we stay at head there is no need for 2nd pass."
  if (last < 0) return null;
  // Second pass: from the first dest up to and including the cursor itself.
  for (let i = 0; i <= last; i++) {
    const d = dests[i];
    if (!d.overload && d.weight > 0) return hit(s, d, i);
  }
  return null;
}

function hit(s: RrState, d: IpvsDest, i: number): IpvsDest {
  s.cur = d;
  s.idx = i;
  return d;
}

export const rr: IpvsScheduler = {
  name: 'rr',
  initService: ip_vs_rr_init_svc,
  addDest,
  delDest: ip_vs_rr_del_dest,
  schedule: ip_vs_rr_schedule,
};

registerScheduler(rr);
