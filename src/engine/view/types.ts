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

/** One socket, as `netstat -natup` prints it. */
export interface SocketRow {
  proto: 'tcp' | 'udp';
  recvQ: number;
  sendQ: number;
  /** `0.0.0.0:80` */
  local: string;
  /** `192.168.150.1:51234`, `0.0.0.0:*` */
  foreign: string;
  /** `LISTEN`, `ESTABLISHED`, `TIME_WAIT`; empty for an unconnected UDP socket. */
  state: string;
  /** `1234/httpd`, or `-`. */
  program: string;
}

/** One connection-tracking entry (`conntrack -L`), NAT flags set when translated. */
export interface NatView {
  id: number;
  proto: string;
  state: string;
  /** Seconds left. */
  expires: number;
  /** `addr:port` as the initiator sent it, and as the far side answers. */
  origSrc: string;
  origDst: string;
  replySrc: string;
  replyDst: string;
  snat: boolean;
  dnat: boolean;
  assured: boolean;
  /** `192.168.150.1:41234 → 100.64.0.2:41234 (SNAT) → 61.135.169.125:80` */
  text: string;
}

/** A real server line of `ipvsadm -Ln`. */
export interface IpvsDestView {
  /** `192.168.150.12:80` */
  addr: string;
  /** `Route`, `Masq`, `Tunnel`, `Local` */
  forward: string;
  weight: number;
  active: number;
  inactive: number;
}

/** A virtual service of `ipvsadm -Ln` with its real servers. */
export interface IpvsServiceView {
  /** `TCP`, `UDP`, `FWM` */
  proto: string;
  /** `192.168.150.100:80`, or the fwmark */
  vip: string;
  scheduler: string;
  /** `persistent 50`, `ops` ... as ipvsadm appends them. */
  flags: string;
  dests: IpvsDestView[];
}

/** A line of `ipvsadm -Lnc`. */
export interface IpvsConnView {
  /** Stable while the entry lives. */
  id: number;
  proto: string;
  /** `mm:ss` left, as ipvsadm prints it. */
  expire: string;
  state: string;
  source: string;
  virtual: string;
  destination: string;
  template: boolean;
}

export interface IpvsView {
  services: IpvsServiceView[];
  /** The first IPVS_CONN_ROWS entries of the connection table. */
  conns: IpvsConnView[];
  connCount: number;
}

/** A keepalived VRRP instance. */
export interface VrrpView {
  name: string;
  state: string;
  vrid: number;
  iface: string;
  priority: number;
  basePriority: number;
  /** `192.168.150.100/24` */
  vips: string[];
  /** The master's address as last heard (a BACKUP's view), or null. */
  master: string | null;
  advertSent: number;
  advertRcvd: number;
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
  /** TCP and UDP sockets (at most SOCKET_ROWS), and how many there are. */
  sockets?: SocketRow[];
  socketCount?: number;
  /** Connection tracking, once netfilter's conntrack is loaded. */
  nat?: NatView[];
  /** Once the ip_vs module is loaded. */
  ipvs?: IpvsView;
  /** While keepalived's VRRP process runs. */
  vrrp?: VrrpView[];
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
