import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsharkAvailable } from '../../test-support/tshark';
import { PcapWriter } from '../pcap/pcap';
import { ARP_LEN, emitArp } from './arp';
import { fromHex, toHex } from './bytes';
import { dissectFrame } from './dissect';
import type { Field, Layer } from './field';
import { buildEthernetFrame, ETHERTYPE } from './ethernet';
import { buildIcmp, quoteOriginal, type IcmpRepr } from './icmp';
import { buildIpv4Packet, IP_PROTOCOL, setIpv4Checksum, type Ipv4Repr } from './ipv4';

// Frames built by the codecs and checked with tshark 4.0 / tcpdump 4.99 (see README).
const F = {
  garp: 'ffffffffffff000c293a5b7c08060001080006040001000c293a5b7cc0a89664ffffffffffffc0a89664000000000000000000000000000000000000',
  ping: '000c293a5b7c005056c000080800450000541c4640004001e0b4c0a896013d87a97d0800392b0001000100000000000000000000000000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
  psh: '000c293a5b7c005056c0000808004500005d1c4640004006709ec0a89601c0a89664a11200500000007c00002329801801f67f5200000101080a000003e900001388474554202f20485454502f312e310d0a486f73743a203139322e3136382e3135302e3130300d0a0d0a',
  dnsQuery: '000c293a5b7c005056c0000808004500003b1c460000401123b8c0a89601df050505cf090035002709733039010000010000000000000377777705626169647503636f6d0000010001',
  vrrp: '01005e000012000c293a5b7c080045c0002800000000ff7083dfc0a8960be0000012213364010101c05ac0a896643131313100000000000000000000',
  ipipSyn: '000c298e1f2d000c293a5b7c08004500005004574000400488eac0a8960bc0a8960c4500003c1c464000400670bfc0a89601c0a89664a11200500000007b00000000a002faf0f9920000020405b40402080a000003e80000000001030307',
  tcpUnreach: '005056c00008000c293a5b7c080045c000581c4600004001afe8c0a89664c0a896010303aae2000000004500003c1c464000400670bfc0a89601c0a89664a11200500000007b00000000a002faf0f9920000020405b40402080a000003e80000000001030307',
  // RFC 792 minimum quote: the UDP datagram's IP header + 8 bytes (its Length says 13).
  udpUnreachMin: '005056c00008000c293a5b7c080045c000381c4600004001b008c0a89664c0a896010303eea400000000450000211c464000401170cfc0a89601c0a896649c40270f000d4afb',
} as const;
const frame = (k: keyof typeof F) => fromHex(F[k]);

const keys = (layers: Layer[]) => layers.map((l) => l.key);
const allFields = (fs: Field[]): Field[] => fs.flatMap((f) => [f, ...allFields(f.children ?? [])]);
const field = (l: Layer | undefined, key: string) => allFields(l?.fields ?? []).find((f) => f.key === key);
const layer = (ls: Layer[], key: string) => ls.find((l) => l.key === key);

/** Every field lies inside the frame; layers come in frame order. */
function expectWellFormed(f: Uint8Array, ls: Layer[]) {
  let prev = 0;
  for (const l of ls) {
    expect(l.byteOffset).toBeGreaterThanOrEqual(prev);
    expect(l.byteOffset + l.byteLength).toBeLessThanOrEqual(f.length);
    prev = l.byteOffset;
    for (const x of allFields(l.fields)) {
      expect(x.bitOffset).toBeGreaterThanOrEqual(0);
      expect(x.bitOffset + x.bitLength).toBeLessThanOrEqual(f.length * 8);
    }
  }
}

describe('dissectFrame', () => {
  it('ARP, with the Ethernet padding shown in the Ethernet layer', () => {
    const f = frame('garp');
    const ls = dissectFrame(f);
    expect(keys(ls)).toEqual(['eth', 'arp']);
    expect(field(ls[0], 'padding')).toMatchObject({ value: '00'.repeat(18), bitOffset: 42 * 8, bitLength: 18 * 8 });
    expectWellFormed(f, ls);
  });

  it('ping: Ethernet, IPv4, ICMP, data', () => {
    const f = frame('ping');
    const ls = dissectFrame(f);
    expect(keys(ls)).toEqual(['eth', 'ip', 'icmp', 'data']);
    expect(ls.map((l) => [l.byteOffset, l.byteLength])).toEqual([[0, 14], [14, 20], [34, 8], [42, 56]]);
    expect(ls[3].name).toBe('Data (56 bytes)');
    expect(field(ls[3], 'data')!.value).toBe(toHex(f.subarray(42, 42 + 36)) + '…');
    expectWellFormed(f, ls);
  });

  it('TCP with payload, UDP to port 53 as DNS, VRRP', () => {
    const psh = dissectFrame(frame('psh'));
    expect(keys(psh)).toEqual(['eth', 'ip', 'tcp', 'data']);
    expect(psh[3].summary).toBe('41 bytes: "GET / HTTP/1.1"');
    expect(field(psh[2], 'checksum')!.value).toBe('0x7f52 [correct]');
    expect(keys(dissectFrame(frame('dnsQuery')))).toEqual(['eth', 'ip', 'udp', 'dns']);
    const vrrp = dissectFrame(frame('vrrp'));
    expect(keys(vrrp)).toEqual(['eth', 'ip', 'vrrp']);
    expect(field(vrrp[0], 'padding')!.bitLength).toBe(6 * 8);
  });

  it('IP-in-IP: the inner packet is `ip.inner`, then its TCP', () => {
    const f = frame('ipipSyn');
    const ls = dissectFrame(f);
    expect(keys(ls)).toEqual(['eth', 'ip', 'ip.inner', 'tcp']);
    expect(field(ls[1], 'proto')!.value).toBe('IPIP (4)');
    expect(ls[2].summary).toBe('Src: 192.168.150.1, Dst: 192.168.150.100');
    expect(ls[2].byteOffset).toBe(34);
    expectWellFormed(f, ls);
  });

  it('ICMP errors show the quoted datagram and its transport header', () => {
    const whole = dissectFrame(frame('tcpUnreach'));
    expect(keys(whole)).toEqual(['eth', 'ip', 'icmp', 'ip.inner', 'tcp.inner']);
    // the whole SYN is quoted, so its checksum can be checked, as Wireshark does
    expect(field(layer(whole, 'tcp.inner'), 'checksum')!.value).toBe('0xf992 [correct]');
    const min = dissectFrame(frame('udpUnreachMin'));
    expect(keys(min)).toEqual(['eth', 'ip', 'icmp', 'ip.inner', 'udp.inner']);
    // a quote cut short (RFC 792 minimum) is not an error
    expect(min.flatMap((l) => l.fields).filter((x) => x.key === 'error')).toEqual([]);
    expect(field(layer(min, 'udp.inner'), 'dstport')!.value).toBe('9999');
    expectWellFormed(frame('udpUnreachMin'), min);
  });

  it('a wrong IP checksum is reported and the walk goes on', () => {
    const f = frame('ping');
    f[14 + 10] ^= 0xff;
    const ls = dissectFrame(f);
    expect(keys(ls)).toEqual(['eth', 'ip', 'icmp', 'data']);
    expect(field(ls[1], 'error')!.value).toBe('IPv4: Header Checksum 0x1fb4 is wrong (should be 0xe0b4)');
  });

  it('stops at a layer that does not parse', () => {
    const cut = frame('ping').slice(0, 40);
    const ls = dissectFrame(cut);
    expect(keys(ls)).toEqual(['eth', 'ip']);
    expect(field(ls[1], 'error')!.value).toBe('IPv4: Total Length 84 is more than the 26 bytes available');
    expect(dissectFrame(new Uint8Array(9))).toEqual([
      {
        key: 'eth',
        name: 'Ethernet II',
        summary: 'Ethernet: frame of 9 bytes is shorter than the 14-byte header',
        byteOffset: 0,
        byteLength: 9,
        fields: [{ key: 'error', name: 'Error', value: 'Ethernet: frame of 9 bytes is shorter than the 14-byte header', bitOffset: 0, bitLength: 72 }],
      },
    ]);
  });

  it('other EtherTypes and IP fragments become data', () => {
    const f = frame('garp');
    f[12] = 0x88;
    f[13] = 0xb5;
    expect(keys(dissectFrame(f))).toEqual(['eth', 'data']);
    const frag = frame('dnsQuery');
    frag[14 + 6] = 0x20; // More Fragments
    setIpv4Checksum(frag, 14);
    const ls = dissectFrame(frag);
    expect(keys(ls)).toEqual(['eth', 'ip', 'data']);
    expect(ls[2].name).toBe('IPv4 fragment (39 bytes)');
  });

  it('never throws, and every field stays inside the frame, on random and mutated frames', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        expectWellFormed(b, dissectFrame(b));
      }),
    );
    const valid = Object.keys(F) as (keyof typeof F)[];
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        (k, edits, cut) => {
          const f = frame(k);
          for (const [i, v] of edits) f[14 + (i % (f.length - 14))] = v;
          const g = f.subarray(0, f.length - (cut % 20));
          expectWellFormed(g, dissectFrame(g));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------- differential check against Wireshark

/** Random frames of the protocols this file's codecs own, some with options or a broken checksum. */
function randomFrames(): Uint8Array[] {
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const u32 = fc.nat({ max: 0xffff_ffff });
  const macA = fc.integer({ min: 0, max: 2 ** 48 - 1 });
  const ipRepr = fc.record({
    tos: fc.integer({ min: 0, max: 255 }),
    identification: u16,
    dontFragment: fc.boolean(),
    moreFragments: fc.constant(false),
    fragmentOffset: fc.constant(0),
    ttl: fc.integer({ min: 0, max: 255 }),
    protocol: fc.constant(0),
    src: u32,
    dst: u32,
  });
  const withProto = (r: Omit<Ipv4Repr, 'totalLength'>, protocol: number) => ({ ...r, protocol });
  const arp = fc.tuple(fc.constantFrom(1 as const, 2 as const), macA, u32, macA, u32).map(([operation, sha, spa, tha, tpa]) => {
    const b = new Uint8Array(ARP_LEN);
    emitArp({ operation, senderHardwareAddr: sha, senderProtocolAddr: spa, targetHardwareAddr: tha, targetProtocolAddr: tpa }, b, 0);
    return b;
  });
  const quoted = fc
    .tuple(ipRepr, fc.constantFrom(IP_PROTOCOL.UDP, IP_PROTOCOL.TCP, 222), fc.uint8Array({ minLength: 20, maxLength: 40 }), fc.boolean())
    .map(([r, p, data, whole]) => {
      const pkt = buildIpv4Packet(withProto(r, p), data);
      return whole ? quoteOriginal(pkt) : pkt.slice(0, 28);
    });
  const icmp: fc.Arbitrary<IcmpRepr> = fc.oneof(
    fc.record({ type: fc.constantFrom(0 as const, 8 as const), identifier: u16, sequence: u16, data: fc.uint8Array({ maxLength: 64 }) }),
    fc.record({ type: fc.constant(3 as const), code: fc.integer({ min: 0, max: 15 }), nextHopMtu: u16, original: quoted }),
    fc.record({ type: fc.constant(11 as const), code: fc.integer({ min: 0, max: 1 }), original: quoted }),
  );
  const icmpPacket = fc.tuple(ipRepr, icmp).map(([r, m]) => buildIpv4Packet(withProto(r, IP_PROTOCOL.ICMP), buildIcmp(m)));
  const ipip = fc.tuple(ipRepr, icmpPacket).map(([r, p]) => buildIpv4Packet(withProto(r, IP_PROTOCOL.IPIP), p));
  // Router Alert (RFC 2113) or NOPs + Record Route (RFC 791), then an unassigned protocol.
  const withOptions = fc.tuple(ipRepr, fc.constantFrom('94040000', '0101010107070400000000'.padEnd(24, '0')), fc.uint8Array({ maxLength: 20 })).map(([r, opt, data]) => {
    const o = fromHex(opt);
    const pkt = new Uint8Array(20 + o.length + data.length);
    pkt.set(buildIpv4Packet(withProto(r, 253), new Uint8Array(0)));
    pkt[0] = 0x40 | ((20 + o.length) / 4);
    pkt[3] = pkt.length;
    pkt.set(o, 20);
    pkt.set(data, 20 + o.length);
    setIpv4Checksum(pkt, 0);
    return pkt;
  });
  const ip = fc.tuple(fc.oneof(icmpPacket, ipip, withOptions), fc.constantFrom(-1, 10, 22)).map(([p, broken]) => {
    if (broken >= 0 && broken < p.length) p[broken] ^= 0x5a; // header or ICMP checksum
    return buildEthernetFrame({ dst: 0x000c293a5b7c, src: 0x005056c00008, ethertype: ETHERTYPE.IPV4 }, p);
  });
  const arpFrame = arp.map((b) => buildEthernetFrame({ dst: 0xffff_ffff_ffff, src: 0x005056c00008, ethertype: ETHERTYPE.ARP }, b));
  return fc.sample(fc.oneof(arpFrame, ip), { numRuns: 300, seed: 1984 });
}

interface Shown {
  text: string;
  pos: number;
  size: number;
}

/** tshark's PDML shownames per frame, bit patterns (`0100 .... = `) and XML escapes removed. */
function tsharkFields(path: string): Shown[][] {
  const r = spawnSync('tshark', ['-n', '-r', path, '-o', 'ip.check_checksum:TRUE', '-T', 'pdml'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const unescape = (x: string) => x.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return r.stdout.split('<packet>').slice(1).map((pkt) =>
    [...pkt.matchAll(/(?:showname|show)="([^"]*)" size="(\d+)" pos="(\d+)"/g)].map((m) => ({
      text: unescape(m[1]).replace(/^[01. ]+ = /, ''),
      size: Number(m[2]),
      pos: Number(m[3]),
    })),
  );
}

describe.skipIf(!tsharkAvailable())('dissectFrame matches Wireshark on random frames', () => {
  it('shows every Ethernet/ARP/IPv4/ICMP field with the name, value and bytes tshark shows', () => {
    const frames = [...Object.keys(F).map((k) => frame(k as keyof typeof F)), ...randomFrames()];
    const w = new PcapWriter();
    frames.forEach((f, i) => w.add(i, f));
    const path = join(mkdtempSync(join(tmpdir(), 'lvslab-dissect-')), 'x.pcap');
    writeFileSync(path, w.toBytes());
    const shown = tsharkFields(path);
    expect(shown.length).toBe(frames.length);
    const missing: string[] = [];
    frames.forEach((f, i) => {
      const ls = dissectFrame(f);
      ls.forEach((l) => {
        // Data is left out: Wireshark reads a timestamp out of ping data, we do not.
        if (!['eth', 'arp', 'ip', 'ip.inner', 'icmp'].includes(l.key)) return;
        for (const x of allFields(l.fields)) {
          if (x.key === 'error' || x.key.startsWith('options.')) continue; // our own wording; option details differ
          const text = x.value === '' ? x.name : `${x.name}: ${x.value}`;
          const pos = Math.floor(x.bitOffset / 8);
          const size = Math.ceil((x.bitOffset + x.bitLength) / 8) - pos;
          // Wireshark marks the LG/IG bits on the 3-byte OUI; we mark the bit itself.
          const bitsOnly = x.key.endsWith('.lg') || x.key.endsWith('.ig');
          if (!shown[i].some((s) => s.text === text && s.pos === pos && (bitsOnly || s.size === size))) {
            const there = shown[i].filter((s) => s.pos === pos).map((s) => `${s.text} +${s.size}`);
            missing.push(`#${i + 1} ${l.key}.${x.key} "${text}" @${pos}+${size}; tshark there: ${there.join(' | ')}`);
          }
        }
      });
    });
    expect(missing).toEqual([]);
  });
});
