import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 as ip } from './addr';
import { fromHex, readU16, toHex } from './bytes';
import { internetChecksum } from './checksum';
import {
  buildIpv4Packet,
  computeIpv4Checksum,
  decrementTtl,
  describeIpv4,
  emitIpv4,
  IP_PROTOCOL,
  IPV4_BITS,
  IPV4_FIELD,
  IPV4_HEADER_LEN,
  parseIpv4,
  setIpv4Checksum,
  type Ipv4Repr,
} from './ipv4';

// A Linux `ping 61.135.169.125` from 192.168.150.1 (checked with tshark/tcpdump):
// 45 ver 4 + IHL 5 | 00 tos | 0054 total 84 | 1c46 id | 4000 DF | 40 ttl 64 | 01 ICMP |
// e0b4 checksum | c0a89601 | 3d87a97d, then 64 bytes of ICMP.
const HEADER = fromHex('45' + '00' + '0054' + '1c46' + '4000' + '40' + '01' + 'e0b4' + 'c0a89601' + '3d87a97d');
const ICMP = fromHex(
  '08009e2104d20001' + '00f153650000000040e2010000000000' + '101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637',
);
const PACKET = new Uint8Array([...HEADER, ...ICMP]);
const REPR: Ipv4Repr = {
  tos: 0,
  totalLength: 84,
  identification: 0x1c46,
  dontFragment: true,
  moreFragments: false,
  fragmentOffset: 0,
  ttl: 64,
  protocol: IP_PROTOCOL.ICMP,
  src: ip('192.168.150.1')!,
  dst: ip('61.135.169.125')!,
};

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.nat({ max: 0xffff_ffff });
const ipv4Repr = (maxLen: number): fc.Arbitrary<Ipv4Repr> =>
  fc.record({
    tos: u8,
    totalLength: fc.integer({ min: 20, max: maxLen }),
    identification: u16,
    dontFragment: fc.boolean(),
    moreFragments: fc.boolean(),
    fragmentOffset: fc.integer({ min: 0, max: 0x1fff }),
    ttl: u8,
    protocol: u8,
    src: u32,
    dst: u32,
  });

describe('ipv4 parse / emit', () => {
  it('reads the fields of a real ping', () => {
    expect(parseIpv4(PACKET)).toEqual({
      ok: true,
      value: { repr: REPR, headerLen: 20, payloadOffset: 20, payloadLen: 64, truncated: false },
    });
  });

  it('ignores Ethernet padding after Total Length', () => {
    const padded = new Uint8Array(60);
    padded.set(buildIpv4Packet({ ...REPR }, new Uint8Array(8)));
    const p = parseIpv4(padded);
    expect(p.ok && [p.value.repr.totalLength, p.value.payloadLen]).toEqual([28, 8]);
  });

  it('emits every header byte, checksum included (buffer pre-filled with 0xa5)', () => {
    const buf = new Uint8Array(24).fill(0xa5);
    emitIpv4(REPR, buf, 2);
    expect(toHex(buf)).toBe('a5a5' + toHex(HEADER) + 'a5a5');
    expect(toHex(buildIpv4Packet(REPR, ICMP))).toBe(toHex(PACKET));
  });

  it('parse(emit(x)) == x', () => {
    fc.assert(
      fc.property(ipv4Repr(120), fc.integer({ min: 0, max: 5 }), (repr, off) => {
        const buf = new Uint8Array(off + repr.totalLength).fill(0xa5);
        emitIpv4(repr, buf, off);
        const p = parseIpv4(buf, off);
        expect(p.ok && p.value.repr).toEqual(repr);
        expect(internetChecksum(buf, off, IPV4_HEADER_LEN)).toBe(0);
      }),
    );
  });

  it('accepts options (IHL > 5) and skips them', () => {
    // Router Alert option (RFC 2113): 94 04 0000.
    const pkt = fromHex('4600001c000000000102000001020304050607089404000061626364');
    setIpv4Checksum(pkt, 0);
    const p = parseIpv4(pkt);
    expect(p.ok && [p.value.headerLen, p.value.payloadOffset, p.value.payloadLen]).toEqual([24, 24, 4]);
    const layer = describeIpv4(pkt, 0);
    expect(layer.byteLength).toBe(24);
    const options = layer.fields.find((f) => f.key === 'options')!;
    expect(options.value).toBe('(4 bytes), Router Alert');
    expect(options.children!.map((f) => `${f.name}: ${f.value}`)).toEqual(['IP Option - Router Alert: (4 bytes) 0000']);
    expect([options.bitOffset, options.bitLength]).toEqual([160, 32]);
  });

  it('reports the wrong field', () => {
    const bad = (i: number, v: number, fix = true) => {
      const b = PACKET.slice();
      b[i] = v;
      if (fix) setIpv4Checksum(b, 0);
      return parseIpv4(b);
    };
    expect(parseIpv4(PACKET, 0, 12)).toEqual({ ok: false, error: 'IPv4: packet of 12 bytes is shorter than the 20-byte header' });
    expect(bad(0, 0x65, false)).toEqual({ ok: false, error: 'IPv4: Version 6 is not 4' });
    expect(bad(0, 0x44, false)).toEqual({ ok: false, error: 'IPv4: Header Length 16 bytes (4) is less than 20' });
    expect(parseIpv4(PACKET.slice(0, 20 + 8).map((x, i) => (i === 0 ? 0x48 : x)))).toEqual({
      ok: false,
      error: 'IPv4: Header Length 32 bytes (8) is more than the 28 bytes available',
    });
    expect(bad(3, 12)).toEqual({ ok: false, error: 'IPv4: Total Length 12 is less than the header length 20' });
    expect(parseIpv4(PACKET, 0, 60)).toEqual({ ok: false, error: 'IPv4: Total Length 84 is more than the 60 bytes available' });
    expect(parseIpv4(PACKET, 10, 84)).toEqual({ ok: false, error: 'IPv4: 84 bytes at offset 10 do not fit in the 84-byte buffer' });
    expect(bad(10, 0x12, false)).toEqual({ ok: false, error: 'IPv4: Header Checksum 0x12b4 is wrong (should be 0xe0b4)' });
    const b = PACKET.slice();
    b[11] = 0;
    expect(parseIpv4(b, 0, b.length, { verifyChecksum: false }).ok).toBe(true);
  });

  it('parses a header quoted in an ICMP error (payload cut short)', () => {
    const quoted = PACKET.slice(0, 28);
    expect(parseIpv4(quoted).ok).toBe(false);
    const p = parseIpv4(quoted, 0, 28, { quoted: true });
    expect(p.ok && [p.value.repr.totalLength, p.value.payloadLen, p.value.truncated]).toEqual([84, 8, true]);
  });
});

describe('ipv4 checksum helpers', () => {
  const validHeader = fc
    .tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.integer({ min: 1, max: 255 }))
    .map(([b, ttl]) => {
      b[0] = 0x45;
      b[IPV4_FIELD.TTL[0]] = ttl;
      setIpv4Checksum(b, 0);
      return b;
    });

  it('decrementTtl (RFC 1624) equals a full recompute', () => {
    fc.assert(
      fc.property(validHeader, (h) => {
        const inc = h.slice();
        const full = h.slice();
        expect(decrementTtl(inc, 0)).toBe(h[8] - 1);
        full[8] -= 1;
        setIpv4Checksum(full, 0);
        expect(toHex(inc)).toBe(toHex(full));
        expect(internetChecksum(inc, 0, 20)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('decrementTtl works in place inside a frame and leaves TTL 0 alone', () => {
    const frame = new Uint8Array(14 + PACKET.length);
    frame.set(PACKET, 14);
    expect(decrementTtl(frame, 14)).toBe(63);
    expect(readU16(frame, 14 + IPV4_FIELD.CHECKSUM[0])).toBe(0xe1b4);
    expect(parseIpv4(frame, 14).ok).toBe(true);
    const zero = HEADER.slice();
    zero[8] = 0;
    setIpv4Checksum(zero, 0);
    const before = toHex(zero);
    expect(decrementTtl(zero, 0)).toBe(0);
    expect(toHex(zero)).toBe(before);
  });

  it('setIpv4Checksum / computeIpv4Checksum do not depend on the old checksum', () => {
    const b = HEADER.slice();
    b[10] = 0xff;
    b[11] = 0xff;
    expect(computeIpv4Checksum(b, 0)).toBe(0xe0b4);
    expect(toHex(b.subarray(10, 12))).toBe('ffff'); // compute does not touch the buffer
    expect(setIpv4Checksum(b, 0)).toBe(0xe0b4);
    expect(toHex(b)).toBe(toHex(HEADER));
  });
});

describe('describeIpv4', () => {
  const frame = new Uint8Array(14 + PACKET.length);
  frame.set(PACKET, 14);

  it('names and values as Wireshark shows them', () => {
    const layer = describeIpv4(frame, 14);
    expect(layer.name).toBe('Internet Protocol Version 4');
    expect(layer.summary).toBe('Src: 192.168.150.1, Dst: 61.135.169.125');
    expect([layer.byteOffset, layer.byteLength]).toEqual([14, 20]);
    expect(layer.fields.map((f) => `${f.name}: ${f.value}`)).toEqual([
      'Version: 4',
      'Header Length: 20 bytes (5)',
      'Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)',
      'Total Length: 84',
      'Identification: 0x1c46 (7238)',
      "Flags: 0x2, Don't fragment",
      'Fragment Offset: 0',
      'Time to Live: 64',
      'Protocol: ICMP (1)',
      'Header Checksum: 0xe0b4 [correct]',
      'Source Address: 192.168.150.1',
      'Destination Address: 61.135.169.125',
    ]);
    const flags = layer.fields.find((f) => f.key === 'flags')!;
    expect(flags.children!.map((f) => `${f.name}: ${f.value}`)).toEqual([
      'Reserved bit: Not set',
      "Don't fragment: Set",
      'More fragments: Not set',
    ]);
    const ds = layer.fields.find((f) => f.key === 'dsfield')!;
    expect(ds.children!.map((f) => f.value)).toEqual(['Default (0)', 'Not ECN-Capable Transport (0)']);
  });

  it('places bits on the right bytes of the frame', () => {
    const layer = describeIpv4(frame, 14);
    const by = Object.fromEntries(layer.fields.map((f) => [f.key, f]));
    const bytesOf = (key: string) => toHex(frame.subarray(by[key].bitOffset / 8, (by[key].bitOffset + by[key].bitLength) / 8));
    expect(bytesOf('len')).toBe('0054');
    expect(bytesOf('id')).toBe('1c46');
    expect(bytesOf('ttl')).toBe('40');
    expect(bytesOf('checksum')).toBe('e0b4');
    expect(bytesOf('src')).toBe('c0a89601');
    expect(bytesOf('dst')).toBe('3d87a97d');
    expect([by.version.bitOffset, by.version.bitLength]).toEqual([14 * 8, 4]);
    expect([by.hdr_len.bitOffset, by.hdr_len.bitLength]).toEqual([14 * 8 + 4, 4]);
    expect([by.flags.bitOffset, by.flags.bitLength]).toEqual([(14 + 6) * 8, 3]);
    expect(by.flags.children![1].bitOffset).toBe(14 * 8 + IPV4_BITS.FLAG_DF[0]);
    expect([by.frag_offset.bitOffset, by.frag_offset.bitLength]).toEqual([(14 + 6) * 8 + 3, 13]);
  });

  it('reports a wrong checksum on the field and as an error', () => {
    const bad = frame.slice();
    bad[14 + 10] = 0x12;
    bad[14 + 11] = 0x34;
    const layer = describeIpv4(bad, 14);
    expect(layer.fields.find((f) => f.key === 'checksum')!.value).toBe('0x1234 incorrect, should be 0xe0b4(may be caused by "IP checksum offload"?)');
    expect(layer.fields.at(-1)).toMatchObject({ key: 'error', value: 'IPv4: Header Checksum 0x1234 is wrong (should be 0xe0b4)' });
  });

  it('shows DSCP/ECN, both flags and the offset in bytes', () => {
    const pkt = buildIpv4Packet({ ...REPR, tos: 0xc3, moreFragments: true, fragmentOffset: 185 }, new Uint8Array(0));
    const by = Object.fromEntries(describeIpv4(pkt, 0).fields.map((f) => [f.key, f.value]));
    expect(by.dsfield).toBe('0xc3 (DSCP: CS6, ECN: CE)');
    expect(by.flags).toBe("0x3, Don't fragment, More fragments");
    expect(by.frag_offset).toBe('1480');
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: -1, max: 30 }), fc.oneof(fc.integer({ min: -2, max: 70 }), fc.constantFrom(NaN, Infinity, 1.5)), fc.boolean(), (b, off, len, quoted) => {
        parseIpv4(b, off, b.length - off, { quoted });
        describeIpv4(b, off, b.length - off, { quoted });
        parseIpv4(b, off, len, { quoted });
        describeIpv4(b, off, len, { quoted });
        // version 4 gets past the first check more often
        const v4 = b.slice();
        if (v4.length > 0) v4[0] = 0x40 | (v4[0] & 0x0f);
        parseIpv4(v4, 0, v4.length, { quoted });
        describeIpv4(v4, 0, v4.length, { quoted });
      }),
    );
  });
});
