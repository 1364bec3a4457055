import type { Host } from '../../os/host';
import { formatIpv4, formatMac, readMac, IPV4_BROADCAST, isMulticastIpv4, isMulticastMac, MAC_BROADCAST, multicastMacOf, networkOf, prefixToMask, type Ipv4, type Mac } from '../../wire/addr';
import { buildEthernetFrame, ETHERNET_HEADER_LEN, ethernetFrameAround, ETHERTYPE, parseEthernet } from '../../wire/ethernet';
import { readU16 } from '../../wire/bytes';
import { emitIpv4, IPV4_HEADER_LEN, ipv4HeaderError } from '../../wire/ipv4';
import type { Nic } from '../nic';
import { arpRcv, arpSend } from './arp';
import { broadcastOf, Iface, type IfAddr, type Scope } from './iface';
import { icmpRcv, icmpSendError } from './icmp';
import { NeighTable } from './neighbour';
import { Netfilter } from './netfilter';
import { RouteTable, type Route } from './route';
import { allocPacket, cloneSkb, ipDst, ipProto, ipSrc, ipTtl, newSkb, writable, type Skb } from './skb';
import { Sysctl } from './sysctl';
import { decrementTtl } from '../../wire/ipv4';
import { ICMP_TIME_EXCEEDED, ICMP_TYPE, ICMP_UNREACH } from '../../wire/icmp';

/** A transport protocol's receive function (ICMP, UDP, TCP, VRRP, IP-in-IP). */
export type ProtoHandler = (skb: Skb) => void;

export const DEFAULT_TTL = 64;

export interface SendOpts {
  proto: number;
  dst: Ipv4;
  src?: Ipv4;
  ttl?: number;
  tos?: number;
  /** Don't Fragment: Linux sets it on TCP and on ICMP echo by default (PMTU discovery). */
  df?: boolean;
  payload: Uint8Array;
  /** Send out of this interface (SO_BINDTODEVICE, `ping -I`, VRRP). */
  oif?: string;
  pid?: number;
}

/** Why a local send failed, as errno. */
export type SendError = 'ENETUNREACH' | 'EPERM' | 'EHOSTUNREACH';

/**
 * One host's IPv4 stack: devices and addresses, the FIB, the ARP cache,
 * sysctls, netfilter hooks, and the receive / forward / output paths of
 * net/ipv4 (ip_input.c, ip_forward.c, ip_output.c, arp.c).
 */
export class IpStack {
  readonly ifaces = new Map<string, Iface>();
  readonly sysctl = new Sysctl();
  readonly routes = new RouteTable();
  readonly neigh: NeighTable;
  readonly nf = new Netfilter();
  readonly protocols = new Map<number, ProtoHandler>();
  /** Multicast groups joined per device (224.0.0.18 while keepalived runs). */
  readonly groups = new Map<string, Set<Ipv4>>();
  private ipId: number;
  private nextIfindex = 1;

  constructor(readonly host: Host) {
    const world = host.world;
    this.ipId = world.rng.u32() & 0xffff;
    this.neigh = new NeighTable({
      now: () => world.now,
      schedule: (d, fn) => world.sim.schedule(d, fn),
      cancel: (h) => world.sim.cancel(h),
      random: () => world.rng.float(),
      solicit: (dev, ip, unicastTo, srcHint) => arpSend.solicit(this, dev, ip, unicastTo, srcHint),
      changed: (e, what) =>
        this.world.trace.wantsStates &&
        this.event('arp', `${formatIpv4(e.ip)} ${e.state === 'INCOMPLETE' || e.state === 'FAILED' ? e.state.toLowerCase() : 'at ' + formatMac(e.mac)} on ${e.dev} (${what})`, {
          ip: formatIpv4(e.ip),
          mac: e.state === 'INCOMPLETE' || e.state === 'FAILED' ? null : formatMac(e.mac),
          dev: e.dev,
          state: e.state,
        }),
    });
    this.routes.isDevUp = (dev) => this.ifaces.get(dev)?.up ?? false;
    host.fs.mount('/proc/sys', this.sysctl.provider());
    this.addIface('lo', null);
    // inetdev_event NETDEV_UP on loopback: 127.0.0.1/8, scope host, no broadcast address.
    this.addAddress('lo', 0x7f000001, 8, { label: 'lo', scope: 'host', broadcast: 0 });
    this.protocols.set(1, (skb) => icmpRcv(this, skb));
    host.stack = this;
  }

  get world() {
    return this.host.world;
  }

  /** A state-stream line from this host. */
  event(kind: string, text: string, data?: Record<string, string | number | boolean | null>): void {
    if (!this.world.trace.wantsStates) return;
    this.world.trace.state({ t: this.world.now, node: this.host.id, kind, text, ...(data ? { data } : {}) });
  }

  addIface(name: string, nic: Nic | null): Iface {
    const iface = new Iface(name, this.nextIfindex++, nic);
    this.ifaces.set(name, iface);
    this.sysctl.addDevice(name);
    this.groups.set(name, new Set([0xe0000001])); // every host is in 224.0.0.1
    return iface;
  }

  iface(name: string): Iface | undefined {
    return this.ifaces.get(name);
  }

  /**
   * A device by name, loading its module on demand as the kernel does for
   * `tunl0` (MODULE_ALIAS_NETDEV in ipip.c): `ifconfig tunl0 ...` creates it.
   */
  ensureDevice(name: string): Iface | undefined {
    const have = this.ifaces.get(name);
    if (have || name !== 'tunl0') return have;
    return this.loadIpip();
  }

  /** `modprobe ipip`: the fallback tunnel tunl0 (down, no address) and IP-in-IP receive. */
  loadIpip(): Iface {
    const existing = this.ifaces.get('tunl0');
    if (existing) return existing;
    const tunl0 = this.addIface('tunl0', null);
    tunl0.tunnel = true;
    tunl0.up = false;
    this.protocols.set(4, (skb) => this.ipipRcv(skb));
    this.event('link', 'tunl0 created (ipip module loaded)', { dev: 'tunl0', up: false });
    return tunl0;
  }

  /** ipip_rcv: strip the outer header; the inner packet arrives on tunl0 (rp_filter then applies to it). */
  private ipipRcv(skb: Skb): void {
    const tunl0 = this.ifaces.get('tunl0');
    if (!tunl0 || !tunl0.up) return this.dropSkb(skb, 'IP-in-IP: tunl0 is down');
    const hl = (skb.data[0] & 0x0f) * 4;
    // ip_tunnel_rcv: the tunnel device counts the inner packet as received.
    tunl0.tunRxPackets++;
    tunl0.tunRxBytes += skb.data.length - hl;
    this.ipRcv(newSkb(skb.data.subarray(hl), skb.pid, tunl0));
  }

  /** The device an interface label belongs to: `eth0:2` → eth0. */
  devOfLabel(label: string): Iface | undefined {
    return this.ifaces.get(label.split(':')[0]);
  }

  /** Every address of the host, in device order. */
  *addresses(): Generator<{ dev: Iface; addr: IfAddr }> {
    for (const dev of this.ifaces.values()) for (const addr of dev.addrs) yield { dev, addr };
  }

  isLocalAddress(ip: Ipv4): boolean {
    const r = this.routes.lookup(ip, { table: 'local' });
    return r.found && r.route.type === 'local';
  }

  // ---- addresses and the routes they imply (fib_add_ifaddr / fib_del_ifaddr) ----

  /** `ip addr add`: returns an error text as `ip` prints it, or null. */
  addAddress(dev: string, ip: Ipv4, prefixLen: number, opts: { label?: string; broadcast?: Ipv4; scope?: Scope } = {}): string | null {
    const iface = this.ifaces.get(dev);
    if (!iface) return `Cannot find device "${dev}"`;
    if (iface.addrs.some((a) => a.ip === ip && a.prefixLen === prefixLen)) return 'RTNETLINK answers: File exists';
    const secondary = iface.addrs.some((a) => !a.secondary && a.prefixLen === prefixLen && networkOf(a.ip, prefixLen) === networkOf(ip, prefixLen));
    const addr: IfAddr = {
      ip,
      prefixLen,
      broadcast: opts.broadcast ?? broadcastOf(ip, prefixLen),
      label: opts.label ?? dev,
      scope: opts.scope ?? ((ip >>> 24) === 127 ? 'host' : 'global'),
      secondary,
    };
    // inet_insert_ifa: a primary goes after the last primary, a secondary at the end.
    if (secondary) iface.addrs.push(addr);
    else iface.addrs.splice(this.afterLastPrimary(iface), 0, addr);
    this.syncAddrRoutes(iface);
    this.event('addr.add', `${formatIpv4(ip)}/${prefixLen} on ${addr.label}`, { dev, ip: formatIpv4(ip), prefixLen, label: addr.label });
    return null;
  }

  private afterLastPrimary(iface: Iface): number {
    let at = 0;
    iface.addrs.forEach((a, i) => {
      if (!a.secondary) at = i + 1;
    });
    return at;
  }

  /** `ip addr del`: removes it and its routes; deleting a primary promotes or removes its secondaries. */
  delAddress(dev: string, ip: Ipv4, prefixLen?: number, label?: string): string | null {
    const iface = this.ifaces.get(dev);
    if (!iface) return `Cannot find device "${dev}"`;
    const addr = iface.addrs.find((a) => a.ip === ip && (prefixLen === undefined || a.prefixLen === prefixLen) && (label === undefined || a.label === label));
    if (!addr) return 'RTNETLINK answers: Cannot assign requested address';
    this.removeAddress(dev, addr);
    return null;
  }

  /**
   * __inet_del_ifa: remove one address. Deleting a primary promotes the next
   * secondary of its subnet when promote_secondaries is set (CentOS 7 sets it),
   * else deletes those secondaries too. The last address gone takes every route
   * and neighbour of the device with it (fib_disable_ip) — `ifconfig eth0 NEWIP`
   * loses the default route.
   */
  removeAddress(dev: string, addr: IfAddr): void {
    const iface = this.ifaces.get(dev);
    if (!iface || !iface.addrs.includes(addr)) return;
    const gone: IfAddr[] = [addr];
    iface.addrs.splice(iface.addrs.indexOf(addr), 1);
    if (!addr.secondary) {
      const same = (a: IfAddr) => a.secondary && a.prefixLen === addr.prefixLen && networkOf(a.ip, a.prefixLen) === networkOf(addr.ip, addr.prefixLen);
      if (this.sysctl.conf(dev, 'promote_secondaries') || this.sysctl.get('net/ipv4/conf/all/promote_secondaries')) {
        const next = iface.addrs.find(same);
        if (next) {
          iface.addrs.splice(iface.addrs.indexOf(next), 1);
          next.secondary = false;
          iface.addrs.splice(this.afterLastPrimary(iface), 0, next);
        }
      } else {
        for (const a of iface.addrs.filter(same)) {
          iface.addrs.splice(iface.addrs.indexOf(a), 1);
          gone.push(a);
        }
      }
    }
    this.syncAddrRoutes(iface);
    for (const a of gone) {
      // fib_sync_down_addr: routes preferring a source address the host no longer has go too.
      if (![...this.addresses()].some((x) => x.addr.ip === a.ip)) {
        for (const r of this.routes.remove({ prefsrc: a.ip })) this.routeEvent('route.del', r);
      }
    }
    if (iface.addrs.length === 0) {
      for (const r of this.routes.remove({ dev })) this.routeEvent('route.del', r);
      this.neigh.flushDev(dev);
    }
    for (const a of gone) {
      this.event('addr.del', `${formatIpv4(a.ip)}/${a.prefixLen} removed from ${a.label}`, { dev, ip: formatIpv4(a.ip), label: a.label });
    }
  }

  /** The routes fib_add_ifaddr derives from a device's addresses (none while it is down). */
  private kernelRoutes(iface: Iface): Route[] {
    if (!iface.up) return [];
    const out: Route[] = [];
    const dev = iface.name;
    for (const a of iface.addrs) {
      // A secondary's routes carry its primary's address as preferred source.
      const prim = a.secondary ? (iface.addrs.find((p) => !p.secondary && p.prefixLen === a.prefixLen && networkOf(p.ip, p.prefixLen) === networkOf(a.ip, a.prefixLen)) ?? a) : a;
      const base = { gateway: 0, dev, proto: 'kernel' as const, prefsrc: prim.ip, metric: 0 };
      out.push({ ...base, table: 'local', type: 'local', dst: a.ip, prefixLen: 32, scope: 'host' });
      if (a.broadcast && a.broadcast !== IPV4_BROADCAST) out.push({ ...base, table: 'local', type: 'broadcast', dst: a.broadcast, prefixLen: 32, scope: 'link' });
      const net = networkOf(a.ip, a.prefixLen);
      if (a.secondary || net === 0 || (net === a.ip && a.prefixLen === 32)) continue;
      // On a loopback device the whole prefix is local (the notes' "dead loop" with lo:1 VIP/24).
      if (iface.loopback) out.push({ ...base, table: 'local', type: 'local', dst: net, prefixLen: a.prefixLen, scope: 'host' });
      else out.push({ ...base, table: 'main', type: 'unicast', dst: net, prefixLen: a.prefixLen, scope: 'link' });
      if (a.prefixLen < 31) {
        out.push({ ...base, table: 'local', type: 'broadcast', dst: net, prefixLen: 32, scope: 'link' });
        out.push({ ...base, table: 'local', type: 'broadcast', dst: (net | (~prefixToMask(a.prefixLen) >>> 0)) >>> 0, prefixLen: 32, scope: 'link' });
      }
    }
    return out;
  }

  /** Bring the device's kernel routes in line with its addresses: remove the stale, add the missing. */
  private syncAddrRoutes(iface: Iface): void {
    const same = (a: Route, b: Route) =>
      a.table === b.table && a.type === b.type && a.dst === b.dst && a.prefixLen === b.prefixLen && a.prefsrc === b.prefsrc && a.scope === b.scope && a.dev === b.dev;
    const want = this.kernelRoutes(iface);
    const have = this.routes.routes.filter((r) => r.dev === iface.name && r.proto === 'kernel');
    for (const r of have) {
      if (!want.some((w) => same(w, r))) for (const g of this.routes.remove({ ...r })) this.routeEvent('route.del', g);
    }
    for (const w of want) if (!this.routes.routes.some((r) => r.proto === 'kernel' && same(w, r))) this.addRoute(w);
  }

  addRoute(r: Route, opts: { mode?: 'excl' | 'create' | 'append' } = {}): 'ok' | 'exists' {
    const res = this.routes.add(r, opts);
    if (res === 'ok' && r.table === 'main') this.routeEvent('route.add', r);
    return res;
  }

  /** Delete one route (`ip route del`, `route del`). */
  deleteRoute(r: Route): void {
    const i = this.routes.routes.indexOf(r);
    if (i < 0) return;
    this.routes.routes.splice(i, 1);
    this.routes.version++;
    this.routeEvent('route.del', r);
  }

  private routeEvent(kind: string, r: Route): void {
    if (r.table !== 'main') return;
    const dst = r.prefixLen === 0 ? 'default' : `${formatIpv4(r.dst)}/${r.prefixLen}`;
    this.event(kind, `${dst}${r.gateway ? ' via ' + formatIpv4(r.gateway) : ''} dev ${r.dev}`, {
      dst: formatIpv4(r.dst),
      prefixLen: r.prefixLen,
      gateway: formatIpv4(r.gateway),
      dev: r.dev,
    });
  }

  /** `ifconfig eth0 up|down`: kernel routes follow the device; going down flushes every route and neighbour on it. */
  setUp(dev: string, up: boolean): void {
    const iface = this.ifaces.get(dev);
    if (!iface || iface.up === up) return;
    iface.up = up;
    if (up) {
      this.syncAddrRoutes(iface);
    } else {
      for (const r of this.routes.remove({ dev })) this.routeEvent('route.del', r);
      this.neigh.flushDev(dev);
    }
    this.event('link', `${dev} ${up ? 'up' : 'down'}`, { dev, up });
  }

  // ---- receive ----

  receive(nic: Nic, frame: Uint8Array, pid: number): void {
    const iface = this.ifaces.get(nic.name);
    if (!iface || !iface.up) return this.world.drop(this.host, nic, frame, pid, 'interface down');
    if (frame.length < ETHERNET_HEADER_LEN) {
      const eth = parseEthernet(frame);
      return this.world.drop(this.host, nic, frame, pid, eth.ok ? 'runt frame' : eth.error);
    }
    // Read the header in place: every frame every host receives comes through here.
    const dst = readMac(frame, 0);
    const ethertype = readU16(frame, 12);
    const multicast = isMulticastMac(dst);
    if (dst !== nic.mac && dst !== MAC_BROADCAST && !(multicast && this.wantsMulticastMac(iface.name, dst))) {
      return this.world.drop(this.host, nic, frame, pid, 'not addressed to this host (MAC filter)');
    }
    const payload = frame.subarray(ETHERNET_HEADER_LEN);
    if (ethertype === ETHERTYPE.ARP) return arpRcv(this, iface, payload, readMac(frame, 6), dst === MAC_BROADCAST, pid, frame);
    if (ethertype !== ETHERTYPE.IPV4) return this.world.drop(this.host, nic, frame, pid, `unsupported EtherType 0x${ethertype.toString(16)}`);
    this.ipRcv(newSkb(payload, pid, iface, multicast), frame);
  }

  private wantsMulticastMac(dev: string, mac: Mac): boolean {
    for (const g of this.groups.get(dev) ?? []) if (multicastMacOf(g) === mac) return true;
    return false;
  }

  /** Drop with a reason in the trace (the frame shown is the original one if known). */
  dropSkb(skb: Skb, reason: string, frame?: Uint8Array): void {
    const nic = skb.inDev?.nic ?? undefined;
    this.world.drop(this.host, nic, frame ?? skb.data, skb.pid, reason, skb.inDev?.name);
  }

  /** ip_rcv: validate, PREROUTING, route, then local delivery or forwarding. */
  ipRcv(skb: Skb, frame?: Uint8Array): void {
    const error = ipv4HeaderError(skb.data);
    if (error) return this.dropSkb(skb, error, frame);
    const totalLength = readU16(skb.data, 2);
    if (totalLength < skb.data.length) skb.data = skb.data.subarray(0, totalLength); // strip Ethernet padding
    const v = this.nf.run('prerouting', skb, skb.inDev, null);
    if (v.v === 'drop') return this.dropSkb(skb, v.reason, frame);
    if (v.v === 'stolen') return;
    this.routeInput(skb, frame);
  }

  private routeInput(skb: Skb, frame?: Uint8Array): void {
    const dst = ipDst(skb);
    const inDev = skb.inDev!;
    if (isMulticastIpv4(dst)) {
      if (this.groups.get(inDev.name)?.has(dst)) return this.localIn(skb);
      return this.dropSkb(skb, 'multicast group not joined', frame);
    }
    if (dst === IPV4_BROADCAST) return this.localIn(skb);
    const r = this.routes.lookup(dst);
    if (r.found && (r.route.type === 'local' || r.route.type === 'broadcast')) {
      if (!this.rpFilterOk(skb)) return this.dropSkb(skb, `reverse path filter (rp_filter) on ${inDev.name}`, frame);
      return this.localIn(skb);
    }
    if (!this.sysctl.ipForward) {
      return this.dropSkb(skb, `not for this host (${formatIpv4(dst)}) and ip_forward=0`, frame);
    }
    if (skb.l2multicast) return this.dropSkb(skb, 'link-layer broadcast is not forwarded', frame);
    if (!r.found || r.route.type !== 'unicast') {
      icmpSendError(this, skb, ICMP_TYPE.DEST_UNREACHABLE, ICMP_UNREACH.NET);
      return this.dropSkb(skb, `no route to ${formatIpv4(dst)}`, frame);
    }
    if (!this.rpFilterOk(skb)) return this.dropSkb(skb, `reverse path filter (rp_filter) on ${inDev.name}`, frame);
    this.forward(skb, r.route, frame);
  }

  /** fib_validate_source with rp_filter=1: the route back to the source must leave by the interface the packet came in on. */
  private rpFilterOk(skb: Skb): boolean {
    const inDev = skb.inDev;
    if (!inDev || inDev.loopback) return true;
    const mode = this.sysctl.conf(inDev.name, 'rp_filter');
    if (mode === 0) return true;
    const src = ipSrc(skb);
    if (src === 0) return true;
    const back = this.routes.lookup(src);
    if (!back.found) return false;
    if (mode === 2) return true; // loose: any route back will do
    return back.route.type === 'local' || back.route.dev === inDev.name;
  }

  /** LOCAL_IN: the INPUT hooks (filter, IPVS), then the transport protocol. */
  localIn(skb: Skb): void {
    const v = this.nf.run('input', skb, skb.inDev, null);
    if (v.v === 'drop') return this.dropSkb(skb, v.reason);
    if (v.v === 'stolen') return;
    this.deliver(skb);
  }

  /** Hand to the transport protocol (also used by IP-in-IP decapsulation). */
  deliver(skb: Skb): void {
    const handler = this.protocols.get(ipProto(skb));
    if (handler) return handler(skb);
    icmpSendError(this, skb, ICMP_TYPE.DEST_UNREACHABLE, ICMP_UNREACH.PROTOCOL);
    this.dropSkb(skb, `protocol ${ipProto(skb)} unreachable`);
  }

  /** ip_forward: TTL, FORWARD hooks, POSTROUTING, then out to the next hop. */
  forward(skb: Skb, route: Route, frame?: Uint8Array): void {
    if (ipTtl(skb) <= 1) {
      icmpSendError(this, skb, ICMP_TYPE.TIME_EXCEEDED, ICMP_TIME_EXCEEDED.TTL);
      return this.dropSkb(skb, 'TTL exceeded', frame);
    }
    const outDev = this.ifaces.get(route.dev)!;
    // ip_forward(): the TTL is decremented before the FORWARD hook runs.
    decrementTtl(writable(skb), 0);
    const v = this.nf.run('forward', skb, skb.inDev, outDev);
    if (v.v === 'drop') return this.dropSkb(skb, v.reason, frame);
    if (v.v === 'stolen') return;
    this.postrouting(skb, outDev, route.gateway || ipDst(skb));
  }

  postrouting(skb: Skb, outDev: Iface, nexthop: Ipv4): void {
    const v = this.nf.run('postrouting', skb, skb.inDev, outDev);
    if (v.v === 'drop') return this.dropSkb(skb, v.reason);
    if (v.v === 'stolen') return;
    this.neighOutput(skb, outDev, nexthop);
  }

  // ---- output ----

  /** The source address Linux picks for `dst` out of `dev` (inet_select_addr). */
  selectSource(dev: Iface, dst: Ipv4, scope: Scope = 'global'): Ipv4 {
    const ok = (a: IfAddr) => !a.secondary && (scope === 'host' || a.scope !== 'host');
    const same = dev.addrs.find((a) => ok(a) && networkOf(dst, a.prefixLen) === networkOf(a.ip, a.prefixLen));
    if (same) return same.ip;
    const first = dev.addrs.find(ok);
    if (first) return first.ip;
    for (const d of this.ifaces.values()) {
      const a = d.addrs.find((x) => !x.secondary && x.scope === 'global');
      if (a) return a.ip;
    }
    return 0;
  }

  /** Route for a locally generated packet (ip_route_output). */
  routeOutput(dst: Ipv4, oif?: string): Route | undefined {
    if (isMulticastIpv4(dst) || dst === IPV4_BROADCAST) {
      const dev = oif ?? [...this.ifaces.values()].find((i) => !i.loopback && i.up)?.name;
      if (!dev) return undefined;
      return { table: 'main', type: dst === IPV4_BROADCAST ? 'broadcast' : 'unicast', dst, prefixLen: 32, gateway: 0, dev, proto: 'kernel', scope: 'link', prefsrc: 0, metric: 0 };
    }
    const r = oif ? this.routes.lookup(dst, { oif }) : this.routes.lookup(dst);
    if (!r.found || (r.route.type !== 'unicast' && r.route.type !== 'local' && r.route.type !== 'broadcast')) return undefined;
    return r.route;
  }

  nextIpId(): number {
    this.ipId = (this.ipId + 1) & 0xffff;
    return this.ipId;
  }

  /** Send a locally generated datagram. Returns an errno on immediate failure. */
  sendIp(o: SendOpts): SendError | null {
    const route = this.routeOutput(o.dst, o.oif);
    if (!route) return 'ENETUNREACH';
    const dev = this.ifaces.get(route.dev)!;
    const src = o.src ?? (route.prefsrc || this.selectSource(dev, o.dst));
    const pkt = allocPacket(IPV4_HEADER_LEN + o.payload.length);
    emitIpv4(
      {
        tos: o.tos ?? 0,
        totalLength: pkt.length,
        identification: this.nextIpId(),
        dontFragment: o.df ?? true,
        moreFragments: false,
        fragmentOffset: 0,
        ttl: o.ttl ?? DEFAULT_TTL,
        protocol: o.proto,
        src,
        dst: o.dst,
      },
      pkt,
      0,
    );
    pkt.set(o.payload, IPV4_HEADER_LEN);
    return this.outputSkb(newSkb(pkt, o.pid ?? this.world.newPid(), null, false, true, true), route);
  }

  /** ip_local_out for an already-built packet (also IPVS/NAT re-injection). */
  outputSkb(skb: Skb, route?: Route): SendError | null {
    const r = route ?? this.routeOutput(ipDst(skb));
    if (!r) return 'ENETUNREACH';
    const dev = this.ifaces.get(r.dev)!;
    const v = this.nf.run('output', skb, null, dev);
    if (v.v === 'drop') {
      this.dropSkb(skb, v.reason);
      return 'EPERM';
    }
    if (v.v === 'stolen') return null;
    if (r.type === 'local' || dev.loopback) {
      this.loopback(skb);
      return null;
    }
    this.postrouting(skb, dev, r.gateway || ipDst(skb));
    return null;
  }

  /** Loopback: no wire, delivered in a later instant as if received on lo. */
  private loopback(skb: Skb): void {
    const lo = this.ifaces.get('lo')!;
    lo.loPackets++;
    lo.loBytes += skb.data.length;
    this.world.sim.schedule(0, () => this.ipRcv(cloneSkb(skb, lo)));
  }

  /** neigh_output: resolve the next hop's MAC (ARP) and put the frame on the wire. */
  neighOutput(skb: Skb, dev: Iface, nexthop: Ipv4): void {
    const dst = ipDst(skb);
    if (!dev.nic) return this.dropSkb(skb, `${dev.name} has no link`);
    if (dst === IPV4_BROADCAST || isDirectedBroadcast(dev, dst)) return this.xmit(dev, MAC_BROADCAST, skb);
    if (isMulticastIpv4(dst)) return this.xmit(dev, multicastMacOf(dst), skb);
    const known = this.neigh.ready(dev.name, nexthop);
    if (known !== undefined) return this.xmit(dev, known, skb);
    this.neighResolve(skb, dev, nexthop);
  }

  /** The next hop is not resolved: queue the packet on its ARP entry (kept apart so the fast path allocates no closure context). */
  private neighResolve(skb: Skb, dev: Iface, nexthop: Ipv4): void {
    this.neigh.output(
      dev.name,
      nexthop,
      (mac) => this.xmit(dev, mac, skb),
      () => {
        this.dropSkb(skb, `ARP: no reply from ${formatIpv4(nexthop)} (host unreachable)`);
        // ipv4_link_failure: the sender learns "Destination Host Unreachable".
        icmpSendError(this, skb, ICMP_TYPE.DEST_UNREACHABLE, ICMP_UNREACH.HOST, true);
      },
      ipSrc(skb),
    );
  }

  xmit(dev: Iface, dstMac: Mac, skb: Skb): void {
    // A frame on the wire is never changed again: the header goes in front of the packet only once.
    const frame = skb.headroom
      ? ethernetFrameAround(dstMac, dev.mac, ETHERTYPE.IPV4, skb.data)
      : buildEthernetFrame({ dst: dstMac, src: dev.mac, ethertype: ETHERTYPE.IPV4 }, skb.data);
    skb.headroom = false;
    this.world.transmit(dev.nic!, frame, skb.pid);
  }

  /** Send a raw Ethernet frame out of `dev` (ARP). */
  xmitFrame(dev: Iface, frame: Uint8Array, pid: number): void {
    if (!dev.nic) return;
    this.world.transmit(dev.nic, frame, pid);
  }
}

function isDirectedBroadcast(dev: Iface, dst: Ipv4): boolean {
  for (const a of dev.addrs) if (a.broadcast === dst) return true;
  return false;
}
