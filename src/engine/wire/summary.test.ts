import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PcapWriter } from '../pcap/pcap';
import { MAC_BROADCAST, parseIpv4 as ip, parseMac as mac } from './addr';
import { ARP_LEN, arpReply, arpRequest, emitArp, gratuitousArp, type ArpRepr } from './arp';
import { dnsAnswerA, dnsQuery, emitDns } from './dns';
import { buildEthernetFrame, ETHERTYPE } from './ethernet';
import { buildIcmp, quoteOriginal, type IcmpRepr } from './icmp';
import { buildIpv4Packet, IP_PROTOCOL, setIpv4Checksum, type Ipv4Repr } from './ipv4';
import { frameKind, summarizeFrame, tcpFlagsLabel } from './summary';
import { buildTcp, linuxSynOptions, linuxTimestampOptions, TCP_FLAG, type TcpRepr } from './tcp';
import { encodeLatin1 } from './text';
import { buildUdp } from './udp';
import { buildVrrp, VRRP_IP, vrrpAdvert } from './vrrp';

// Every expected line below is what `tcpdump -n -S` 4.99 prints for the same
// bytes (checked by writing them to a pcap), except the IP-in-IP suffix, which
// is tcpdump 4.9's (see summary.ts).
const HOST = mac('00:50:56:c0:00:08')!;
const DIR = mac('00:0c:29:3a:5b:7c')!;
const RS = mac('00:0c:29:8e:1f:2d')!;
const CIP = ip('192.168.150.1')!;
const VIP = ip('192.168.150.100')!;
const DIP = ip('192.168.150.11')!;
const RIP = ip('192.168.150.12')!;
const BAIDU = ip('61.135.169.125')!;
const ALIDNS = ip('223.5.5.5')!;

const ipRepr = (src: number, dst: number, protocol: number, o: Partial<Ipv4Repr> = {}): Omit<Ipv4Repr, 'totalLength'> => ({
  tos: 0,
  identification: 0x1c46,
  dontFragment: true,
  moreFragments: false,
  fragmentOffset: 0,
  ttl: 64,
  protocol,
  src,
  dst,
  ...o,
});
const ipv4Frame = (dst: number, src: number, pkt: Uint8Array) => buildEthernetFrame({ dst, src, ethertype: ETHERTYPE.IPV4 }, pkt);
const arpFrame = (dst: number, src: number, repr: ArpRepr) => {
  const b = new Uint8Array(ARP_LEN);
  emitArp(repr, b, 0);
  return buildEthernetFrame({ dst, src, ethertype: ETHERTYPE.ARP }, b);
};
const tcp = (src: number, dst: number, t: Partial<TcpRepr>, payload = '') =>
  buildIpv4Packet(
    ipRepr(src, dst, IP_PROTOCOL.TCP),
    buildTcp({ srcPort: 41234, dstPort: 80, seq: 0, ack: 0, flags: 0, window: 502, urgentPointer: 0, options: [], ...t }, encodeLatin1(payload), src, dst),
  );
const icmp = (src: number, dst: number, repr: IcmpRepr) =>
  ipv4Frame(HOST, DIR, buildIpv4Packet(ipRepr(src, dst, IP_PROTOCOL.ICMP, { tos: 0xc0, dontFragment: false }), buildIcmp(repr)));

const SYN = tcp(CIP, VIP, { seq: 123, flags: TCP_FLAG.SYN, window: 64240, options: linuxSynOptions(1000) });
const UDP = buildIpv4Packet(ipRepr(CIP, VIP, IP_PROTOCOL.UDP), buildUdp({ srcPort: 40000, dstPort: 9999 }, encodeLatin1('hello'), CIP, VIP));
const PING = buildIcmp({ type: 8, identifier: 1, sequence: 1, data: new Uint8Array(56).map((_, i) => (i < 16 ? 0 : i)) });
const QUERY = dnsQuery(12345, 'www.baidu.com');

const frames = {
  arpRequest: arpFrame(MAC_BROADCAST, HOST, arpRequest(HOST, CIP, VIP)),
  arpReply: arpFrame(HOST, DIR, arpReply(DIR, VIP, HOST, CIP)),
  garp: arpFrame(MAC_BROADCAST, DIR, gratuitousArp(DIR, VIP)),
  ping: ipv4Frame(DIR, HOST, buildIpv4Packet(ipRepr(CIP, BAIDU, IP_PROTOCOL.ICMP), PING)),
  syn: ipv4Frame(DIR, HOST, SYN),
  synAck: ipv4Frame(HOST, DIR, tcp(VIP, CIP, { srcPort: 80, dstPort: 41234, seq: 9000, ack: 124, flags: TCP_FLAG.SYN | TCP_FLAG.ACK, window: 65160, options: linuxSynOptions(2000, 1460, 7, 1000) })),
  get: ipv4Frame(DIR, HOST, tcp(CIP, VIP, { seq: 124, ack: 9001, flags: TCP_FLAG.PSH | TCP_FLAG.ACK, options: linuxTimestampOptions(1001, 5000) }, 'GET / HTTP/1.1\r\nHost: 192.168.150.100\r\n\r\n')),
  response: ipv4Frame(HOST, DIR, tcp(VIP, CIP, { srcPort: 80, dstPort: 41234, seq: 9001, ack: 165, flags: TCP_FLAG.PSH | TCP_FLAG.ACK, window: 509 }, 'HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n')),
  body: ipv4Frame(HOST, DIR, tcp(VIP, CIP, { srcPort: 80, dstPort: 41234, seq: 9001, ack: 165, flags: TCP_FLAG.PSH | TCP_FLAG.ACK, window: 509 }, '<html>hello</html>\n')),
  finAck: ipv4Frame(HOST, DIR, tcp(VIP, CIP, { srcPort: 80, dstPort: 41234, seq: 9001, ack: 165, flags: TCP_FLAG.FIN | TCP_FLAG.ACK, window: 509 })),
  rst: ipv4Frame(HOST, DIR, tcp(VIP, CIP, { srcPort: 80, dstPort: 41234, ack: 124, flags: TCP_FLAG.RST | TCP_FLAG.ACK, window: 0 })),
  dnsQuery: ipv4Frame(DIR, HOST, buildIpv4Packet(ipRepr(CIP, ALIDNS, IP_PROTOCOL.UDP, { dontFragment: false }), buildUdp({ srcPort: 53001, dstPort: 53 }, emitDns(QUERY), CIP, ALIDNS))),
  dnsAnswer: ipv4Frame(HOST, DIR, buildIpv4Packet(ipRepr(ALIDNS, CIP, IP_PROTOCOL.UDP, { ttl: 117 }), buildUdp({ srcPort: 53, dstPort: 53001 }, emitDns(dnsAnswerA(QUERY, 300, [BAIDU])), ALIDNS, CIP))),
  udp: ipv4Frame(DIR, HOST, UDP),
  vrrp: ipv4Frame(
    0x01005e000012,
    DIR,
    buildIpv4Packet(
      ipRepr(DIP, VRRP_IP.MULTICAST_GROUP, IP_PROTOCOL.VRRP, { tos: 0xc0, identification: 0, dontFragment: false, ttl: 255 }),
      buildVrrp(vrrpAdvert({ vrid: 51, priority: 100, addresses: [VIP], password: '1111' })),
    ),
  ),
  ipipSyn: ipv4Frame(RS, DIR, buildIpv4Packet(ipRepr(DIP, RIP, IP_PROTOCOL.IPIP, { identification: 0x0457 }), SYN)),
  tcpPortUnreach: icmp(VIP, CIP, { type: 3, code: 3, nextHopMtu: 0, original: quoteOriginal(SYN) }),
  udpPortUnreach: icmp(VIP, CIP, { type: 3, code: 3, nextHopMtu: 0, original: UDP.slice(0, 28) }),
  hostUnreach: icmp(DIP, CIP, { type: 3, code: 1, nextHopMtu: 0, original: UDP.slice(0, 28) }),
  fragNeeded: icmp(DIP, CIP, { type: 3, code: 4, nextHopMtu: 1480, original: quoteOriginal(SYN) }),
  ttlExceeded: icmp(DIP, CIP, { type: 11, code: 0, original: quoteOriginal(SYN) }),
};

describe('summarizeFrame (tcpdump -n)', () => {
  it.each([
    ['arpRequest', 'ARP, Request who-has 192.168.150.100 tell 192.168.150.1, length 46'],
    ['arpReply', 'ARP, Reply 192.168.150.100 is-at 00:0c:29:3a:5b:7c, length 46'],
    ['garp', 'ARP, Request who-has 192.168.150.100 (ff:ff:ff:ff:ff:ff) tell 192.168.150.100, length 46'],
    ['ping', 'IP 192.168.150.1 > 61.135.169.125: ICMP echo request, id 1, seq 1, length 64'],
    ['syn', 'IP 192.168.150.1.41234 > 192.168.150.100.80: Flags [S], seq 123, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0'],
    ['synAck', 'IP 192.168.150.100.80 > 192.168.150.1.41234: Flags [S.], seq 9000, ack 124, win 65160, options [mss 1460,sackOK,TS val 2000 ecr 1000,nop,wscale 7], length 0'],
    ['get', 'IP 192.168.150.1.41234 > 192.168.150.100.80: Flags [P.], seq 124:165, ack 9001, win 502, options [nop,nop,TS val 1001 ecr 5000], length 41: HTTP: GET / HTTP/1.1'],
    ['response', 'IP 192.168.150.100.80 > 192.168.150.1.41234: Flags [P.], seq 9001:9035, ack 165, win 509, length 34: HTTP: HTTP/1.1 200 OK'],
    ['body', 'IP 192.168.150.100.80 > 192.168.150.1.41234: Flags [P.], seq 9001:9020, ack 165, win 509, length 19: HTTP'],
    ['finAck', 'IP 192.168.150.100.80 > 192.168.150.1.41234: Flags [F.], seq 9001, ack 165, win 509, length 0'],
    ['rst', 'IP 192.168.150.100.80 > 192.168.150.1.41234: Flags [R.], seq 0, ack 124, win 0, length 0'],
    ['dnsQuery', 'IP 192.168.150.1.53001 > 223.5.5.5.53: 12345+ A? www.baidu.com. (31)'],
    ['dnsAnswer', 'IP 223.5.5.5.53 > 192.168.150.1.53001: 12345 1/0/0 A 61.135.169.125 (47)'],
    ['udp', 'IP 192.168.150.1.40000 > 192.168.150.100.9999: UDP, length 5'],
    ['vrrp', 'IP 192.168.150.11 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100, authtype simple, intvl 1s, length 20'],
    ['ipipSyn', 'IP 192.168.150.11 > 192.168.150.12: IP 192.168.150.1.41234 > 192.168.150.100.80: Flags [S], seq 123, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0 (ipip-proto-4)'],
    ['tcpPortUnreach', 'IP 192.168.150.100 > 192.168.150.1: ICMP 192.168.150.100 tcp port 80 unreachable, length 68'],
    ['udpPortUnreach', 'IP 192.168.150.100 > 192.168.150.1: ICMP 192.168.150.100 udp port 9999 unreachable, length 36'],
    ['hostUnreach', 'IP 192.168.150.11 > 192.168.150.1: ICMP host 192.168.150.100 unreachable, length 36'],
    ['fragNeeded', 'IP 192.168.150.11 > 192.168.150.1: ICMP 192.168.150.100 unreachable - need to frag (mtu 1480), length 68'],
    ['ttlExceeded', 'IP 192.168.150.11 > 192.168.150.1: ICMP time exceeded in-transit, length 68'],
  ] as const)('%s', (name, line) => {
    expect(summarizeFrame(frames[name])).toBe(line);
  });

  it('ARP length is what follows the Ethernet header (28 when unpadded, as on the sender)', () => {
    expect(summarizeFrame(frames.arpRequest.subarray(0, 42))).toBe('ARP, Request who-has 192.168.150.100 tell 192.168.150.1, length 28');
  });

  it('malformed and unknown frames', () => {
    expect(summarizeFrame(new Uint8Array(8))).toBe('[|ether]');
    const other = frames.udp.slice();
    other[12] = 0x88;
    other[13] = 0xb5;
    expect(summarizeFrame(other)).toBe('00:50:56:c0:00:08 > 00:0c:29:3a:5b:7c, ethertype Unknown (0x88b5), length 60');
    const cut = frames.ping.slice(0, 60);
    expect(summarizeFrame(cut)).toBe('IP truncated-ip - 38 bytes missing! 192.168.150.1 > 61.135.169.125: ICMP echo request, id 1, seq 1, length 64');
    const frag = frames.udp.slice();
    frag[14 + 7] = 2; // Fragment Offset 16 bytes: not the first fragment
    setIpv4Checksum(frag, 14);
    expect(summarizeFrame(frag)).toBe('IP 192.168.150.1 > 192.168.150.100: ip-proto-17');
    const gre = frames.udp.slice();
    gre[14 + 9] = 253; // unassigned (RFC 3692 experimentation)
    expect(summarizeFrame(gre)).toBe('IP 192.168.150.1 > 192.168.150.100:  ip-proto-253 13');
  });
});

describe('frameKind / tcpFlagsLabel', () => {
  it('classifies frames for the UI', () => {
    const kinds = Object.fromEntries(Object.entries(frames).map(([k, f]) => [k, frameKind(f)]));
    expect(kinds).toMatchObject({
      arpRequest: 'arp',
      garp: 'arp',
      ping: 'icmp',
      syn: 'tcp',
      get: 'tcp',
      dnsQuery: 'dns',
      dnsAnswer: 'dns',
      udp: 'udp',
      vrrp: 'vrrp',
      ipipSyn: 'ipip',
      tcpPortUnreach: 'icmp',
    });
    expect(frameKind(new Uint8Array(3))).toBe('other');
  });

  it('labels TCP flags, looking inside IP-in-IP', () => {
    expect(tcpFlagsLabel(frames.syn)).toBe('SYN');
    expect(tcpFlagsLabel(frames.synAck)).toBe('SYN-ACK');
    expect(tcpFlagsLabel(frames.get)).toBe('PSH-ACK');
    expect(tcpFlagsLabel(frames.finAck)).toBe('FIN-ACK');
    expect(tcpFlagsLabel(frames.rst)).toBe('RST-ACK');
    expect(tcpFlagsLabel(frames.ipipSyn)).toBe('SYN');
    expect(tcpFlagsLabel(ipv4Frame(DIR, HOST, tcp(CIP, VIP, { flags: TCP_FLAG.ACK })))).toBe('ACK');
    expect(tcpFlagsLabel(ipv4Frame(DIR, HOST, tcp(CIP, VIP, { flags: TCP_FLAG.RST })))).toBe('RST');
    expect(tcpFlagsLabel(frames.ping)).toBeUndefined();
    expect(tcpFlagsLabel(frames.arpReply)).toBeUndefined();
    expect(tcpFlagsLabel(frames.tcpPortUnreach)).toBeUndefined();
  });

  it('never throw on random or mutated frames', () => {
    const all = Object.values(frames);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        summarizeFrame(b);
        frameKind(b);
        tcpFlagsLabel(b);
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        (orig, edits, cut) => {
          const f = orig.slice();
          for (const [i, v] of edits) f[12 + (i % (f.length - 12))] = v;
          const g = f.subarray(0, f.length - (cut % 30));
          expect(typeof summarizeFrame(g)).toBe('string');
          expect(summarizeFrame(g)).not.toMatch(/dissector error/);
          frameKind(g);
          tcpFlagsLabel(g);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------- differential check against the real tcpdump

const tcpdumpAvailable = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' }).status === 0;

/** Random ARP, ICMP (echo, unreachable, time exceeded), IP-in-IP, fragments and unknown protocols. */
function randomFrames(): Uint8Array[] {
  const u8 = fc.integer({ min: 0, max: 255 });
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const u32 = fc.nat({ max: 0xffff_ffff });
  const macA = fc.integer({ min: 0, max: 2 ** 48 - 1 });
  const arp = fc
    .tuple(fc.constantFrom(1, 2), macA, u32, macA, u32, fc.boolean())
    .map(([op, sha, spa, tha, tpa, pad]) => {
      const f = arpFrame(MAC_BROADCAST, sha, { operation: op as 1 | 2, senderHardwareAddr: sha, senderProtocolAddr: spa, targetHardwareAddr: tha, targetProtocolAddr: tpa });
      return pad ? f : f.slice(0, 42);
    });
  const inner = fc.tuple(fc.constantFrom(IP_PROTOCOL.TCP, IP_PROTOCOL.UDP, IP_PROTOCOL.ICMP, 222), u32, u32, fc.uint8Array({ minLength: 8, maxLength: 40 }));
  const icmpRepr: fc.Arbitrary<IcmpRepr> = fc.oneof(
    fc.record({ type: fc.constantFrom(0 as const, 8 as const), identifier: u16, sequence: u16, data: fc.uint8Array({ maxLength: 64 }) }),
    fc.tuple(fc.integer({ min: 0, max: 16 }), u16, inner).map(([code, mtu, [p, s, d, data]]): IcmpRepr => ({
      type: 3,
      code,
      nextHopMtu: code === 4 ? mtu : 0,
      original: buildIpv4Packet(ipRepr(s, d, p), data).slice(0, 28),
    })),
    fc.tuple(fc.integer({ min: 0, max: 2 }), inner).map(([code, [p, s, d, data]]): IcmpRepr => ({ type: 11, code, original: quoteOriginal(buildIpv4Packet(ipRepr(s, d, p), data)) })),
  );
  const icmpPacket = fc.tuple(icmpRepr, u32, u32, u8).map(([r, s, d, ttl]) => buildIpv4Packet(ipRepr(s, d, IP_PROTOCOL.ICMP, { ttl }), buildIcmp(r)));
  const ipip = fc.tuple(icmpPacket, u32, u32).map(([p, s, d]) => buildIpv4Packet(ipRepr(s, d, IP_PROTOCOL.IPIP), p));
  const unknown = fc.tuple(fc.integer({ min: 200, max: 252 }), u32, u32, fc.uint8Array({ maxLength: 30 })).map(([p, s, d, data]) => buildIpv4Packet(ipRepr(s, d, p), data));
  const fragment = fc.tuple(fc.integer({ min: 1, max: 0x1fff }), u32, u32, fc.uint8Array({ maxLength: 30 })).map(([fo, s, d, data]) =>
    buildIpv4Packet(ipRepr(s, d, IP_PROTOCOL.UDP, { fragmentOffset: fo, dontFragment: false }), data),
  );
  const ipFrame = fc.oneof(icmpPacket, ipip, unknown, fragment).map((p) => ipv4Frame(DIR, HOST, p));
  return fc.sample(fc.oneof(arp, ipFrame), { numRuns: 400, seed: 20240611 });
}

describe.skipIf(!tcpdumpAvailable)('summarizeFrame matches tcpdump 4.99 on random frames', () => {
  it('prints every line as tcpdump -nn -S -t does (IP-in-IP suffix aside)', () => {
    const frames = randomFrames();
    const w = new PcapWriter();
    frames.forEach((f, i) => w.add(i, f));
    const path = join(mkdtempSync(join(tmpdir(), 'lvslab-summary-')), 'x.pcap');
    writeFileSync(path, w.toBytes());
    const out = spawnSync('tcpdump', ['-nn', '-S', '-t', '-r', path], { encoding: 'utf8' });
    const theirs = out.stdout.trimEnd().split('\n');
    const ours = frames.map((f) => summarizeFrame(f).replaceAll(' (ipip-proto-4)', ''));
    expect(ours).toEqual(theirs);
  });
});
