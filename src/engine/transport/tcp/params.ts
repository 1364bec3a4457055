import type { Micros } from '../../sim/time';

/**
 * Linux's TCP constants (include/net/tcp.h, CentOS 7's 3.10 kernel where it
 * matters) and the sysctl defaults under /proc/sys/net/ipv4 (ip-sysctl.rst).
 * Times in µs.
 */
export const TCP_PARAMS = {
  /** TCP_TIMEOUT_INIT: RTO before any RTT sample (RFC 6298 §2.1). */
  RTO_INIT: 1_000_000 as Micros,
  /** TCP_RTO_MIN: Linux's floor (RFC 6298 says 1 s; Linux uses 200 ms). */
  RTO_MIN: 200_000 as Micros,
  /** TCP_RTO_MAX. */
  RTO_MAX: 120_000_000 as Micros,
  /** TCP_TIMEOUT_FALLBACK: RTO after a handshake whose SYN was retransmitted (RFC 6298 §5.7). */
  RTO_FALLBACK: 3_000_000 as Micros,
  /** TCP_TIMEWAIT_LEN: how long TIME-WAIT lasts (2·MSL fixed at 60 s). */
  TIMEWAIT_LEN: 60_000_000 as Micros,
  /** TCP_ATO_MIN: the delayed-ACK timeout (HZ/25 = 40 ms). */
  ATO_MIN: 40_000 as Micros,
  /** TCP_MAX_QUICKACKS: segments ACKed at once at the start of a connection. */
  MAX_QUICKACKS: 16,
  /** TCP_MSS_DEFAULT: the receive-MSS guess before a segment arrives. */
  MSS_DEFAULT: 536,
  /** TCP_INIT_CWND (RFC 6928). */
  INIT_CWND: 10,
  /** The initial receive window is 20 MSS (29200 in a SYN, 28960 in a SYN-ACK with timestamps: CentOS 7 on the wire). */
  INIT_RCVWND_SEGS: 20,
  /** The initial window on an interface with an MSS above 1460 (loopback: `win 43690`). */
  INIT_RCVWND_LARGE_MSS: 43690,
  /** tcp_rmem[1]: the receive buffer; the window can grow to half of it (tcp_full_space, no autotuning here). */
  RCVBUF: 87380,
  /** Our window-scale shift (tcp_select_initial_window with the default tcp_rmem max). */
  WSCALE: 7,
  /** A listening socket's accept-queue limit when the program asks for none (SOMAXCONN). */
  SOMAXCONN: 128,
  /** Ephemeral ports: the default net.ipv4.ip_local_port_range. */
  PORT_LOW: 32768,
  PORT_HIGH: 60999,
} as const;

/** The TCP sysctls this stack reads, with their defaults and the ranges the kernel accepts. */
export const TCP_SYSCTLS: ReadonlyArray<readonly [key: string, value: number, range: [number, number]]> = [
  ['net/ipv4/tcp_syn_retries', 6, [1, 127]],
  ['net/ipv4/tcp_synack_retries', 5, [0, 255]],
  ['net/ipv4/tcp_retries2', 15, [0, 255]],
  ['net/ipv4/tcp_orphan_retries', 0, [0, 255]],
  ['net/ipv4/tcp_fin_timeout', 60, [1, 2147483]],
  ['net/ipv4/tcp_timestamps', 1, [0, 2]],
  ['net/ipv4/tcp_window_scaling', 1, [0, 1]],
  ['net/ipv4/tcp_sack', 1, [0, 1]],
];
