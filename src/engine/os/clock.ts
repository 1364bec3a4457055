import { MICROS_PER_SEC, type Micros } from '../sim/time';

/**
 * The hosts' wall clock. Virtual time 0 is Sat 2021-03-27 10:00:00 CST
 * (the week of the course notes; the course VMs run in China, UTC+8, which
 * glibc names CST). Every tool that prints a date (date, ls -l, ps, systemctl,
 * journalctl, /var/log/messages) goes through this file so they agree.
 * No `Date`: the civil calendar is computed here (days_from_civil, H. Hinnant).
 */
export const EPOCH_UNIX_SECONDS = 1_616_810_400; // 2021-03-27T02:00:00Z
export const TZ_NAME = 'CST';
export const TZ_OFFSET_SECONDS = 8 * 3600;

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Local (CST) calendar fields of a moment. */
export interface Civil {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday */
  weekday: number;
  /** Day of the year, 1..366. */
  yday: number;
  /** Seconds since 1970-01-01 UTC. */
  unix: number;
}

/** Seconds since the Unix epoch at virtual time `t`. */
export const unixSeconds = (t: Micros): number => EPOCH_UNIX_SECONDS + Math.floor(t / MICROS_PER_SEC);

const pad2 = (n: number): string => String(n).padStart(2, '0');

function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: m <= 2 ? y + 1 : y, m, d };
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const CUM_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** Local calendar fields for Unix seconds. */
export function civilFromUnix(unix: number): Civil {
  const local = unix + TZ_OFFSET_SECONDS;
  const days = Math.floor(local / 86400);
  const secs = local - days * 86400;
  const { y, m, d } = civilFromDays(days);
  return {
    year: y,
    month: m,
    day: d,
    hour: Math.floor(secs / 3600),
    minute: Math.floor((secs % 3600) / 60),
    second: secs % 60,
    weekday: (((days + 4) % 7) + 7) % 7,
    yday: CUM_DAYS[m - 1] + d + (m > 2 && isLeap(y) ? 1 : 0),
    unix,
  };
}

/** Local calendar fields at virtual time `t`. */
export const civil = (t: Micros): Civil => civilFromUnix(unixSeconds(t));

/**
 * strftime(3) for the conversions the course's tools use:
 * %a %b %e %d %H %M %S %Y %m %y %Z %z %j %s %F %T %D %R %p %I %n %t %%.
 */
export function strftime(fmt: string, c: Civil): string {
  return fmt.replace(/%([a-zA-Z%])/g, (m, k: string) => {
    switch (k) {
      case 'a': return WEEKDAYS[c.weekday];
      case 'A': return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][c.weekday];
      case 'b': case 'h': return MONTHS[c.month - 1];
      case 'B': return ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][c.month - 1];
      case 'e': return String(c.day).padStart(2, ' ');
      case 'd': return pad2(c.day);
      case 'H': return pad2(c.hour);
      case 'I': return pad2(((c.hour + 11) % 12) + 1);
      case 'p': return c.hour < 12 ? 'AM' : 'PM';
      case 'M': return pad2(c.minute);
      case 'S': return pad2(c.second);
      case 'Y': return String(c.year);
      case 'y': return pad2(c.year % 100);
      case 'm': return pad2(c.month);
      case 'j': return String(c.yday).padStart(3, '0');
      case 'Z': return TZ_NAME;
      case 'z': return '+0800';
      case 's': return String(c.unix);
      case 'F': return `${c.year}-${pad2(c.month)}-${pad2(c.day)}`;
      case 'T': return `${pad2(c.hour)}:${pad2(c.minute)}:${pad2(c.second)}`;
      case 'R': return `${pad2(c.hour)}:${pad2(c.minute)}`;
      case 'D': return `${pad2(c.month)}/${pad2(c.day)}/${pad2(c.year % 100)}`;
      case 'u': return String(c.weekday === 0 ? 7 : c.weekday);
      case 'w': return String(c.weekday);
      case 'n': return '\n';
      case 't': return '\t';
      case '%': return '%';
      default: return m;
    }
  });
}

/** `date`'s default output: `Sat Mar 27 10:00:05 CST 2021` (LC_TIME=C/en_US: "%a %b %e %H:%M:%S %Z %Y"). */
export const dateText = (t: Micros): string => strftime('%a %b %e %H:%M:%S %Z %Y', civil(t));

/** /var/log/messages (rsyslog RSYSLOG_TraditionalFileFormat, RFC 3164 date): `Mar  7 10:00:05`. */
export const syslogTime = (t: Micros): string => strftime('%b %e %H:%M:%S', civil(t));

/** journalctl's short format: `Mar 07 10:00:05` (day zero-padded). */
export const journalTime = (t: Micros): string => strftime('%b %d %H:%M:%S', civil(t));

/** systemd's format_timestamp(): `Sat 2021-03-27 10:00:05 CST`. */
export const systemdTimestamp = (t: Micros): string => strftime('%a %Y-%m-%d %H:%M:%S %Z', civil(t));

const SIX_MONTHS_S = (365.2425 * 86400) / 2;

/**
 * ls -l's time column (coreutils ls.c): `Mar 27 10:00` for files modified in the
 * last six months, `Mar 27  2020` for older or future ones.
 */
export function lsTime(mtime: Micros, now: Micros): string {
  const c = civil(mtime);
  const age = (now - mtime) / MICROS_PER_SEC;
  const recent = age >= 0 && age < SIX_MONTHS_S;
  return recent ? strftime('%b %e %H:%M', c) : strftime('%b %e  %Y', c);
}

/**
 * ps's START/STIME (procps-ng output.c pr_stime): `HH:MM`, `MonDD` once the
 * process is more than a day old, ` YYYY` once it is more than a year old.
 */
export function psStartTime(start: Micros, now: Micros): string {
  const c = civil(start);
  const age = (now - start) / MICROS_PER_SEC;
  if (age > 365 * 86400) return strftime(' %Y', c);
  if (age > 86400) return strftime('%b%d', c);
  return strftime('%H:%M', c);
}

const USEC_PER = { year: 31_557_600_000_000, month: 2_629_800_000_000, week: 604_800_000_000, day: 86_400_000_000, hour: 3_600_000_000, minute: 60_000_000, sec: 1_000_000, msec: 1_000 };

/** systemd 219's format_timestamp_relative(): `3s ago`, `1min 5s ago`, `2h 3min ago`. */
export function relativeTime(t: Micros, now: Micros): string {
  let d = now - t;
  const s = d >= 0 ? 'ago' : 'left';
  d = Math.abs(d);
  const q = (a: number, b: number) => Math.floor(a / b);
  const U = USEC_PER;
  if (d >= U.year) return `${q(d, U.year)} years ${q(d % U.year, U.month)} months ${s}`;
  if (d >= U.month) return `${q(d, U.month)} months ${q(d % U.month, U.day)} days ${s}`;
  if (d >= U.week) return `${q(d, U.week)} weeks ${q(d % U.week, U.day)} days ${s}`;
  if (d >= 2 * U.day) return `${q(d, U.day)} days ${s}`;
  if (d >= 25 * U.hour) return `1 day ${q(d - U.day, U.hour)}h ${s}`;
  if (d >= 6 * U.hour) return `${q(d, U.hour)}h ${s}`;
  if (d >= U.hour) return `${q(d, U.hour)}h ${q(d % U.hour, U.minute)}min ${s}`;
  if (d >= 5 * U.minute) return `${q(d, U.minute)}min ${s}`;
  if (d >= U.minute) return `${q(d, U.minute)}min ${q(d % U.minute, U.sec)}s ${s}`;
  if (d >= U.sec) return `${q(d, U.sec)}s ${s}`;
  if (d >= U.msec) return `${q(d, U.msec)}ms ${s}`;
  if (d > 0) return `${d}us ${s}`;
  return 'now';
}
