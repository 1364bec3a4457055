import { describe, expect, it } from 'vitest';
import { buildIcmp, ICMP_TYPE, parseIcmp } from '../../wire/icmp';
import { IP_PROTOCOL, parseIpv4 } from '../../wire/ipv4';
import { buildUdp, parseUdp } from '../../wire/udp';
import { buildTcp, parseTcp, TCP_FLAG } from '../../wire/tcp';
import { parseEthernet } from '../../wire/ethernet';
import { formatIpv4 } from '../../wire/addr';
import type { HopEvent } from '../../sim/trace';
import { ipHeaderLen, ipSrc, type Skb } from '../ip/skb';
import type { IpStack } from '../ip/stack';
import { conntrackLine } from './ct-format';
import { natTable, xtablesOf } from './index';
import { A, natTestbed } from './testbed';
import { Table } from './rules';

const SEC = 1_000_000;

/** `iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE`, built directly. */
function masquerade(router: IpStack): Table {
  const nat = xtablesOf(router).table('nat');
  nat.chain('POSTROUTING')!.rules.push({
    src: 0, smsk: 0, dst: 0, dmsk: 0, invSrc: false, invDst: false,
    inIface: '', outIface: 'eth1', invIn: false, invOut: false, proto: 0, invProto: false,
    matches: [],
    target: { kind: 'MASQUERADE', range: { mapIps: false, protoSpecified: false, random: false, persistent: false, minIp: 0, maxIp: 0, minPort: 0, maxPort: 0 } },
    pkts: 0, bytes: 0,
  });
  return nat;
}

const lines = (st: IpStack) => xtablesOf(st).tracker!.list().map((c) => conntrackLine(c, st.world.now));

function udp(st: IpStack, src: string, sport: number, dst: string, dport: number, data = 'q') {
  const payload = buildUdp({ srcPort: sport, dstPort: dport }, new TextEncoder().encode(data), A(src), A(dst));
  return st.sendIp({ proto: IP_PROTOCOL.UDP, src: A(src), dst: A(dst), payload });
}

function tcp(st: IpStack, src: string, sport: number, dst: string, dport: number, flags: number, seq = 1000, ack = 0) {
  const payload = buildTcp({ srcPort: sport, dstPort: dport, seq, ack, flags, window: 29200, urgentPointer: 0, options: [] }, new Uint8Array(0), A(src), A(dst));
  return st.sendIp({ proto: IP_PROTOCOL.TCP, src: A(src), dst: A(dst), payload });
}

/** Every IPv4 packet that crossed a link, decoded with checksums verified. */
function wire(hops: HopEvent[], link: string) {
  return hops
    .filter((h) => h.link === link)
    .map((h) => {
      const eth = parseEthernet(h.frame);
      if (!eth.ok || eth.value.repr.ethertype !== 0x0800) return null;
      const ip = parseIpv4(h.frame, eth.value.payloadOffset);
      if (!ip.ok) throw new Error(ip.error);
      const { src, dst, protocol } = ip.value.repr;
      const off = ip.value.payloadOffset;
      const len = ip.value.payloadLen;
      let l4 = '';
      if (protocol === 1) {
        const m = parseIcmp(h.frame, off, len);
        if (!m.ok) throw new Error(m.error);
        l4 = 'identifier' in m.value.repr ? `icmp ${m.value.repr.type} id=${m.value.repr.identifier}` : `icmp ${m.value.repr.type}/${m.value.repr.code}`;
      } else if (protocol === 17) {
        const u = parseUdp(h.frame, off, len, src, dst);
        if (!u.ok) throw new Error(u.error);
        l4 = `udp ${u.value.repr.srcPort}>${u.value.repr.dstPort}`;
      } else if (protocol === 6) {
        const t = parseTcp(h.frame, off, len, src, dst);
        if (!t.ok) throw new Error(t.error);
        l4 = `tcp ${t.value.repr.srcPort}>${t.value.repr.dstPort} flags=${t.value.repr.flags}`;
      }
      return `${h.from.node}>${h.to.node} ${formatIpv4(src)}>${formatIpv4(dst)} ${l4}`;
    })
    .filter((x): x is string => x !== null);
}

const hops = (tb: { world: { trace: { packets: unknown[] } } }) => tb.world.trace.packets.filter((p) => (p as HopEvent).type === 'hop') as HopEvent[];

describe('MASQUERADE round trip', () => {
  it('rewrites the ping source on the way out and restores the destination of the reply', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    const replies: string[] = [];
    tb.client.protocols.set(1, (skb: Skb) => {
      const m = parseIcmp(skb.data, ipHeaderLen(skb));
      if (m.ok && m.value.repr.type === ICMP_TYPE.ECHO_REPLY) replies.push(`${formatIpv4(ipSrc(skb))} id=${m.value.repr.identifier}`);
    });
    const ping = buildIcmp({ type: ICMP_TYPE.ECHO_REQUEST, identifier: 0x1234, sequence: 1, data: new Uint8Array(56) });
    expect(tb.client.sendIp({ proto: 1, dst: A('100.64.0.9'), payload: ping })).toBeNull();
    tb.world.sim.runUntil(2 * SEC);
    expect(replies).toEqual(['100.64.0.9 id=4660']);
    expect(wire(hops(tb), 'lan')).toEqual([
      'client>router 192.168.150.1>100.64.0.9 icmp 8 id=4660',
      'router>client 100.64.0.9>192.168.150.1 icmp 0 id=4660',
    ]);
    expect(wire(hops(tb), 'wan')).toEqual([
      'router>server 100.64.0.2>100.64.0.9 icmp 8 id=4660',
      'server>router 100.64.0.9>100.64.0.2 icmp 0 id=4660',
    ]);
    expect(lines(tb.router)).toEqual([
      'icmp     1 28 src=192.168.150.1 dst=100.64.0.9 type=8 code=0 id=4660 src=100.64.0.9 dst=100.64.0.2 type=0 code=0 id=4660 mark=0 use=1',
    ]);
    expect(natTable(tb.router).map((r) => r.text)).toEqual(['192.168.150.1:4660 → 100.64.0.2:4660 (SNAT) → 100.64.0.9:4660']);
  });

  it('without NAT the server cannot answer (it has no route back)', () => {
    const tb = natTestbed();
    const got: number[] = [];
    tb.client.protocols.set(1, () => got.push(1));
    tb.client.sendIp({ proto: 1, dst: A('100.64.0.9'), payload: buildIcmp({ type: 8, identifier: 1, sequence: 1, data: new Uint8Array(8) }) });
    tb.world.sim.runUntil(2 * SEC);
    expect(got).toEqual([]);
    expect(xtablesOf(tb.router).tracker).toBeNull();
  });

  it('UDP: source port kept when free, moved to 1024 on a clash; replies translated back with valid checksums', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    const atServer: string[] = [];
    tb.server.protocols.set(17, (skb: Skb) => {
      const u = parseUdp(skb.data, ipHeaderLen(skb), skb.data.length - ipHeaderLen(skb), ipSrc(skb), A('100.64.0.9'));
      if (!u.ok) throw new Error(u.error);
      atServer.push(`${formatIpv4(ipSrc(skb))}:${u.value.repr.srcPort}`);
      udp(tb.server, '100.64.0.9', 53, formatIpv4(ipSrc(skb)), u.value.repr.srcPort, 'answer');
    });
    const atClient: string[] = [];
    tb.client.protocols.set(17, (skb: Skb) => {
      const u = parseUdp(skb.data, ipHeaderLen(skb), skb.data.length - ipHeaderLen(skb), ipSrc(skb), A('192.168.150.1'));
      if (!u.ok) throw new Error(u.error);
      atClient.push(`from ${formatIpv4(ipSrc(skb))}:${u.value.repr.srcPort} to port ${u.value.repr.dstPort}`);
    });
    tb.router.protocols.set(17, () => {});
    // The router itself uses 100.64.0.2:40000 first (a null binding keeps it).
    udp(tb.router, '100.64.0.2', 40000, '100.64.0.9', 53);
    tb.world.sim.runUntil(1 * SEC);
    udp(tb.client, '192.168.150.1', 40000, '100.64.0.9', 53);
    tb.world.sim.runUntil(2 * SEC);
    udp(tb.client, '192.168.150.1', 40001, '100.64.0.9', 53);
    tb.world.sim.runUntil(3 * SEC);
    expect(atServer).toEqual(['100.64.0.2:40000', '100.64.0.2:1024', '100.64.0.2:40001']);
    expect(atClient).toEqual(['from 100.64.0.9:53 to port 40000', 'from 100.64.0.9:53 to port 40001']);
    expect(lines(tb.router)).toEqual([
      'udp      17 27 src=100.64.0.2 dst=100.64.0.9 sport=40000 dport=53 src=100.64.0.9 dst=100.64.0.2 sport=53 dport=40000 mark=0 use=1',
      'udp      17 28 src=192.168.150.1 dst=100.64.0.9 sport=40000 dport=53 src=100.64.0.9 dst=100.64.0.2 sport=53 dport=1024 mark=0 use=1',
      'udp      17 29 src=192.168.150.1 dst=100.64.0.9 sport=40001 dport=53 src=100.64.0.9 dst=100.64.0.2 sport=53 dport=40001 mark=0 use=1',
    ]);
  });
});

describe('conntrack states and timeouts', () => {
  it('UDP: 30 s unreplied, [UNREPLIED] until a reply, 180 s and [ASSURED] once a stream', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    tb.server.protocols.set(17, () => {});
    tb.client.protocols.set(17, () => {});
    udp(tb.client, '192.168.150.1', 5000, '100.64.0.9', 7);
    tb.world.sim.runUntil(SEC / 2);
    expect(lines(tb.router)).toEqual([
      'udp      17 29 src=192.168.150.1 dst=100.64.0.9 sport=5000 dport=7 [UNREPLIED] src=100.64.0.9 dst=100.64.0.2 sport=7 dport=5000 mark=0 use=1',
    ]);
    udp(tb.server, '100.64.0.9', 7, '100.64.0.2', 5000);
    tb.world.sim.runUntil(SEC);
    expect(lines(tb.router)[0]).toMatch(/^udp {6}17 29 src=.* sport=5000 dport=7 src=.* dport=5000 mark=0 use=1$/);
    udp(tb.client, '192.168.150.1', 5000, '100.64.0.9', 7);
    tb.world.sim.runUntil(2 * SEC);
    expect(lines(tb.router)[0]).toMatch(/^udp {6}17 179 .* \[ASSURED\] mark=0 use=1$/);
  });

  it('an entry disappears when its timeout runs out, with a destroy event at that instant', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    tb.server.protocols.set(17, () => {});
    udp(tb.client, '192.168.150.1', 5000, '100.64.0.9', 7);
    tb.world.sim.runUntil(29 * SEC);
    expect(lines(tb.router)).toHaveLength(1);
    tb.world.sim.runUntil(31 * SEC);
    expect(lines(tb.router)).toEqual([]);
    const destroy = tb.world.trace.states.find((s) => s.kind === 'conntrack.destroy')!;
    const created = tb.world.trace.states.find((s) => s.kind === 'conntrack.new')!;
    expect(destroy.t - created.t).toBe(30 * SEC);
    expect(destroy.text).toBe('[DESTROY] udp      17 src=192.168.150.1 dst=100.64.0.9 sport=5000 dport=7 src=100.64.0.9 dst=100.64.0.2 sport=7 dport=5000');
  });

  it('TCP: SYN_SENT 120, SYN_RECV 60, ESTABLISHED 432000 [ASSURED], FIN → TIME_WAIT 120', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    for (const st of [tb.server, tb.client]) st.protocols.set(6, () => {});
    const states: string[] = [];
    const step = (f: () => void) => {
      f();
      tb.world.sim.runUntil(tb.world.now + SEC / 10);
      states.push(lines(tb.router)[0].replace(/src=.*/, '').trim() + (lines(tb.router)[0].includes('[ASSURED]') ? ' A' : ''));
    };
    step(() => tcp(tb.client, '192.168.150.1', 41234, '100.64.0.9', 80, TCP_FLAG.SYN, 1000));
    step(() => tcp(tb.server, '100.64.0.9', 80, '100.64.0.2', 41234, TCP_FLAG.SYN | TCP_FLAG.ACK, 5000, 1001));
    step(() => tcp(tb.client, '192.168.150.1', 41234, '100.64.0.9', 80, TCP_FLAG.ACK, 1001, 5001));
    step(() => tcp(tb.client, '192.168.150.1', 41234, '100.64.0.9', 80, TCP_FLAG.FIN | TCP_FLAG.ACK, 1001, 5001));
    step(() => tcp(tb.server, '100.64.0.9', 80, '100.64.0.2', 41234, TCP_FLAG.ACK, 5001, 1002));
    step(() => tcp(tb.server, '100.64.0.9', 80, '100.64.0.2', 41234, TCP_FLAG.FIN | TCP_FLAG.ACK, 5001, 1002));
    step(() => tcp(tb.client, '192.168.150.1', 41234, '100.64.0.9', 80, TCP_FLAG.ACK, 1002, 5002));
    expect(states).toEqual([
      'tcp      6 119 SYN_SENT',
      'tcp      6 59 SYN_RECV',
      'tcp      6 431999 ESTABLISHED A',
      'tcp      6 119 FIN_WAIT A',
      'tcp      6 59 CLOSE_WAIT A',
      'tcp      6 29 LAST_ACK A',
      'tcp      6 119 TIME_WAIT A',
    ]);
  });

  it('TCP: an RST as the only answer removes the entry at once (connection refused)', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    tb.client.protocols.set(6, () => {});
    tcp(tb.client, '192.168.150.1', 41234, '100.64.0.9', 81, TCP_FLAG.SYN);
    // The server has no TCP: answer by hand with RST,ACK.
    tb.world.sim.runUntil(SEC / 10);
    tcp(tb.server, '100.64.0.9', 81, '100.64.0.2', 41234, TCP_FLAG.RST | TCP_FLAG.ACK, 0, 1001);
    tb.world.sim.runUntil(SEC);
    expect(lines(tb.router)).toEqual([]);
    expect(wire(hops(tb), 'lan').at(-1)).toBe(`router>client 100.64.0.9>192.168.150.1 tcp 81>41234 flags=${TCP_FLAG.RST | TCP_FLAG.ACK}`);
  });

  it('an ICMP error about a translated flow is RELATED and translated inside and out', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    // The server has no UDP at all: it answers protocol unreachable.
    udp(tb.client, '192.168.150.1', 5000, '100.64.0.9', 9);
    const errors: string[] = [];
    tb.client.protocols.set(1, (skb: Skb) => {
      const m = parseIcmp(skb.data, ipHeaderLen(skb));
      if (!m.ok || !('original' in m.value.repr)) return;
      const inner = parseIpv4(m.value.repr.original, 0, m.value.repr.original.length, { quoted: true });
      if (!inner.ok) throw new Error(inner.error);
      const u = parseUdp(m.value.repr.original, inner.value.payloadOffset, inner.value.payloadLen, inner.value.repr.src, inner.value.repr.dst);
      if (!u.ok) throw new Error(u.error);
      errors.push(`${m.value.repr.type}/${m.value.repr.code} about ${formatIpv4(inner.value.repr.src)}:${u.value.repr.srcPort}>${formatIpv4(inner.value.repr.dst)}:${u.value.repr.dstPort}`);
    });
    tb.world.sim.runUntil(SEC);
    expect(errors).toEqual(['3/2 about 192.168.150.1:5000>100.64.0.9:9']);
  });
});
