/**
 * Reading numbers and switches from configuration words the way keepalived's
 * parser.c helpers do (read_unsigned_strvec, read_decimal_unsigned_strvec,
 * check_true_false, inet_stosockaddr).
 */
import { maskToPrefix, parseIpv4, type Ipv4 } from '../../wire/addr';

/** strtoul-like: whole decimal string in [min, max], else undefined. */
export function readUnsigned(s: string | undefined, min: number, max: number): number | undefined {
  if (s === undefined || !/^\+?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

export function readInt(s: string | undefined, min: number, max: number): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

/** read_decimal_unsigned_strvec with TIMER_HZ_DIGITS=6: `1.5` seconds → 1 500 000 µs. */
export function readSecondsUs(s: string | undefined, minUs: number, maxUs: number): number | undefined {
  if (s === undefined || !/^\d+(\.\d{0,6})?$/.test(s)) return undefined;
  const [int, frac = ''] = s.split('.');
  const us = Number(int) * 1_000_000 + Number(frac.padEnd(6, '0') || '0');
  return us >= minUs && us <= maxUs ? us : undefined;
}

/** check_true_false: on/true/yes → true, off/false/no → false, else undefined. */
export function readBool(s: string): boolean | undefined {
  if (s === 'true' || s === 'on' || s === 'yes') return true;
  if (s === 'false' || s === 'off' || s === 'no') return false;
  return undefined;
}

/** `1.2.3.4` or `1.2.3.4/24` (inet_stor/parse_ipaddress); prefix defaults to 32. */
export function readIpPrefix(s: string): { ip: Ipv4; prefixLen: number } | undefined {
  const m = /^([^/]+)(?:\/(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const ip = parseIpv4(m[1]);
  if (ip === undefined) return undefined;
  const prefixLen = m[2] === undefined ? 32 : Number(m[2]);
  if (prefixLen > 32) return undefined;
  return { ip, prefixLen };
}

/** A netmask in dotted form or as a prefix length. */
export function readMask(s: string): Ipv4 | undefined {
  const ip = parseIpv4(s);
  if (ip !== undefined) return maskToPrefix(ip) === undefined ? undefined : ip;
  return undefined;
}

/** A port number 0..65535. */
export const readPort = (s: string | undefined): number | undefined => readUnsigned(s, 0, 65535);
