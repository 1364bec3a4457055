import { describe, expect, it } from 'vitest';
import { World } from '../world';
import { Host } from '../os/host';
import { Switch } from '../net/switch';
import { IpStack } from '../net/ip/stack';
import { parseIpv4 } from '../wire/addr';
import { buildTcp, parseTcp, TCP_FLAG } from '../wire/tcp';
import { IP_PROTOCOL, parseIpv4 as parseIpHeader } from '../wire/ipv4';
import { parseEthernet } from '../wire/ethernet';
import type { HopEvent } from '../sim/trace';
import { registerScheduler } from './sched';
import { ipvsOf } from '.';
import type { FwdMethod } from './types';
import { IPVS_TCP_STATES } from './proto-tcp';

const A = (s: string) => parseIpv4(s)!;
const VIP = A('192.168.150.100');

// A scheduler that always picks the head of the kernel list: these tests are about forwarding, not scheduling.
registerScheduler({ name: 'test-head', schedule: (svc) => svc.dests.find((d) => d.weight > 0 && !d.overload) ?? null });

function lab(fwd: FwdMethod) {
  const world = new World(3);
  const sw = world.addNode(new Switch(world, 'sw'));
  const mk = (id: string, ip: string, port: string) => {
    const h = world.addNode(new Host(world, id));
    const st = new IpStack(h);
    const nic = h.addNic('eth0');
    st.addIface('eth0', nic);
    st.addAddress('eth0', A(ip), 24);
    world.connect(`${id}-sw`, nic, sw.addNic(port));
    return { h, st };
  };
  const client = mk('client', '192.168.150.1', 'p1');
  const dir = mk('node01', '192.168.150.11', 'p2');
  const rs1 = mk('node02', '192.168.150.12', 'p3');
  dir.st.addAddress('eth0', VIP, 24, { label: 'eth0:2' });
  if (fwd === 'route') {
    rs1.st.addAddress('lo', VIP, 32, { label: 'lo:1' });
    rs1.st.sysctl.set('net/ipv4/conf/all/arp_ignore', 1);
    rs1.st.sysctl.set('net/ipv4/conf/all/arp_announce', 2);
  }
  if (fwd === 'tunnel') {
    const t = rs1.st.loadIpip();
    rs1.st.addAddress('tunl0', VIP, 32, { label: 'tunl0' });
    rs1.st.setUp('tunl0', true);
    void t;
    rs1.st.sysctl.set('net/ipv4/conf/tunl0/rp_filter', 0);
    rs1.st.sysctl.set('net/ipv4/conf/all/arp_ignore', 1);
  }
  if (fwd === 'masq') {
    dir.st.sysctl.set('net/ipv4/ip_forward', 1);
  }
  const ipvs = ipvsOf(dir.h);
  const key = { protocol: 'TCP' as const, addr: VIP, port: 80 };
  expect(ipvs.addService({ key, scheduler: 'test-head', persistent: false, timeout: 360, netmask: 0xffffffff, schedFlags: { fallback: false, port: false }, ops: false })).toBeNull();
  expect(ipvs.addDest(key, { addr: A('192.168.150.12'), port: fwd === 'masq' ? 8080 : 80, fwd, weight: 1, uThreshold: 0, lThreshold: 0 })).toBeNull();
  return { world, client, dir, rs1, ipvs, key };
}

function sendTcp(st: IpStack, dst: number, flags: number, sport = 40000, dport = 80) {
  const seg = buildTcp({ srcPort: sport, dstPort: dport, seq: 1000, ack: flags & TCP_FLAG.ACK ? 1 : 0, flags, window: 29200, urgentPointer: 0, options: [] }, new Uint8Array(0), A('192.168.150.1'), dst);
  st.sendIp({ proto: IP_PROTOCOL.TCP, dst, payload: seg });
}

interface Seen { from: string; to: string; ethSrc: number; ethDst: number; ipSrc: number; ipDst: number; ttl: number; proto: number; dport?: number; inner?: { src: number; dst: number } }
function tcpHops(world: World): Seen[] {
  const out: Seen[] = [];
  for (const p of world.trace.packets) {
    if (p.type !== 'hop') continue;
    const h = p as HopEvent;
    const eth = parseEthernet(h.frame);
    if (!eth.ok || eth.value.repr.ethertype !== 0x0800) continue;
    const ip = parseIpHeader(h.frame, 14);
    if (!ip.ok) continue;
    const r = ip.value.repr;
    const s: Seen = { from: h.from.node, to: h.to.node, ethSrc: eth.value.repr.src, ethDst: eth.value.repr.dst, ipSrc: r.src, ipDst: r.dst, ttl: r.ttl, proto: r.protocol };
    if (r.protocol === 6) {
      const t = parseTcp(h.frame, ip.value.payloadOffset, ip.value.payloadLen, r.src, r.dst);
      if (t.ok) s.dport = t.value.repr.dstPort;
    }
    if (r.protocol === 4) {
      const inner = parseIpHeader(h.frame, ip.value.payloadOffset);
      if (inner.ok) s.inner = { src: inner.value.repr.src, dst: inner.value.repr.dst };
    }
    out.push(s);
  }
  return out;
}

describe('IPVS forwarding', () => {
  it('DR: the director changes only the destination MAC (and TTL); the real server answers the client directly', () => {
    const { world, client, dir, rs1, ipvs } = lab('route');
    sendTcp(client.st, VIP, TCP_FLAG.SYN);
    world.sim.runUntil(1_000_000);
    const hops = tcpHops(world);
    const toDir = hops.find((h) => h.from === 'client' && h.proto === 6)!;
    const fromDir = hops.find((h) => h.from === 'node01' && h.proto === 6)!;
    expect(toDir.ethDst).toBe(dir.h.nic('eth0')!.mac);
    expect(fromDir.ethDst).toBe(rs1.h.nic('eth0')!.mac);
    expect(fromDir.ethSrc).toBe(dir.h.nic('eth0')!.mac);
    expect([fromDir.ipSrc, fromDir.ipDst, fromDir.dport]).toEqual([toDir.ipSrc, toDir.ipDst, toDir.dport]);
    expect(fromDir.ttl).toBe(toDir.ttl - 1);
    // the real server has no listener: its answer (an RST once TCP is there) goes from the VIP straight to the client, not via the director
    const rst = hops.find((h) => h.from === 'node02')!;
    expect([rst.ipSrc, rst.ipDst]).toEqual([VIP, A('192.168.150.1')]);
    expect(rst.ethDst).toBe(client.h.nic('eth0')!.mac);
    // the entry stays in SYN_RECV: the director never sees the RS's answer (the notes' troubleshooting lesson)
    const conns = [...ipvs.conns.all()];
    expect(conns.map((c) => IPVS_TCP_STATES[c.state])).toEqual(['SYN_RECV']);
    expect(ipvs.services[0].dests[0].activeconns).toBe(1);
  });

  it('DR: ACK moves the entry to ESTABLISHED (active), FIN to FIN_WAIT (inactive); counters follow', () => {
    const { world, client, ipvs } = lab('route');
    const d = ipvs.services[0].dests[0];
    sendTcp(client.st, VIP, TCP_FLAG.SYN);
    world.sim.runUntil(100_000);
    expect([d.activeconns, d.inactconns]).toEqual([1, 0]);
    sendTcp(client.st, VIP, TCP_FLAG.ACK);
    world.sim.runUntil(200_000);
    expect(IPVS_TCP_STATES[[...ipvs.conns.all()][0].state]).toBe('ESTABLISHED');
    sendTcp(client.st, VIP, TCP_FLAG.FIN | TCP_FLAG.ACK);
    world.sim.runUntil(300_000);
    const c = [...ipvs.conns.all()][0];
    expect(IPVS_TCP_STATES[c.state]).toBe('FIN_WAIT');
    expect([d.activeconns, d.inactconns]).toEqual([0, 1]);
    expect(ipvs.expiresIn(c)).toBe(119);
    // FIN_WAIT lasts 120 s, then the entry and its count go
    world.sim.runUntil(300_000 + 121_000_000);
    expect(ipvs.conns.size).toBe(0);
    expect([d.activeconns, d.inactconns]).toEqual([0, 0]);
  });

  it('NAT: destination VIP:80 becomes RIP:8080 with valid checksums', () => {
    const { world, client } = lab('masq');
    sendTcp(client.st, VIP, TCP_FLAG.SYN);
    world.sim.runUntil(1_000_000);
    const fromDir = tcpHops(world).find((h) => h.from === 'node01' && h.proto === 6)!;
    expect([fromDir.ipSrc, fromDir.ipDst, fromDir.dport]).toEqual([A('192.168.150.1'), A('192.168.150.12'), 8080]);
    // parseTcp with addresses verified the checksum (dport was read only if it parsed)
    expect(fromDir.dport).toBe(8080);
  });

  it('TUN: an outer DIP → RIP header (protocol 4) around the untouched packet; the RS answers from the VIP', () => {
    const { world, client } = lab('tunnel');
    sendTcp(client.st, VIP, TCP_FLAG.SYN);
    world.sim.runUntil(1_000_000);
    const hops = tcpHops(world);
    const tun = hops.find((h) => h.from === 'node01' && h.proto === 4)!;
    expect([tun.ipSrc, tun.ipDst]).toEqual([A('192.168.150.11'), A('192.168.150.12')]);
    expect(tun.inner).toEqual({ src: A('192.168.150.1'), dst: VIP });
    const reply = hops.find((h) => h.from === 'node02')!;
    expect([reply.ipSrc, reply.ipDst]).toEqual([VIP, A('192.168.150.1')]);
  });

  it('no destination available: the client gets ICMP port unreachable', () => {
    const { world, client, ipvs, key } = lab('route');
    expect(ipvs.editDest(key, { addr: A('192.168.150.12'), port: 80, fwd: 'route', weight: 0, uThreshold: 0, lThreshold: 0 })).toBeNull();
    sendTcp(client.st, VIP, TCP_FLAG.SYN);
    world.sim.runUntil(1_000_000);
    const icmp = tcpHops(world).find((h) => h.from === 'node01' && h.proto === 1)!;
    expect([icmp.ipSrc, icmp.ipDst]).toEqual([VIP, A('192.168.150.1')]);
    expect(ipvs.conns.size).toBe(0);
  });

  it('kernel errors for duplicate and missing services and destinations', () => {
    const { ipvs, key } = lab('route');
    const svc = { key, scheduler: 'test-head', persistent: false, timeout: 360, netmask: 0xffffffff, schedFlags: { fallback: false, port: false }, ops: false };
    expect(ipvs.addService(svc)).toBe('Service already exists');
    expect(ipvs.addService({ ...svc, key: { ...key, port: 81 }, scheduler: 'nope' })).toBe('Scheduler or persistence engine not found');
    const dest = { addr: A('192.168.150.12'), port: 80, fwd: 'route' as const, weight: 1, uThreshold: 0, lThreshold: 0 };
    expect(ipvs.addDest(key, dest)).toBe('Destination already exists');
    expect(ipvs.addDest({ ...key, port: 81 }, dest)).toBe('Service not defined');
    expect(ipvs.delDest(key, A('192.168.150.99'), 80)).toBe('No such destination');
    expect(ipvs.delService({ ...key, port: 81 })).toBe('No such service');
  });
});
