/**
 * Netfilter for the simulated hosts: iptables `filter` and `nat` tables with
 * connection tracking, as in CentOS 7 (Linux 3.10, iptables 1.4.21).
 *
 * Supported: filter INPUT/FORWARD/OUTPUT and user chains; nat PREROUTING/
 * INPUT/OUTPUT/POSTROUTING; matches -s -d -p -i -o (with `!`), tcp/udp
 * --sport/--dport (ports and ranges), icmp --icmp-type, state --state,
 * conntrack --ctstate; targets ACCEPT DROP RETURN REJECT DNAT SNAT MASQUERADE
 * and jumps to user chains. Conntrack for TCP (simplified, no window
 * tracking), UDP, ICMP queries (errors are RELATED), other protocols
 * (generic); NAT with consistent source mappings and the kernel's port choice.
 *
 * Not supported: mangle/raw/security tables, LOG, MARK/CONNMARK, helpers and
 * expectations (FTP), IP fragments, conntrack zones, -g (goto).
 */
import { formatIpv4 } from '../../wire/addr';
import type { IpStack } from '../ip/stack';
import { ctProtoName, TCP_CT_NAMES } from './conntrack-proto';
import { IPS } from './conntrack';
import { secondsLeft } from './ct-format';
import type { Tuple } from './tuple';
import { peekXtables } from './xtables';

export { xtablesOf, peekXtables, Xtables } from './xtables';
export type { Conn, CtRef } from './conntrack';

/** One endpoint as `ip:port` (ICMP: `ip` and the echo id as the port). */
export interface NatEndpoint {
  ip: string;
  port: number;
}

/** A row of the translation table, for the UI inspector. */
export interface NatRow {
  id: number;
  /** `tcp`, `udp`, `icmp`, `unknown`. */
  proto: string;
  /** TCP state (`ESTABLISHED`), '' for other protocols. */
  state: string;
  /** Seconds until the entry expires. */
  expires: number;
  /** Who started the flow, and to whom, as the initiator sent it. */
  origSrc: NatEndpoint;
  origDst: NatEndpoint;
  /** What the other side sees and answers to: the reply tuple's source and destination. */
  replySrc: NatEndpoint;
  replyDst: NatEndpoint;
  snat: boolean;
  dnat: boolean;
  assured: boolean;
  unreplied: boolean;
  /** One line for a learner: `192.168.150.1:41234 → 100.64.0.2:41234 (SNAT) → 61.135.169.125:80`. */
  text: string;
}

const ep = (ip: number, port: number): NatEndpoint => ({ ip: formatIpv4(ip), port });
const srcEp = (t: Tuple): NatEndpoint => ep(t.src, t.sport);
const dstEp = (t: Tuple): NatEndpoint => (t.proto === 1 ? ep(t.dst, t.sport) : ep(t.dst, t.dport));
const show = (e: NatEndpoint): string => `${e.ip}:${e.port}`;

/**
 * The host's connection tracking table as rows (`conntrack -L`), oldest
 * first; empty when conntrack was never loaded. Translated flows have
 * `snat`/`dnat` set.
 */
export function natTable(stack: IpStack): NatRow[] {
  const ct = peekXtables(stack)?.tracker;
  if (!ct) return [];
  const now = stack.world.now;
  return ct.list().map((c) => {
    const snat = (c.status & IPS.SRC_NAT) !== 0;
    const dnat = (c.status & IPS.DST_NAT) !== 0;
    const origSrc = srcEp(c.orig);
    const origDst = dstEp(c.orig);
    const replySrc = srcEp(c.reply);
    const replyDst = dstEp(c.reply);
    // The initiator as the far side sees it is the reply's destination; the server it reaches is the reply's source.
    let text = show(origSrc);
    if (snat) text += ` → ${show(replyDst)} (SNAT)`;
    text += ` → ${show(origDst)}`;
    if (dnat) text += ` → ${show(replySrc)} (DNAT)`;
    return {
      id: c.id,
      proto: ctProtoName(c.orig.proto),
      state: c.orig.proto === 6 ? TCP_CT_NAMES[c.tcpState] : '',
      expires: secondsLeft(c, now),
      origSrc,
      origDst,
      replySrc,
      replyDst,
      snat,
      dnat,
      assured: (c.status & IPS.ASSURED) !== 0,
      unreplied: (c.status & IPS.SEEN_REPLY) === 0,
      text,
    };
  });
}
