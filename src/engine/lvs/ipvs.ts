import { readU16 } from '../wire/bytes';
import { formatIpv4, type Ipv4 } from '../wire/addr';
import { IP_PROTOCOL } from '../wire/ipv4';
import { ICMP_TYPE, ICMP_UNREACH } from '../wire/icmp';
import { icmpSendError } from '../net/ip/icmp';
import { ACCEPT, DROP, NF_IP_PRI, STOLEN, type Verdict } from '../net/ip/netfilter';
import { ipDst, ipHeaderLen, ipProto, ipSrc, type Skb } from '../net/ip/skb';
import type { IpStack } from '../net/ip/stack';
import { MICROS_PER_SEC } from '../sim/time';
import { ConnTable, type ConnProto, type IpvsConn } from './conn';
import { DEFAULT_TCP_TIMEOUTS, DEFAULT_UDP_TIMEOUT, IPVS_TCP, IPVS_TCP_STATES, TCP_DIR, tcpNextState, tcpStateActive } from './proto-tcp';
import { SCHEDULERS } from './sched';
import './sched/all';
import { FWD_NAME, zeroRates, zeroStats, type FwdMethod, type IpvsDest, type IpvsProtocol, type IpvsService, type SchedFlags } from './types';
import { ipvsXmit, natRewriteSrc } from './xmit';
import { startEstimator, zeroEstimator } from './estimator';

/** What identifies a virtual service: -t/-u addr:port or -f mark. */
export type ServiceKey = { protocol: IpvsProtocol; addr: Ipv4; port: number } | { protocol: 'FWM'; fwmark: number };

export interface ServiceSpec {
  key: ServiceKey;
  scheduler: string;
  persistent: boolean;
  timeout: number;
  netmask: Ipv4;
  schedFlags: SchedFlags;
  ops: boolean;
}

export interface DestSpec {
  addr: Ipv4;
  port: number;
  fwd: FwdMethod;
  weight: number;
  uThreshold: number;
  lThreshold: number;
}

/** The kernel's answers to ipvsadm (libipvs ipvs_strerror). */
export type IpvsError =
  | 'Service already exists'
  | 'No such service'
  | 'Service not defined'
  | 'Destination already exists'
  | 'No such destination'
  | 'Scheduler or persistence engine not found'
  // strerror() texts libipvs falls back to (ERANGE, ENODEV) and the sync daemon's answers.
  | 'Numerical result out of range'
  | 'No such device'
  | 'Daemon has already run'
  | 'No daemon is running';

/** A connection sync daemon (ipvsadm --start-daemon): its settings only; no sync traffic is modelled. */
export interface SyncDaemon {
  mcastIfn: string;
  syncid: number;
}

const IPVS_SYSCTLS: Array<[string, number, [number, number]]> = [
  ['expire_nodest_conn', 0, [0, 1]],
  ['expire_quiescent_template', 0, [0, 1]],
  ['conn_reuse_mode', 1, [0, 3]],
  ['sloppy_tcp', 0, [0, 1]],
  ['pmtu_disc', 1, [0, 1]],
  ['snat_reroute', 1, [0, 1]],
  ['am_droprate', 10, [0, 2147483647]],
  ['drop_entry', 0, [0, 3]],
];

/**
 * IPVS in one host (the ip_vs module): the virtual services, the connection
 * table, and the netfilter hooks through which it sees packets. Created when
 * ipvsadm (or keepalived) first talks to the kernel, as the module loads then.
 */
export class Ipvs {
  readonly services: IpvsService[] = [];
  readonly conns: ConnTable;
  /** TCP/UDP timeouts in seconds (ipvsadm --set). */
  readonly tcpTimeouts = { ...DEFAULT_TCP_TIMEOUTS };
  udpTimeout = DEFAULT_UDP_TIMEOUT;
  /** Connection hash table size (IP_VS_CONN_TAB_BITS=12 → 4096), shown by `ipvsadm -L`. */
  readonly connTabSize = 4096;
  /** Sync daemons started with `ipvsadm --start-daemon master|backup`. */
  readonly syncDaemons: { master: SyncDaemon | null; backup: SyncDaemon | null } = { master: null, backup: null };

  constructor(readonly stack: IpStack) {
    const world = stack.world;
    this.conns = new ConnTable(world.sim, (c) => this.expire(c));
    for (const [k, v, r] of IPVS_SYSCTLS) stack.sysctl.define(`net/ipv4/vs/${k}`, v, r);
    // ip_vs_remote_request4 on LOCAL_IN (NF_IP_PRI_NAT_SRC - 2): client → VIP.
    stack.nf.register('input', NF_IP_PRI.NAT_SRC - 2, 'ipvs-in', (skb) => this.in(skb));
    // ip_vs_reply4 on FORWARD: NAT replies from the real servers, translated back to the VIP.
    stack.nf.register('forward', NF_IP_PRI.NAT_SRC - 1, 'ipvs-out', (skb) => this.out(skb));
    startEstimator(this);
  }

  private sysctl(name: string): number {
    return this.stack.sysctl.get(`net/ipv4/vs/${name}`) ?? 0;
  }

  private event(text: string, data?: Record<string, string | number | boolean | null>): void {
    this.stack.event('ipvs', text, data);
  }

  /** Whether state events are wanted at all (formatting them is the expensive part). */
  private get tracing(): boolean {
    return this.stack.world.trace.wantsStates;
  }

  // ---- services and destinations (ip_vs_ctl.c) ----

  findService(key: ServiceKey): IpvsService | undefined {
    return this.services.find((s) =>
      key.protocol === 'FWM' ? s.protocol === 'FWM' && s.fwmark === key.fwmark : s.protocol === key.protocol && s.addr === key.addr && s.port === key.port,
    );
  }

  addService(spec: ServiceSpec): IpvsError | null {
    if (this.findService(spec.key)) return 'Service already exists';
    const sched = SCHEDULERS.get(spec.scheduler);
    if (!sched) return 'Scheduler or persistence engine not found';
    const svc: IpvsService = {
      protocol: spec.key.protocol,
      addr: spec.key.protocol === 'FWM' ? 0 : spec.key.addr,
      port: spec.key.protocol === 'FWM' ? 0 : spec.key.port,
      fwmark: spec.key.protocol === 'FWM' ? spec.key.fwmark : 0,
      schedName: spec.scheduler,
      schedData: undefined,
      schedFlags: { ...spec.schedFlags },
      persistent: spec.persistent,
      timeout: spec.timeout,
      netmask: spec.netmask,
      ops: spec.ops,
      dests: [],
      stats: zeroStats(),
      rates: zeroRates(),
    };
    sched.initService?.(svc);
    this.services.push(svc);
    this.event(`service ${svcName(svc)} added (${spec.scheduler})`, { service: svcName(svc), scheduler: spec.scheduler });
    return null;
  }

  editService(spec: ServiceSpec): IpvsError | null {
    const svc = this.findService(spec.key);
    if (!svc) return 'No such service';
    const sched = SCHEDULERS.get(spec.scheduler);
    if (!sched) return 'Scheduler or persistence engine not found';
    const changed = svc.schedName !== spec.scheduler;
    svc.schedName = spec.scheduler;
    svc.schedFlags = { ...spec.schedFlags };
    svc.persistent = spec.persistent;
    svc.timeout = spec.timeout;
    svc.netmask = spec.netmask;
    svc.ops = spec.ops;
    if (changed) {
      svc.schedData = undefined;
      sched.initService?.(svc);
    }
    this.event(`service ${svcName(svc)} edited (${spec.scheduler})`, { service: svcName(svc), scheduler: spec.scheduler });
    return null;
  }

  delService(key: ServiceKey): IpvsError | null {
    const svc = this.findService(key);
    if (!svc) return 'No such service';
    for (const d of [...svc.dests]) this.unlinkDest(svc, d);
    this.services.splice(this.services.indexOf(svc), 1);
    this.event(`service ${svcName(svc)} deleted`, { service: svcName(svc) });
    return null;
  }

  /** ipvsadm -C: every service goes; their connections die with their dests' availability. */
  clear(): void {
    for (const s of [...this.services]) this.delService(keyOf(s));
  }

  addDest(key: ServiceKey, spec: DestSpec): IpvsError | null {
    const svc = this.findService(key);
    if (!svc) return 'Service not defined';
    // ip_vs_add_dest: a lower threshold above the upper one is -ERANGE.
    if (spec.lThreshold > spec.uThreshold) return 'Numerical result out of range';
    if (svc.dests.some((d) => d.addr === spec.addr && d.port === spec.port)) return 'Destination already exists';
    const dest: IpvsDest = {
      addr: spec.addr,
      port: spec.port,
      fwd: spec.fwd,
      weight: spec.weight,
      lastWeight: spec.weight,
      uThreshold: spec.uThreshold,
      lThreshold: spec.lThreshold,
      activeconns: 0,
      inactconns: 0,
      persistconns: 0,
      available: true,
      overload: false,
      stats: zeroStats(),
      rates: zeroRates(),
    };
    // __ip_vs_update_dest: list_add_rcu at the head — the newest real server comes first.
    svc.dests.unshift(dest);
    SCHEDULERS.get(svc.schedName)?.addDest?.(svc, dest);
    this.event(`real server ${formatIpv4(spec.addr)}:${spec.port} added to ${svcName(svc)} (${FWD_NAME[spec.fwd]}, weight ${spec.weight})`, {
      service: svcName(svc),
      dest: `${formatIpv4(spec.addr)}:${spec.port}`,
      weight: spec.weight,
    });
    return null;
  }

  editDest(key: ServiceKey, spec: DestSpec): IpvsError | null {
    const svc = this.findService(key);
    if (!svc) return 'Service not defined';
    if (spec.lThreshold > spec.uThreshold) return 'Numerical result out of range';
    const dest = svc.dests.find((d) => d.addr === spec.addr && d.port === spec.port);
    if (!dest) return 'No such destination';
    dest.fwd = spec.fwd;
    dest.weight = spec.weight;
    if (spec.weight > 0) dest.lastWeight = spec.weight;
    // The OVERLOAD flag is cleared if the new upper threshold is 0 or above the old one.
    if (spec.uThreshold === 0 || spec.uThreshold > dest.uThreshold) dest.overload = false;
    dest.uThreshold = spec.uThreshold;
    dest.lThreshold = spec.lThreshold;
    SCHEDULERS.get(svc.schedName)?.updDest?.(svc, dest);
    this.event(`real server ${formatIpv4(spec.addr)}:${spec.port} of ${svcName(svc)} edited (weight ${spec.weight})`, {
      service: svcName(svc),
      dest: `${formatIpv4(spec.addr)}:${spec.port}`,
      weight: spec.weight,
    });
    return null;
  }

  delDest(key: ServiceKey, addr: Ipv4, port: number): IpvsError | null {
    const svc = this.findService(key);
    if (!svc) return 'Service not defined';
    const dest = svc.dests.find((d) => d.addr === addr && d.port === port);
    if (!dest) return 'No such destination';
    this.unlinkDest(svc, dest);
    this.event(`real server ${formatIpv4(addr)}:${port} removed from ${svcName(svc)}`, { service: svcName(svc), dest: `${formatIpv4(addr)}:${port}` });
    return null;
  }

  private unlinkDest(svc: IpvsService, dest: IpvsDest): void {
    // The scheduler sees the dest still in the list (rr moves its cursor off it), then it goes.
    SCHEDULERS.get(svc.schedName)?.delDest?.(svc, dest);
    svc.dests.splice(svc.dests.indexOf(dest), 1);
    dest.available = false;
  }

  zero(key?: ServiceKey): IpvsError | null {
    const list = key ? [this.findService(key)] : this.services;
    if (key && !list[0]) return 'No such service';
    for (const s of list) {
      if (!s) continue;
      s.stats = zeroStats();
      s.rates = zeroRates();
      zeroEstimator(s);
      for (const d of s.dests) {
        d.stats = zeroStats();
        d.rates = zeroRates();
        zeroEstimator(d);
      }
    }
    return null;
  }

  /** start_sync_thread: one master and one backup at most, on an existing interface. */
  startDaemon(state: 'master' | 'backup', d: SyncDaemon): IpvsError | null {
    if (this.syncDaemons[state]) return 'Daemon has already run';
    if (!this.stack.iface(d.mcastIfn)) return 'No such device';
    this.syncDaemons[state] = { ...d };
    this.event(`${state} sync daemon started (mcast=${d.mcastIfn}, syncid=${d.syncid})`, { daemon: state });
    return null;
  }

  stopDaemon(state: 'master' | 'backup'): IpvsError | null {
    if (!this.syncDaemons[state]) return 'No daemon is running';
    this.syncDaemons[state] = null;
    this.event(`${state} sync daemon stopped`, { daemon: state });
    return null;
  }

  /** ipvsadm --set tcp tcpfin udp: 0 keeps the current value. */
  setTimeouts(tcp: number, tcpfin: number, udp: number): void {
    if (tcp) this.tcpTimeouts.ESTABLISHED = tcp;
    if (tcpfin) this.tcpTimeouts.FIN_WAIT = tcpfin;
    if (udp) this.udpTimeout = udp;
  }

  // ---- packets (ip_vs_core.c) ----

  private matchService(proto: number, daddr: Ipv4, dport: number, mark: number): IpvsService | undefined {
    const p = proto === IP_PROTOCOL.TCP ? 'TCP' : 'UDP';
    let wildcard: IpvsService | undefined;
    for (const s of this.services) {
      if (mark && s.protocol === 'FWM' && s.fwmark === mark) return s;
      if (s.protocol !== p || s.addr !== daddr) continue;
      if (s.port === dport) return s;
      if (s.port === 0 && s.persistent) wildcard = s;
    }
    return wildcard;
  }

  /** ip_vs_in: a packet for a local address — ours if it belongs to a connection or starts one. */
  private in(skb: Skb): Verdict {
    const proto = ipProto(skb);
    if (proto !== IP_PROTOCOL.TCP && proto !== IP_PROTOCOL.UDP) return ACCEPT;
    if (this.services.length === 0 && this.conns.size === 0) return ACCEPT;
    const hl = ipHeaderLen(skb);
    const d = skb.data;
    if (d.length < hl + (proto === IP_PROTOCOL.TCP ? 20 : 8)) return ACCEPT;
    const saddr = ipSrc(skb);
    const daddr = ipDst(skb);
    const sport = readU16(d, hl);
    const dport = readU16(d, hl + 2);
    const flags = proto === IP_PROTOCOL.TCP ? d[hl + 13] : 0;
    let cp = this.conns.getIn(proto, saddr, sport, daddr, dport);

    // conn_reuse_mode: a new SYN on an entry in TIME_WAIT/CLOSE expires it and is scheduled afresh.
    if (cp && proto === IP_PROTOCOL.TCP && (flags & 0x12) === 0x02 && this.sysctl('conn_reuse_mode') && !cp.control && !cp.template) {
      const reuse = cp.state === IPVS_TCP.TIME_WAIT || cp.state === IPVS_TCP.CLOSE || ((this.sysctl('conn_reuse_mode') & 2) !== 0 && cp.state === IPVS_TCP.FIN_WAIT && cp.noOutput);
      if (reuse || (this.sysctl('expire_nodest_conn') && cp.dest && !cp.dest.available)) {
        this.expire(cp, true);
        cp = undefined;
      }
    }

    if (!cp) {
      const svc = this.matchService(proto, daddr, dport, skb.mark);
      if (!svc) return ACCEPT;
      // tcp_conn_schedule: only a SYN (without RST) creates an entry, unless sloppy_tcp.
      if (proto === IP_PROTOCOL.TCP && (!(flags & 0x02) || flags & 0x04) && !this.sysctl('sloppy_tcp')) return ACCEPT;
      const created = this.schedule(svc, proto as ConnProto, saddr, sport, daddr, dport);
      if (!created) {
        // ip_vs_leave: no destination → ICMP port unreachable to the client, for TCP too.
        icmpSendError(this.stack, skb, ICMP_TYPE.DEST_UNREACHABLE, ICMP_UNREACH.PORT);
        return DROP(`IPVS: no destination available for ${svcName(svc)} (${svc.schedName})`);
      }
      cp = created;
    }

    const dest = cp.dest;
    if (!dest || !dest.available) {
      // The real server was deleted: with expire_nodest_conn=0 its packets are silently dropped.
      if (this.sysctl('expire_nodest_conn')) this.expire(cp, true);
      return DROP('IPVS: real server of this connection was removed');
    }
    count(dest.stats, cp.svc.stats, skb.data.length, true);
    this.transition(cp, proto, flags, cp.noOutput ? TCP_DIR.INPUT_ONLY : TCP_DIR.INPUT);
    this.conns.touch(cp);
    ipvsXmit(this.stack, skb, cp);
    return STOLEN;
  }

  /** ip_vs_out on FORWARD: a NAT reply RIP:dport → CIP:cport gets the VIP:vport back as its source. */
  private out(skb: Skb): Verdict {
    if (this.conns.size === 0) return ACCEPT;
    const proto = ipProto(skb);
    if (proto !== IP_PROTOCOL.TCP && proto !== IP_PROTOCOL.UDP) return ACCEPT;
    const hl = ipHeaderLen(skb);
    const d = skb.data;
    if (d.length < hl + 8) return ACCEPT;
    const cp = this.conns.getOut(proto, ipSrc(skb), readU16(d, hl), ipDst(skb), readU16(d, hl + 2));
    if (!cp) return ACCEPT;
    natRewriteSrc(skb, cp);
    if (cp.dest) count(cp.dest.stats, cp.svc.stats, skb.data.length, false);
    this.transition(cp, proto, proto === IP_PROTOCOL.TCP ? skb.data[hl + 13] : 0, TCP_DIR.OUTPUT);
    this.conns.touch(cp);
    return ACCEPT;
  }

  /** set_tcp_state: move through the table, switching ActiveConn/InActConn as the state's activity changes. */
  private transition(cp: IpvsConn, proto: number, flags: number, dir: number): void {
    if (proto !== IP_PROTOCOL.TCP) {
      cp.timeout = this.udpTimeout * MICROS_PER_SEC;
      return;
    }
    if (dir === TCP_DIR.OUTPUT) cp.noOutput = false;
    const next = tcpNextState(cp.state, dir, flags);
    if (next !== cp.state) {
      const dest = cp.dest;
      if (dest) {
        if (!cp.inactive && !tcpStateActive(next)) {
          dest.activeconns--;
          dest.inactconns++;
          cp.inactive = true;
        } else if (cp.inactive && tcpStateActive(next)) {
          dest.activeconns++;
          dest.inactconns--;
          cp.inactive = false;
        }
      }
      if (this.tracing) this.event(`${connName(cp)} ${IPVS_TCP_STATES[cp.state]} → ${IPVS_TCP_STATES[next]}`, {
        conn: cp.id,
        from: IPVS_TCP_STATES[cp.state],
        to: IPVS_TCP_STATES[next],
        client: `${formatIpv4(cp.caddr)}:${cp.cport}`,
        dest: `${formatIpv4(cp.daddr)}:${cp.dport}`,
      });
      cp.state = next;
    }
    cp.timeout = this.tcpTimeouts[IPVS_TCP_STATES[cp.state]] * MICROS_PER_SEC;
  }

  /** ip_vs_schedule (+ ip_vs_sched_persist): pick a real server and create the entry. */
  private schedule(svc: IpvsService, proto: ConnProto, caddr: Ipv4, cport: number, vaddr: Ipv4, vport: number): IpvsConn | null {
    const sched = SCHEDULERS.get(svc.schedName)!;
    const now = this.stack.world.now;
    let dest: IpvsDest | null;
    let template: IpvsConn | null = null;
    if (svc.persistent) {
      const snet = (caddr & svc.netmask) >>> 0;
      const tproto: ConnProto = svc.protocol === 'FWM' ? 0 : proto;
      const tvaddr = svc.protocol === 'FWM' ? svc.fwmark : vaddr;
      const tvport = svc.protocol === 'FWM' || svc.port === 0 || svc.port === 21 ? 0 : vport;
      template = this.conns.getIn(tproto, snet, 0, tvaddr, tvport) ?? null;
      const valid =
        template && template.dest && template.dest.available && !(this.sysctl('expire_quiescent_template') && template.dest.weight === 0);
      if (template && !valid) {
        this.expire(template, true);
        template = null;
      }
      if (!template) {
        dest = sched.schedule(svc, { saddr: caddr, daddr: vaddr, sport: cport, dport: vport, protocol: proto }, now);
        if (!dest) return null;
        template = this.newConn(svc, dest, tproto, snet, 0, tvaddr, tvport, true, null);
        template.timeout = svc.timeout * MICROS_PER_SEC;
        this.conns.touch(template);
      } else {
        dest = template.dest!;
        template.timeout = svc.timeout * MICROS_PER_SEC;
        this.conns.touch(template);
      }
    } else {
      dest = sched.schedule(svc, { saddr: caddr, daddr: vaddr, sport: cport, dport: vport, protocol: proto }, now);
      if (!dest) return null;
    }
    const cp = this.newConn(svc, dest, proto, caddr, cport, vaddr, vport, false, template);
    dest.stats.conns++;
    svc.stats.conns++;
    return cp;
  }

  private newConn(svc: IpvsService, dest: IpvsDest, proto: ConnProto, caddr: Ipv4, cport: number, vaddr: Ipv4, vport: number, template: boolean, control: IpvsConn | null): IpvsConn {
    // DR and TUN force the real server's port to the service port.
    const dport = template ? (svc.port === 0 ? 0 : dest.port) : dest.fwd === 'masq' ? dest.port || vport : vport;
    const cp = this.conns.add({
      proto,
      caddr,
      cport,
      vaddr,
      vport,
      daddr: dest.addr,
      dport,
      fwd: dest.fwd,
      dest,
      svc,
      state: IPVS_TCP.NONE,
      timeout: 3 * MICROS_PER_SEC,
      template,
      inactive: true,
      noOutput: dest.fwd !== 'masq',
      control,
      ncontrolled: 0,
    });
    if (control) control.ncontrolled++;
    // ip_vs_bind_dest
    if (template) dest.persistconns++;
    else dest.inactconns++;
    if (!template && dest.uThreshold !== 0 && dest.activeconns + dest.inactconns >= dest.uThreshold) dest.overload = true;
    if (this.tracing) this.event(`${template ? 'template' : 'connection'} ${connName(cp)} → ${formatIpv4(dest.addr)}:${cp.dport} (${svc.schedName})`, {
      conn: cp.id,
      template,
      client: `${formatIpv4(caddr)}:${cport}`,
      dest: `${formatIpv4(dest.addr)}:${cp.dport}`,
    });
    return cp;
  }

  /** ip_vs_conn_expire: a template still controlling connections lives on for 60 s more. */
  private expire(cp: IpvsConn, now = false): void {
    if (cp.ncontrolled > 0 && !now) {
      cp.timeout = 60 * MICROS_PER_SEC;
      this.conns.touch(cp);
      return;
    }
    this.conns.remove(cp);
    const dest = cp.dest;
    if (dest) {
      // ip_vs_unbind_dest
      if (cp.template) dest.persistconns--;
      else if (cp.inactive) dest.inactconns--;
      else dest.activeconns--;
      const total = dest.activeconns + dest.inactconns;
      if (dest.lThreshold !== 0) {
        if (total < dest.lThreshold) dest.overload = false;
      } else if (dest.uThreshold !== 0) {
        if (total * 4 < dest.uThreshold * 3) dest.overload = false;
      } else dest.overload = false;
    }
    if (cp.control) {
      cp.control.ncontrolled--;
      cp.control = null;
    }
    if (this.tracing) this.event(`${cp.template ? 'template' : 'connection'} ${connName(cp)} expired`, { conn: cp.id, expired: true });
  }

  /** Remaining lifetime of an entry in whole seconds, rounded down as /proc/net/ip_vs_conn shows it. */
  expiresIn(cp: IpvsConn): number {
    return Math.max(0, Math.floor((cp.expiresAt - this.stack.world.now) / MICROS_PER_SEC));
  }
}

export const keyOf = (s: IpvsService): ServiceKey => (s.protocol === 'FWM' ? { protocol: 'FWM', fwmark: s.fwmark } : { protocol: s.protocol, addr: s.addr, port: s.port });

export const svcName = (s: IpvsService): string => (s.protocol === 'FWM' ? `FWM ${s.fwmark}` : `${s.protocol} ${formatIpv4(s.addr)}:${s.port}`);

const connName = (c: IpvsConn): string => `${c.proto === 17 ? 'UDP' : c.proto === 6 ? 'TCP' : 'IP'} ${formatIpv4(c.caddr)}:${c.cport} → ${formatIpv4(c.vaddr)}:${c.vport}`;

function count(dest: { inpkts: number; inbytes: number; outpkts: number; outbytes: number }, svc: typeof dest, bytes: number, inbound: boolean): void {
  if (inbound) {
    dest.inpkts++;
    dest.inbytes += bytes;
    svc.inpkts++;
    svc.inbytes += bytes;
  } else {
    dest.outpkts++;
    dest.outbytes += bytes;
    svc.outpkts++;
    svc.outbytes += bytes;
  }
}
