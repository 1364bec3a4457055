import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes';
import { internetChecksum } from './checksum';
import {
  buildIcmp,
  describeIcmp,
  emitIcmp,
  ICMP_ERROR_QUOTE_MAX,
  ICMP_FIELD,
  ICMP_TYPE,
  ICMP_UNREACH,
  icmpBufferLen,
  parseIcmp,
  quoteOriginal,
  setIcmpChecksum,
  type IcmpRepr,
} from './icmp';

// Linux ping data: a 16-byte struct timeval (little-endian) then 0x10..0x37.
const PING_DATA = fromHex('00f153650000000040e2010000000000' + '101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637');
// 08 echo request | 00 code | 9e21 checksum | 04d2 id 1234 | 0001 seq 1 | data (checked with tshark)
const ECHO_REQUEST = fromHex('08' + '00' + '9e21' + '04d2' + '0001' + toHex(PING_DATA));
// A UDP datagram 192.168.150.1:53001 -> 192.168.150.100:53 with 4 bytes "abcd", DF, TTL 64.
const ORIGINAL = fromHex('450000203039400040115cddc0a89601c0a89664' + 'cf090035000c0000' + '61626364');
// 03 unreachable | 03 port | 68eb | 00000000 unused | the whole original datagram
const PORT_UNREACH = fromHex('030368eb00000000' + toHex(ORIGINAL));
// 0b time exceeded | 00 in transit | 25b5 | unused | IP header + 8 bytes
const TTL_EXCEEDED = fromHex('0b0025b500000000' + toHex(ORIGINAL.subarray(0, 28)));
// 03 unreachable | 04 frag needed | 2839 | 0000 unused | 0578 MTU 1400 (RFC 1191) | IP header + 8 bytes
const FRAG_NEEDED = fromHex('0304283900000578' + toHex(ORIGINAL.subarray(0, 28)));

const ECHO_REPR: IcmpRepr = { type: ICMP_TYPE.ECHO_REQUEST, identifier: 1234, sequence: 1, data: PING_DATA };

const bytes = fc.uint8Array({ maxLength: 64 });
const icmpRepr: fc.Arbitrary<IcmpRepr> = fc.oneof(
  fc.record({
    type: fc.constantFrom(ICMP_TYPE.ECHO_REQUEST, ICMP_TYPE.ECHO_REPLY),
    identifier: fc.integer({ min: 0, max: 0xffff }),
    sequence: fc.integer({ min: 0, max: 0xffff }),
    data: bytes,
  }),
  fc.record({
    type: fc.constant(ICMP_TYPE.DEST_UNREACHABLE),
    code: fc.integer({ min: 0, max: 255 }),
    nextHopMtu: fc.integer({ min: 0, max: 0xffff }),
    original: bytes,
  }),
  fc.record({ type: fc.constant(ICMP_TYPE.TIME_EXCEEDED), code: fc.integer({ min: 0, max: 255 }), original: bytes }),
);

describe('icmp parse / emit', () => {
  it('reads an echo request field by field', () => {
    expect(parseIcmp(ECHO_REQUEST)).toEqual({
      ok: true,
      value: { repr: ECHO_REPR, headerLen: 8, payloadOffset: 8, payloadLen: 56 },
    });
  });

  it('reads errors with the quoted original datagram', () => {
    const pu = parseIcmp(PORT_UNREACH);
    expect(pu.ok && pu.value.repr).toEqual({ type: 3, code: ICMP_UNREACH.PORT, nextHopMtu: 0, original: ORIGINAL });
    const te = parseIcmp(TTL_EXCEEDED);
    expect(te.ok && te.value.repr).toEqual({ type: 11, code: 0, original: ORIGINAL.subarray(0, 28) });
    const fn = parseIcmp(FRAG_NEEDED);
    expect(fn.ok && fn.value.repr).toMatchObject({ type: 3, code: 4, nextHopMtu: 1400 });
  });

  it('copies data out of the input buffer', () => {
    const buf = ECHO_REQUEST.slice();
    const p = parseIcmp(buf);
    buf[8] = 0x77;
    expect(p.ok && p.value.repr.type === 8 && p.value.repr.data[0]).toBe(0x00);
  });

  it('emits every byte, checksum included (buffer pre-filled with 0xa5)', () => {
    const fixtures: [IcmpRepr, Uint8Array][] = [
      [ECHO_REPR, ECHO_REQUEST],
      [{ type: 3, code: 3, nextHopMtu: 0, original: ORIGINAL }, PORT_UNREACH],
      [{ type: 11, code: 0, original: ORIGINAL.subarray(0, 28) }, TTL_EXCEEDED],
      [{ type: 3, code: 4, nextHopMtu: 1400, original: ORIGINAL.subarray(0, 28) }, FRAG_NEEDED],
    ];
    for (const [repr, wire] of fixtures) {
      const buf = new Uint8Array(icmpBufferLen(repr) + 3).fill(0xa5);
      emitIcmp(repr, buf, 1);
      expect(toHex(buf)).toBe('a5' + toHex(wire) + 'a5a5');
      expect(toHex(buildIcmp(repr))).toBe(toHex(wire));
    }
  });

  it('parse(emit(x)) == x, and the checksum sums to zero', () => {
    fc.assert(
      fc.property(icmpRepr, (repr) => {
        const buf = new Uint8Array(icmpBufferLen(repr)).fill(0xa5);
        emitIcmp(repr, buf, 0);
        expect(internetChecksum(buf, 0, buf.length)).toBe(0);
        const p = parseIcmp(buf);
        expect(p.ok && p.value.repr).toEqual(repr);
      }),
    );
  });

  it('reports a wrong checksum, a short message and unsupported types', () => {
    const bad = ECHO_REQUEST.slice();
    bad[ICMP_FIELD.CHECKSUM[0]] = 0x12;
    bad[ICMP_FIELD.CHECKSUM[1] - 1] = 0x34;
    expect(parseIcmp(bad)).toEqual({ ok: false, error: 'ICMP: Checksum 0x1234 is wrong (should be 0x9e21)' });
    const data = ECHO_REQUEST.slice();
    data[20] ^= 1; // a changed data byte breaks the checksum too: it covers the whole message
    expect(parseIcmp(data).ok).toBe(false);
    expect(parseIcmp(ECHO_REQUEST, 0, 7)).toEqual({ ok: false, error: 'ICMP: message of 7 bytes is shorter than the 8-byte header' });
    const redirect = fromHex('0501000000000000');
    setIcmpChecksum(redirect, 0, redirect.length);
    expect(parseIcmp(redirect)).toEqual({ ok: false, error: 'ICMP: Type 5 (Redirect) is not supported' });
  });

  it('quotes as much of the original as Linux does (576-byte limit)', () => {
    const big = new Uint8Array(1500).map((_, i) => i & 0xff);
    expect(quoteOriginal(big).length).toBe(ICMP_ERROR_QUOTE_MAX);
    expect(quoteOriginal(ORIGINAL)).toEqual(ORIGINAL);
    const frame = new Uint8Array(14 + 100);
    expect(quoteOriginal(frame, 14, 40).length).toBe(40);
  });
});

describe('describeIcmp', () => {
  const lines = (msg: Uint8Array) => describeIcmp(msg, 0, msg.length).fields.map((f) => `${f.name}: ${f.value}`);

  it('echo request as Wireshark shows it', () => {
    expect(lines(ECHO_REQUEST)).toEqual([
      'Type: 8 (Echo (ping) request)',
      'Code: 0',
      'Checksum: 0x9e21 [correct]',
      'Identifier (BE): 1234 (0x04d2)',
      'Sequence Number (BE): 1 (0x0001)',
    ]);
    expect(describeIcmp(ECHO_REQUEST, 0).summary).toBe('Echo (ping) request id=0x04d2, seq=1');
  });

  it('errors as Wireshark shows them', () => {
    expect(lines(PORT_UNREACH)).toEqual([
      'Type: 3 (Destination unreachable)',
      'Code: 3 (Port unreachable)',
      'Checksum: 0x68eb [correct]',
      'Unused: 00000000',
    ]);
    expect(lines(FRAG_NEEDED).slice(1)).toEqual([
      'Code: 4 (Fragmentation needed)',
      'Checksum: 0x2839 [correct]',
      'Unused: 0000',
      'MTU of next hop: 1400',
    ]);
    expect(lines(TTL_EXCEEDED).slice(0, 2)).toEqual(['Type: 11 (Time-to-live exceeded)', 'Code: 0 (Time to live exceeded in transit)']);
  });

  it('places fields on the right bytes of the frame', () => {
    const frame = new Uint8Array(34 + ECHO_REQUEST.length);
    frame.set(ECHO_REQUEST, 34);
    const layer = describeIcmp(frame, 34, ECHO_REQUEST.length);
    expect([layer.byteOffset, layer.byteLength]).toEqual([34, 8]);
    const got = Object.fromEntries(layer.fields.map((f) => [f.key, toHex(frame.subarray(f.bitOffset / 8, (f.bitOffset + f.bitLength) / 8))]));
    expect(got).toEqual({ type: '08', code: '00', checksum: '9e21', ident: '04d2', seq: '0001' });
  });

  it('marks a wrong checksum', () => {
    const bad = PORT_UNREACH.slice();
    bad[3] = 0;
    const layer = describeIcmp(bad, 0);
    expect(layer.fields[2].value).toBe('0x6800 incorrect, should be 0x68eb');
    expect(layer.fields.at(-1)).toMatchObject({ key: 'error', value: 'ICMP: Checksum 0x6800 is wrong (should be 0x68eb)' });
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: -1, max: 12 }), fc.oneof(fc.integer({ min: -2, max: 70 }), fc.constantFrom(NaN, Infinity, 1.5)), (b, off, len) => {
        parseIcmp(b, off);
        describeIcmp(b, off);
        parseIcmp(b, off, len);
        describeIcmp(b, off, len);
      }),
    );
  });
});
