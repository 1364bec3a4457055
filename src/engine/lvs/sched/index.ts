import type { IpvsScheduler } from '../types';

/**
 * The scheduler registry (ip_vs_sched.c's list): one module per kernel scheduler
 * (rr.ts is ip_vs_rr.c, ...) registers itself here; import './all' to load them all.
 *
 * How the IPVS core drives a scheduler (mirrors ip_vs_ctl.c):
 * - `initService(svc)` when the scheduler is bound: on service creation (`-A`, empty
 *   dest list) and on `-E` **only when the scheduler name changes** (ip_vs_edit_service
 *   rebinds only if `sched != old_sched`; `-E` with the same scheduler keeps its state).
 *   It replaces `svc.schedData` entirely (there is no done_service: just drop the old data).
 * - `addDest(svc, dest)` right after the new dest was inserted at index 0 of `svc.dests`
 *   (__ip_vs_update_dest: list_add_rcu, then sched->add_dest).
 * - `updDest(svc, dest)` after an edit (`-e`) changed the dest's fields in place.
 *   The core keeps `lastWeight` as the kernel does: set on add, and on edit when the new
 *   weight is not 0 (mh uses it).
 * - `delDest(svc, dest)` **while the dest is still in `svc.dests`, just before the core
 *   removes it** (the kernel unlinks first, then calls del_dest; every scheduler here
 *   computes its new state as if `dest` were already gone, so calling it right after the
 *   removal works too). rr moves its cursor to the dest's predecessor, as
 *   ip_vs_rr_del_dest does.
 *   Deleting a whole service needs no hooks (the kernel passes svcupd=0).
 * - `schedule(svc, pkt, now)` for the first packet of each new connection; returns null
 *   when the kernel would log "no destination available". Schedulers only read
 *   activeconns/inactconns/weight/overload/available; the core moves the counters.
 * The scheduler's private state lives in `svc.schedData`; if it is missing (a hook was
 * skipped), the scheduler builds it from the current list on first use.
 */
export const SCHEDULERS = new Map<string, IpvsScheduler>();

export function registerScheduler(s: IpvsScheduler): void {
  SCHEDULERS.set(s.name, s);
}
