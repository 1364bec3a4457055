import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from './addr';
import { fromHex, readU16, toHex } from './bytes';
import { finish, pseudoHeaderSum, sumWords } from './checksum';
import { buildUdp, describeUdp, emitUdp, parseUdp, summarizeUdp, udpChecksum, UDP_FIELD } from './udp';

const ip = (s: string) => parseIpv4(s)!;
const CLIENT = ip('192.168.150.1');
const DNS_SERVER = ip('114.114.114.114');

// A DNS query for www.baidu.com from 192.168.150.1:40000 to 114.114.114.114:53
// (checked with tshark 4.0 and tcpdump 4.99: checksum 0x3b62 correct).
const DNS_QUERY = '3039010000010000000000000377777705626169647503636f6d0000010001';
const FIXTURE = fromHex(
  '9c40' + // Source Port 40000
    '0035' + // Destination Port 53
    '0027' + // Length 39 = 8 + 31
    '3b62' + // Checksum
    DNS_QUERY,
);

describe('UDP fixture', () => {
  it('reads every field', () => {
    const r = parseUdp(FIXTURE, 0, FIXTURE.length, CLIENT, DNS_SERVER);
    expect(r).toEqual({ ok: true, value: { repr: { srcPort: 40000, dstPort: 53 }, headerLen: 8, payloadOffset: 8, payloadLen: 31 } });
    expect(udpChecksum(FIXTURE, 0, FIXTURE.length, CLIENT, DNS_SERVER)).toBe(0x3b62);
  });

  it('reads at an offset inside a frame, ignoring trailing bytes past Length', () => {
    const frame = new Uint8Array(34 + FIXTURE.length + 6).fill(0xee);
    frame.set(FIXTURE, 34);
    const r = parseUdp(frame, 34, FIXTURE.length + 6, CLIENT, DNS_SERVER);
    expect(r.ok && r.value).toEqual({ repr: { srcPort: 40000, dstPort: 53 }, headerLen: 8, payloadOffset: 42, payloadLen: 31 });
  });

  it('emits the same bytes into a buffer pre-filled with 0xa5', () => {
    const buf = new Uint8Array(FIXTURE.length).fill(0xa5);
    emitUdp({ srcPort: 40000, dstPort: 53 }, buf, 0, fromHex(DNS_QUERY), CLIENT, DNS_SERVER);
    expect(toHex(buf)).toBe(toHex(FIXTURE));
    expect(toHex(buildUdp({ srcPort: 40000, dstPort: 53 }, fromHex(DNS_QUERY), CLIENT, DNS_SERVER))).toBe(toHex(FIXTURE));
  });

  it('emits with the payload already in place', () => {
    const buf = new Uint8Array(FIXTURE.length).fill(0xa5);
    buf.set(fromHex(DNS_QUERY), 8);
    emitUdp({ srcPort: 40000, dstPort: 53 }, buf, 0, buf.subarray(8), CLIENT, DNS_SERVER);
    expect(toHex(buf)).toBe(toHex(FIXTURE));
  });

  it('summarizes like tcpdump', () => {
    expect(summarizeUdp({ srcPort: 1000, dstPort: 2000 }, 31)).toBe('UDP, length 31');
  });

  it('describes like Wireshark, bit offsets from the frame start', () => {
    const frame = new Uint8Array(34 + FIXTURE.length);
    frame.set(FIXTURE, 34);
    const layer = describeUdp(frame, 34, FIXTURE.length, CLIENT, DNS_SERVER);
    expect(layer.name).toBe('User Datagram Protocol');
    expect(layer.summary).toBe('Src Port: 40000, Dst Port: 53');
    expect([layer.byteOffset, layer.byteLength]).toEqual([34, 8]);
    expect(layer.fields.map((f) => [f.key, `${f.name}: ${f.value}`, f.bitOffset, f.bitLength])).toEqual([
      ['srcport', 'Source Port: 40000', 34 * 8, 16],
      ['dstport', 'Destination Port: 53', 36 * 8, 16],
      ['length', 'Length: 39', 38 * 8, 16],
      ['checksum', 'Checksum: 0x3b62 [correct]', 40 * 8, 16],
    ]);
    expect(describeUdp(FIXTURE, 0, FIXTURE.length).fields[3].value).toBe('0x3b62 [unverified]');
  });
});

describe('UDP checksum', () => {
  it('reports a corrupted checksum naming the field and the right value', () => {
    const bad = FIXTURE.slice();
    bad[UDP_FIELD.CHECKSUM[1] - 1] ^= 1;
    expect(parseUdp(bad, 0, bad.length, CLIENT, DNS_SERVER)).toEqual({ ok: false, error: 'UDP: Checksum 0x3b63 is wrong (should be 0x3b62)' });
    expect(describeUdp(bad, 0, bad.length, CLIENT, DNS_SERVER).fields[3].value).toBe('0x3b63 incorrect, should be 0x3b62');
    // Without addresses there is nothing to check against.
    expect(parseUdp(bad).ok).toBe(true);
  });

  it('treats 0 as "no checksum" (RFC 768)', () => {
    const none = FIXTURE.slice();
    none[6] = 0;
    none[7] = 0;
    expect(parseUdp(none, 0, none.length, CLIENT, DNS_SERVER).ok).toBe(true);
    expect(describeUdp(none, 0, none.length, CLIENT, DNS_SERVER).fields[3].value).toBe('0x0000 [zero-value ignored]');
  });

  it('sends a computed 0 as 0xffff', () => {
    // Choose the last payload word so that the one's-complement sum is 0xffff.
    const payload = new Uint8Array(4);
    const repr = { srcPort: 1, dstPort: 2 };
    const seg = buildUdp(repr, payload, CLIENT, DNS_SERVER);
    const sum = sumWords(seg, 0, seg.length, pseudoHeaderSum(CLIENT, DNS_SERVER, 17, seg.length)) - readU16(seg, 6);
    const w = finish(sum); // ~fold(sum): adding it makes the folded sum 0xffff
    payload[2] = w >> 8;
    payload[3] = w & 0xff;
    const seg2 = buildUdp(repr, payload, CLIENT, DNS_SERVER);
    expect(readU16(seg2, 6)).toBe(0xffff);
    expect(parseUdp(seg2, 0, seg2.length, CLIENT, DNS_SERVER).ok).toBe(true);
  });
});

describe('UDP errors', () => {
  it('names the field', () => {
    const short = FIXTURE.slice();
    short[4] = 0;
    short[5] = 4;
    expect(parseUdp(short)).toEqual({ ok: false, error: 'UDP: Length 4 is less than 8' });
    expect(describeUdp(short, 0, short.length).fields[2].value).toBe('4 (bogus, must be >= 8)');
    const long = FIXTURE.slice();
    long[5] = 100;
    expect(parseUdp(long)).toEqual({ ok: false, error: 'UDP: Length 100 is more than the 39 bytes received' });
    expect(parseUdp(FIXTURE, 0, 7)).toEqual({ ok: false, error: 'UDP: datagram of 7 bytes is shorter than the 8-byte header' });
    expect(parseUdp(FIXTURE, 30, 20).ok).toBe(false);
  });
});

describe('UDP properties', () => {
  const port = fc.integer({ min: 0, max: 0xffff });
  const addr = fc.integer({ min: 0, max: 0xffffffff });

  it('parse(emit(x)) = x', () => {
    fc.assert(
      fc.property(port, port, fc.uint8Array({ maxLength: 200 }), addr, addr, (srcPort, dstPort, payload, src, dst) => {
        const seg = buildUdp({ srcPort, dstPort }, payload, src, dst);
        const r = parseUdp(seg, 0, seg.length, src, dst);
        expect(r).toEqual({ ok: true, value: { repr: { srcPort, dstPort }, headerLen: 8, payloadOffset: 8, payloadLen: payload.length } });
      }),
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(70), fc.integer({ min: -2, max: 70 }), addr, (b, off, len, a) => {
        parseUdp(b, off, len, a, a);
        parseUdp(b);
        describeUdp(b, off, len, a, a);
        describeUdp(b, 0, b.length);
      }),
    );
  });
});
