/**
 * The VRRP child process (keepalived/vrrp/vrrp_daemon.c start_vrrp,
 * vrrp_scheduler.c dispatcher): one raw socket per interface for IP protocol
 * 112 bound to the device and joined to 224.0.0.18, the instances on it, and
 * the netlink watch that turns an interface going down into FAULT.
 */
import type { Host } from '../../os/host';
import type { IpStack } from '../../net/ip/stack';
import type { Skb } from '../../net/ip/skb';
import { formatIpv4, type Ipv4 } from '../../wire/addr';
import { IP_PROTOCOL } from '../../wire/ipv4';
import type { VrrpSettings } from '../conf/complete';
import { addVip, gratuitousArp, removeVip, sendRawIp, setDropRules } from './host-ops';
import { VrrpInstance, type VrrpState } from './instance';
import { buildAdvertPacket, readAdvert } from './packet';

export interface VrrpDaemonOptions {
  host: Host;
  pid: number;
  settings: VrrpSettings[];
  /** keepalived -D. */
  detail: boolean;
  log(text: string): void;
}

/** Which process owns protocol 112 on each host (one VRRP child at a time). */
const owners = new WeakMap<IpStack, VrrpDaemon>();

export class VrrpDaemon {
  readonly instances: VrrpInstance[] = [];
  private readonly stack: IpStack;
  private joined: Array<[string, Ipv4]> = [];
  private unlisten: (() => void) | null = null;
  private linkCheck: (() => void) | null = null;
  private readonly ifUp = new Map<string, boolean>();
  private running = false;

  constructor(private readonly o: VrrpDaemonOptions) {
    this.stack = o.host.stack as IpStack;
    for (const s of o.settings) this.instances.push(new VrrpInstance(s, this.env(s)));
  }

  /** The interface's primary address, not counting our own VIPs (ifp->sin_addr). */
  private primaryOf(dev: string): Ipv4 | undefined {
    const iface = this.stack.iface(dev);
    if (!iface) return undefined;
    const vips = new Set(this.o.settings.flatMap((s) => [...s.vips, ...s.evips].map((v) => v.ip)));
    return iface.addrs.find((a) => !a.secondary && !vips.has(a.ip))?.ip;
  }

  private env(s: VrrpSettings) {
    const world = this.o.host.world;
    const stack = this.stack;
    return {
      now: () => world.now,
      after: (delay: number, fn: () => void) => {
        const h = world.sim.schedule(Math.max(0, Math.round(delay)), fn);
        return () => world.sim.cancel(h);
      },
      log: (t: string) => this.o.log(t),
      detail: this.o.detail,
      saddr: () => s.srcIp ?? this.primaryOf(s.iface),
      sendAdvert: (priority: number, ipId: number) => {
        const src = s.srcIp ?? this.primaryOf(s.iface);
        if (src === undefined) return;
        const dsts = s.unicastPeers.length ? s.unicastPeers : [s.mcastGroup];
        for (const dst of dsts) {
          const pkt = buildAdvertPacket({ vrid: s.vrid, priority, vips: s.vips.map((v) => v.ip), adverInt: Math.round(s.adverInt / 1_000_000), authType: s.authType, authPass: s.authPass, src, dst, ipId });
          sendRawIp(stack, s.iface, dst, pkt);
        }
      },
      addVips: (vips: typeof s.vips) => vips.forEach((v) => addVip(stack, v)),
      removeVips: (vips: typeof s.vips) => vips.forEach((v) => removeVip(stack, v)),
      dropRules: (vips: typeof s.vips, add: boolean) => setDropRules(stack, s.iptablesIn, vips, add),
      garp: (vip: (typeof s.vips)[number]) => {
        if (this.o.detail) this.o.log(`Sending gratuitous ARP on ${vip.dev} for ${formatIpv4(vip.ip)}`);
        gratuitousArp(stack, vip);
      },
      stateChanged: (inst: VrrpInstance, from: VrrpState, to: VrrpState) => {
        world.trace.state({
          t: world.now,
          node: this.o.host.id,
          kind: 'vrrp.state',
          text: `${inst.name} ${from} → ${to}`,
          data: { instance: inst.name, vrid: inst.s.vrid, from, to, priority: inst.effectivePriority, pid: this.o.pid },
        });
      },
    };
  }

  private isUp(dev: string): boolean {
    const i = this.stack.iface(dev);
    return !!i && i.up && i.running;
  }

  /** start_vrrp + vrrp_dispatcher_init. */
  start(): void {
    const { log, detail } = this.o;
    this.running = true;
    const devs = [...new Set(this.o.settings.map((s) => s.iface))];
    if (detail) {
      for (const dev of devs) {
        const p = this.primaryOf(dev);
        if (p !== undefined) log(`Assigned address ${formatIpv4(p)} for interface ${dev}`);
      }
    }
    log('Registering gratuitous ARP shared channel');
    for (const dev of devs) this.ifUp.set(dev, this.isUp(dev));
    for (const inst of this.instances) inst.start(this.ifUp.get(inst.s.iface)!);
    // Sockets: bound to the device, joined to the VRRP group (if_join_vrrp_group).
    for (const s of this.o.settings) {
      if (s.unicastPeers.length) continue;
      const g = this.stack.groups.get(s.iface);
      if (g && !g.has(s.mcastGroup)) {
        g.add(s.mcastGroup);
        this.joined.push([s.iface, s.mcastGroup]);
      }
    }
    owners.set(this.stack, this);
    this.stack.protocols.set(IP_PROTOCOL.VRRP, (skb) => owners.get(this.stack)?.receive(skb));
    if (detail) {
      for (const dev of devs) {
        const iface = this.stack.iface(dev);
        const unicast = this.o.settings.some((s) => s.iface === dev && s.unicastPeers.length) ? 1 : 0;
        log(`VRRP sockpool: [ifindex(${iface?.ifindex ?? 0}), family(IPv4), proto(112), unicast(${unicast}), fd(11,12)]`);
      }
    }
    this.unlisten = this.o.host.world.trace.listen({
      state: (e) => {
        if (e.kind !== 'link' && e.kind !== 'link.state' && e.kind !== 'node.power') return;
        if (e.node !== this.o.host.id && e.node !== '*') return;
        if (this.linkCheck) return;
        // Netlink messages are read in a later instant than the change that caused them.
        const h = this.o.host.world.sim.schedule(0, () => {
          this.linkCheck = null;
          this.checkLinks();
        });
        this.linkCheck = () => this.o.host.world.sim.cancel(h);
      },
    });
  }

  /** update_interface_flags: IFF_UP and IFF_RUNNING both, or the instances on it go to FAULT. */
  private checkLinks(): void {
    if (!this.running) return;
    for (const [dev, was] of this.ifUp) {
      const now = this.isUp(dev);
      if (now === was) continue;
      this.ifUp.set(dev, now);
      this.o.log(`Netlink reports ${dev} ${now ? 'up' : 'down'}`);
      for (const inst of this.instances) {
        if (inst.s.iface !== dev || inst.s.dontTrackPrimary) continue;
        if (now) inst.linkUp();
        else inst.linkDown();
      }
    }
  }

  /** vrrp_dispatcher_read: demultiplex by interface and VRID. */
  private receive(skb: Skb): void {
    if (!this.running) return;
    const dev = skb.inDev?.name;
    const a = readAdvert(skb.data);
    if (!a || !dev) return;
    const inst = this.instances.find((i) => i.s.iface === dev && i.s.vrid === a.vrid);
    if (!inst) return;
    inst.receive(a);
  }

  /** The sockets close: the group membership and the protocol handler go. */
  private closeSockets(): void {
    this.running = false;
    this.unlisten?.();
    this.unlisten = null;
    this.linkCheck?.();
    this.linkCheck = null;
    for (const [dev, g] of this.joined) this.stack.groups.get(dev)?.delete(g);
    this.joined = [];
    if (owners.get(this.stack) === this) {
      owners.delete(this.stack);
      this.stack.protocols.delete(IP_PROTOCOL.VRRP);
    }
  }

  /** SIGTERM: MASTER instances send priority 0 and remove their VIPs (restore_vrrp_interfaces). */
  stop(): void {
    if (!this.running) return;
    for (const inst of this.instances) inst.shutdown();
    this.closeSockets();
  }

  /** SIGKILL: only what the kernel does for a dead process (its sockets close). */
  kill(): void {
    if (!this.running) return;
    for (const inst of this.instances) inst.halt();
    this.closeSockets();
  }
}
