import { describe, expect, it } from 'vitest';
import { buildWorld } from '../build';
import { loadScenario } from '../scenario';
import type { ScenarioDocV1 } from '../scenario/types';
import type { Host } from '../os/host';
import type { IpStack } from '../net/ip/stack';
import type { HopEvent } from '../sim/trace';
import { parseIpv4 } from '../wire/addr';
import { summarizeFrame } from '../wire/summary';
import { EPHEMERAL_PORT_MAX, EPHEMERAL_PORT_MIN, udpSockets } from './udp';

const A = (s: string) => parseIpv4(s)!;
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

const doc: ScenarioDocV1 = {
  lvslab: 1,
  nodes: [
    { id: 'a', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24'] }] },
    { id: 'b', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.12/24'] }] },
  ],
  links: [{ a: { node: 'a', iface: 'eth0' }, b: { node: 'b', iface: 'eth0' } }],
};

function setup(seed = 1) {
  const r = loadScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const world = buildWorld(r.scenario, seed);
  const stack = (id: string) => (world.node(id) as Host).stack as IpStack;
  const wire = () => (world.trace.packets.filter((p) => p.type === 'hop') as HopEvent[]).map((h) => `${h.from.node}>${h.to.node} ${summarizeFrame(h.frame)}`);
  return { world, a: stack('a'), b: stack('b'), wire };
}

describe('UDP sockets', () => {
  it('delivers a datagram to the bound socket, from an ephemeral port in 32768–60999', () => {
    const { world, a, b, wire } = setup();
    const server = udpSockets(b).open({ pid: 2000, comm: 'server' });
    expect(server.bind(0, 5000)).toBeNull();
    let woke = 0;
    server.readable.wait(() => woke++);
    const client = udpSockets(a).open({ pid: 1000, comm: 'client' });
    expect(client.sendto(bytes('hello'), A('192.168.150.12'), 5000)).toBeNull();
    expect(client.localPort).toBeGreaterThanOrEqual(EPHEMERAL_PORT_MIN);
    expect(client.localPort).toBeLessThanOrEqual(EPHEMERAL_PORT_MAX);
    world.sim.runUntil(1_000_000);
    expect(woke).toBe(1);
    const d = server.recv()!;
    expect(text(d.data)).toBe('hello');
    expect(d).toMatchObject({ src: A('192.168.150.11'), srcPort: client.localPort, dst: A('192.168.150.12'), dstPort: 5000, ttl: 64 });
    expect(server.recv()).toBeUndefined();
    expect(wire().filter((l) => l.includes('UDP'))).toEqual([`a>b IP 192.168.150.11.${client.localPort} > 192.168.150.12.5000: UDP, length 5`]);
    // the answer goes back to the client's port
    expect(server.sendto(bytes('world'), d.src, d.srcPort)).toBeNull();
    world.sim.runUntil(2_000_000);
    expect(text(client.recv()!.data)).toBe('world');
  });

  it('answers a datagram to a closed port with ICMP port unreachable; a connected socket sees ECONNREFUSED', () => {
    const { world, a, wire } = setup();
    const s = udpSockets(a).open({ pid: 1000, comm: 'dig' });
    expect(s.connect(A('192.168.150.12'), 53)).toBeNull();
    expect(s.localIp).toBe(A('192.168.150.11'));
    expect(s.sendto(bytes('?'))).toBeNull();
    world.sim.runUntil(1_000_000);
    expect(wire().filter((l) => l.includes('ICMP'))).toEqual([`b>a IP 192.168.150.12 > 192.168.150.11: ICMP 192.168.150.12 udp port 53 unreachable, length 37`]);
    expect(s.takeError()).toBe('ECONNREFUSED');
    expect(s.takeError()).toBeNull();
    const drops = world.trace.packets.filter((p) => p.type === 'drop').map((p) => (p as { reason: string }).reason);
    expect(drops).toContain('UDP port 53 unreachable (no socket bound)');
  });

  it('refuses a port in use and an address the host does not have; lists sockets with their owner', () => {
    const { a } = setup();
    const t = udpSockets(a);
    const s1 = t.open({ pid: 812, comm: 'named' });
    expect(s1.bind(0, 53)).toBeNull();
    expect(t.open({ pid: 900, comm: 'other' }).bind(A('192.168.150.11'), 53)).toBe('EADDRINUSE');
    expect(t.open({ pid: 900, comm: 'other' }).bind(A('10.0.0.1'), 54)).toBe('EADDRNOTAVAIL');
    expect(t.list()).toEqual([{ localIp: 0, localPort: 53, remoteIp: 0, remotePort: 0, recvQ: 0, sendQ: 0, pid: 812, comm: 'named' }]);
    s1.close();
    expect(t.list()).toEqual([]);
    expect(t.open({ pid: 900, comm: 'other' }).bind(A('192.168.150.11'), 53)).toBeNull();
  });

  it('prefers the connected socket over the wildcard one (udp4_lib_lookup scoring)', () => {
    const { world, a, b } = setup();
    const wild = udpSockets(b).open({ pid: 1, comm: 'wild' });
    wild.bind(0, 7000);
    const sender = udpSockets(a).open({ pid: 2, comm: 'sender' });
    sender.bind(0, 7001);
    // A second socket on b, bound elsewhere and connected to a:7001, shares no port: use a fresh port pair instead.
    const conn = udpSockets(b).open({ pid: 3, comm: 'conn' });
    conn.bind(A('192.168.150.12'), 7002);
    conn.connect(A('192.168.150.11'), 7001);
    sender.sendto(bytes('to-wild'), A('192.168.150.12'), 7000);
    sender.sendto(bytes('to-conn'), A('192.168.150.12'), 7002);
    const other = udpSockets(a).open({ pid: 4, comm: 'other' });
    other.sendto(bytes('stranger'), A('192.168.150.12'), 7002);
    world.sim.runUntil(1_000_000);
    expect(text(wild.recv()!.data)).toBe('to-wild');
    expect(text(conn.recv()!.data)).toBe('to-conn');
    // from another port: the connected socket does not match, nobody else is bound → dropped with port unreachable
    expect(conn.recv()).toBeUndefined();
  });

  it('is deterministic: the same seed picks the same ports', () => {
    const ports = (seed: number) => {
      const { a } = setup(seed);
      const s = udpSockets(a).open({ pid: 1, comm: 'x' });
      s.bind(0, 0);
      return s.localPort;
    };
    expect(ports(7)).toBe(ports(7));
  });
});
