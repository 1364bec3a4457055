/**
 * lblcr — Locality-Based Least-Connection with Replication (net/netfilter/ipvs/ip_vs_lblcr.c).
 *
 * A cache maps a packet's destination address to a *set* of dests (new members at the
 * set's head; `lastmod` updated on insert and erase). With an entry: the set's weighted
 * least-connection member (AVAILABLE, weight > 0, not OVERLOAD); if the set has more than
 * one member and was not modified for `lblcr_expiration` (24 h), its most loaded member
 * is removed. If there is no usable member or it is "overloaded" (as in lblc), the wlc
 * rule over the whole service picks a dest, which joins the set. Without an entry: wlc,
 * and a new set. Entry expiry as in lblc (shared table code).
 */
import type { Micros } from '../../sim/time';
import { destOverhead, type IpvsDest, type IpvsScheduler, type IpvsService, type SchedPacket } from '../types';
import { registerScheduler } from './index';
import { weightedLeast } from './weighted-least';
import { LocalityTable, lblcIsOverloaded, type LocalityEntry } from './lblc';

/** struct ip_vs_dest_set: members in list order (index 0 = head). */
export interface DestSet {
  list: IpvsDest[];
  lastmod: Micros;
}

/** struct ip_vs_lblcr_entry */
export interface LblcrEntry extends LocalityEntry {
  set: DestSet;
}

class LblcrTable extends LocalityTable<LblcrEntry> {}

function table(svc: IpvsService): LblcrTable {
  if (svc.schedData instanceof LblcrTable) return svc.schedData;
  return ip_vs_lblcr_init_svc(svc);
}

/** ip_vs_lblcr_init_svc (the timer is armed at `now`, or at the first schedule). */
function ip_vs_lblcr_init_svc(svc: IpvsService, now?: Micros): LblcrTable {
  const t = new LblcrTable(now);
  svc.schedData = t;
  return t;
}

/** ip_vs_dest_set_insert: add at the head (unless `check` finds it already there). */
function ip_vs_dest_set_insert(set: DestSet, dest: IpvsDest, check: boolean, now: Micros): void {
  if (check && set.list.includes(dest)) return;
  set.list.unshift(dest);
  set.lastmod = now;
}

/** ip_vs_dest_set_erase */
function ip_vs_dest_set_erase(set: DestSet, dest: IpvsDest, now: Micros): void {
  const i = set.list.indexOf(dest);
  if (i < 0) return;
  set.list.splice(i, 1);
  set.lastmod = now;
}

/** ip_vs_dest_set_min: the weighted least-connection member. */
function ip_vs_dest_set_min(set: DestSet): IpvsDest | null {
  const l = set.list;
  let i = 0;
  let least: IpvsDest | null = null;
  // select the first destination server, whose weight > 0
  for (; i < l.length; i++) {
    const d = l[i];
    if (d.overload) continue;
    if (d.weight > 0 && d.available) {
      least = d;
      break;
    }
  }
  if (least === null) return null;
  let loh = destOverhead(least);
  for (i++; i < l.length; i++) {
    const d = l[i];
    if (d.overload) continue;
    const doh = destOverhead(d);
    if (loh * d.weight > doh * least.weight && d.available) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

/** ip_vs_dest_set_max: the weighted most-loaded member (weight > 0; flags not looked at). */
function ip_vs_dest_set_max(set: DestSet): IpvsDest | null {
  const l = set.list;
  let i = 0;
  let most: IpvsDest | null = null;
  for (; i < l.length; i++) {
    if (l[i].weight > 0) {
      most = l[i];
      break;
    }
  }
  if (most === null) return null;
  let moh = destOverhead(most);
  for (i++; i < l.length; i++) {
    const d = l[i];
    const doh = destOverhead(d);
    // moh/mw < doh/dw ==> moh*dw < doh*mw, where mw,dw>0
    if (moh * d.weight < doh * most.weight && d.weight > 0) {
      most = d;
      moh = doh;
    }
  }
  return most;
}

/** __ip_vs_lblcr_schedule: the wlc rule over the whole service. */
function __ip_vs_lblcr_schedule(svc: IpvsService): IpvsDest | null {
  return weightedLeast(svc, destOverhead);
}

/** ip_vs_lblcr_schedule */
function ip_vs_lblcr_schedule(svc: IpvsService, pkt: SchedPacket, now: Micros): IpvsDest | null {
  const t = table(svc);
  t.runTimers(now);
  // First look in our cache
  const en = t.get(pkt.daddr);
  if (en) {
    en.lastuse = now;
    // Get the least loaded destination
    let dest = ip_vs_dest_set_min(en.set);
    // More than one destination + enough time passed by, cleanup (time_after: strictly later)
    if (en.set.list.length > 1 && now > en.set.lastmod + t.expiration) {
      const m = ip_vs_dest_set_max(en.set);
      if (m) ip_vs_dest_set_erase(en.set, m, now);
    }
    // If the destination is not overloaded, use it
    if (dest && !lblcIsOverloaded(dest, svc)) return dest;
    // The cache entry is invalid, time to schedule
    dest = __ip_vs_lblcr_schedule(svc);
    if (!dest) return null;
    ip_vs_dest_set_insert(en.set, dest, true, now);
    return dest;
  }
  // No cache entry, time to schedule
  const dest = __ip_vs_lblcr_schedule(svc);
  if (!dest) return null;
  // ip_vs_lblcr_new
  t.hash({ addr: pkt.daddr, lastuse: now, set: { list: [dest], lastmod: now } });
  return dest;
}

/** The lblcr table of a service (tests; the core may set `expiration` from the sysctl). */
export const lblcrTable = (svc: IpvsService): LocalityTable<LblcrEntry> => table(svc);

export const lblcr: IpvsScheduler = {
  name: 'lblcr',
  initService: ip_vs_lblcr_init_svc,
  schedule: ip_vs_lblcr_schedule,
};

registerScheduler(lblcr);
