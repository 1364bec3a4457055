/**
 * Per-protocol connection tracking (net/netfilter/nf_conntrack_proto_{tcp,udp,icmp,generic}.c,
 * Linux 3.10 as in CentOS 7): the TCP state machine and every protocol's timeouts.
 *
 * Simplified TCP tracker: the state table and its special cases (reopen from
 * TIME_WAIT/CLOSE, an RST as the only reply kills the entry, ASSURED after the
 * handshake) are the kernel's; sequence/window tracking (tcp_in_window) is not
 * done, as if `nf_conntrack_tcp_be_liberal` were 1.
 */
import { TCP_FLAG } from '../../wire/tcp';

/** enum tcp_conntrack (include/uapi/linux/netfilter/nf_conntrack_tcp.h). */
export const TCP_CT = {
  NONE: 0,
  SYN_SENT: 1,
  SYN_RECV: 2,
  ESTABLISHED: 3,
  FIN_WAIT: 4,
  CLOSE_WAIT: 5,
  LAST_ACK: 6,
  TIME_WAIT: 7,
  CLOSE: 8,
  SYN_SENT2: 9,
  /** sIV: the packet is invalid. */
  INVALID: 10,
  /** sIG: accepted, the state does not change. */
  IGNORE: 11,
} as const;

/** tcp_conntrack_names, as /proc/net/nf_conntrack prints them. */
export const TCP_CT_NAMES = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'] as const;
/** libnetfilter_conntrack's names (conntrack -L): state 9 is printed as LISTEN there. */
export const TCP_CT_NAMES_NFCT = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'LISTEN'] as const;

const sNO = TCP_CT.NONE;
const sSS = TCP_CT.SYN_SENT;
const sSR = TCP_CT.SYN_RECV;
const sES = TCP_CT.ESTABLISHED;
const sFW = TCP_CT.FIN_WAIT;
const sCW = TCP_CT.CLOSE_WAIT;
const sLA = TCP_CT.LAST_ACK;
const sTW = TCP_CT.TIME_WAIT;
const sCL = TCP_CT.CLOSE;
const sS2 = TCP_CT.SYN_SENT2;
const sIV = TCP_CT.INVALID;
const sIG = TCP_CT.IGNORE;
void sNO;

/** Row index by the packet's flags (get_conntrack_index). */
export const TCP_INDEX = { SYN: 0, SYNACK: 1, FIN: 2, ACK: 3, RST: 4, NONE: 5 } as const;

export function tcpIndex(flags: number): number {
  if (flags & TCP_FLAG.RST) return TCP_INDEX.RST;
  if (flags & TCP_FLAG.SYN) return flags & TCP_FLAG.ACK ? TCP_INDEX.SYNACK : TCP_INDEX.SYN;
  if (flags & TCP_FLAG.FIN) return TCP_INDEX.FIN;
  if (flags & TCP_FLAG.ACK) return TCP_INDEX.ACK;
  return TCP_INDEX.NONE;
}

/** tcp_conntracks[dir][index][old state] (nf_conntrack_proto_tcp.c). */
export const TCP_CONNTRACKS: readonly (readonly (readonly number[])[])[] = [
  [
    /* ORIGINAL   sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2 */
    /* syn    */ [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
    /* synack */ [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
    /* fin    */ [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    /* ack    */ [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
    /* rst    */ [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    /* none   */ [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  ],
  [
    /* REPLY      sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2 */
    /* syn    */ [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
    /* synack */ [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
    /* fin    */ [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    /* ack    */ [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
    /* rst    */ [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    /* none   */ [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  ],
];

/**
 * Timeouts in seconds and the sysctl that holds each (Documentation/networking/
 * nf_conntrack-sysctl.txt; values of Linux 3.10).
 */
export const CT_SYSCTL_DEFAULTS: ReadonlyArray<readonly [string, number]> = [
  ['nf_conntrack_tcp_timeout_syn_sent', 120],
  ['nf_conntrack_tcp_timeout_syn_recv', 60],
  ['nf_conntrack_tcp_timeout_established', 432000],
  ['nf_conntrack_tcp_timeout_fin_wait', 120],
  ['nf_conntrack_tcp_timeout_close_wait', 60],
  ['nf_conntrack_tcp_timeout_last_ack', 30],
  ['nf_conntrack_tcp_timeout_time_wait', 120],
  ['nf_conntrack_tcp_timeout_close', 10],
  ['nf_conntrack_tcp_timeout_max_retrans', 300],
  ['nf_conntrack_tcp_timeout_unacknowledged', 300],
  ['nf_conntrack_tcp_loose', 1],
  ['nf_conntrack_udp_timeout', 30],
  ['nf_conntrack_udp_timeout_stream', 180],
  ['nf_conntrack_icmp_timeout', 30],
  ['nf_conntrack_generic_timeout', 600],
];

/** The sysctl giving the timeout of each TCP state (SYN_SENT2 shares SYN_SENT's 120 s). */
export const TCP_TIMEOUT_SYSCTL: readonly string[] = [
  'nf_conntrack_tcp_timeout_close', // NONE: never used as a state to wait in
  'nf_conntrack_tcp_timeout_syn_sent',
  'nf_conntrack_tcp_timeout_syn_recv',
  'nf_conntrack_tcp_timeout_established',
  'nf_conntrack_tcp_timeout_fin_wait',
  'nf_conntrack_tcp_timeout_close_wait',
  'nf_conntrack_tcp_timeout_last_ack',
  'nf_conntrack_tcp_timeout_time_wait',
  'nf_conntrack_tcp_timeout_close',
  'nf_conntrack_tcp_timeout_syn_sent',
];

/** Protocol names as conntrack prints them (`unknown` for the generic tracker). */
export function ctProtoName(proto: number): string {
  switch (proto) {
    case 6:
      return 'tcp';
    case 17:
      return 'udp';
    case 1:
      return 'icmp';
    default:
      return 'unknown';
  }
}
