/**
 * VRRP timers (RFC 3768 §6.1, keepalived vrrp.h VRRP_TIMER_SKEW):
 *   Skew_Time            = (256 − Priority) / 256 s            (v2, integer µs as keepalived computes it)
 *   Master_Down_Interval = 3 × Master_Adver_Interval + Skew_Time
 * keepalived's `down_timer_adverts` replaces the 3.
 */
import type { Micros } from '../../sim/time';

const TIMER_HZ = 1_000_000;

export function skewTime(priority: number, masterAdverInt: Micros, version: 2 | 3): Micros {
  return version === 3 ? Math.floor(((256 - priority) * masterAdverInt) / 256) : Math.floor(((256 - priority) * TIMER_HZ) / 256);
}

export function masterDownInterval(priority: number, masterAdverInt: Micros, version: 2 | 3, downTimerAdverts = 3): Micros {
  return downTimerAdverts * masterAdverInt + skewTime(priority, masterAdverInt, version);
}
