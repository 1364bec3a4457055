import { networkOf, prefixToMask, type Ipv4, type Mac } from '../../wire/addr';
import type { Nic } from '../nic';

/** Address scope (rtnetlink RT_SCOPE_*): 127/8 is host, the rest global. */
export type Scope = 'global' | 'link' | 'host';

/** One IPv4 address on an interface, as `ip addr` shows it. */
export interface IfAddr {
  ip: Ipv4;
  prefixLen: number;
  broadcast: Ipv4;
  /** `eth0`, or an alias label such as `eth0:2` / `lo:1` (what ifconfig lists). */
  label: string;
  scope: Scope;
  /** A second address in a subnet that already has one on this interface (ip addr's "secondary"). */
  secondary: boolean;
}

export const broadcastOf = (ip: Ipv4, prefixLen: number): Ipv4 =>
  prefixLen >= 31 ? 0 : (networkOf(ip, prefixLen) | (~prefixToMask(prefixLen) >>> 0)) >>> 0;

/** Same subnet as the address (inet_ifa_match). */
export const inSubnet = (a: IfAddr, ip: Ipv4): boolean => networkOf(ip, a.prefixLen) === networkOf(a.ip, a.prefixLen);

/** Bumped whenever any device goes up or down, so cached route lookups know to look again. */
export const ifaceUpChanges = { count: 0 };

/**
 * A network device of a host (the kernel's net_device + in_device): `lo`, or
 * an Ethernet interface backed by a Nic that a cable plugs into.
 */
export class Iface {
  readonly addrs: IfAddr[] = [];
  /** Loopback's own state; Ethernet devices keep it on the Nic (the world checks it when sending). */
  private loUp = true;
  loMtu = 65536;
  /** Counters of the loopback device (Ethernet ones live on the Nic). */
  loPackets = 0;
  loBytes = 0;
  /** Whether this is an IP-in-IP tunnel device (tunl0). */
  tunnel = false;
  /** Counters of a tunnel device: what ipip_rcv decapsulated (inner packets), what it sent. */
  tunRxPackets = 0;
  tunRxBytes = 0;

  constructor(
    readonly name: string,
    readonly ifindex: number,
    readonly nic: Nic | null,
  ) {}

  get loopback(): boolean {
    return this.nic === null && !this.tunnel;
  }

  /** Tunnels keep their own admin state like lo (no Nic behind them). */

  get mac(): Mac {
    return this.nic ? this.nic.mac : 0;
  }

  get up(): boolean {
    return this.nic ? this.nic.adminUp : this.loUp;
  }

  set up(v: boolean) {
    if (this.nic) this.nic.adminUp = v;
    else this.loUp = v;
    ifaceUpChanges.count++;
  }

  /** Carrier as `ip link` reports it (lo and tunnels always have it). */
  get running(): boolean {
    return this.nic ? this.nic.operUp : this.loUp;
  }

  get mtu(): number {
    return this.nic ? this.nic.mtu : this.tunnel ? 1480 : this.loMtu;
  }

  set mtu(v: number) {
    if (this.nic) this.nic.mtu = v;
    else this.loMtu = v;
  }

  /** The primary address of the subnet `ip` is in, if any. */
  primaryFor(ip: Ipv4): IfAddr | undefined {
    return this.addrs.find((a) => !a.secondary && inSubnet(a, ip));
  }

  /** First primary address (inet_select_addr's fallback). */
  get primary(): IfAddr | undefined {
    return this.addrs.find((a) => !a.secondary);
  }

  has(ip: Ipv4): boolean {
    return this.addrs.some((a) => a.ip === ip);
  }
}
