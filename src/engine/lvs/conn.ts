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
 * Bucket key from one end of the flow: a 31-bit hash of address and port (a
 * small integer, so no number is boxed per packet). Both ends and the
 * protocol are compared inside the bucket.
 */
const endKey = (a: Ipv4, ap: number): number => (Math.imul(a ^ (ap << 16), 0x9e3779b1) ^ ap) & 0x7fffffff;

type Bucket = IpvsConn | IpvsConn[];

/** The entry in bucket `b` whose other end is (addr, port) — the virtual service for `byIn`, the client for `byOut`. */
function bucketFind(b: Bucket | undefined, proto: number, a1: Ipv4, p1: number, a2: Ipv4, p2: number, byClient: boolean): IpvsConn | undefined {
  if (b === undefined) return undefined;
  if (!Array.isArray(b)) return ends(b, proto, a1, p1, a2, p2, byClient) ? b : undefined;
  for (const c of b) if (ends(c, proto, a1, p1, a2, p2, byClient)) return c;
  return undefined;
}

/** Client (a1:p1) → virtual service (a2:p2) for `byIn`; real server (a1:p1) → client (a2:p2) for `byOut`. */
const ends = (c: IpvsConn, proto: number, a1: Ipv4, p1: number, a2: Ipv4, p2: number, byClient: boolean): boolean =>
  c.proto === proto &&
  (byClient ? c.caddr === a1 && c.cport === p1 && c.vaddr === a2 && c.vport === p2 : c.daddr === a1 && c.dport === p1 && c.caddr === a2 && c.cport === p2);

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
 * Entries sharing one timeout, oldest deadline first. Every refresh sets
 * `expiresAt = now + timeout` and moves the entry to the tail, so the list
 * stays sorted without a heap: a doubly linked list through the entries.
 */
interface ExpiryList {
  timeout: Micros;
  head: Linked | null;
  tail: Linked | null;
}

/** The links a table keeps in each of its entries. */
interface Linked extends IpvsConn {
  qPrev: Linked | null;
  qNext: Linked | null;
  q: ExpiryList | null;
}

/**
 * The connection table (ip_vs_conn.c): hashed by the client-side tuple, and
 * for NAT entries also by the server-side tuple so replies find their entry.
 * Expiry: the kernel gives each entry a timer; here entries are kept in one
 * list per distinct timeout (a handful: one per TCP state, UDP, persistence)
 * and the table queues a single event at the earliest deadline. Refreshing
 * an entry on every packet is two pointer moves, and a 100k-entry table puts
 * one event in the simulator's queue instead of 100k.
 */
export class ConnTable {
  /** By client end (caddr, cport); NAT entries also by real-server end (daddr, dport). */
  private byIn = new Map<number, Bucket>();
  private byOut = new Map<number, Bucket>();
  private count = 0;
  private nextId = 1;
  private readonly lists = new Map<Micros, ExpiryList>();
  private timer: EventHandle | null = null;
  private readonly tick = () => this.expireDue();

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
    return bucketFind(this.byIn.get(endKey(caddr, cport)), proto, caddr, cport, vaddr, vport, true);
  }

  /** ip_vs_conn_out_get: the entry for a real-server→client reply (NAT). */
  getOut(proto: number, daddr: Ipv4, dport: number, caddr: Ipv4, cport: number): IpvsConn | undefined {
    return bucketFind(this.byOut.get(endKey(daddr, dport)), proto, daddr, dport, caddr, cport, false);
  }

  add(c: Omit<IpvsConn, 'id' | 'expiresAt'>): IpvsConn {
    const conn = c as Linked;
    conn.id = this.nextId++;
    conn.qPrev = conn.qNext = null;
    conn.q = null;
    bucketAdd(this.byIn, endKey(conn.caddr, conn.cport), conn);
    if (conn.fwd === 'masq' && !conn.template) bucketAdd(this.byOut, endKey(conn.daddr, conn.dport), conn);
    this.count++;
    this.touch(conn);
    return conn;
  }

  /** Re-arm to the entry's current timeout (what ip_vs_conn_put does after each packet). */
  touch(c: IpvsConn): void {
    const e = c as Linked;
    e.expiresAt = this.sim.now + e.timeout;
    let q: ExpiryList | null | undefined = e.q;
    if (!q || q.timeout !== e.timeout) {
      q = this.lists.get(e.timeout);
      if (!q) this.lists.set(e.timeout, (q = { timeout: e.timeout, head: null, tail: null }));
    }
    unlink(e);
    append(q, e);
    if (!this.timer || this.timer.time > e.expiresAt) this.arm(e.expiresAt);
  }

  remove(c: IpvsConn): void {
    unlink(c as Linked);
    bucketRemove(this.byIn, endKey(c.caddr, c.cport), c);
    if (c.fwd === 'masq' && !c.template) bucketRemove(this.byOut, endKey(c.daddr, c.dport), c);
    this.count--;
  }

  /** Expire every entry whose deadline has come, earliest first (ties: oldest entry first), then wait for the next. */
  private expireDue(): void {
    this.timer = null;
    const now = this.sim.now;
    for (;;) {
      const due = this.earliest();
      if (!due || due.expiresAt > now) break;
      unlink(due);
      this.onExpire(due); // removes it, or (a template still in use) touches it again
    }
    const next = this.earliest();
    if (next) this.arm(next.expiresAt);
  }

  private earliest(): Linked | null {
    let best: Linked | null = null;
    for (const q of this.lists.values()) {
      const h = q.head;
      if (h && (!best || h.expiresAt < best.expiresAt || (h.expiresAt === best.expiresAt && h.id < best.id))) best = h;
    }
    return best;
  }

  private arm(at: Micros): void {
    this.sim.cancel(this.timer);
    this.timer = this.sim.at(Math.max(at, this.sim.now), this.tick);
  }
}

function unlink(e: Linked): void {
  const q = e.q;
  if (!q) return;
  if (e.qPrev) e.qPrev.qNext = e.qNext;
  else q.head = e.qNext;
  if (e.qNext) e.qNext.qPrev = e.qPrev;
  else q.tail = e.qPrev;
  e.qPrev = e.qNext = null;
  e.q = null;
}

function append(q: ExpiryList, e: Linked): void {
  e.q = q;
  e.qPrev = q.tail;
  e.qNext = null;
  if (q.tail) q.tail.qNext = e;
  else q.head = e;
  q.tail = e;
}
