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

/**
 * Bucket key from one end of the flow (address and port: 48 bits, exact in a
 * double); the other end and the protocol are compared inside the bucket.
 * No strings are built per packet.
 */
const endKey = (a: Ipv4, ap: number): number => a * 65536 + ap;

type Bucket = IpvsConn | IpvsConn[];

function bucketFind(b: Bucket | undefined, match: (c: IpvsConn) => boolean): IpvsConn | undefined {
  if (b === undefined) return undefined;
  if (!Array.isArray(b)) return match(b) ? b : undefined;
  for (const c of b) if (match(c)) return c;
  return undefined;
}

function bucketAdd(m: Map<number, Bucket>, k: number, c: IpvsConn): void {
  const b = m.get(k);
  if (b === undefined) m.set(k, c);
  else if (Array.isArray(b)) b.push(c);
  else m.set(k, [b, c]);
}

function bucketRemove(m: Map<number, Bucket>, k: number, c: IpvsConn): void {
  const b = m.get(k);
  if (b === c) m.delete(k);
  else if (Array.isArray(b)) {
    const i = b.indexOf(c);
    if (i >= 0) b.splice(i, 1);
    if (b.length === 1) m.set(k, b[0]);
    else if (b.length === 0) m.delete(k);
  }
}

/**
 * The connection table (ip_vs_conn.c): hashed by the client-side tuple, and
 * for NAT entries also by the server-side tuple so replies find their entry.
 * Timers are lazy: re-arming only moves `expiresAt`; the single pending event
 * per entry reschedules itself if it fires early. That keeps a 100k-entry
 * table cheap to refresh on every packet.
 */
export class ConnTable {
  /** By client end (caddr, cport); NAT entries also by real-server end (daddr, dport). */
  private byIn = new Map<number, Bucket>();
  private byOut = new Map<number, Bucket>();
  private count = 0;
  private nextId = 1;

  constructor(
    private readonly sim: Simulator,
    private readonly onExpire: (c: IpvsConn) => void,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Every entry, in creation order. */
  *all(): IterableIterator<IpvsConn> {
    const list: IpvsConn[] = [];
    for (const b of this.byIn.values()) {
      if (Array.isArray(b)) list.push(...b);
      else list.push(b);
    }
    yield* list.sort((a, b) => a.id - b.id);
  }

  /** ip_vs_conn_in_get: the entry for a client→virtual-service packet. */
  getIn(proto: number, caddr: Ipv4, cport: number, vaddr: Ipv4, vport: number): IpvsConn | undefined {
    return bucketFind(this.byIn.get(endKey(caddr, cport)), (c) => c.vaddr === vaddr && c.vport === vport && c.proto === proto);
  }

  /** ip_vs_conn_out_get: the entry for a real-server→client reply (NAT). */
  getOut(proto: number, daddr: Ipv4, dport: number, caddr: Ipv4, cport: number): IpvsConn | undefined {
    return bucketFind(this.byOut.get(endKey(daddr, dport)), (c) => c.caddr === caddr && c.cport === cport && c.proto === proto);
  }

  add(c: Omit<IpvsConn, 'id' | 'timer' | 'expiresAt'>): IpvsConn {
    const conn = c as IpvsConn;
    conn.id = this.nextId++;
    conn.timer = null;
    conn.expiresAt = this.sim.now + conn.timeout;
    bucketAdd(this.byIn, endKey(conn.caddr, conn.cport), conn);
    if (conn.fwd === 'masq' && !conn.template) bucketAdd(this.byOut, endKey(conn.daddr, conn.dport), conn);
    this.count++;
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
    bucketRemove(this.byIn, endKey(c.caddr, c.cport), c);
    if (c.fwd === 'masq' && !c.template) bucketRemove(this.byOut, endKey(c.daddr, c.dport), c);
    this.count--;
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
