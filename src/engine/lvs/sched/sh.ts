/**
 * sh — Source Hashing scheduling (net/netfilter/ipvs/ip_vs_sh.c).
 *
 * A 256-bucket table (CONFIG_IP_VS_SH_TAB_BITS = 8) rebuilt on init and on every dest
 * add/delete/edit: walking the list cyclically, each dest fills `weight` consecutive
 * buckets (`++count >= weight`, so a weight-0 dest still takes one). The key is the
 * packet's source address, plus the source port with sh-port:
 * `hash(off) = (off + (port + saddr) * 2654435761) & 255`. A dest with weight ≤ 0 or
 * OVERLOAD is unavailable: no destination, or with sh-fallback the next available one
 * at hash(roffset) for roffset = ihash, ihash+1, ... (stopping at an empty bucket).
 */
import type { IpvsDest, IpvsScheduler, IpvsService, SchedPacket } from '../types';
import { hashMul } from './hash';
import { registerScheduler } from './index';

export const IP_VS_SH_TAB_BITS = 8;
export const IP_VS_SH_TAB_SIZE = 1 << IP_VS_SH_TAB_BITS;
const IP_VS_SH_TAB_MASK = IP_VS_SH_TAB_SIZE - 1;

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_SCTP = 132;

class ShState {
  readonly buckets: (IpvsDest | null)[] = new Array<IpvsDest | null>(IP_VS_SH_TAB_SIZE).fill(null);
}

/** ip_vs_sh_hashkey (IPv4): `(offset + (ntohs(port) + ntohl(addr)) * 2654435761UL) & MASK`. */
export const ip_vs_sh_hashkey = (addr: number, port: number, offset: number): number =>
  (offset + hashMul((port + addr) >>> 0)) & IP_VS_SH_TAB_MASK;

/** is_unavailable */
const is_unavailable = (d: IpvsDest): boolean => d.weight <= 0 || d.overload;

function state(svc: IpvsService): ShState {
  if (svc.schedData instanceof ShState) return svc.schedData;
  return ip_vs_sh_init_svc(svc);
}

/** ip_vs_sh_reassign: "Don't move to next dest until filling weight". `gone` is being deleted. */
function ip_vs_sh_reassign(s: ShState, svc: IpvsService, gone: IpvsDest | null): void {
  const list = gone ? svc.dests.filter((d) => d !== gone) : svc.dests;
  let p = 0;
  let dCount = 0;
  for (let i = 0; i < IP_VS_SH_TAB_SIZE; i++) {
    if (list.length === 0) {
      s.buckets[i] = null;
      continue;
    }
    if (p === list.length) p = 0;
    const dest = list[p];
    s.buckets[i] = dest;
    if (++dCount >= dest.weight) {
      p++;
      dCount = 0;
    }
  }
}

/** ip_vs_sh_init_svc */
function ip_vs_sh_init_svc(svc: IpvsService): ShState {
  const s = new ShState();
  svc.schedData = s;
  ip_vs_sh_reassign(s, svc, null);
  return s;
}

/** ip_vs_sh_get */
function ip_vs_sh_get(s: ShState, addr: number, port: number): IpvsDest | null {
  const dest = s.buckets[ip_vs_sh_hashkey(addr, port, 0)];
  return !dest || is_unavailable(dest) ? null : dest;
}

/** ip_vs_sh_get_fallback: loop around the table starting from the original hash. */
function ip_vs_sh_get_fallback(s: ShState, addr: number, port: number): IpvsDest | null {
  const ihash = ip_vs_sh_hashkey(addr, port, 0);
  let dest = s.buckets[ihash];
  if (!dest) return null;
  if (!is_unavailable(dest)) return dest;
  for (let offset = 0; offset < IP_VS_SH_TAB_SIZE; offset++) {
    const roffset = (offset + ihash) % IP_VS_SH_TAB_SIZE;
    dest = s.buckets[ip_vs_sh_hashkey(addr, port, roffset)];
    if (!dest) break;
    if (!is_unavailable(dest)) return dest;
  }
  return null;
}

/** ip_vs_sh_get_port: the source port of TCP/UDP/SCTP, else 0. */
const ip_vs_sh_get_port = (pkt: SchedPacket): number =>
  pkt.protocol === IPPROTO_TCP || pkt.protocol === IPPROTO_UDP || pkt.protocol === IPPROTO_SCTP ? pkt.sport : 0;

/** ip_vs_sh_schedule */
function ip_vs_sh_schedule(svc: IpvsService, pkt: SchedPacket): IpvsDest | null {
  const s = state(svc);
  const port = svc.schedFlags.port ? ip_vs_sh_get_port(pkt) : 0; // IP_VS_SVC_F_SCHED_SH_PORT
  return svc.schedFlags.fallback ? ip_vs_sh_get_fallback(s, pkt.saddr, port) : ip_vs_sh_get(s, pkt.saddr, port);
}

export const sh: IpvsScheduler = {
  name: 'sh',
  initService: ip_vs_sh_init_svc,
  addDest: (svc) => ip_vs_sh_reassign(state(svc), svc, null),
  delDest: (svc, dest) => ip_vs_sh_reassign(state(svc), svc, dest),
  updDest: (svc) => ip_vs_sh_reassign(state(svc), svc, null),
  schedule: ip_vs_sh_schedule,
};

registerScheduler(sh);
