/**
 * mh — Maglev Hashing scheduling (net/netfilter/ipvs/ip_vs_mh.c).
 *
 * A lookup table of M = 4093 slots (CONFIG_IP_VS_MH_TAB_INDEX = 12 → primes[4]) rebuilt on
 * init and on every dest add/delete/edit. Each dest has a preference list: `offset =
 * h1(port + addr) % M`, `skip = h2(port + addr) % (M − 1) + 1`; in list order each dest
 * with `turns` ≥ 1 claims `turns` slots in a row (its next free preference each time)
 * until all M are taken. `turns` comes from `last_weight` (so a dest quiesced to weight 0
 * keeps its slots), divided by the gcd and shifted right so weights fit in 6 bits.
 * h1/h2 are hsiphash (SipHash-1-3 on 64-bit) with fixed keys. Lookup: slot
 * `h1(saddr [+ sport with mh-port]) % M`; a dest with weight ≤ 0 or OVERLOAD is
 * unavailable (no destination, or with mh-fallback the next available at
 * `h1(roffset + port + saddr) % M` for roffset = ihash, ihash+1, ...).
 */
import type { IpvsDest, IpvsScheduler, IpvsService, SchedPacket } from '../types';
import { gcd } from './gcd';
import { hsiphash1u32, hsiphashKey } from './hash';
import { registerScheduler } from './index';

/** Available prime numbers for MH table */
const primes = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071];
const CONFIG_IP_VS_MH_TAB_INDEX = 12;
const IP_VS_MH_TAB_BITS = CONFIG_IP_VS_MH_TAB_INDEX / 2;
const IP_VS_MH_TAB_INDEX = CONFIG_IP_VS_MH_TAB_INDEX - 8;
export const IP_VS_MH_TAB_SIZE = primes[IP_VS_MH_TAB_INDEX];

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_SCTP = 132;

/** generate_hash_secret: fixed keys, so every director builds the same table. */
const hash1 = hsiphashKey(2654435761, 2654435761);
const hash2 = hsiphashKey(2654446892, 2654446892);

/** struct ip_vs_mh_dest_setup */
interface DestSetup {
  offset: number;
  skip: number;
  perm: number;
  turns: number;
}

class MhState {
  readonly lookup: (IpvsDest | null)[] = new Array<IpvsDest | null>(IP_VS_MH_TAB_SIZE).fill(null);
  gcd = 0;
  rshift = 0;
}

/** ip_vs_mh_hashkey (IPv4): hsiphash of the u32 `offset + ntohs(port) + ntohl(addr)`. */
export const ip_vs_mh_hashkey = (addr: number, port: number, key: typeof hash1, offset: number): number =>
  hsiphash1u32((offset + port + addr) >>> 0, key);

/** is_unavailable */
const is_unavailable = (d: IpvsDest): boolean => d.weight <= 0 || d.overload;

/** fls: 1-based index of the most significant set bit, 0 for 0. */
const fls = (x: number): number => 32 - Math.clz32(x);

function state(svc: IpvsService): MhState {
  if (svc.schedData instanceof MhState) return svc.schedData;
  return ip_vs_mh_init_svc(svc);
}

/** ip_vs_mh_gcd_weight: gcd of the positive last_weights, 0 if none. */
function ip_vs_mh_gcd_weight(list: readonly IpvsDest[]): number {
  let g = 0;
  for (const d of list) {
    const w = d.lastWeight;
    if (w > 0) g = g > 0 ? gcd(w, g) : w;
  }
  return g;
}

/** ip_vs_mh_shift_weight: shift = occupied bits of maxweight/gcd − IP_VS_MH_TAB_BITS. */
function ip_vs_mh_shift_weight(list: readonly IpvsDest[], g: number): number {
  if (g < 1) return 0;
  let weight = 0;
  for (const d of list) if (d.lastWeight > weight) weight = d.lastWeight;
  const mw = Math.trunc(weight / g);
  const shift = fls(mw) - IP_VS_MH_TAB_BITS;
  return shift >= 0 ? shift : 0;
}

/** ip_vs_mh_permutate */
function ip_vs_mh_permutate(s: MhState, list: readonly IpvsDest[]): DestSetup[] {
  if (s.gcd < 1) return [];
  return list.map((dest) => {
    const offset = ip_vs_mh_hashkey(dest.addr, dest.port, hash1, 0) % IP_VS_MH_TAB_SIZE;
    const skip = (ip_vs_mh_hashkey(dest.addr, dest.port, hash2, 0) % (IP_VS_MH_TAB_SIZE - 1)) + 1;
    const lw = dest.lastWeight;
    // ((lw / gcd) >> rshift) ? : (lw != 0)
    const turns = Math.trunc(lw / s.gcd) >> s.rshift || (lw !== 0 ? 1 : 0);
    return { offset, skip, perm: offset, turns };
  });
}

/** ip_vs_mh_populate */
function ip_vs_mh_populate(s: MhState, list: readonly IpvsDest[], setup: DestSetup[]): void {
  if (s.gcd < 1) {
    s.lookup.fill(null); // ip_vs_mh_reset
    return;
  }
  const table = new Uint8Array(IP_VS_MH_TAB_SIZE); // the "used" bitmap
  let n = 0;
  let dtCount = 0;
  for (;;) {
    // Walk the list from its first dest each time round.
    for (let p = 0; p < list.length; ) {
      const ds = setup[p];
      // Ignore added server with zero weight
      if (ds.turns < 1) {
        p++;
        continue;
      }
      let c = ds.perm;
      while (table[c]) {
        // Add skip, mod IP_VS_MH_TAB_SIZE
        ds.perm += ds.skip;
        if (ds.perm >= IP_VS_MH_TAB_SIZE) ds.perm -= IP_VS_MH_TAB_SIZE;
        c = ds.perm;
      }
      table[c] = 1;
      s.lookup[c] = list[p];
      if (++n === IP_VS_MH_TAB_SIZE) return;
      if (++dtCount >= ds.turns) {
        dtCount = 0;
        p++;
      }
    }
  }
}

/** ip_vs_mh_dest_changed (and the body of init): gcd, rshift, then reassign. `gone` is being deleted. */
function ip_vs_mh_reassign(s: MhState, svc: IpvsService, gone: IpvsDest | null): void {
  const list = gone ? svc.dests.filter((d) => d !== gone) : svc.dests;
  s.gcd = ip_vs_mh_gcd_weight(list);
  s.rshift = ip_vs_mh_shift_weight(list, s.gcd);
  ip_vs_mh_populate(s, list, ip_vs_mh_permutate(s, list));
}

/** ip_vs_mh_init_svc */
function ip_vs_mh_init_svc(svc: IpvsService): MhState {
  const s = new MhState();
  svc.schedData = s;
  ip_vs_mh_reassign(s, svc, null);
  return s;
}

/** ip_vs_mh_get */
function ip_vs_mh_get(s: MhState, addr: number, port: number): IpvsDest | null {
  const dest = s.lookup[ip_vs_mh_hashkey(addr, port, hash1, 0) % IP_VS_MH_TAB_SIZE];
  return !dest || is_unavailable(dest) ? null : dest;
}

/** ip_vs_mh_get_fallback: loop around the table starting from the original hash. */
function ip_vs_mh_get_fallback(s: MhState, addr: number, port: number): IpvsDest | null {
  const ihash = ip_vs_mh_hashkey(addr, port, hash1, 0) % IP_VS_MH_TAB_SIZE;
  let dest = s.lookup[ihash];
  if (!dest) return null;
  if (!is_unavailable(dest)) return dest;
  for (let offset = 0; offset < IP_VS_MH_TAB_SIZE; offset++) {
    const roffset = (offset + ihash) % IP_VS_MH_TAB_SIZE;
    dest = s.lookup[ip_vs_mh_hashkey(addr, port, hash1, roffset) % IP_VS_MH_TAB_SIZE];
    if (!dest) break;
    if (!is_unavailable(dest)) return dest;
  }
  return null;
}

/** ip_vs_mh_get_port: the source port of TCP/UDP/SCTP, else 0. */
const ip_vs_mh_get_port = (pkt: SchedPacket): number =>
  pkt.protocol === IPPROTO_TCP || pkt.protocol === IPPROTO_UDP || pkt.protocol === IPPROTO_SCTP ? pkt.sport : 0;

/** ip_vs_mh_schedule */
function ip_vs_mh_schedule(svc: IpvsService, pkt: SchedPacket): IpvsDest | null {
  const s = state(svc);
  const port = svc.schedFlags.port ? ip_vs_mh_get_port(pkt) : 0; // IP_VS_SVC_F_SCHED_MH_PORT
  return svc.schedFlags.fallback ? ip_vs_mh_get_fallback(s, pkt.saddr, port) : ip_vs_mh_get(s, pkt.saddr, port);
}

/** The slot a dest's preference list starts at, and its skip (for tests and explanations). */
export function mhPreference(dest: Pick<IpvsDest, 'addr' | 'port'>): { offset: number; skip: number } {
  return {
    offset: ip_vs_mh_hashkey(dest.addr, dest.port, hash1, 0) % IP_VS_MH_TAB_SIZE,
    skip: (ip_vs_mh_hashkey(dest.addr, dest.port, hash2, 0) % (IP_VS_MH_TAB_SIZE - 1)) + 1,
  };
}

/** The dest in a service's lookup slot (null when empty); for tests and explanations. */
export const mhLookup = (svc: IpvsService, slot: number): IpvsDest | null => state(svc).lookup[slot];

/** The slot a client (address, port or 0) hashes to. */
export const mhSlot = (addr: number, port: number): number => ip_vs_mh_hashkey(addr, port, hash1, 0) % IP_VS_MH_TAB_SIZE;

export const mh: IpvsScheduler = {
  name: 'mh',
  initService: ip_vs_mh_init_svc,
  addDest: (svc) => ip_vs_mh_reassign(state(svc), svc, null),
  delDest: (svc, dest) => ip_vs_mh_reassign(state(svc), svc, dest),
  updDest: (svc) => ip_vs_mh_reassign(state(svc), svc, null),
  schedule: ip_vs_mh_schedule,
};

registerScheduler(mh);
