/**
 * What ping prints, number by number, as iputils does (ping_common.c
 * gather_statistics / finish, ping.c pr_icmph). Times are integer µs.
 */
import { ICMP_TYPE } from '../../../wire/icmp';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const div = (a: number, b: number): number => Math.trunc(a / b);

/** ` time=…` precision: 3 decimals below 1 ms, 2 below 10 ms, 1 below 100 ms, none above. */
export function formatRtt(us: number): string {
  if (us >= 100000) return `${div(us + 500, 1000)}`;
  if (us >= 10000) return `${div(us + 50, 1000)}.${div((us + 50) % 1000, 100)}`;
  if (us >= 1000) return `${div(us + 5, 1000)}.${pad(div((us + 5) % 1000, 10), 2)}`;
  return `${div(us, 1000)}.${pad(us % 1000, 3)}`;
}

/** `%ld.%03ld` of a µs value. */
export const msec3 = (us: number): string => `${div(us, 1000)}.${pad(Math.abs(us % 1000), 3)}`;

/** printf("%g") of a C float (the loss percentage is computed in float). */
export function formatG(x: number): string {
  const f = Math.fround(x);
  if (f === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = f.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const en = Number(e);
    return `${mant}e${en < 0 ? '-' : '+'}${pad(Math.abs(en), 2)}`;
  }
  const s = f.toPrecision(6);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** llsqrt: Newton's integer square root, as finish() computes mdev. */
export function llsqrt(a: number): number {
  if (a <= 0) return a < 0 ? a : 0;
  let prev = Number.MAX_SAFE_INTEGER;
  let x = a;
  while (x < prev) {
    prev = x;
    x = Math.trunc((x + Math.trunc(a / x)) / 2);
  }
  return x;
}

const UNREACH: readonly string[] = [
  'Destination Net Unreachable',
  'Destination Host Unreachable',
  'Destination Protocol Unreachable',
  'Destination Port Unreachable',
  'Frag needed and DF set (mtu = %u)',
  'Source Route Failed',
  'Destination Net Unknown',
  'Destination Host Unknown',
  'Source Host Isolated',
  'Destination Net Prohibited',
  'Destination Host Prohibited',
  'Destination Net Unreachable for Type of Service',
  'Destination Host Unreachable for Type of Service',
  'Packet filtered',
  'Precedence Violation',
  'Precedence Cutoff',
];

/** pr_icmph: the words after `From X icmp_seq=N ` (no newline). */
export function icmpErrorText(type: number, code: number, info = 0): string {
  if (type === ICMP_TYPE.DEST_UNREACHABLE) {
    const t = UNREACH[code];
    if (!t) return `Dest Unreachable, Bad Code: ${code}`;
    return t.replace('%u', String(info));
  }
  if (type === ICMP_TYPE.TIME_EXCEEDED) {
    if (code === 0) return 'Time to live exceeded';
    if (code === 1) return 'Frag reassembly time exceeded';
    return `Time exceeded, Bad Code: ${code}`;
  }
  if (type === 4) return 'Source Quench';
  if (type === 12) return `Parameter problem: pointer = ${info}`;
  return `Bad ICMP type: ${type}`;
}

export interface PingStats {
  hostname: string;
  transmitted: number;
  received: number;
  repeats: number;
  errors: number;
  /** start_time → cur_time (the last send), µs. */
  elapsedUs: number;
  timing: boolean;
  tmin: number;
  tmax: number;
  tsum: number;
  tsum2: number;
  pipesize: number;
}

/** finish(): the blank line, the statistics line and the rtt/pipe line. */
export function formatStatistics(s: PingStats): string {
  let out = '\n';
  out += `--- ${s.hostname} ping statistics ---\n`;
  out += `${s.transmitted} packets transmitted, ${s.received} received`;
  if (s.repeats) out += `, +${s.repeats} duplicates`;
  if (s.errors) out += `, +${s.errors} errors`;
  if (s.transmitted) {
    out += `, ${formatG(((s.transmitted - s.received) * 100.0) / s.transmitted)}% packet loss`;
    out += `, time ${div(s.elapsedUs + 500, 1000)}ms`;
  }
  out += '\n';
  let comma = '';
  if (s.received && s.timing) {
    const n = s.received + s.repeats;
    const avg = div(s.tsum, n);
    const mdev = llsqrt(div(s.tsum2, n) - avg * avg);
    out += `rtt min/avg/max/mdev = ${msec3(s.tmin)}/${msec3(avg)}/${msec3(s.tmax)}/${msec3(mdev)} ms`;
    comma = ', ';
  }
  if (s.pipesize > 1) out += `${comma}pipe ${s.pipesize}`;
  return out + '\n';
}
