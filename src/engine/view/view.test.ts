import { describe, expect, it } from 'vitest';
import { Lab } from '../lab';
import { loadScenario } from '../scenario';
import type { ScenarioDocV1 } from '../scenario/types';
import type { IpStack } from '../net/ip/stack';
import type { HopEvent } from '../sim/trace';
import { MAC_BROADCAST, parseIpv4 as ip, parseMac as mac } from '../wire/addr';
import { buildEthernetFrame, ETHERTYPE } from '../wire/ethernet';
import { buildIcmp, ICMP_TYPE } from '../wire/icmp';
import { buildIpv4Packet, IP_PROTOCOL } from '../wire/ipv4';
import { buildTcp, TCP_FLAG } from '../wire/tcp';
import { frameInfo, routeRows, snapshotLinks, snapshotNode, type HostSnapshot, type SwitchSnapshot } from '.';

const LAN: ScenarioDocV1 = {
  lvslab: 1,
  id: 'view-lan',
  nodes: [
    { id: 'client', kind: 'host', interfaces: [{ name: 'eth0', mac: '00:50:56:c0:00:08', addresses: ['192.168.150.1/24'] }], gateway: '192.168.150.2' },
    { id: 'node01', kind: 'host', interfaces: [{ name: 'eth0', mac: '00:0c:29:00:00:11', addresses: ['192.168.150.11/24'] }] },
    { id: 'router', kind: 'router', interfaces: [{ name: 'eth0', addresses: ['192.168.150.2/24'] }, { name: 'eth1', addresses: ['10.0.0.1/24'] }] },
    { id: 'sw1', kind: 'switch', interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }, { name: 'p4' }] },
  ],
  links: [
    { a: { node: 'client', iface: 'eth0' }, b: { node: 'sw1', iface: 'p1' } },
    { id: 'n1', a: { node: 'node01', iface: 'eth0' }, b: { node: 'sw1', iface: 'p2' } },
    { a: { node: 'router', iface: 'eth0' }, b: { node: 'sw1', iface: 'p3' } },
  ],
};

function lab(doc: ScenarioDocV1 = LAN): Lab {
  const res = loadScenario(doc);
  if (!res.ok) throw new Error(JSON.stringify(res.errors));
  return new Lab(res.scenario);
}
const stackOf = (l: Lab, id: string) => (l.host(id)!.stack as IpStack);
const hostSnap = (l: Lab, id: string) => snapshotNode(l.world.node(id)!) as HostSnapshot;

function echo(l: Lab, from: string, to: string): void {
  stackOf(l, from).sendIp({
    proto: IP_PROTOCOL.ICMP,
    dst: ip(to)!,
    payload: buildIcmp({ type: ICMP_TYPE.ECHO_REQUEST, identifier: 7, sequence: 1, data: new Uint8Array(56) }),
  });
  l.world.sim.runUntil(l.world.now + 1_000_000);
}

describe('snapshotNode on a host', () => {
  it('lists lo and eth0 with MACs, addresses, carrier, the cable peer and route -n rows', () => {
    const s = hostSnap(lab(), 'client');
    expect(s).toMatchObject({ id: 'client', kind: 'host', hostname: 'client', powered: true, roles: [], ipForward: false });
    expect(s.interfaces.map((i) => [i.name, i.mac, i.up, i.carrier, i.peer, i.addresses.map((a) => `${a.label} ${a.cidr}`)])).toEqual([
      ['lo', '00:00:00:00:00:00', true, true, null, ['lo 127.0.0.1/8']],
      ['eth0', '00:50:56:c0:00:08', true, true, 'sw1:p1', ['eth0 192.168.150.1/24']],
    ]);
    expect(s.routes).toEqual([
      { destination: '0.0.0.0', gateway: '192.168.150.2', genmask: '0.0.0.0', flags: 'UG', metric: '0', ref: '0', use: '0', iface: 'eth0' },
      { destination: '192.168.150.0', gateway: '0.0.0.0', genmask: '255.255.255.0', flags: 'U', metric: '0', ref: '0', use: '0', iface: 'eth0' },
    ]);
    expect(s.arp).toEqual([]);
  });

  it('fills the ARP cache after a ping (both ends), with the peer MAC and NUD state', () => {
    const l = lab();
    echo(l, 'client', '192.168.150.11');
    expect(hostSnap(l, 'client').arp).toEqual([{ ip: '192.168.150.11', mac: '00:0c:29:00:00:11', dev: 'eth0', state: 'REACHABLE' }]);
    // The target learns the asker from the who-has (STALE until confirmed), as Linux does.
    expect(hostSnap(l, 'node01').arp).toEqual([{ ip: '192.168.150.1', mac: '00:50:56:c0:00:08', dev: 'eth0', state: expect.stringMatching(/^(STALE|REACHABLE|DELAY)$/) }]);
  });

  it('shows an unresolved neighbour without a MAC', () => {
    const l = lab();
    stackOf(l, 'client').sendIp({ proto: IP_PROTOCOL.ICMP, dst: ip('192.168.150.99')!, payload: buildIcmp({ type: ICMP_TYPE.ECHO_REQUEST, identifier: 1, sequence: 1, data: new Uint8Array(8) }) });
    l.world.sim.runUntil(l.world.now + 10_000);
    expect(hostSnap(l, 'client').arp).toEqual([{ ip: '192.168.150.99', mac: null, dev: 'eth0', state: 'INCOMPLETE' }]);
  });

  it('loses carrier when the cable is cut, and gets it back when restored', () => {
    const l = lab();
    l.setLink('n1', false);
    expect(hostSnap(l, 'node01').interfaces[1].carrier).toBe(false);
    expect(snapshotLinks(l.world).find((x) => x.id === 'n1')).toEqual({ id: 'n1', up: false, a: { node: 'node01', iface: 'eth0' }, b: { node: 'sw1', iface: 'p2' }, latencyUs: 100 });
    l.setLink('n1', true);
    expect(hostSnap(l, 'node01').interfaces[1].carrier).toBe(true);
  });

  it('is structured-cloneable (the worker posts it as is)', () => {
    const l = lab();
    echo(l, 'client', '192.168.150.11');
    for (const id of ['client', 'router', 'sw1']) {
      const s = snapshotNode(l.world.node(id)!);
      expect(structuredClone(s)).toEqual(s);
      expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    }
  });
});

describe('role badges', () => {
  it('ROUTER when ip_forward is 1 (routers by default; a host after sysctl)', () => {
    const l = lab();
    expect(hostSnap(l, 'router').roles).toEqual(['ROUTER']);
    expect(hostSnap(l, 'node01').roles).toEqual([]);
    stackOf(l, 'node01').sysctl.set('net/ipv4/ip_forward', 1);
    expect(hostSnap(l, 'node01').roles).toEqual(['ROUTER']);
    stackOf(l, 'router').sysctl.set('net/ipv4/ip_forward', 0);
    expect(hostSnap(l, 'router').roles).toEqual([]);
  });

  it('RS when a VIP sits on lo (not for 127/8 addresses)', () => {
    const l = lab();
    const st = stackOf(l, 'node01');
    st.addAddress('lo', ip('127.0.0.2')!, 8, { label: 'lo' });
    expect(hostSnap(l, 'node01').roles).toEqual([]);
    st.addAddress('lo', ip('192.168.150.100')!, 32, { label: 'lo:1' });
    const s = hostSnap(l, 'node01');
    expect(s.roles).toEqual(['RS']);
    expect(s.interfaces[0].addresses.map((a) => a.label)).toContain('lo:1');
  });

  it('DIRECTOR from host.ipvs services and MASTER/BACKUP from host.vrrp, read defensively', () => {
    const l = lab();
    const h = l.host('node01') as unknown as { ipvs?: unknown; vrrp?: unknown };
    h.ipvs = { services: new Map() };
    expect(hostSnap(l, 'node01').roles).toEqual([]);
    h.ipvs = { services: new Map([['TCP 192.168.150.100:80', {}]]) };
    h.vrrp = { instances: [{ state: 'BACKUP' }] };
    expect(hostSnap(l, 'node01').roles).toEqual(['DIRECTOR', 'BACKUP']);
    h.ipvs = { services: () => [{}, {}] };
    h.vrrp = new Map([['VI_1', { state: 'MASTER' }], ['VI_2', { state: 'BACKUP' }]]);
    expect(hostSnap(l, 'node01').roles).toEqual(['DIRECTOR', 'MASTER']);
    h.ipvs = 42;
    h.vrrp = { state: 'fault' };
    expect(hostSnap(l, 'node01').roles).toEqual(['FAULT']);
  });
});

describe('snapshotNode on a switch', () => {
  it('lists ports with their peers and learns MACs from traffic', () => {
    const l = lab();
    let s = snapshotNode(l.world.node('sw1')!) as SwitchSnapshot;
    expect(s.ports.map((p) => [p.name, p.carrier, p.peer])).toEqual([
      ['p1', true, 'client:eth0'],
      ['p2', true, 'node01:eth0'],
      ['p3', true, 'router:eth0'],
      ['p4', false, null],
    ]);
    expect(s.macTable).toEqual([]);
    echo(l, 'client', '192.168.150.11');
    s = snapshotNode(l.world.node('sw1')!) as SwitchSnapshot;
    expect(s.macTable.map((r) => `${r.port} ${r.mac}`)).toEqual(['p1 00:50:56:c0:00:08', 'p2 00:0c:29:00:00:11']);
    expect(Number(s.macTable[0].age)).toBeGreaterThan(0.9);
  });
});

describe('routeRows', () => {
  it('flags host routes H, gateways G and reject routes !', () => {
    const base = { table: 'main' as const, proto: 'boot' as const, scope: 'global' as const, prefsrc: 0, metric: 0, gateway: 0, dev: 'eth0' };
    const rows = routeRows([
      { ...base, type: 'unicast', dst: ip('10.1.1.1')!, prefixLen: 32, gateway: ip('192.168.150.2')!, metric: 100 },
      { ...base, type: 'unicast', dst: ip('10.2.0.0')!, prefixLen: 16 },
      { ...base, type: 'unreachable', dst: ip('10.3.0.0')!, prefixLen: 16 },
    ]);
    expect(rows.map((r) => `${r.destination} ${r.gateway} ${r.genmask} ${r.flags} ${r.metric} ${r.iface}`)).toEqual([
      '10.1.1.1 192.168.150.2 255.255.255.255 UGH 100 eth0',
      '10.2.0.0 0.0.0.0 255.255.0.0 U 0 eth0',
      '10.3.0.0 0.0.0.0 255.255.0.0 ! 0 -',
    ]);
  });
});

describe('frameInfo', () => {
  it('classifies the frames of a ping: a broadcast ARP request, a unicast reply, ICMP', () => {
    const l = lab();
    echo(l, 'client', '192.168.150.11');
    const hops = l.world.trace.packets.filter((p): p is HopEvent => p.type === 'hop' && p.from.node === 'client');
    const infos = hops.map((h) => frameInfo(h.frame));
    expect(infos[0]).toEqual({ kind: 'arp', summary: 'ARP, Request who-has 192.168.150.11 tell 192.168.150.1, length 46', broadcast: true });
    expect(infos[1]).toMatchObject({ kind: 'icmp', broadcast: false });
    expect(infos[1].summary).toMatch(/^IP 192\.168\.150\.1 > 192\.168\.150\.11: ICMP echo request, id 7, seq 1, length 64$/);
  });

  it('labels TCP flags, also inside IP-in-IP, and never throws on garbage', () => {
    const CIP = ip('192.168.150.1')!;
    const VIP = ip('192.168.150.100')!;
    const ipr = (src: number, dst: number, protocol: number) => ({ tos: 0, identification: 1, dontFragment: true, moreFragments: false, fragmentOffset: 0, ttl: 64, protocol, src, dst });
    const seg = (flags: number) =>
      buildIpv4Packet(ipr(CIP, VIP, IP_PROTOCOL.TCP), buildTcp({ srcPort: 40000, dstPort: 80, seq: 1, ack: 0, flags, window: 64240, urgentPointer: 0, options: [] }, new Uint8Array(0), CIP, VIP));
    const eth = (pkt: Uint8Array) => buildEthernetFrame({ dst: mac('00:0c:29:00:00:12')!, src: mac('00:0c:29:00:00:11')!, ethertype: ETHERTYPE.IPV4 }, pkt);
    expect(frameInfo(eth(seg(TCP_FLAG.SYN)))).toMatchObject({ kind: 'tcp', tcpFlags: 'SYN', broadcast: false });
    expect(frameInfo(eth(seg(TCP_FLAG.SYN | TCP_FLAG.ACK))).tcpFlags).toBe('SYN-ACK');
    expect(frameInfo(eth(seg(TCP_FLAG.RST))).tcpFlags).toBe('RST');
    const tunnelled = eth(buildIpv4Packet(ipr(ip('192.168.150.11')!, ip('192.168.150.12')!, IP_PROTOCOL.IPIP), seg(TCP_FLAG.FIN | TCP_FLAG.ACK)));
    expect(frameInfo(tunnelled)).toMatchObject({ kind: 'ipip', tcpFlags: 'FIN-ACK' });
    const junk = frameInfo(new Uint8Array([1, 2, 3]));
    expect(junk.kind).toBe('other');
    expect(junk.broadcast).toBe(false);
    void MAC_BROADCAST;
  });
});
