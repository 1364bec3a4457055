/**
 * dh — Destination Hashing scheduling (net/netfilter/ipvs/ip_vs_dh.c).
 *
 * A 256-bucket table (CONFIG_IP_VS_DH_TAB_BITS = 8) filled round-robin from the dest list
 * (bucket i → the (i mod n)-th dest; weights ignored), rebuilt on init and on dest add and
 * delete (there is no upd_dest hook). The key is the packet's destination address:
 * `bucket = (daddr * 2654435761) & 255`. The bucket's dest is used unless it is missing,
 * not AVAILABLE, weight ≤ 0 or OVERLOAD — then no destination (no fallback).
 */
import type { IpvsDest, IpvsScheduler, IpvsService, SchedPacket } from '../types';
import { hashMul } from './hash';
import { registerScheduler } from './index';

export const IP_VS_DH_TAB_BITS = 8;
export const IP_VS_DH_TAB_SIZE = 1 << IP_VS_DH_TAB_BITS;
const IP_VS_DH_TAB_MASK = IP_VS_DH_TAB_SIZE - 1;

class DhState {
  readonly buckets: (IpvsDest | null)[] = new Array<IpvsDest | null>(IP_VS_DH_TAB_SIZE).fill(null);
}

/** ip_vs_dh_hashkey (IPv4) */
export const ip_vs_dh_hashkey = (addr: number): number => hashMul(addr) & IP_VS_DH_TAB_MASK;

function state(svc: IpvsService): DhState {
  if (svc.schedData instanceof DhState) return svc.schedData;
  return ip_vs_dh_init_svc(svc);
}

/** ip_vs_dh_reassign: walk the list cyclically, one dest per bucket. `gone` is being deleted. */
function ip_vs_dh_reassign(s: DhState, svc: IpvsService, gone: IpvsDest | null): void {
  const list = gone ? svc.dests.filter((d) => d !== gone) : svc.dests;
  for (let i = 0; i < IP_VS_DH_TAB_SIZE; i++) s.buckets[i] = list.length === 0 ? null : list[i % list.length];
}

/** ip_vs_dh_init_svc */
function ip_vs_dh_init_svc(svc: IpvsService): DhState {
  const s = new DhState();
  svc.schedData = s;
  ip_vs_dh_reassign(s, svc, null);
  return s;
}

/** ip_vs_dh_schedule */
function ip_vs_dh_schedule(svc: IpvsService, pkt: SchedPacket): IpvsDest | null {
  const dest = state(svc).buckets[ip_vs_dh_hashkey(pkt.daddr)];
  if (!dest || !dest.available || dest.weight <= 0 || dest.overload) return null;
  return dest;
}

export const dh: IpvsScheduler = {
  name: 'dh',
  initService: ip_vs_dh_init_svc,
  addDest: (svc) => ip_vs_dh_reassign(state(svc), svc, null),
  delDest: (svc, dest) => ip_vs_dh_reassign(state(svc), svc, dest),
  schedule: ip_vs_dh_schedule,
};

registerScheduler(dh);
