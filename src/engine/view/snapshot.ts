import type { IpStack } from '../net/ip/stack';
import type { NetNode } from '../net/node';
import type { Nic } from '../net/nic';
import { Switch } from '../net/switch';
import type { Host } from '../os/host';
import type { World } from '../world';
import { formatIpv4, formatMac } from '../wire/addr';
import { rolesOf, type RoleSources } from './roles';
import { routeRows } from './route-rows';
import { ipvsView, natRows, socketRows, vrrpView } from './snapshot-tables';
import type { ArpRow, HostSnapshot, InterfaceView, LinkSnapshot, MacRow, NodeSnapshot, PortView, SwitchSnapshot } from './types';

const peerName = (nic: Nic | null): string | null => {
  const p = nic?.peer;
  return p ? `${p.node.id}:${p.name}` : null;
};

function snapshotSwitch(sw: Switch): SwitchSnapshot {
  const now = sw.world.now;
  const ports: PortView[] = [...sw.nics.values()].map((n) => ({
    name: n.name,
    carrier: n.carrier && sw.powered,
    peer: peerName(n),
    rxPackets: n.rxPackets,
    txPackets: n.txPackets,
  }));
  const macTable: MacRow[] = sw
    .macTable()
    .sort((a, b) => (a.port === b.port ? a.mac - b.mac : a.port < b.port ? -1 : 1))
    .map((e) => ({ mac: formatMac(e.mac), port: e.port, age: ((now - e.lastSeen) / 1e6).toFixed(3) }));
  return { id: sw.id, kind: 'switch', powered: sw.powered, roles: [], ports, macTable };
}

function snapshotHost(host: Host): HostSnapshot {
  const stack = host.stack as IpStack | null;
  const kind = host.kind === 'router' ? 'router' : 'host';
  if (!stack || !('ifaces' in stack)) {
    return { id: host.id, kind, hostname: host.hostname, powered: host.powered, roles: [], ipForward: false, interfaces: [], arp: [], routes: [] };
  }
  const interfaces: InterfaceView[] = [...stack.ifaces.values()].map((i) => ({
    name: i.name,
    mac: formatMac(i.mac),
    up: i.up,
    carrier: i.running,
    mtu: i.mtu,
    loopback: i.loopback,
    addresses: i.addrs.map((a) => ({ cidr: `${formatIpv4(a.ip)}/${a.prefixLen}`, label: a.label, secondary: a.secondary, scope: a.scope })),
    peer: peerName(i.nic),
    rxPackets: i.nic ? i.nic.rxPackets : i.loPackets,
    txPackets: i.nic ? i.nic.txPackets : i.loPackets,
  }));
  const arp: ArpRow[] = stack.neigh
    .list()
    .slice()
    .sort((a, b) => (a.dev === b.dev ? a.ip - b.ip : a.dev < b.dev ? -1 : 1))
    .map((e) => ({
      ip: formatIpv4(e.ip),
      mac: e.state === 'INCOMPLETE' || e.state === 'FAILED' ? null : formatMac(e.mac),
      dev: e.dev,
      state: e.state,
    }));
  const vrrp = vrrpView(host);
  const sockets = socketRows(host);
  const nat = natRows(stack);
  const ipvs = ipvsView(host);
  return {
    id: host.id,
    kind,
    hostname: host.hostname,
    powered: host.powered,
    // keepalived's VRRP instances give the MASTER / BACKUP badge.
    roles: rolesOf(stack, { ipvs: host.ipvs, vrrp: vrrp ?? (host as unknown as RoleSources).vrrp } as RoleSources),
    ipForward: stack.sysctl.ipForward,
    interfaces,
    arp,
    routes: routeRows(stack.routes.main()),
    sockets: sockets.rows,
    socketCount: sockets.count,
    ...(nat ? { nat } : {}),
    ...(ipvs ? { ipvs } : {}),
    ...(vrrp ? { vrrp } : {}),
  };
}

/** A serialisable picture of one node: interfaces, addresses, roles, ARP, routes, or a switch's ports and MAC table. */
export function snapshotNode(node: NetNode): NodeSnapshot {
  if (node instanceof Switch) return snapshotSwitch(node);
  return snapshotHost(node as Host);
}

/** Every cable's live state. */
export function snapshotLinks(world: World): LinkSnapshot[] {
  return [...world.links.values()].map((l) => ({
    id: l.id,
    up: l.up,
    a: { node: l.a.node.id, iface: l.a.name },
    b: { node: l.b.node.id, iface: l.b.name },
    latencyUs: l.latency,
  }));
}
