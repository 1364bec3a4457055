/**
 * Differential check of the tcpdump-style summaries (summarizeTcp,
 * summarizeVrrp, summarizeDnsMessage) against the real tcpdump: random
 * segments/adverts/messages are emitted by our codecs, written to a pcap,
 * printed by `tcpdump -nn -S -t`, and every line must equal ours. The same
 * file must show no checksum or malformed-packet errors in tshark.
 * Skipped where tcpdump (or tshark) is not installed.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PcapWriter } from '../pcap/pcap';
import { tsharkAvailable, tsharkCheck } from '../../test-support/tshark';
import { formatIpv4 } from './addr';
import { dnsAnswerA, dnsNxDomain, dnsQuery, emitDns, summarizeDnsMessage } from './dns';
import { buildEthernetFrame, ETHERTYPE } from './ethernet';
import { buildIpv4Packet, IP_PROTOCOL } from './ipv4';
import { buildTcp, summarizeTcp, tcpHeaderLen, type TcpOption, type TcpRepr } from './tcp';
import { buildUdp } from './udp';
import { buildVrrp, summarizeVrrp, VRRP_IP, type VrrpRepr } from './vrrp';

const tcpdumpAvailable = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' }).status === 0;

const CLIENT = 0xc0a89601; // 192.168.150.1
const SERVER = 0xc0a89664; // 192.168.150.100
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

function frame(protocol: number, payload: Uint8Array, src: number, dst: number, ttl = 64): Uint8Array {
  const ip = buildIpv4Packet({ tos: 0, identification: 1, dontFragment: true, moreFragments: false, fragmentOffset: 0, ttl, protocol, src, dst }, payload);
  return buildEthernetFrame({ dst: 0x000c29000002, src: 0x000c29000001, ethertype: ETHERTYPE.IPV4 }, ip);
}

function cases(): { frames: Uint8Array[]; lines: string[] } {
  const frames: Uint8Array[] = [];
  const lines: string[] = [];
  // tcpdump names kinds 6, 7, 11-13, 19, 27-30, 34, 253, 254 itself; keep unknown kinds outside those.
  const option: fc.Arbitrary<TcpOption> = fc.oneof(
    fc.constant<TcpOption>({ type: 'nop' }),
    u16.map((mss): TcpOption => ({ type: 'mss', mss })),
    fc.integer({ min: 0, max: 14 }).map((shift): TcpOption => ({ type: 'windowScale', shift })),
    fc.constant<TcpOption>({ type: 'sackPermitted' }),
    fc.array(fc.record({ left: u32, right: u32 }), { minLength: 1, maxLength: 3 }).map((blocks): TcpOption => ({ type: 'sack', blocks })),
    fc.record({ tsVal: u32, tsEcr: u32 }).map(({ tsVal, tsEcr }): TcpOption => ({ type: 'timestamps', tsVal, tsEcr })),
    fc.record({ kind: fc.integer({ min: 100, max: 200 }), data: fc.uint8Array({ maxLength: 6 }) }).map(({ kind, data }): TcpOption => ({ type: 'unknown', kind, data })),
  );
  const tcp = fc.record({
    srcPort: fc.constant(40001), // ports tcpdump decodes no further
    dstPort: fc.constant(40002),
    seq: u32,
    ack: u32,
    flags: fc.integer({ min: 0, max: 0x1ff }),
    window: u16,
    urgentPointer: u16,
    options: fc.array(option, { maxLength: 6 }).filter((o) => tcpHeaderLen({ options: o } as TcpRepr) <= 60),
  });
  for (const [r, payload] of fc.sample(fc.tuple(tcp, fc.uint8Array({ maxLength: 30 })), { numRuns: 200, seed: 42 })) {
    frames.push(frame(IP_PROTOCOL.TCP, buildTcp(r, payload, CLIENT, SERVER), CLIENT, SERVER));
    lines.push(`IP ${formatIpv4(CLIENT)}.40001 > ${formatIpv4(SERVER)}.40002: ${summarizeTcp(r, payload.length)}`);
  }
  const vrrp: fc.Arbitrary<VrrpRepr> = fc.record({
    vrid: fc.integer({ min: 1, max: 255 }),
    priority: fc.integer({ min: 0, max: 255 }),
    authType: fc.integer({ min: 0, max: 3 }),
    adverInt: fc.integer({ min: 0, max: 255 }),
    addresses: fc.array(u32, { maxLength: 5 }),
    authData: fc.uint8Array({ minLength: 8, maxLength: 8 }),
  });
  for (const r of fc.sample(vrrp, { numRuns: 60, seed: 7 })) {
    frames.push(frame(IP_PROTOCOL.VRRP, buildVrrp(r), CLIENT, VRRP_IP.MULTICAST_GROUP, VRRP_IP.TTL));
    lines.push(`IP ${formatIpv4(CLIENT)} > 224.0.0.18: ${summarizeVrrp(r)}`);
  }
  const name = fc.array(fc.stringMatching(/^[a-z0-9]{1,10}$/), { minLength: 1, maxLength: 4 }).map((l) => l.join('.'));
  for (const [id, n, addrs, kind] of fc.sample(fc.tuple(u16, name, fc.array(u32, { maxLength: 3 }), fc.integer({ min: 0, max: 2 })), { numRuns: 60, seed: 3 })) {
    const q = dnsQuery(id, n);
    const m = kind === 0 ? q : kind === 1 ? dnsAnswerA(q, 300, addrs) : dnsNxDomain(q);
    const [src, dst, sport, dport] = m.qr ? [SERVER, CLIENT, 53, 40000] : [CLIENT, SERVER, 40000, 53];
    frames.push(frame(IP_PROTOCOL.UDP, buildUdp({ srcPort: sport, dstPort: dport }, emitDns(m), src, dst), src, dst));
    lines.push(`IP ${formatIpv4(src)}.${sport} > ${formatIpv4(dst)}.${dport}: ${summarizeDnsMessage(m)}`);
  }
  return { frames, lines };
}

describe.skipIf(!tcpdumpAvailable)('summaries match tcpdump 4.99', () => {
  const { frames, lines } = cases();
  const path = join(mkdtempSync(join(tmpdir(), 'lvslab-xcheck-')), 'x.pcap');
  const w = new PcapWriter();
  frames.forEach((f, i) => w.add(i, f));
  writeFileSync(path, w.toBytes());

  it('prints every line as tcpdump -nn -S -t does', () => {
    const out = spawnSync('tcpdump', ['-nn', '-S', '-t', '-r', path], { encoding: 'utf8' });
    expect(out.stdout.trim().split('\n')).toEqual(lines);
  });

  it.skipIf(!tsharkAvailable())('has correct checksums and no malformed packets in tshark', () => {
    const r = tsharkCheck(path);
    expect(r.packets).toBe(frames.length);
    expect(r.errors).toEqual([]);
    expect(r.warnings.filter((x) => /checksum|malformed/i.test(x))).toEqual([]);
  });
});
