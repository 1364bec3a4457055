import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../../wire/addr';
import { buildIcmp, ICMP_TYPE, parseIcmp } from '../../wire/icmp';
import { parseIpv4 } from '../../wire/ipv4';
import { TCP_FLAG } from '../../wire/tcp';
import { parseUdp } from '../../wire/udp';
import { ipHeaderLen, ipSrc, type Skb } from '../ip/skb';
import type { IpStack } from '../ip/stack';
import { conntrackLine } from './ct-format';
import { natTable } from './index';
import { xtablesOf } from './xtables';
import { A, anyRange, masquerade, natTestbed, rule, SEC, sendTcp, sendUdp, wire } from './testbed';

const lines = (st: IpStack) => xtablesOf(st).tracker!.list().map((c) => conntrackLine(c, st.world.now));

describe('MASQUERADE (S-NAT)', () => {
  it('rewrites the ping source on the way out and restores the destination of the reply; checksums stay valid', () => {
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
    expect(wire(tb.world, 'lan')).toEqual([
      'client>router 192.168.150.1>100.64.0.9 icmp 8 id=4660',
      'router>client 100.64.0.9>192.168.150.1 icmp 0 id=4660',
    ]);
    expect(wire(tb.world, 'wan')).toEqual([
      'router>server 100.64.0.2>100.64.0.9 icmp 8 id=4660',
      'server>router 100.64.0.9>100.64.0.2 icmp 0 id=4660',
    ]);
    expect(lines(tb.router)).toEqual([
      'icmp     1 28 src=192.168.150.1 dst=100.64.0.9 type=8 code=0 id=4660 src=100.64.0.9 dst=100.64.0.2 type=0 code=0 id=4660 mark=0 use=1',
    ]);
    expect(natTable(tb.router)).toEqual([
      expect.objectContaining({ proto: 'icmp', state: '', expires: 28, snat: true, dnat: false, assured: false, unreplied: false, text: '192.168.150.1:4660 → 100.64.0.2:4660 (SNAT) → 100.64.0.9:4660' }),
    ]);
  });

  it('without NAT the server cannot answer: it has no route back to the LAN', () => {
    const tb = natTestbed();
    const got: number[] = [];
    tb.client.protocols.set(1, () => got.push(1));
    tb.client.sendIp({ proto: 1, dst: A('100.64.0.9'), payload: buildIcmp({ type: 8, identifier: 1, sequence: 1, data: new Uint8Array(8) }) });
    tb.world.sim.runUntil(2 * SEC);
    expect(got).toEqual([]);
    expect(natTable(tb.router)).toEqual([]);
  });

  it('TCP: the handshake crosses with the source rewritten out and the destination restored back', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    for (const st of [tb.server, tb.client]) st.protocols.set(6, () => {});
    sendTcp(tb.client, '192.168.150.1', 41234, '100.64.0.9', 80, TCP_FLAG.SYN, 1000);
    tb.world.sim.runUntil(SEC / 10);
    sendTcp(tb.server, '100.64.0.9', 80, '100.64.0.2', 41234, TCP_FLAG.SYN | TCP_FLAG.ACK, 5000, 1001);
    tb.world.sim.runUntil(SEC);
    expect(wire(tb.world, 'wan')).toEqual(['router>server 100.64.0.2>100.64.0.9 tcp 41234>80 [SYN]', 'server>router 100.64.0.9>100.64.0.2 tcp 80>41234 [SYN, ACK]']);
    expect(wire(tb.world, 'lan')).toEqual(['client>router 192.168.150.1>100.64.0.9 tcp 41234>80 [SYN]', 'router>client 100.64.0.9>192.168.150.1 tcp 80>41234 [SYN, ACK]']);
  });

  it('UDP: the source port is kept when free and moved to 1024 on a clash; replies come back to the right port', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    const atServer: string[] = [];
    tb.server.protocols.set(17, (skb: Skb) => {
      const hl = ipHeaderLen(skb);
      const u = parseUdp(skb.data, hl, skb.data.length - hl, ipSrc(skb), A('100.64.0.9'));
      if (!u.ok) throw new Error(u.error);
      atServer.push(`${formatIpv4(ipSrc(skb))}:${u.value.repr.srcPort}`);
      sendUdp(tb.server, '100.64.0.9', 53, formatIpv4(ipSrc(skb)), u.value.repr.srcPort, 'answer');
    });
    const atClient: number[] = [];
    tb.client.protocols.set(17, (skb: Skb) => atClient.push((skb.data[ipHeaderLen(skb) + 2] << 8) | skb.data[ipHeaderLen(skb) + 3]));
    tb.router.protocols.set(17, () => {});
    // The router itself uses 100.64.0.2:40000 first (a null binding keeps it).
    sendUdp(tb.router, '100.64.0.2', 40000, '100.64.0.9', 53);
    tb.world.sim.runUntil(SEC);
    sendUdp(tb.client, '192.168.150.1', 40000, '100.64.0.9', 53);
    tb.world.sim.runUntil(2 * SEC);
    sendUdp(tb.client, '192.168.150.1', 40001, '100.64.0.9', 53);
    tb.world.sim.runUntil(3 * SEC);
    expect(atServer).toEqual(['100.64.0.2:40000', '100.64.0.2:1024', '100.64.0.2:40001']);
    expect(atClient).toEqual([40000, 40001]);
    expect(lines(tb.router)).toEqual([
      'udp      17 27 src=100.64.0.2 dst=100.64.0.9 sport=40000 dport=53 src=100.64.0.9 dst=100.64.0.2 sport=53 dport=40000 mark=0 use=1',
      'udp      17 28 src=192.168.150.1 dst=100.64.0.9 sport=40000 dport=53 src=100.64.0.9 dst=100.64.0.2 sport=53 dport=1024 mark=0 use=1',
      'udp      17 29 src=192.168.150.1 dst=100.64.0.9 sport=40001 dport=53 src=100.64.0.9 dst=100.64.0.2 sport=53 dport=40001 mark=0 use=1',
    ]);
  });

  it('an ICMP error about a translated flow is RELATED: its quoted packet and outer header are translated back', () => {
    const tb = natTestbed();
    masquerade(tb.router);
    sendUdp(tb.client, '192.168.150.1', 5000, '100.64.0.9', 9); // the server has no UDP: protocol unreachable
    const errors: string[] = [];
    tb.client.protocols.set(1, (skb: Skb) => {
      const m = parseIcmp(skb.data, ipHeaderLen(skb));
      if (!m.ok || !('original' in m.value.repr)) return;
      const o = m.value.repr.original;
      const inner = parseIpv4(o, 0, o.length, { quoted: true });
      if (!inner.ok) throw new Error(inner.error);
      const u = parseUdp(o, inner.value.payloadOffset, inner.value.payloadLen, inner.value.repr.src, inner.value.repr.dst);
      if (!u.ok) throw new Error(u.error);
      errors.push(`${m.value.repr.type}/${m.value.repr.code} about ${formatIpv4(inner.value.repr.src)}:${u.value.repr.srcPort}>${formatIpv4(inner.value.repr.dst)}:${u.value.repr.dstPort}`);
    });
    tb.world.sim.runUntil(SEC);
    expect(errors).toEqual(['3/2 about 192.168.150.1:5000>100.64.0.9:9']);
    expect(wire(tb.world, 'wan').at(-1)).toBe('server>router 100.64.0.9>100.64.0.2 icmp 3/2');
    expect(wire(tb.world, 'lan').at(-1)).toBe('router>client 100.64.0.9>192.168.150.1 icmp 3/2');
  });
});

describe('DNAT (port forwarding)', () => {
  it('the router forwards its port 8080 to the server port 80; the answer leaves from 8080 again', () => {
    const tb = natTestbed();
    // Port forward the other way round: the "server" is on the LAN, the client on the WAN side.
    const nat = xtablesOf(tb.router).table('nat');
    nat.chain('PREROUTING')!.rules.push(
      rule(
        { kind: 'DNAT', range: { ...anyRange, mapIps: true, protoSpecified: true, minIp: A('192.168.150.1'), maxIp: A('192.168.150.1'), minPort: 80, maxPort: 80 } },
        { proto: 6, dst: A('100.64.0.2'), dmsk: 0xffffffff, matches: [{ name: 'tcp', sport: [0, 0xffff], dport: [8080, 8080], invSport: false, invDport: false }] },
      ),
    );
    tb.server.protocols.set(6, () => {});
    tb.client.protocols.set(6, (skb: Skb) => {
      // the web server on the LAN answers SYN,ACK to whoever asked
      sendTcp(tb.client, '192.168.150.1', 80, formatIpv4(ipSrc(skb)), 33333, TCP_FLAG.SYN | TCP_FLAG.ACK, 9000, 101);
    });
    // The LAN host needs no route to the WAN side: replies go back through its gateway, the router.
    sendTcp(tb.server, '100.64.0.9', 33333, '100.64.0.2', 8080, TCP_FLAG.SYN, 100);
    tb.world.sim.runUntil(SEC);
    expect(wire(tb.world, 'wan')).toEqual([
      'server>router 100.64.0.9>100.64.0.2 tcp 33333>8080 [SYN]',
      'router>server 100.64.0.2>100.64.0.9 tcp 8080>33333 [SYN, ACK]',
    ]);
    expect(wire(tb.world, 'lan')).toEqual([
      'router>client 100.64.0.9>192.168.150.1 tcp 33333>80 [SYN]',
      'client>router 192.168.150.1>100.64.0.9 tcp 80>33333 [SYN, ACK]',
    ]);
    expect(lines(tb.router)).toEqual([
      'tcp      6 59 SYN_RECV src=100.64.0.9 dst=100.64.0.2 sport=33333 dport=8080 src=192.168.150.1 dst=100.64.0.9 sport=80 dport=33333 mark=0 use=1',
    ]);
    expect(natTable(tb.router)[0].text).toBe('100.64.0.9:33333 → 100.64.0.2:8080 → 192.168.150.1:80 (DNAT)');
  });

  it("OUTPUT DNAT: the host's own packet is re-routed to the new destination, and the answer comes back from the old one", () => {
    const tb = natTestbed();
    xtablesOf(tb.router).table('nat').chain('OUTPUT')!.rules.push(
      rule({ kind: 'DNAT', range: { ...anyRange, mapIps: true, minIp: A('100.64.0.9'), maxIp: A('100.64.0.9') } }, { dst: A('100.64.0.50'), dmsk: 0xffffffff }),
    );
    const from: string[] = [];
    tb.router.protocols.set(1, (skb: Skb) => {
      if (skb.data[ipHeaderLen(skb)] === ICMP_TYPE.ECHO_REPLY) from.push(formatIpv4(ipSrc(skb)));
    });
    tb.router.sendIp({ proto: 1, dst: A('100.64.0.50'), payload: buildIcmp({ type: 8, identifier: 5, sequence: 1, data: new Uint8Array(8) }) });
    tb.world.sim.runUntil(SEC);
    expect(wire(tb.world, 'wan')).toEqual(['router>server 100.64.0.2>100.64.0.9 icmp 8 id=5', 'server>router 100.64.0.9>100.64.0.2 icmp 0 id=5']);
    expect(from).toEqual(['100.64.0.50']);
  });
});
