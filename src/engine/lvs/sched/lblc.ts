/**
 * lblc — Locality-Based Least-Connection scheduling (net/netfilter/ipvs/ip_vs_lblc.c).
 *
 * A cache maps a packet's destination address to a dest. A cached dest is used (and the
 * entry's `lastuse` refreshed) while it is AVAILABLE, has weight > 0 and is not
 * "overloaded" — `activeconns > weight` while some dest of the service has
 * `activeconns * 2 < weight`. Otherwise the dest is chosen by the wlc rule and the entry
 * (re)bound to it.
 *
 * Expiry runs from a timer every 60 s (ip_vs_lblc_check_expire), emulated lazily in
 * virtual time before each schedule: every 30th run does a full check dropping entries
 * unused for `lblc_expiration` (default 24 h); between those, while the table holds more
 * than 16384 entries, entries idle for 6 min are collected bucket by bucket.
 */
import type { Micros } from '../../sim/time';
import { destOverhead, type IpvsDest, type IpvsScheduler, type IpvsService, type SchedPacket } from '../types';
import { hashMul } from './hash';
import { registerScheduler } from './index';
import { weightedLeast } from './weighted-least';

const SEC = 1_000_000;
/** CHECK_EXPIRE_INTERVAL: the period of the garbage-collection timer. */
export const CHECK_EXPIRE_INTERVAL: Micros = 60 * SEC;
/** ENTRY_TIMEOUT: idle time after which an entry may be collected when the table is full. */
export const ENTRY_TIMEOUT: Micros = 6 * 60 * SEC;
/** DEFAULT_EXPIRATION: /proc/sys/net/ipv4/vs/lblc_expiration (and lblcr_expiration). */
export const DEFAULT_EXPIRATION: Micros = 24 * 60 * 60 * SEC;
/** COUNT_FOR_FULL_EXPIRATION: every 30th timer run is a full expiration check. */
export const COUNT_FOR_FULL_EXPIRATION = 30;
export const IP_VS_LBLC_TAB_BITS = 10;
export const IP_VS_LBLC_TAB_SIZE = 1 << IP_VS_LBLC_TAB_BITS;
const IP_VS_LBLC_TAB_MASK = IP_VS_LBLC_TAB_SIZE - 1;

/** struct ip_vs_lblc_entry (lblcr's entry adds a dest set): what the table needs of an entry. */
export interface LocalityEntry {
  /** The destination address the entry is for. */
  addr: number;
  /** Last used time (refreshed by each lookup). */
  lastuse: Micros;
}

/**
 * struct ip_vs_lblc_table / ip_vs_lblcr_table with its periodic timer: the two files have
 * the same table, hash (`(addr * 2654435761) & 1023`) and expiry code.
 */
export class LocalityTable<E extends LocalityEntry> {
  /** Lookup by destination address; `bucket` keeps the kernel's hash buckets for the GC walk. */
  readonly map = new Map<number, E>();
  readonly bucket: E[][] = Array.from({ length: IP_VS_LBLC_TAB_SIZE }, () => []);
  maxSize = IP_VS_LBLC_TAB_SIZE * 16;
  rover = 0;
  counter = 1;
  /** When the periodic timer fires next; null until first known (armed at the first schedule). */
  nextTick: Micros | null;
  /** sysctl lblc_expiration / lblcr_expiration in µs; the core may set it (per netns in the kernel). */
  expiration: Micros = DEFAULT_EXPIRATION;

  constructor(now?: Micros) {
    this.nextTick = now === undefined ? null : now + CHECK_EXPIRE_INTERVAL;
  }

  get(addr: number): E | undefined {
    return this.map.get(addr);
  }

  /** ip_vs_lblc_hash: insert at the head of its bucket. */
  hash(en: E): void {
    this.map.set(en.addr, en);
    this.bucket[ip_vs_lblc_hashkey(en.addr)].unshift(en);
  }

  /** Drop the entries of bucket j that `stale` selects; returns how many went. */
  private sweepBucket(j: number, stale: (en: E) => boolean): number {
    const b = this.bucket[j];
    let kept = 0;
    let freed = 0;
    for (const en of b) {
      if (stale(en)) {
        this.map.delete(en.addr); // ip_vs_lblc_free
        freed++;
      } else b[kept++] = en;
    }
    b.length = kept;
    return freed;
  }

  /** ip_vs_lblc_full_check: drop every entry unused for the expiration time. */
  private fullCheck(now: Micros): void {
    let j = this.rover;
    for (let i = 0; i < IP_VS_LBLC_TAB_SIZE; i++) {
      j = (j + 1) & IP_VS_LBLC_TAB_MASK;
      // time_before(now, en->lastuse + expiration) keeps the entry
      this.sweepBucket(j, (en) => !(now < en.lastuse + this.expiration));
    }
    this.rover = j;
  }

  /** ip_vs_lblc_check_expire: one run of the periodic timer at time `now`. */
  private checkExpire(now: Micros): void {
    if (this.counter % COUNT_FOR_FULL_EXPIRATION === 0) {
      this.fullCheck(now);
      this.counter = 1;
      return;
    }
    if (this.map.size <= this.maxSize) {
      this.counter++;
      return;
    }
    let goal = Math.trunc(((this.map.size - this.maxSize) * 4) / 3);
    if (goal > this.maxSize / 2) goal = Math.trunc(this.maxSize / 2);
    let j = this.rover;
    for (let i = 0; i < IP_VS_LBLC_TAB_SIZE; i++) {
      j = (j + 1) & IP_VS_LBLC_TAB_MASK;
      goal -= this.sweepBucket(j, (en) => !(now < en.lastuse + ENTRY_TIMEOUT));
      if (goal <= 0) break;
    }
    this.rover = j;
  }

  /** Run every timer expiry due by `now` (mod_timer re-arms 60 s after each run). */
  runTimers(now: Micros): void {
    if (this.nextTick === null) {
      this.nextTick = now + CHECK_EXPIRE_INTERVAL;
      return;
    }
    while (this.nextTick <= now) {
      if (this.counter % COUNT_FOR_FULL_EXPIRATION !== 0 && this.map.size <= this.maxSize) {
        // Runs that only count: skip straight to the next full check (or past `now`).
        const toFull = COUNT_FOR_FULL_EXPIRATION - (this.counter % COUNT_FOR_FULL_EXPIRATION);
        const due = Math.floor((now - this.nextTick) / CHECK_EXPIRE_INTERVAL) + 1;
        const k = Math.min(toFull, due);
        this.counter += k;
        this.nextTick += k * CHECK_EXPIRE_INTERVAL;
        continue;
      }
      this.checkExpire(this.nextTick);
      this.nextTick += CHECK_EXPIRE_INTERVAL;
    }
  }
}

/** struct ip_vs_lblc_entry */
export interface LblcEntry extends LocalityEntry {
  dest: IpvsDest;
}

/** ip_vs_lblc_hashkey (IPv4) */
const ip_vs_lblc_hashkey = (addr: number): number => hashMul(addr) & IP_VS_LBLC_TAB_MASK;

class LblcTable extends LocalityTable<LblcEntry> {}

function table(svc: IpvsService): LblcTable {
  if (svc.schedData instanceof LblcTable) return svc.schedData;
  return ip_vs_lblc_init_svc(svc);
}

/**
 * ip_vs_lblc_init_svc: a fresh table; the timer first fires 60 s after `now`. The core's
 * hook passes no time, so then the timer is armed at the first schedule.
 */
function ip_vs_lblc_init_svc(svc: IpvsService, now?: Micros): LblcTable {
  const t = new LblcTable(now);
  svc.schedData = t;
  return t;
}

/** __ip_vs_lblc_schedule: the wlc rule over the whole service. */
function __ip_vs_lblc_schedule(svc: IpvsService): IpvsDest | null {
  return weightedLeast(svc, destOverhead);
}

/** is_overloaded: over its weight while some dest is under half of its own. */
export function lblcIsOverloaded(dest: IpvsDest, svc: IpvsService): boolean {
  if (dest.activeconns > dest.weight) {
    for (const d of svc.dests) if (d.activeconns * 2 < d.weight) return true;
  }
  return false;
}

/** ip_vs_lblc_new: create the entry, or rebind an existing one to `dest`. */
function ip_vs_lblc_new(t: LblcTable, daddr: number, dest: IpvsDest, now: Micros): void {
  const en = t.get(daddr);
  if (en) en.dest = dest;
  else t.hash({ addr: daddr, dest, lastuse: now });
}

/** ip_vs_lblc_schedule */
function ip_vs_lblc_schedule(svc: IpvsService, pkt: SchedPacket, now: Micros): IpvsDest | null {
  const t = table(svc);
  t.runTimers(now);
  // First look in our cache
  const en = t.get(pkt.daddr);
  if (en) {
    en.lastuse = now;
    const dest = en.dest;
    if (dest.available && dest.weight > 0 && !lblcIsOverloaded(dest, svc)) return dest;
  }
  // No cache entry or it is invalid, time to schedule
  const dest = __ip_vs_lblc_schedule(svc);
  if (!dest) return null;
  ip_vs_lblc_new(t, pkt.daddr, dest, now);
  return dest;
}

/** The lblc table of a service (tests; the core may set `expiration` from the sysctl). */
export const lblcTable = (svc: IpvsService): LocalityTable<LblcEntry> => table(svc);

/** The cache entry of a destination address (for tests and explanations). */
export const lblcEntry = (svc: IpvsService, daddr: number): LblcEntry | undefined => table(svc).get(daddr);

export const lblc: IpvsScheduler = {
  name: 'lblc',
  initService: ip_vs_lblc_init_svc,
  schedule: ip_vs_lblc_schedule,
};

registerScheduler(lblc);
