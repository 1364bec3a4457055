/**
 * A bench for the IPVS schedulers: a service driven the way the IPVS core drives it
 * (ip_vs_ctl.c order of list changes and hooks), with named real servers and simulated
 * connection counters, so a test reads "the same inputs give the kernel's choices,
 * connection by connection".
 */
import { SCHEDULERS } from '../engine/lvs/sched';
import '../engine/lvs/sched/all';
import { zeroRates, zeroStats, type IpvsDest, type IpvsScheduler, type IpvsService, type SchedFlags, type SchedPacket } from '../engine/lvs/types';
import { formatIpv4, parseIpv4 } from '../engine/wire/addr';

export const ip = (s: string): number => parseIpv4(s)!;

export interface DestOpts {
  /** Default 10.0.0.<n> where n counts the adds, port 80. */
  addr?: string;
  port?: number;
}

/** What happens to the counters of the chosen dest per connection. */
export type ConnMode = 'active' | 'inactive' | 'none';

export class SchedBench {
  readonly svc: IpvsService;
  private sched: IpvsScheduler;
  private names = new Map<IpvsDest, string>();
  private byName = new Map<string, IpvsDest>();
  private added = 0;
  now = 0;

  constructor(schedName: string, flags: Partial<SchedFlags> = {}) {
    this.sched = SCHEDULERS.get(schedName)!;
    if (!this.sched) throw new Error(`no scheduler ${schedName}`);
    this.svc = {
      protocol: 'TCP',
      addr: ip('192.168.0.100'),
      port: 80,
      fwmark: 0,
      schedName,
      schedData: undefined,
      schedFlags: { fallback: false, port: false, ...flags },
      persistent: false,
      timeout: 0,
      netmask: 0xffffffff,
      ops: false,
      dests: [],
      stats: zeroStats(),
      rates: zeroRates(),
    };
    this.sched.initService?.(this.svc); // ip_vs_add_service binds the scheduler to an empty list
  }

  /** ipvsadm -a: insert at the head, last_weight = weight, then add_dest. */
  add(name: string, weight: number, opts: DestOpts = {}): IpvsDest {
    this.added++;
    const d: IpvsDest = {
      addr: ip(opts.addr ?? `10.0.0.${this.added}`),
      port: opts.port ?? 80,
      fwd: 'route',
      weight,
      lastWeight: weight,
      uThreshold: 0,
      lThreshold: 0,
      activeconns: 0,
      inactconns: 0,
      persistconns: 0,
      available: true,
      overload: false,
      stats: zeroStats(),
      rates: zeroRates(),
    };
    this.names.set(d, name);
    this.byName.set(name, d);
    this.svc.dests.unshift(d);
    this.sched.addDest?.(this.svc, d);
    return d;
  }

  /** Several adds in the given order (so the list order is the reverse). */
  addAll(spec: Record<string, number>): this {
    for (const [n, w] of Object.entries(spec)) this.add(n, w);
    return this;
  }

  /** ipvsadm -d, as the core does it: del_dest while still listed, then unlink. */
  del(name: string, timing: 'before' | 'after' = 'before'): void {
    const d = this.dest(name);
    if (timing === 'after') {
      this.svc.dests.splice(this.svc.dests.indexOf(d), 1);
      d.available = false;
      this.sched.delDest?.(this.svc, d);
      return;
    }
    this.sched.delDest?.(this.svc, d);
    this.svc.dests.splice(this.svc.dests.indexOf(d), 1);
    d.available = false;
  }

  /** ipvsadm -e: change the weight (last_weight kept when 0) and/or flags, then upd_dest. */
  edit(name: string, change: { weight?: number; overload?: boolean }): void {
    const d = this.dest(name);
    if (change.weight !== undefined) {
      d.weight = change.weight;
      if (change.weight !== 0) d.lastWeight = change.weight;
    }
    if (change.overload !== undefined) d.overload = change.overload;
    this.sched.updDest?.(this.svc, d);
  }

  /** OVERLOAD set/cleared by the thresholds (no hook in the kernel). */
  overload(name: string, on: boolean): void {
    this.dest(name).overload = on;
  }

  /** ipvsadm -E to another scheduler: rebind (init_service on the current list). */
  switchTo(schedName: string): void {
    this.sched = SCHEDULERS.get(schedName)!;
    this.svc.schedName = schedName;
    this.svc.schedData = undefined;
    this.sched.initService?.(this.svc);
  }

  dest(name: string): IpvsDest {
    const d = this.byName.get(name);
    if (!d) throw new Error(`no dest ${name}`);
    return d;
  }

  nameOf(d: IpvsDest | null): string {
    return d === null ? '-' : this.names.get(d)!;
  }

  /** Kernel list order, newest first. */
  order(): string[] {
    return this.svc.dests.map((d) => this.nameOf(d));
  }

  /** One schedule; the chosen dest's counter moves as `mode` says. */
  one(pkt: Partial<SchedPacket> = {}, mode: ConnMode = 'none'): string {
    const d = this.sched.schedule(this.svc, { saddr: ip('192.168.1.10'), daddr: this.svc.addr, sport: 40000, dport: 80, protocol: 6, ...pkt }, this.now);
    if (d && mode === 'active') d.activeconns++;
    if (d && mode === 'inactive') d.inactconns++;
    return this.nameOf(d);
  }

  /** N schedules; '-' for "no destination available". */
  run(n: number, mode: ConnMode = 'none', pkt: (i: number) => Partial<SchedPacket> = () => ({})): string[] {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.one(pkt(i), mode));
    return out;
  }

  /** A connection of `name` ends (its active or inactive counter drops). */
  end(name: string, kind: 'active' | 'inactive' = 'active'): void {
    const d = this.dest(name);
    if (kind === 'active') d.activeconns--;
    else d.inactconns--;
  }

  /** Set counters directly. */
  conns(name: string, active: number, inactive = 0): void {
    const d = this.dest(name);
    d.activeconns = active;
    d.inactconns = inactive;
  }

  /** Client address → chosen name, for hashing schedulers. */
  client(saddr: string, extra: Partial<SchedPacket> = {}): string {
    return this.one({ saddr: ip(saddr), ...extra });
  }
}

export { formatIpv4 };
