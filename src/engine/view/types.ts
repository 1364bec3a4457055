/**
 * Serialisable pictures of engine state for the UI (structured-cloneable: strings,
 * numbers, booleans, arrays and plain objects only). The UI never touches engine
 * objects; the worker sends these.
 */
import type { FrameKind } from '../wire/summary';
import type { NodeKind } from '../net/node';

/** What a node is doing, derived from live state (never from the scenario). */
export type RoleBadge = 'DIRECTOR' | 'RS' | 'ROUTER' | 'MASTER' | 'BACKUP' | 'FAULT';

export interface AddressView {
  /** `192.168.150.11/24` */
  cidr: string;
  /** `eth0`, or an alias label such as `eth0:2` / `lo:1`. */
  label: string;
  secondary: boolean;
  scope: 'global' | 'link' | 'host';
}

export interface InterfaceView {
  name: string;
  /** `00:0c:29:aa:bb:cc`; `00:00:00:00:00:00` for lo. */
  mac: string;
  /** Administrative state (`ip link set up`). */
  up: boolean;
  /** A cable is plugged in, not cut, and the far end is powered and up (lo: always). */
  carrier: boolean;
  mtu: number;
  loopback: boolean;
  addresses: AddressView[];
  /** `node:iface` at the other end of the cable, if any. */
  peer: string | null;
  rxPackets: number;
  txPackets: number;
}

/** One row of the ARP cache (`ip neigh`). */
export interface ArpRow {
  ip: string;
  /** null while INCOMPLETE or FAILED. */
  mac: string | null;
  dev: string;
  state: string;
}

/** One row of `route -n` (net-tools), every column as text. */
export interface RouteRow {
  destination: string;
  gateway: string;
  genmask: string;
  flags: string;
  metric: string;
  ref: string;
  use: string;
  iface: string;
}

/** One row of a switch's MAC address table. */
export interface MacRow {
  mac: string;
  port: string;
  /** Seconds since the address was last seen, three decimals. */
  age: string;
}

export interface PortView {
  name: string;
  carrier: boolean;
  peer: string | null;
  rxPackets: number;
  txPackets: number;
}

export interface HostSnapshot {
  id: string;
  kind: Exclude<NodeKind, 'switch'>;
  hostname: string;
  powered: boolean;
  roles: RoleBadge[];
  ipForward: boolean;
  interfaces: InterfaceView[];
  arp: ArpRow[];
  routes: RouteRow[];
}

export interface SwitchSnapshot {
  id: string;
  kind: 'switch';
  powered: boolean;
  roles: RoleBadge[];
  ports: PortView[];
  macTable: MacRow[];
}

export type NodeSnapshot = HostSnapshot | SwitchSnapshot;

/** A cable's live state. */
export interface LinkSnapshot {
  id: string;
  up: boolean;
  a: { node: string; iface: string };
  b: { node: string; iface: string };
  latencyUs: number;
}

/** What the animation needs to draw a frame. */
export interface FrameInfo {
  kind: FrameKind;
  /** `SYN`, `SYN-ACK`, `ACK`, `FIN-ACK`, `RST`, ... for TCP (also inside IP-in-IP). */
  tcpFlags?: string;
  /** One line, as `tcpdump -n` prints it. */
  summary: string;
  /** Ethernet destination is ff:ff:ff:ff:ff:ff. */
  broadcast: boolean;
}
