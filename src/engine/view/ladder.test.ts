import { describe, expect, it } from 'vitest';
import { transcript } from '../../test-support/transcript';
import { parseIpv4 } from '../wire/addr';
import { flowOfPacket, ladder, type Ladder } from './ladder';
import { formatTuple } from './flow';
import { inferSwitches, isDrop, PacketIndex, type HopLike } from './packets';

const VIP = parseIpv4('192.168.150.100')!;
const CLIENT = parseIpv4('192.168.150.1')!;

function curlFlow(preset: string) {
  const { lab, text } = transcript(preset, '1 client curl 192.168.150.100');
  const index = new PacketIndex(lab.world.trace.packets);
  const syn = index.packets.find((p): p is HopLike => !isDrop(p) && p.from.node === 'client' && flowOfPacket(p)?.proto === 'tcp')!;
  return { lab, text, index, flow: flowOfPacket(syn)! };
}

/** `client → node01  SYN seq=0` lines, for literal comparison. */
const lines = (l: Ladder): string[] => l.arrows.map((a) => `${a.from} → ${a.to ?? '✕'}  ${a.label}${a.dropped ? `  ✕ ${a.dropped}` : ''}`);

describe('ladder of a flow', () => {
  it('lvs-dr curl: the handshake, request, response and FINs in order; the director only sees client → server', () => {
    const { index, flow, text } = curlFlow('lvs-dr');
    expect(text).toMatch(/from node0[23]/);
    expect(formatTuple(flow)).toMatch(/^tcp 192\.168\.150\.1:\d+ > 192\.168\.150\.100:80$/);
    const l = ladder(index, { flow });
    const rs = l.columns[2];
    expect(l.columns).toEqual(['client', 'node01', rs]);
    expect(['node02', 'node03']).toContain(rs);
    expect(lines(l)).toEqual([
      'client → node01  SYN seq=0',
      `node01 → ${rs}  SYN seq=0`,
      `${rs} → client  SYN-ACK seq=0 ack=1`,
      'client → node01  ACK ack=1',
      'client → node01  PSH-ACK seq=1:80 ack=1 len=79 "GET / HTTP/1.1"',
      `node01 → ${rs}  ACK ack=1`,
      `node01 → ${rs}  PSH-ACK seq=1:80 ack=1 len=79 "GET / HTTP/1.1"`,
      `${rs} → client  ACK ack=80`,
      `${rs} → client  PSH-ACK seq=1:326 ack=80 len=325 "HTTP/1.1 200 OK"`,
      'client → node01  ACK ack=326',
      'client → node01  FIN-ACK seq=80 ack=326',
      `node01 → ${rs}  ACK ack=326`,
      `node01 → ${rs}  FIN-ACK seq=80 ack=326`,
      `${rs} → client  FIN-ACK seq=326 ack=81`,
      'client → node01  ACK ack=327',
      `node01 → ${rs}  ACK ack=327`,
    ]);
    // The director column carries only the client → server direction; replies go straight to the client.
    for (const a of l.arrows) {
      if (a.from === 'node01' || a.to === 'node01') expect(a.dir).toBe(0);
      if (a.from === rs) expect([a.to, a.dir]).toEqual(['client', 1]);
    }
    // The switch is folded in: two 100 µs cables per arrow, and it is named.
    for (const a of l.arrows) {
      expect(a.via).toEqual(['sw']);
      expect(a.tArrive - a.tSend).toBe(200);
      expect(a.hops).toHaveLength(2);
    }
    for (let i = 1; i < l.arrows.length; i++) expect(l.arrows[i].tSend).toBeGreaterThanOrEqual(l.arrows[i - 1].tSend);
    // The same ladder from the reply's point of view.
    expect(lines(ladder(index, { flow: { proto: 'tcp', src: VIP, sport: 80, dst: CLIENT, dport: flow.sport } }))).toHaveLength(16);
  });

  it('keepSwitches draws the switch as a column, one arrow per cable', () => {
    const { index, flow } = curlFlow('lvs-dr');
    const l = ladder(index, { flow }, { keepSwitches: true });
    expect(l.columns.slice(0, 3)).toEqual(['client', 'sw', 'node01']);
    expect(l.arrows).toHaveLength(32);
    expect(lines(l).slice(0, 2)).toEqual(['client → sw  SYN seq=0', 'sw → node01  SYN seq=0']);
  });

  it('with ARP: the client asks for the VIP; the real servers ignore it (arp_ignore=1); the director resolves the real server', () => {
    const { index, flow } = curlFlow('lvs-dr');
    const l = ladder(index, { flow }, { arp: true });
    const rs = l.columns[2];
    const other = rs === 'node02' ? 'node03' : 'node02';
    const arp = l.arrows.filter((a) => a.kind === 'arp');
    const rsIp = `192.168.150.${rs === 'node02' ? 12 : 13}`;
    expect(lines({ columns: l.columns, arrows: arp })).toEqual([
      'client → node01  who-has 192.168.150.100 tell 192.168.150.1',
      `client → ${rs}  who-has 192.168.150.100 tell 192.168.150.1  ✕ ARP ignored: who-has 192.168.150.100 (arp_ignore=1 on eth0)`,
      'node01 → client  192.168.150.100 is-at ' + arp[2].label.split(' is-at ')[1],
      `node01 → ${rs}  who-has ${rsIp} tell 192.168.150.11`,
      expect.stringMatching(new RegExp(`^${rs} → node01  ${rsIp.replace(/\./g, '\\.')} is-at `)),
      `${rs} → client  who-has 192.168.150.1 tell ${rsIp}`,
      expect.stringMatching(new RegExp(`^client → ${rs}  192\\.168\\.150\\.1 is-at `)),
    ]);
    expect(l.columns).not.toContain(other); // a bystander that only dropped broadcasts gets no column
  });

  it('lvs-nat: the flow is followed through both rewrites; every reply crosses the director', () => {
    const { index, flow } = curlFlow('lvs-nat');
    const l = ladder(index, { flow });
    const rs = l.columns[2];
    expect(l.columns).toEqual(['client', 'node01', rs]);
    expect(lines(l).slice(0, 4)).toEqual(['client → node01  SYN seq=0', `node01 → ${rs}  SYN seq=0`, `${rs} → node01  SYN-ACK seq=0 ack=1`, 'node01 → client  SYN-ACK seq=0 ack=1']);
    expect(l.arrows.filter((a) => a.from === rs).every((a) => a.to === 'node01' && a.dir === 1)).toBe(true);
    expect(l.arrows).toHaveLength(20);
    expect(l.arrows.map((a) => a.via[0])).toContain('sw2');
  });

  it('lvs-tun: the director → real server arrows carry the IP-in-IP header', () => {
    const { index, flow } = curlFlow('lvs-tun');
    const l = ladder(index, { flow });
    const rs = l.columns[2];
    const tunnelled = l.arrows.filter((a) => a.from === 'node01');
    expect(tunnelled.length).toBe(6);
    for (const a of tunnelled) expect(a.encap).toEqual([`192.168.150.11 > 192.168.150.${rs === 'node02' ? 12 : 13}`]);
    expect(l.arrows.filter((a) => a.from === 'client').every((a) => a.encap === undefined)).toBe(true);
    expect(tunnelled[0].label).toBe('SYN seq=0');
  });
});

describe('ladder of a host pair', () => {
  it('shows every packet between the two, through the hosts that forward it, with ICMP and DNS labels', () => {
    const { lab } = transcript('snat-home', '1 client1 ping -c 1 www.baidu.com');
    const index = new PacketIndex(lab.world.trace.packets);
    const dns = ladder(index, { hosts: ['client1', 'dns'] });
    expect(dns.columns).toEqual(['client1', 'router', 'isp1', 'isp2', 'bb1', 'dns']);
    const ends = dns.arrows.filter((a) => a.from === 'client1' || a.to === 'client1').map((a) => `${a.from} → ${a.to}  ${a.label}`);
    expect(ends).toEqual([
      'client1 → router  A? www.baidu.com.',
      'router → client1  2/0/0 CNAME www.a.shifen.com., A 61.135.169.125',
      'client1 → router  PTR? 125.169.135.61.in-addr.arpa.',
      'router → client1  NXDomain 0/0/0',
    ]);
    const ping = ladder(index, { hosts: ['client1', 'web'] });
    const id = /id=(\d+)/.exec(ping.arrows[0].label)![1];
    expect(ping.arrows[0].label).toBe(`echo request id=${id} seq=1`);
    expect(ping.arrows.filter((a) => a.label === `echo reply id=${id} seq=1`)).toHaveLength(7);
    expect(ping.columns[0]).toBe('client1');
    expect(ping.columns).toContain('web');
  });

  it('a host pair on one switch includes ARP, and the broadcast the other host ignored', () => {
    const { index } = curlFlow('lvs-dr');
    const l = ladder(index, { hosts: ['client', 'node01'] });
    expect(l.columns).toEqual(['client', 'node01']);
    expect(lines(l)[0]).toBe('client → node01  who-has 192.168.150.100 tell 192.168.150.1');
    expect(l.arrows.some((a) => a.dropped === "who-has 192.168.150.13: not this host's address" || a.dropped === "who-has 192.168.150.12: not this host's address")).toBe(true);
    // Nothing of the real server's replies: they never touch node01.
    expect(l.arrows.every((a) => a.from === 'client' || a.from === 'node01')).toBe(true);
  });

  it('switches are recognised from the stream when not given', () => {
    const { index } = curlFlow('lvs-nat');
    expect([...inferSwitches(index)].sort()).toEqual(['sw', 'sw2']);
  });
});
