/**
 * Test support for the netfilter tests (not used by the engine): a LAN client,
 * a NAT router and a server on the "internet" that has no route back to the
 * LAN, plus helpers to send raw segments and read the wire back.
 *
 *   client 192.168.150.1 ── eth0 router eth1 100.64.0.2 ── server 100.64.0.9
 *   (gw .2)                 192.168.150.2                  (no default route)
 */
import { Host } from '../../os/host';
import type { HopEvent } from '../../sim/trace';
import { World } from '../../world';
import { formatIpv4, parseIpv4 } from '../../wire/addr';
import { parseEthernet } from '../../wire/ethernet';
import { parseIcmp } from '../../wire/icmp';
import { IP_PROTOCOL, parseIpv4 as parseIpv4Packet } from '../../wire/ipv4';
import { buildTcp, parseTcp, tcpFlagNames } from '../../wire/tcp';
import { buildUdp, parseUdp } from '../../wire/udp';
import { IpStack } from '../ip/stack';
import type { Rule, Table, Target } from './rules';
import { xtablesOf } from './xtables';

export const A = (s: string): number => parseIpv4(s)!;
export const SEC = 1_000_000;

export interface Testbed {
  world: World;
  client: IpStack;
  router: IpStack;
  server: IpStack;
}

function host(world: World, id: string, ifaces: Array<[string, string, number]>): IpStack {
  const h = world.addNode(new Host(world, id));
  const st = new IpStack(h);
  for (const [name, ip, len] of ifaces) {
    st.addIface(name, h.addNic(name)).up = true;
    st.addAddress(name, A(ip), len);
  }
  return st;
}

export function natTestbed(seed = 1): Testbed {
  const world = new World(seed);
  const client = host(world, 'client', [['eth0', '192.168.150.1', 24]]);
  const router = host(world, 'router', [
    ['eth0', '192.168.150.2', 24],
    ['eth1', '100.64.0.2', 24],
  ]);
  const server = host(world, 'server', [['eth0', '100.64.0.9', 24]]);
  client.addRoute({ table: 'main', type: 'unicast', dst: 0, prefixLen: 0, gateway: A('192.168.150.2'), dev: 'eth0', proto: 'boot', scope: 'global', prefsrc: 0, metric: 0 });
  router.sysctl.set('net/ipv4/ip_forward', 1);
  const nic = (st: IpStack, n: string) => st.host.nic(n)!;
  world.connect('lan', nic(client, 'eth0'), nic(router, 'eth0'));
  world.connect('wan', nic(router, 'eth1'), nic(server, 'eth0'));
  return { world, client, router, server };
}

/** A rule built directly (what `iptables -A` would make), all fields defaulted. */
export function rule(target: Target, fields: Partial<Rule> = {}): Rule {
  return {
    src: 0, smsk: 0, dst: 0, dmsk: 0, invSrc: false, invDst: false, inIface: '', outIface: '', invIn: false, invOut: false,
    proto: 0, invProto: false, matches: [], target, pkts: 0, bytes: 0, ...fields,
  };
}

export const anyRange = { mapIps: false, protoSpecified: false, random: false, persistent: false, minIp: 0, maxIp: 0, minPort: 0, maxPort: 0 };

/** `iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE`. */
export function masquerade(router: IpStack): Table {
  const nat = xtablesOf(router).table('nat');
  nat.chain('POSTROUTING')!.rules.push(rule({ kind: 'MASQUERADE', range: anyRange }, { outIface: 'eth1' }));
  return nat;
}

export function sendUdp(st: IpStack, src: string, sport: number, dst: string, dport: number, data = 'q') {
  const payload = buildUdp({ srcPort: sport, dstPort: dport }, Uint8Array.from(data, (ch) => ch.charCodeAt(0)), A(src), A(dst));
  return st.sendIp({ proto: IP_PROTOCOL.UDP, src: A(src), dst: A(dst), payload });
}

export function sendTcp(st: IpStack, src: string, sport: number, dst: string, dport: number, flags: number, seq = 1000, ack = 0) {
  const payload = buildTcp({ srcPort: sport, dstPort: dport, seq, ack, flags, window: 29200, urgentPointer: 0, options: [] }, new Uint8Array(0), A(src), A(dst));
  return st.sendIp({ proto: IP_PROTOCOL.TCP, src: A(src), dst: A(dst), payload });
}

export const hops = (world: World): HopEvent[] => world.trace.packets.filter((p): p is HopEvent => p.type === 'hop');

/** Every IPv4 packet that crossed `link`, decoded with every checksum verified (a bad one throws). */
export function wire(world: World, link: string): string[] {
  const out: string[] = [];
  for (const h of hops(world)) {
    if (h.link !== link) continue;
    const eth = parseEthernet(h.frame);
    if (!eth.ok || eth.value.repr.ethertype !== 0x0800) continue;
    const ip = parseIpv4Packet(h.frame, eth.value.payloadOffset);
    if (!ip.ok) throw new Error(ip.error);
    const { src, dst, protocol } = ip.value.repr;
    const off = ip.value.payloadOffset;
    const len = ip.value.payloadLen;
    let l4 = '';
    if (protocol === IP_PROTOCOL.ICMP) {
      const m = parseIcmp(h.frame, off, len);
      if (!m.ok) throw new Error(m.error);
      l4 = 'identifier' in m.value.repr ? `icmp ${m.value.repr.type} id=${m.value.repr.identifier}` : `icmp ${m.value.repr.type}/${m.value.repr.code}`;
    } else if (protocol === IP_PROTOCOL.UDP) {
      const u = parseUdp(h.frame, off, len, src, dst);
      if (!u.ok) throw new Error(u.error);
      l4 = `udp ${u.value.repr.srcPort}>${u.value.repr.dstPort}`;
    } else if (protocol === IP_PROTOCOL.TCP) {
      const t = parseTcp(h.frame, off, len, src, dst);
      if (!t.ok) throw new Error(t.error);
      l4 = `tcp ${t.value.repr.srcPort}>${t.value.repr.dstPort} [${tcpFlagNames(t.value.repr.flags)}]`;
    }
    out.push(`${h.from.node}>${h.to.node} ${formatIpv4(src)}>${formatIpv4(dst)} ${l4}`);
  }
  return out;
}

/** The trace's drop reasons, as `node: reason`. */
export const drops = (world: World): string[] =>
  world.trace.packets.flatMap((p) => (p.type === 'drop' ? [`${p.node}: ${p.reason}`] : []));
