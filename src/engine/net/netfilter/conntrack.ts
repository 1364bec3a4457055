/**
 * Connection tracking for one host (net/netfilter/nf_conntrack_core.c,
 * nf_conntrack_l3proto_ipv4.c): every IPv4 packet is matched to a flow by its
 * tuple; a new flow is confirmed into the table when its first packet leaves
 * (POSTROUTING) or is delivered (INPUT); each packet refreshes the flow's
 * timeout, and a flow disappears when the timeout runs out.
 *
 * Loaded on demand (like the nf_conntrack_ipv4 module): a host pays for it
 * only once an iptables nat rule or a state match needs it.
 */
import type { EventHandle } from '../../sim/simulator';
import type { Micros } from '../../sim/time';
import { MICROS_PER_SEC } from '../../sim/time';
import { readU16 } from '../../wire/bytes';
import { IP_PROTOCOL } from '../../wire/ipv4';
import { TCP_FLAG } from '../../wire/tcp';
import { ACCEPT, DROP, NF_IP_PRI, type Verdict } from '../ip/netfilter';
import { ipHeaderLen, type Skb } from '../ip/skb';
import type { IpStack } from '../ip/stack';
import { klog } from '../../os/syslog';
import { CT_SYSCTL_DEFAULTS, TCP_CONNTRACKS, TCP_CT, TCP_TIMEOUT_SYSCTL, tcpIndex } from './conntrack-proto';
import { ctEventText, procNfConntrack } from './ct-format';
import { ICMP_ERROR_TYPES, ICMP_INVERSE, ICMP_VALID_NEW, invertTuple, tupleAt, tupleKey, type Tuple } from './tuple';

/** ct->status bits (include/uapi/linux/netfilter/nf_conntrack_common.h). */
export const IPS = {
  SEEN_REPLY: 1 << 1,
  ASSURED: 1 << 2,
  CONFIRMED: 1 << 3,
  SRC_NAT: 1 << 4,
  DST_NAT: 1 << 5,
  SRC_NAT_DONE: 1 << 7,
  DST_NAT_DONE: 1 << 8,
  DYING: 1 << 9,
} as const;
export const IPS_NAT_MASK = IPS.SRC_NAT | IPS.DST_NAT;

export type CtDir = 0 | 1;
export const ORIGINAL: CtDir = 0;
export const REPLY: CtDir = 1;

/** One tracked flow (struct nf_conn). */
export interface Conn {
  /** Creation order, for listing. */
  id: number;
  orig: Tuple;
  reply: Tuple;
  status: number;
  /** TCP_CT state (TCP only). */
  tcpState: number;
  /** Absolute expiry once confirmed. */
  expires: Micros;
  /** The timeout last set, in µs (an unconfirmed flow's clock starts at confirmation). */
  timeout: Micros;
  mark: number;
}

/** What conntrack attaches to a packet (skb->nfct + nfctinfo). */
export interface CtRef {
  conn: Conn;
  /** Direction of this packet within the flow. */
  dir: CtDir;
  info: 'NEW' | 'ESTABLISHED' | 'RELATED';
}

export const ctRef = (skb: Skb): CtRef | undefined => skb.ct as CtRef | undefined;

/** Outcome of a protocol's packet function. */
type ProtoResult = 'ok' | 'invalid' | 'reopen' | 'kill';

const SYSCTL_DIR = 'net/netfilter/';

export class Conntrack {
  private readonly byTuple = new Map<string, { conn: Conn; dir: CtDir }>();
  /** Confirmed flows in creation order. */
  private readonly conns = new Set<Conn>();
  private nextId = 1;
  private sweep: EventHandle | null = null;
  private sweepAt = Infinity;
  /** Told when a flow leaves the table (NAT forgets its source mapping). */
  readonly onDestroy: Array<(c: Conn) => void> = [];

  constructor(readonly stack: IpStack) {
    const sys = stack.sysctl;
    for (const [k, v] of CT_SYSCTL_DEFAULTS) if (!sys.has(SYSCTL_DIR + k)) sys.define(SYSCTL_DIR + k, v, [0, 0x7fffffff]);
    if (!sys.has(SYSCTL_DIR + 'nf_conntrack_max')) sys.define(SYSCTL_DIR + 'nf_conntrack_max', 65536, [0, 0x7fffffff]);
    if (!sys.has('net/nf_conntrack_max')) sys.define('net/nf_conntrack_max', 65536, [0, 0x7fffffff]);
    stack.host.fs.mount('/proc/net/nf_conntrack', {
      read: (rel) => (rel === '' ? procNfConntrack(this.list(), this.now) : undefined),
      list: () => undefined,
      isDir: () => false,
    });
    // nf_conntrack_l3proto_ipv4.c ipv4_conntrack_ops.
    stack.nf.register('prerouting', NF_IP_PRI.CONNTRACK, 'nf_conntrack_in', (skb) => this.in(skb));
    stack.nf.register('output', NF_IP_PRI.CONNTRACK, 'nf_conntrack_local', (skb) => this.in(skb));
    stack.nf.register('postrouting', NF_IP_PRI.CONNTRACK_CONFIRM, 'nf_conntrack_confirm', (skb) => this.confirm(skb));
    stack.nf.register('input', NF_IP_PRI.CONNTRACK_CONFIRM, 'nf_conntrack_confirm', (skb) => this.confirm(skb));
    // A VM with more than 1 GB of RAM (nf_conntrack_core.c nf_conntrack_init_start).
    klog(stack.host, 'nf_conntrack version 0.5.0 (16384 buckets, 65536 max)');
    stack.event('conntrack.load', 'nf_conntrack_ipv4 loaded: connection tracking is on');
  }

  get now(): Micros {
    return this.stack.world.now;
  }

  private sysctl(name: string): number {
    return this.stack.sysctl.get(SYSCTL_DIR + name) ?? 0;
  }

  // ---- the table ----

  /** The confirmed flow a tuple belongs to, and in which direction (expired flows are removed on the way). */
  find(t: Tuple): { conn: Conn; dir: CtDir } | undefined {
    const h = this.byTuple.get(tupleKey(t));
    if (!h) return undefined;
    if (h.conn.expires <= this.now) {
      this.destroy(h.conn, 'timeout');
      return undefined;
    }
    return h;
  }

  /** nf_conntrack_tuple_taken: another flow already uses `t` in either direction. */
  tupleTaken(t: Tuple, ignore: Conn): boolean {
    const h = this.find(t);
    return h !== undefined && h.conn !== ignore;
  }

  /** Live flows, oldest first. */
  list(): Conn[] {
    const now = this.now;
    return [...this.conns].filter((c) => c.expires > now);
  }

  get count(): number {
    return this.list().length;
  }

  /** `conntrack -F`. */
  flush(): number {
    const all = [...this.conns];
    for (const c of all) this.destroy(c, 'flush');
    return all.length;
  }

  destroy(c: Conn, why: 'timeout' | 'flush' | 'kill' | 'reopen'): void {
    c.status |= IPS.DYING;
    if (!this.conns.delete(c)) return;
    const o = this.byTuple.get(tupleKey(c.orig));
    if (o?.conn === c) this.byTuple.delete(tupleKey(c.orig));
    const r = this.byTuple.get(tupleKey(c.reply));
    if (r?.conn === c) this.byTuple.delete(tupleKey(c.reply));
    for (const f of this.onDestroy) f(c);
    this.stack.event('conntrack.destroy', ctEventText('DESTROY', c, this.now), { id: c.id, why });
  }

  /** nf_ct_refresh: a confirmed flow's timer restarts; an unconfirmed one keeps the relative timeout. */
  private refresh(c: Conn, seconds: number): void {
    c.timeout = seconds * MICROS_PER_SEC;
    if (c.status & IPS.CONFIRMED) {
      c.expires = this.now + c.timeout;
      this.armSweep(c.expires);
    }
  }

  /** One timer per table: it fires at the earliest expiry and removes what has expired. */
  private armSweep(at: Micros): void {
    if (at >= this.sweepAt) return;
    this.stack.world.sim.cancel(this.sweep);
    this.sweepAt = at;
    this.sweep = this.stack.world.sim.at(Math.max(at, this.now), () => this.runSweep());
  }

  private runSweep(): void {
    this.sweep = null;
    this.sweepAt = Infinity;
    const now = this.now;
    let next = Infinity;
    for (const c of [...this.conns]) {
      if (c.expires <= now) this.destroy(c, 'timeout');
      else if (c.expires < next) next = c.expires;
    }
    if (next !== Infinity) this.armSweep(next);
  }

  // ---- hooks ----

  /** nf_conntrack_in (PREROUTING and OUTPUT, priority -200). */
  in(skb: Skb): Verdict {
    if (skb.ct !== undefined) return ACCEPT; // seen before (loopback, REJECT's reset)
    const t = tupleAt(skb.data, 0, skb.data.length);
    if (!t) return ACCEPT; // truncated: untracked, INVALID to the state match
    if (t.proto === IP_PROTOCOL.ICMP && ICMP_ERROR_TYPES.has(t.dport >> 8)) {
      this.icmpError(skb);
      return ACCEPT;
    }
    for (let tries = 0; tries < 2; tries++) {
      const h = this.find(t);
      let conn: Conn;
      let dir: CtDir;
      if (h) {
        conn = h.conn;
        dir = h.dir;
      } else {
        const c = this.newConn(t, skb);
        if (!c) return ACCEPT; // this protocol cannot start a flow with this packet: INVALID
        conn = c;
        dir = ORIGINAL;
      }
      const res = this.packet(conn, dir, skb);
      if (res === 'reopen') {
        this.destroy(conn, 'reopen');
        continue;
      }
      if (res === 'invalid') return ACCEPT;
      const info = dir === REPLY || conn.status & IPS.SEEN_REPLY ? 'ESTABLISHED' : 'NEW';
      if (dir === REPLY) conn.status |= IPS.SEEN_REPLY;
      skb.ct = { conn, dir, info } satisfies CtRef;
      if (res === 'kill') this.destroy(conn, 'kill');
      return ACCEPT;
    }
    return ACCEPT;
  }

  /** __nf_conntrack_confirm (POSTROUTING and INPUT, last). */
  confirm(skb: Skb): Verdict {
    const ref = ctRef(skb);
    if (!ref || ref.dir !== ORIGINAL) return ACCEPT;
    const c = ref.conn;
    if (c.status & (IPS.CONFIRMED | IPS.DYING)) return ACCEPT;
    const ko = tupleKey(c.orig);
    const kr = tupleKey(c.reply);
    if (this.find(c.orig) || this.find(c.reply)) return DROP('conntrack: a flow with the same tuple was confirmed first (insert clash)');
    c.status |= IPS.CONFIRMED;
    c.expires = this.now + c.timeout;
    this.byTuple.set(ko, { conn: c, dir: ORIGINAL });
    this.byTuple.set(kr, { conn: c, dir: REPLY });
    this.conns.add(c);
    this.armSweep(c.expires);
    this.stack.event('conntrack.new', ctEventText('NEW', c, this.now), { id: c.id });
    return ACCEPT;
  }

  // ---- protocols ----

  /** init_conntrack + l4proto->new: a flow for this first packet, or undefined when it is invalid as a start. */
  private newConn(t: Tuple, skb: Skb): Conn | undefined {
    if (t.proto === IP_PROTOCOL.TCP) {
      const flags = tcpFlags(skb);
      if (flags === undefined) return undefined;
      const state = TCP_CONNTRACKS[ORIGINAL][tcpIndex(flags)][TCP_CT.NONE];
      if (state === TCP_CT.INVALID) return undefined;
      if (state === TCP_CT.ESTABLISHED && this.sysctl('nf_conntrack_tcp_loose') === 0) return undefined;
    }
    if (t.proto === IP_PROTOCOL.ICMP && !ICMP_VALID_NEW.has(t.dport >> 8)) return undefined;
    return { id: this.nextId++, orig: t, reply: invertTuple(t), status: 0, tcpState: TCP_CT.NONE, expires: 0, timeout: 0, mark: 0 };
  }

  /** l4proto->packet: update the flow's state and refresh its timeout. */
  private packet(c: Conn, dir: CtDir, skb: Skb): ProtoResult {
    switch (c.orig.proto) {
      case IP_PROTOCOL.TCP:
        return this.tcpPacket(c, dir, skb);
      case IP_PROTOCOL.UDP:
        // udp_packet: a stream once a reply was seen (the bit is set after this call for the first reply).
        if (c.status & IPS.SEEN_REPLY) {
          this.refresh(c, this.sysctl('nf_conntrack_udp_timeout_stream'));
          c.status |= IPS.ASSURED;
        } else this.refresh(c, this.sysctl('nf_conntrack_udp_timeout'));
        return 'ok';
      case IP_PROTOCOL.ICMP:
        this.refresh(c, this.sysctl('nf_conntrack_icmp_timeout'));
        return 'ok';
      default:
        this.refresh(c, this.sysctl('nf_conntrack_generic_timeout'));
        return 'ok';
    }
  }

  /** tcp_packet, without window tracking. */
  private tcpPacket(c: Conn, dir: CtDir, skb: Skb): ProtoResult {
    const flags = tcpFlags(skb);
    if (flags === undefined) return 'invalid';
    const index = tcpIndex(flags);
    const old = c.tcpState;
    const next = TCP_CONNTRACKS[dir][index][old];
    if (next === TCP_CT.SYN_SENT && old >= TCP_CT.TIME_WAIT && old !== TCP_CT.SYN_SENT2) {
      return 'reopen'; // RFC 1122: a new SYN reopens a closed flow: delete it and look up again
    }
    if (next === TCP_CT.IGNORE) return 'ok';
    if (next === TCP_CT.INVALID) return 'invalid';
    c.tcpState = next;
    if (!(c.status & IPS.SEEN_REPLY)) {
      // "If only reply is a RST, we can consider ourselves not to have an established connection."
      if (flags & TCP_FLAG.RST) return 'kill';
    } else if (!(c.status & IPS.ASSURED) && (old === TCP_CT.SYN_RECV || old === TCP_CT.ESTABLISHED) && next === TCP_CT.ESTABLISHED) {
      c.status |= IPS.ASSURED;
    }
    this.refresh(c, next === TCP_CT.SYN_SENT2 ? this.sysctl('nf_conntrack_tcp_timeout_syn_sent') : this.sysctl(TCP_TIMEOUT_SYSCTL[next]));
    return 'ok';
  }

  /** icmp_error_message: an ICMP error about a tracked flow is RELATED to it. */
  private icmpError(skb: Skb): void {
    const hl = ipHeaderLen(skb);
    const innerOff = hl + 8;
    const inner = tupleAt(skb.data, innerOff, skb.data.length - innerOff);
    if (!inner) return;
    if (inner.proto === IP_PROTOCOL.ICMP && ICMP_INVERSE[inner.dport >> 8] === undefined) return; // error about an error
    const h = this.find(invertTuple(inner));
    if (!h) return;
    skb.ct = { conn: h.conn, dir: h.dir, info: 'RELATED' } satisfies CtRef;
  }
}

/** The TCP flags of a packet, or undefined when the header is cut short. */
function tcpFlags(skb: Skb): number | undefined {
  const off = ipHeaderLen(skb);
  if (skb.data.length < off + 14) return undefined;
  return readU16(skb.data, off + 12) & 0x0fff;
}
