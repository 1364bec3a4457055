/**
 * Text forms of a tracked flow: /proc/net/nf_conntrack (the kernel's
 * ct_seq_show, nf_conntrack_standalone.c), `conntrack -L` (libnetfilter_conntrack's
 * __snprintf_conntrack_default, conntrack-tools 1.4.4) and `conntrack -E` events.
 */
import { formatIpv4 } from '../../wire/addr';
import type { Micros } from '../../sim/time';
import { MICROS_PER_SEC } from '../../sim/time';
import { ctProtoName, TCP_CT_NAMES, TCP_CT_NAMES_NFCT } from './conntrack-proto';
import { IPS, type Conn } from './conntrack';
import type { Tuple } from './tuple';

/** Seconds left, as the kernel divides jiffies by HZ (rounding down, never negative). */
export const secondsLeft = (c: Conn, now: Micros): number => Math.max(0, Math.floor((c.expires - now) / MICROS_PER_SEC));

function tupleText(t: Tuple): string {
  let s = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)} `;
  if (t.proto === 6 || t.proto === 17) s += `sport=${t.sport} dport=${t.dport} `;
  else if (t.proto === 1) s += `type=${t.dport >> 8} code=${t.dport & 0xff} id=${t.sport} `;
  return s;
}

/** The part shared by every form: tuples, [UNREPLIED], [ASSURED], mark. */
function body(c: Conn, withStatus: boolean): string {
  let s = tupleText(c.orig);
  if (withStatus && !(c.status & IPS.SEEN_REPLY)) s += '[UNREPLIED] ';
  s += tupleText(c.reply);
  if (withStatus && c.status & IPS.ASSURED) s += '[ASSURED] ';
  return s + `mark=${c.mark} `;
}

const protoCols = (c: Conn): string => `${ctProtoName(c.orig.proto).padEnd(8)} ${c.orig.proto} `;

/** One line of `conntrack -L` (no newline); `extended` adds the layer-3 columns (`-o extended`). */
export function conntrackLine(c: Conn, now: Micros, extended = false): string {
  let s = extended ? 'ipv4     2 ' : '';
  s += protoCols(c) + `${secondsLeft(c, now)} `;
  if (c.orig.proto === 6) s += `${TCP_CT_NAMES_NFCT[c.tcpState]} `;
  s += body(c, true);
  return s + 'use=1';
}

/** The whole of /proc/net/nf_conntrack (zones are compiled in on CentOS 7; reading holds a reference: use=2). */
export function procNfConntrack(conns: readonly Conn[], now: Micros): string {
  let out = '';
  for (const c of conns) {
    let s = `ipv4     2 ${protoCols(c)}${secondsLeft(c, now)} `;
    if (c.orig.proto === 6) s += `${TCP_CT_NAMES[c.tcpState]} `;
    out += s + body(c, true) + 'zone=0 use=2\n';
  }
  return out;
}

/** A `conntrack -E` line: `[NEW] tcp      6 120 SYN_SENT src=... [UNREPLIED] src=...`; DESTROY has no timeout or state. */
export function ctEventText(kind: 'NEW' | 'DESTROY', c: Conn, now: Micros): string {
  const tag = `[${kind}]`.padStart(9) + ' ';
  if (kind === 'DESTROY') return tag + protoCols(c) + tupleText(c.orig) + tupleText(c.reply).trimEnd();
  let s = tag + protoCols(c) + `${secondsLeft(c, now)} `;
  if (c.orig.proto === 6) s += `${TCP_CT_NAMES_NFCT[c.tcpState]} `;
  s += tupleText(c.orig);
  if (!(c.status & IPS.SEEN_REPLY)) s += '[UNREPLIED] ';
  return (s + tupleText(c.reply)).trimEnd();
}
