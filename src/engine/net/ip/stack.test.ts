import { describe, expect, it } from 'vitest';
import { World } from '../../world';
import { Host } from '../../os/host';
import { Switch } from '../switch';
import { IpStack } from './stack';
import { parseIpv4 as ip, formatMac } from '../../wire/addr';
import { buildIcmp, ICMP_TYPE } from '../../wire/icmp';
import { IP_PROTOCOL } from '../../wire/ipv4';
import { icmpListen } from './icmp';
import { summarizeFrame } from '../../wire/summary';
import type { HopEvent } from '../../sim/trace';

const A = (s: string) => ip(s)!;

function lan(n: number) {
  const world = new World(1);
  const sw = world.addNode(new Switch(world, 'sw'));
  const hosts = Array.from({ length: n }, (_, i) => {
    const h = world.addNode(new Host(world, `h${i + 1}`));
    const st = new IpStack(h);
    const nic = h.addNic('eth0');
    st.addIface('eth0', nic);
    st.addAddress('eth0', A(`192.168.150.${i + 1}`), 24);
    world.connect(`l${i}`, nic, sw.addNic(`p${i + 1}`));
    return { h, st };
  });
  return { world, sw, hosts };
}

function ping(world: World, st: IpStack, dst: string) {
  const replies: string[] = [];
  icmpListen(st, (m, from) => {
    if (m.type === ICMP_TYPE.ECHO_REPLY) replies.push(`reply from ${from}`);
    else replies.push(`type ${m.type} code ${'code' in m ? m.code : ''} from ${from}`);
  });
  st.sendIp({ proto: IP_PROTOCOL.ICMP, dst: A(dst), payload: buildIcmp({ type: ICMP_TYPE.ECHO_REQUEST, identifier: 1, sequence: 1, data: new Uint8Array(56) }) });
  world.sim.runUntil(world.now + 5_000_000);
  return replies;
}

const wire = (world: World) => (world.trace.packets.filter((p) => p.type === 'hop') as HopEvent[]).map((h) => `${h.from.node}>${h.to.node} ${summarizeFrame(h.frame)}`);

describe('IPv4 stack on a switched LAN', () => {
  it('resolves with a broadcast who-has, gets a unicast reply, and pings', () => {
    const { world, hosts } = lan(3);
    const replies = ping(world, hosts[0].st, '192.168.150.2');
    expect(replies).toEqual([`reply from ${A('192.168.150.2')}`]);
    const w = wire(world);
    expect(w[0]).toMatch(/^h1>sw ARP, Request who-has 192.168.150.2 tell 192.168.150.1/);
    // flooded to both other ports, not back to h1
    expect(w.filter((l) => l.startsWith('sw>') && l.includes('Request'))).toEqual([
      expect.stringMatching(/^sw>h2 /),
      expect.stringMatching(/^sw>h3 /),
    ]);
    // the reply is unicast: only towards h1
    expect(w.filter((l) => l.includes('Reply')).map((l) => l.split(' ')[0])).toEqual(['h2>sw', 'sw>h1']);
    expect(hosts[0].st.neigh.get('eth0', A('192.168.150.2'))?.state).toBe('REACHABLE');
    // the request to us created a STALE entry on h2; h3 learned nothing
    expect(hosts[1].st.neigh.get('eth0', A('192.168.150.1'))?.mac).toBe(hosts[0].h.nic('eth0')!.mac);
    expect(hosts[2].st.neigh.list()).toEqual([]);
  });

  it('an unanswered ARP gives Destination Host Unreachable after 3 tries', () => {
    const { world, hosts } = lan(2);
    const replies = ping(world, hosts[0].st, '192.168.150.99');
    expect(replies).toEqual([`type 3 code 1 from ${A('192.168.150.1')}`]);
    expect(wire(world).filter((l) => l.startsWith('h1>sw ARP'))).toHaveLength(3);
    expect(hosts[0].st.neigh.get('eth0', A('192.168.150.99'))?.state).toBe('FAILED');
  });

  it('arp_ignore=1: a VIP on lo is not answered on eth0; 0 answers it', () => {
    const { world, hosts } = lan(3);
    const [, rs1, rs2] = hosts;
    for (const r of [rs1, rs2]) r.st.addAddress('lo', A('192.168.150.100'), 32, { label: 'lo:1' });
    rs1.st.sysctl.set('net/ipv4/conf/all/arp_ignore', 1);
    ping(world, hosts[0].st, '192.168.150.100');
    const drops = world.trace.packets.filter((p) => p.type === 'drop').map((d) => `${d.node}: ${(d as { reason: string }).reason}`);
    expect(drops).toContain('h2: ARP ignored: who-has 192.168.150.100 (arp_ignore=1 on eth0)');
    // rs2 (arp_ignore=0) answers for the VIP it keeps on lo
    expect(hosts[0].st.neigh.get('eth0', A('192.168.150.100'))?.mac).toBe(rs2.h.nic('eth0')!.mac);
  });

  it('arp_announce=2 uses the interface address, not the VIP, as ARP sender', () => {
    const { world, hosts } = lan(2);
    const rs = hosts[1].st;
    rs.addAddress('lo', A('192.168.150.100'), 32, { label: 'lo:1' });
    // a reply from the VIP to the client needs the client's MAC
    rs.sysctl.set('net/ipv4/conf/eth0/arp_announce', 2);
    rs.sendIp({ proto: IP_PROTOCOL.ICMP, dst: A('192.168.150.1'), src: A('192.168.150.100'), payload: buildIcmp({ type: ICMP_TYPE.ECHO_REQUEST, identifier: 1, sequence: 1, data: new Uint8Array(8) }) });
    world.sim.runUntil(1_000_000);
    expect(wire(world)[0]).toMatch(/who-has 192.168.150.1 tell 192.168.150.2,/);
    const world2 = lan(2);
    const rs2 = world2.hosts[1].st;
    rs2.addAddress('lo', A('192.168.150.100'), 32, { label: 'lo:1' });
    rs2.sendIp({ proto: IP_PROTOCOL.ICMP, dst: A('192.168.150.1'), src: A('192.168.150.100'), payload: buildIcmp({ type: ICMP_TYPE.ECHO_REQUEST, identifier: 1, sequence: 1, data: new Uint8Array(8) }) });
    world2.world.sim.runUntil(1_000_000);
    expect(wire(world2.world)[0]).toMatch(/who-has 192.168.150.1 tell 192.168.150.100,/);
  });

  it('an address on lo makes its whole prefix local (/24) but not with /32', () => {
    const { hosts } = lan(1);
    const st = hosts[0].st;
    st.addAddress('lo', A('10.9.9.9'), 32, { label: 'lo:1' });
    expect(st.isLocalAddress(A('10.9.9.8'))).toBe(false);
    st.addAddress('lo', A('172.16.0.100'), 24, { label: 'lo:2' });
    expect(st.isLocalAddress(A('172.16.0.55'))).toBe(true);
    expect(st.routes.main().some((r) => r.dev === 'lo')).toBe(false);
  });

  it('MAC formatting of generated addresses uses the VMware OUI', () => {
    const { hosts } = lan(1);
    expect(formatMac(hosts[0].h.nic('eth0')!.mac)).toMatch(/^00:0c:29:/);
  });
});
