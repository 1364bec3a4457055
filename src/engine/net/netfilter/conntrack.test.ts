import { describe, expect, it } from 'vitest';
import { TCP_FLAG } from '../../wire/tcp';
import type { IpStack } from '../ip/stack';
import { conntrackLine, procNfConntrack } from './ct-format';
import { invertTuple, tupleAt, tupleKey } from './tuple';
import { xtablesOf } from './xtables';
import { A, masquerade, natTestbed, SEC, sendTcp, sendUdp } from './testbed';
import { buildIcmp } from '../../wire/icmp';
import { buildIpv4Packet } from '../../wire/ipv4';
import { buildUdp } from '../../wire/udp';

const lines = (st: IpStack) => xtablesOf(st).tracker!.list().map((c) => conntrackLine(c, st.world.now));
const ip = (proto: number, payload: Uint8Array) =>
  buildIpv4Packet({ tos: 0, identification: 1, dontFragment: true, moreFragments: false, fragmentOffset: 0, ttl: 64, protocol: proto, src: A('10.0.0.1'), dst: A('10.0.0.2') }, payload);

describe('conntrack tuples', () => {
  it('UDP: addresses and ports; the reply tuple swaps both', () => {
    const t = tupleAt(ip(17, buildUdp({ srcPort: 5000, dstPort: 53 }, new Uint8Array(4), A('10.0.0.1'), A('10.0.0.2'))), 0, 32)!;
    expect(t).toEqual({ proto: 17, src: A('10.0.0.1'), dst: A('10.0.0.2'), sport: 5000, dport: 53 });
    expect(invertTuple(t)).toEqual({ proto: 17, src: A('10.0.0.2'), dst: A('10.0.0.1'), sport: 53, dport: 5000 });
  });

  it('ICMP echo: the identifier is the "port", the reply expects type 0', () => {
    const pkt = ip(1, buildIcmp({ type: 8, identifier: 0x1234, sequence: 7, data: new Uint8Array(8) }));
    const t = tupleAt(pkt, 0, pkt.length)!;
    expect(t).toEqual({ proto: 1, src: A('10.0.0.1'), dst: A('10.0.0.2'), sport: 0x1234, dport: 8 << 8 });
    expect(invertTuple(t)).toEqual({ proto: 1, src: A('10.0.0.2'), dst: A('10.0.0.1'), sport: 0x1234, dport: 0 });
    expect(tupleKey(invertTuple(invertTuple(t)))).toBe(tupleKey(t));
  });

  it('a transport header cut short has no tuple', () => {
    const pkt = ip(6, new Uint8Array(2));
    expect(tupleAt(pkt, 0, pkt.length)).toBeUndefined();
  });
});

describe('conntrack states and timeouts', () => {
  it('is not loaded on a host that never needed it', () => {
    const tb = natTestbed();
    tb.client.sendIp({ proto: 1, dst: A('100.64.0.9'), payload: buildIcmp({ type: 8, identifier: 1, sequence: 1, data: new Uint8Array(8) }) });
    tb.world.sim.runUntil(SEC);
    expect(xtablesOf(tb.router).tracker).toBeNull();
    expect(tb.router.host.fs.exists('/proc/net/nf_conntrack')).toBe(false);
    expect(tb.router.sysctl.has('net/netfilter/nf_conntrack_udp_timeout')).toBe(false);
  });

  it('UDP: 30 s and [UNREPLIED] until a reply; 180 s and [ASSURED] once it is a stream', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    tb.server.protocols.set(17, () => {});
    tb.client.protocols.set(17, () => {});
    sendUdp(tb.client, '192.168.150.1', 5000, '100.64.0.9', 7);
    tb.world.sim.runUntil(SEC / 2);
    expect(lines(tb.router)).toEqual([
      'udp      17 29 src=192.168.150.1 dst=100.64.0.9 sport=5000 dport=7 [UNREPLIED] src=100.64.0.9 dst=100.64.0.2 sport=7 dport=5000 mark=0 use=1',
    ]);
    sendUdp(tb.server, '100.64.0.9', 7, '100.64.0.2', 5000);
    tb.world.sim.runUntil(SEC);
    expect(lines(tb.router)).toEqual([
      'udp      17 29 src=192.168.150.1 dst=100.64.0.9 sport=5000 dport=7 src=100.64.0.9 dst=100.64.0.2 sport=7 dport=5000 mark=0 use=1',
    ]);
    sendUdp(tb.client, '192.168.150.1', 5000, '100.64.0.9', 7);
    tb.world.sim.runUntil(2 * SEC);
    expect(lines(tb.router)).toEqual([
      'udp      17 179 src=192.168.150.1 dst=100.64.0.9 sport=5000 dport=7 src=100.64.0.9 dst=100.64.0.2 sport=7 dport=5000 [ASSURED] mark=0 use=1',
    ]);
  });

  it('an entry goes when its timeout runs out, with a destroy event at that instant', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    tb.server.protocols.set(17, () => {});
    sendUdp(tb.client, '192.168.150.1', 5000, '100.64.0.9', 7);
    tb.world.sim.runUntil(29 * SEC);
    expect(lines(tb.router)).toHaveLength(1);
    tb.world.sim.runUntil(31 * SEC);
    expect(lines(tb.router)).toEqual([]);
    const created = tb.world.trace.states.find((s) => s.kind === 'conntrack.new')!;
    const destroy = tb.world.trace.states.find((s) => s.kind === 'conntrack.destroy')!;
    expect(destroy.t - created.t).toBe(30 * SEC);
    expect(created.text).toBe('    [NEW] udp      17 30 src=192.168.150.1 dst=100.64.0.9 sport=5000 dport=7 [UNREPLIED] src=100.64.0.9 dst=100.64.0.2 sport=7 dport=5000');
    expect(destroy.text).toBe('[DESTROY] udp      17 src=192.168.150.1 dst=100.64.0.9 sport=5000 dport=7 src=100.64.0.9 dst=100.64.0.2 sport=7 dport=5000');
  });

  it('the timeouts are the sysctls: shortening one shortens new entries', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    tb.server.protocols.set(17, () => {});
    tb.router.host.fs.write('/proc/sys/net/netfilter/nf_conntrack_udp_timeout', '5\n');
    sendUdp(tb.client, '192.168.150.1', 5000, '100.64.0.9', 7);
    tb.world.sim.runUntil(SEC);
    expect(lines(tb.router)[0]).toMatch(/^udp {6}17 4 /);
    tb.world.sim.runUntil(6 * SEC);
    expect(lines(tb.router)).toEqual([]);
  });

  it('TCP: SYN_SENT 120, SYN_RECV 60, ESTABLISHED 432000 [ASSURED], then FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT 120', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    for (const st of [tb.server, tb.client]) st.protocols.set(6, () => {});
    const states: string[] = [];
    const step = (f: () => void) => {
      f();
      tb.world.sim.runUntil(tb.world.now + SEC / 10);
      const l = lines(tb.router)[0];
      states.push(l.replace(/ src=.*/, '') + (l.includes('[ASSURED]') ? ' [ASSURED]' : ''));
    };
    const c = (flags: number, seq: number, ack = 0) => () => sendTcp(tb.client, '192.168.150.1', 41234, '100.64.0.9', 80, flags, seq, ack);
    const s = (flags: number, seq: number, ack = 0) => () => sendTcp(tb.server, '100.64.0.9', 80, '100.64.0.2', 41234, flags, seq, ack);
    step(c(TCP_FLAG.SYN, 1000));
    step(s(TCP_FLAG.SYN | TCP_FLAG.ACK, 5000, 1001));
    step(c(TCP_FLAG.ACK, 1001, 5001));
    step(c(TCP_FLAG.FIN | TCP_FLAG.ACK, 1001, 5001));
    step(s(TCP_FLAG.ACK, 5001, 1002));
    step(s(TCP_FLAG.FIN | TCP_FLAG.ACK, 5001, 1002));
    step(c(TCP_FLAG.ACK, 1002, 5002));
    expect(states).toEqual([
      'tcp      6 119 SYN_SENT',
      'tcp      6 59 SYN_RECV',
      'tcp      6 431999 ESTABLISHED [ASSURED]',
      'tcp      6 119 FIN_WAIT [ASSURED]',
      'tcp      6 59 CLOSE_WAIT [ASSURED]',
      'tcp      6 29 LAST_ACK [ASSURED]',
      'tcp      6 119 TIME_WAIT [ASSURED]',
    ]);
    // /proc/net/nf_conntrack: kernel names, the layer-3 columns, zone and the reader's reference.
    expect(tb.router.host.fs.read('/proc/net/nf_conntrack')).toBe(
      'ipv4     2 tcp      6 119 TIME_WAIT src=192.168.150.1 dst=100.64.0.9 sport=41234 dport=80 src=100.64.0.9 dst=100.64.0.2 sport=80 dport=41234 [ASSURED] mark=0 zone=0 use=2\n',
    );
    expect(procNfConntrack([], tb.world.now)).toBe('');
  });

  it('TCP: a new SYN on a TIME_WAIT flow reopens it; a lone ACK is picked up as ESTABLISHED (nf_conntrack_tcp_loose)', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    for (const st of [tb.server, tb.client]) st.protocols.set(6, () => {});
    sendTcp(tb.client, '192.168.150.1', 40000, '100.64.0.9', 80, TCP_FLAG.ACK, 1, 1);
    tb.world.sim.runUntil(SEC / 10);
    expect(lines(tb.router)[0]).toMatch(/^tcp {6}6 431999 ESTABLISHED src=192\.168\.150\.1 .* \[UNREPLIED\] /);
    const ct = xtablesOf(tb.router).tracker!;
    ct.list()[0].tcpState = 7; // TIME_WAIT
    sendTcp(tb.client, '192.168.150.1', 40000, '100.64.0.9', 80, TCP_FLAG.SYN, 77);
    tb.world.sim.runUntil((2 * SEC) / 10);
    expect(lines(tb.router)).toHaveLength(1);
    expect(lines(tb.router)[0]).toMatch(/^tcp {6}6 119 SYN_SENT /);
  });

  it('TCP: an RST as the only answer removes the entry at once (connection refused), and is still translated back', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    tb.client.protocols.set(6, () => {});
    sendTcp(tb.client, '192.168.150.1', 41234, '100.64.0.9', 81, TCP_FLAG.SYN);
    tb.world.sim.runUntil(SEC / 10);
    sendTcp(tb.server, '100.64.0.9', 81, '100.64.0.2', 41234, TCP_FLAG.RST | TCP_FLAG.ACK, 0, 1001);
    tb.world.sim.runUntil(SEC);
    expect(lines(tb.router)).toEqual([]);
  });

  it('a packet no flow can start with (an unsolicited echo reply) stays untracked', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    tb.client.sendIp({ proto: 1, dst: A('100.64.0.9'), payload: buildIcmp({ type: 0, identifier: 9, sequence: 1, data: new Uint8Array(8) }) });
    tb.world.sim.runUntil(SEC);
    expect(lines(tb.router)).toEqual([]);
  });
});
