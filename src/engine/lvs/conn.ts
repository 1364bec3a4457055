import type { Simulator, EventHandle } from '../sim/simulator';
import type { Micros } from '../sim/time';
import type { Ipv4 } from '../wire/addr';
import type { FwdMethod, IpvsDest, IpvsService } from './types';

/** IP protocol numbers IPVS handles; templates of fwmark services use IPPROTO_IP (0). */
export type ConnProto = 0 | 6 | 17;

/** A connection entry (struct ip_vs_conn): the client's flow bound to one real server. */
export interface IpvsConn {
  proto: ConnProto;
  caddr: Ipv4;
  cport: number;
  vaddr: Ipv4;
  vport: number;
  daddr: Ipv4;
  dport: number;
  fwd: FwdMethod;
  dest: IpvsDest | null;
  svc: IpvsService;
  /** Index into IPVS_TCP_STATES (TCP) or 0 (UDP: shown as "UDP"). */
  state: number;
  /** Timeout for the current state, µs. */
  timeout: Micros;
  /** When the entry expires if nothing re-arms it. */
  expiresAt: Micros;
  timer: EventHandle | null;
  /** IP_VS_CONN_F_TEMPLATE: a persistence template. */
  template: boolean;
  /** IP_VS_CONN_F_INACTIVE: counted in InActConn. */
  inactive: boolean;
  /** IP_VS_CONN_F_NOOUTPUT: DR/TUN — only the client→server direction is seen. */
  noOutput: boolean;
  /** The persistence template controlling this entry, and (for templates) how many it controls. */
  control: IpvsConn | null;
  ncontrolled: number;
  /** Bumped on creation so the UI can follow one entry. */
  id: number;
}

const key = (proto: number, a: Ipv4, ap: number, b: Ipv4, bp: number): string => `${proto}/${a}/${ap}/${b}/${bp}`;

/**
 * The connection table (ip_vs_conn.c): hashed by the client-side tuple, and
 * for NAT entries also by the server-side tuple so replies find their entry.
 * Timers are lazy: re-arming only moves `expiresAt`; the single pending event
 * per entry reschedules itself if it fires early. That keeps a 100k-entry
 * table cheap to refresh on every packet.
 */
export class ConnTable {
  private byIn = new Map<string, IpvsConn>();
  private byOut = new Map<string, IpvsConn>();
  private nextId = 1;

  constructor(
    private readonly sim: Simulator,
    private readonly onExpire: (c: IpvsConn) => void,
  ) {}

  get size(): number {
    return this.byIn.size;
  }

  all(): IterableIterator<IpvsConn> {
    return this.byIn.values();
  }

  /** ip_vs_conn_in_get: the entry for a client→virtual-service packet. */
  getIn(proto: number, caddr: Ipv4, cport: number, vaddr: Ipv4, vport: number): IpvsConn | undefined {
    return this.byIn.get(key(proto, caddr, cport, vaddr, vport));
  }

  /** ip_vs_conn_out_get: the entry for a real-server→client reply (NAT). */
  getOut(proto: number, daddr: Ipv4, dport: number, caddr: Ipv4, cport: number): IpvsConn | undefined {
    return this.byOut.get(key(proto, daddr, dport, caddr, cport));
  }

  add(c: Omit<IpvsConn, 'id' | 'timer' | 'expiresAt'>): IpvsConn {
    const conn = c as IpvsConn;
    conn.id = this.nextId++;
    conn.timer = null;
    conn.expiresAt = this.sim.now + conn.timeout;
    this.byIn.set(key(conn.proto, conn.caddr, conn.cport, conn.vaddr, conn.vport), conn);
    if (conn.fwd === 'masq' && !conn.template) this.byOut.set(key(conn.proto, conn.daddr, conn.dport, conn.caddr, conn.cport), conn);
    this.arm(conn);
    return conn;
  }

  /** Re-arm to the entry's current timeout (what ip_vs_conn_put does after each packet). */
  touch(c: IpvsConn): void {
    c.expiresAt = this.sim.now + c.timeout;
    if (!c.timer || c.timer.time > c.expiresAt) this.arm(c);
  }

  /** Expire at once (conn_reuse_mode, expire_nodest_conn, ipvsadm -C). */
  expireNow(c: IpvsConn): void {
    c.expiresAt = this.sim.now;
    this.arm(c);
  }

  remove(c: IpvsConn): void {
    this.sim.cancel(c.timer);
    c.timer = null;
    this.byIn.delete(key(c.proto, c.caddr, c.cport, c.vaddr, c.vport));
    if (c.fwd === 'masq' && !c.template) this.byOut.delete(key(c.proto, c.daddr, c.dport, c.caddr, c.cport));
  }

  private arm(c: IpvsConn): void {
    this.sim.cancel(c.timer);
    c.timer = this.sim.at(Math.max(c.expiresAt, this.sim.now), () => {
      c.timer = null;
      if (this.sim.now < c.expiresAt) return this.arm(c);
      this.onExpire(c);
    });
  }
}
