/**
 * IPVS's own view of a TCP connection (ip_vs_proto_tcp.c): it never
 * handshakes, it only watches flags go by and moves the entry through its
 * state table, which decides the timeout and the Active/InAct counters.
 */
export const IPVS_TCP_STATES = ['NONE', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'SYNACK'] as const;
export type IpvsTcpState = (typeof IPVS_TCP_STATES)[number];

const [NO, ES, SS, SR, FW, TW, CL, CW, LA, LI, SA] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Direction rows: client→server seen on the way in, server→client (NAT only), or in-only (DR/TUN). */
export const TCP_DIR = { INPUT: 0, OUTPUT: 4, INPUT_ONLY: 8 } as const;

/** tcp_states[] (secure_tcp=0): rows syn, fin, ack, rst for each direction; columns the current state. */
// prettier-ignore
const TCP_STATES: number[][] = [
  /*        NO  ES  SS  SR  FW  TW  CL  CW  LA  LI  SA */
  /*syn*/ [SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR],
  /*fin*/ [CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW],
  /*ack*/ [ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES],
  /*rst*/ [CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR],
  // OUTPUT
  /*syn*/ [SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR],
  /*fin*/ [TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW],
  /*ack*/ [ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES],
  /*rst*/ [CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL],
  // INPUT-ONLY
  /*syn*/ [SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR],
  /*fin*/ [CL, FW, SS, TW, FW, TW, CL, CW, LA, LI, TW],
  /*ack*/ [ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES],
  /*rst*/ [CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL],
];

/** Default timeouts in seconds (tcp_timeouts[]); `ipvsadm --set` changes ESTABLISHED and FIN_WAIT. */
export const DEFAULT_TCP_TIMEOUTS: Record<IpvsTcpState, number> = {
  NONE: 2,
  ESTABLISHED: 900,
  SYN_SENT: 120,
  SYN_RECV: 60,
  FIN_WAIT: 120,
  TIME_WAIT: 120,
  CLOSE: 10,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  LISTEN: 120,
  SYNACK: 120,
};
export const DEFAULT_UDP_TIMEOUT = 300;

/** tcp_state_active(): these count under ActiveConn, every other state under InActConn. */
export const tcpStateActive = (s: number): boolean => s === ES || s === SS || s === SR || s === SA;

/** tcp_state_idx(): RST wins, then SYN, then FIN, then ACK; -1 for none of them. */
export function tcpFlagRow(flags: number): number {
  if (flags & 0x04) return 3;
  if (flags & 0x02) return 0;
  if (flags & 0x01) return 1;
  if (flags & 0x10) return 2;
  return -1;
}

/** The next state for a packet with `flags` in direction `dirOff` from `state`; CLOSE when no flag matches. */
export function tcpNextState(state: number, dirOff: number, flags: number): number {
  const row = tcpFlagRow(flags);
  if (row < 0) return CL;
  return TCP_STATES[dirOff + row][state];
}

export const IPVS_TCP = { NONE: NO, ESTABLISHED: ES, SYN_RECV: SR, FIN_WAIT: FW, TIME_WAIT: TW, CLOSE: CL } as const;
