import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from './addr';
import { fromHex, toHex } from './bytes';
import type { Field } from './field';
import {
  TCP_FLAG,
  buildTcp,
  describeTcp,
  emitTcp,
  linuxSynOptions,
  linuxTimestampOptions,
  parseTcp,
  summarizeTcp,
  tcpChecksum,
  tcpFlagNames,
  tcpHeaderLen,
  type TcpOption,
  type TcpRepr,
} from './tcp';
import { encodeLatin1 } from './text';

const ip = (s: string) => parseIpv4(s)!;
const CLIENT = ip('192.168.150.1');
const VIP = ip('192.168.150.100');

// Segments of `exec 8<>/dev/tcp/VIP/80` + a request, as Linux sends them.
// Each was dissected by tshark 4.0 (checksums correct) and printed by tcpdump 4.99.
const SYN = fromHex(
  'a112' + '0050' + // Source Port 41234, Destination Port 80
    '0012d687' + // Sequence Number 1234567
    '00000000' + // Acknowledgment Number 0
    'a0' + '02' + // Data Offset 10 (40 bytes), flags SYN
    'faf0' + // Window 64240
    '2374' + // Checksum
    '0000' + // Urgent Pointer
    '020405b4' + // MSS 1460
    '0402' + // SACK permitted
    '080a' + '000003e8' + '00000000' + // Timestamps TSval 1000 TSecr 0
    '01' + // NOP
    '030307', // Window scale 7
);
const SYN_ACK = fromHex(
  '0050' + 'a112' + '0074cbb1' + '0012d688' + 'a0' + '12' + 'fe88' + '4bd5' + '0000' +
    '020405b4' + '0402' + '080a' + '000007d0' + '000003e8' + '01' + '030307',
);
const REQUEST = 'GET / HTTP/1.0\r\n\r\n';
const DATA = fromHex(
  'a112' + '0050' + '0012d688' + '0074cbb2' + '80' + '18' + // Data Offset 8, PSH ACK
    '01f6' + '9879' + '0000' + // Window 502
    '0101' + '080a' + '000003e9' + '000007d0' + // NOP NOP TS 1001/2000
    '474554202f20485454502f312e300d0a0d0a', // GET / HTTP/1.0\r\n\r\n
);

const SYN_REPR: TcpRepr = { srcPort: 41234, dstPort: 80, seq: 1234567, ack: 0, flags: TCP_FLAG.SYN, window: 64240, urgentPointer: 0, options: linuxSynOptions(1000) };
const SYN_ACK_REPR: TcpRepr = {
  srcPort: 80,
  dstPort: 41234,
  seq: 7654321,
  ack: 1234568,
  flags: TCP_FLAG.SYN | TCP_FLAG.ACK,
  window: 65160,
  urgentPointer: 0,
  options: linuxSynOptions(2000, 1460, 7, 1000),
};
const DATA_REPR: TcpRepr = {
  srcPort: 41234,
  dstPort: 80,
  seq: 1234568,
  ack: 7654322,
  flags: TCP_FLAG.PSH | TCP_FLAG.ACK,
  window: 502,
  urgentPointer: 0,
  options: linuxTimestampOptions(1001, 2000),
};

describe('TCP fixtures', () => {
  it('reads a Linux SYN field by field', () => {
    const r = parseTcp(SYN, 0, SYN.length, CLIENT, VIP);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.headerLen).toBe(40);
    expect(r.value.payloadOffset).toBe(40);
    expect(r.value.payloadLen).toBe(0);
    const { repr } = r.value;
    expect(repr.srcPort).toBe(41234);
    expect(repr.dstPort).toBe(80);
    expect(repr.seq).toBe(1234567);
    expect(repr.ack).toBe(0);
    expect(repr.flags).toBe(TCP_FLAG.SYN);
    expect(repr.window).toBe(64240);
    expect(repr.urgentPointer).toBe(0);
    expect(repr.options).toEqual([
      { type: 'mss', mss: 1460 },
      { type: 'sackPermitted' },
      { type: 'timestamps', tsVal: 1000, tsEcr: 0 },
      { type: 'nop' },
      { type: 'windowScale', shift: 7 },
    ]);
    expect(tcpChecksum(SYN, 0, SYN.length, CLIENT, VIP)).toBe(0x2374);
  });

  it('reads the SYN-ACK and the data segment', () => {
    expect(parseTcp(SYN_ACK, 0, SYN_ACK.length, VIP, CLIENT)).toEqual({ ok: true, value: { repr: SYN_ACK_REPR, headerLen: 40, payloadOffset: 40, payloadLen: 0 } });
    const frame = new Uint8Array(34 + DATA.length);
    frame.set(DATA, 34);
    expect(parseTcp(frame, 34, DATA.length, CLIENT, VIP)).toEqual({ ok: true, value: { repr: DATA_REPR, headerLen: 32, payloadOffset: 66, payloadLen: 18 } });
  });

  it('emits each into a buffer pre-filled with 0xa5', () => {
    const cases: [TcpRepr, Uint8Array, string, number, number][] = [
      [SYN_REPR, SYN, '', CLIENT, VIP],
      [SYN_ACK_REPR, SYN_ACK, '', VIP, CLIENT],
      [DATA_REPR, DATA, REQUEST, CLIENT, VIP],
    ];
    for (const [repr, bytes, payload, src, dst] of cases) {
      const buf = new Uint8Array(bytes.length + 4).fill(0xa5);
      emitTcp(repr, buf, 2, encodeLatin1(payload), src, dst);
      expect(toHex(buf)).toBe('a5a5' + toHex(bytes) + 'a5a5');
      expect(tcpHeaderLen(repr)).toBe(bytes.length - payload.length);
    }
  });

  it('emits with the payload already in place', () => {
    const buf = new Uint8Array(DATA.length).fill(0xa5);
    buf.set(encodeLatin1(REQUEST), 32);
    emitTcp(DATA_REPR, buf, 0, buf.subarray(32), CLIENT, VIP);
    expect(toHex(buf)).toBe(toHex(DATA));
  });

  it('summarizes like tcpdump', () => {
    expect(summarizeTcp(SYN_REPR, 0)).toBe('Flags [S], seq 1234567, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0');
    expect(summarizeTcp(SYN_ACK_REPR, 0)).toBe(
      'Flags [S.], seq 7654321, ack 1234568, win 65160, options [mss 1460,sackOK,TS val 2000 ecr 1000,nop,wscale 7], length 0',
    );
    expect(summarizeTcp(DATA_REPR, 18, { seqBase: 1234567, ackBase: 7654321 })).toBe(
      'Flags [P.], seq 1:19, ack 1, win 502, options [nop,nop,TS val 1001 ecr 2000], length 18',
    );
    expect(summarizeTcp(DATA_REPR, 18)).toBe('Flags [P.], seq 1234568:1234586, ack 7654322, win 502, options [nop,nop,TS val 1001 ecr 2000], length 18');
    const bare = { ...DATA_REPR, seq: 3, ack: 4, window: 5, options: [] };
    expect(summarizeTcp({ ...bare, flags: TCP_FLAG.FIN | TCP_FLAG.ACK }, 0)).toBe('Flags [F.], seq 3, ack 4, win 5, length 0');
    expect(summarizeTcp({ ...bare, flags: TCP_FLAG.RST }, 0)).toBe('Flags [R], seq 3, win 5, length 0');
    expect(summarizeTcp({ ...bare, flags: TCP_FLAG.RST | TCP_FLAG.ACK }, 0)).toBe('Flags [R.], seq 3, ack 4, win 5, length 0');
    expect(summarizeTcp({ ...bare, flags: 0 }, 0)).toBe('Flags [none], win 5, length 0');
    expect(summarizeTcp({ ...bare, flags: TCP_FLAG.ACK }, 0)).toBe('Flags [.], ack 4, win 5, length 0');
    expect(summarizeTcp({ ...bare, flags: 0xff }, 0)).toBe('Flags [FSRP.UEW], seq 3, ack 4, win 5, urg 0, length 0');
    // tcpdump 4.99: `options [unknown-99 0x0102]`, `sack 1 {1:10}`, and `eol` for the EOL that pads these 14 bytes to 16.
    const opts: TcpOption[] = [{ type: 'unknown', kind: 99, data: Uint8Array.of(1, 2) }, { type: 'sack', blocks: [{ left: 1, right: 10 }] }];
    expect(summarizeTcp({ ...bare, flags: TCP_FLAG.ACK, options: opts }, 0)).toBe('Flags [.], ack 4, win 5, options [unknown-99 0x0102,sack 1 {1:10},eol], length 0');
  });
});

/** `name: value` lines of a field tree, indented like tshark -V. */
function lines(fields: Field[], depth = 0): string[] {
  return fields.flatMap((f) => [`${'  '.repeat(depth)}${f.name}${f.value === '' ? '' : `: ${f.value}`}`, ...lines(f.children ?? [], depth + 1)]);
}

describe('describeTcp', () => {
  it('shows the SYN like Wireshark', () => {
    const frame = new Uint8Array(34 + SYN.length);
    frame.set(SYN, 34);
    const layer = describeTcp(frame, 34, SYN.length, CLIENT, VIP);
    expect(layer.name).toBe('Transmission Control Protocol');
    expect(layer.summary).toBe('Src Port: 41234, Dst Port: 80, Seq: 1234567, Len: 0');
    expect([layer.byteOffset, layer.byteLength]).toEqual([34, 40]);
    expect(lines(layer.fields)).toEqual([
      'Source Port: 41234',
      'Destination Port: 80',
      'Sequence Number (raw): 1234567',
      'Acknowledgment number (raw): 0',
      'Header Length: 40 bytes (10)',
      'Flags: 0x002 (SYN)',
      '  Reserved: Not set',
      '  Accurate ECN: Not set',
      '  Congestion Window Reduced: Not set',
      '  ECN-Echo: Not set',
      '  Urgent: Not set',
      '  Acknowledgment: Not set',
      '  Push: Not set',
      '  Reset: Not set',
      '  Syn: Set',
      '  Fin: Not set',
      'Window: 64240',
      'Checksum: 0x2374 [correct]',
      'Urgent Pointer: 0',
      'Options: (20 bytes), Maximum segment size, SACK permitted, Timestamps, No-Operation (NOP), Window scale',
      '  TCP Option - Maximum segment size: 1460 bytes',
      '    Kind: Maximum Segment Size (2)',
      '    Length: 4',
      '    MSS Value: 1460',
      '  TCP Option - SACK permitted',
      '    Kind: SACK Permitted (4)',
      '    Length: 2',
      '  TCP Option - Timestamps: TSval 1000, TSecr 0',
      '    Kind: Time Stamp Option (8)',
      '    Length: 10',
      '    Timestamp value: 1000',
      '    Timestamp echo reply: 0',
      '  TCP Option - No-Operation (NOP)',
      '    Kind: No-Operation (1)',
      '  TCP Option - Window scale: 7 (multiply by 128)',
      '    Kind: Window Scale (3)',
      '    Length: 3',
      '    Shift count: 7',
    ]);
    const byKey = new Map(layer.fields.map((f) => [f.key, f]));
    const base = 34 * 8;
    expect(byKey.get('seq')).toMatchObject({ bitOffset: base + 32, bitLength: 32 });
    expect(byKey.get('hdr_len')).toMatchObject({ bitOffset: base + 96, bitLength: 4 });
    const flags = byKey.get('flags')!;
    expect(flags).toMatchObject({ bitOffset: base + 100, bitLength: 12 });
    expect(flags.children!.map((c) => [c.key, c.bitOffset - base, c.bitLength])).toEqual([
      ['flags.res', 100, 3],
      ['flags.ae', 103, 1],
      ['flags.cwr', 104, 1],
      ['flags.ece', 105, 1],
      ['flags.urg', 106, 1],
      ['flags.ack', 107, 1],
      ['flags.push', 108, 1],
      ['flags.reset', 109, 1],
      ['flags.syn', 110, 1],
      ['flags.fin', 111, 1],
    ]);
    const options = byKey.get('options')!;
    expect(options).toMatchObject({ bitOffset: base + 160, bitLength: 160 });
    expect(options.children!.map((c) => [c.key, (c.bitOffset - base) / 8, c.bitLength / 8])).toEqual([
      ['options.mss', 20, 4],
      ['options.sack_perm', 24, 2],
      ['options.timestamp', 26, 10],
      ['options.nop', 36, 1],
      ['options.wscale', 37, 3],
    ]);
  });

  it('shows flags, repeated NOPs with unique keys, and an unverified checksum without addresses', () => {
    const layer = describeTcp(DATA, 0, DATA.length);
    expect(layer.summary).toBe('Src Port: 41234, Dst Port: 80, Seq: 1234568, Ack: 7654322, Len: 18');
    const byKey = new Map(layer.fields.map((f) => [f.key, f]));
    expect(byKey.get('flags')!.value).toBe('0x018 (PSH, ACK)');
    expect(byKey.get('checksum')!.value).toBe('0x9879 [unverified]');
    expect(byKey.get('options')!.children!.map((c) => c.key)).toEqual(['options.nop', 'options.nop#2', 'options.timestamp']);
    expect(layer.byteLength).toBe(32);
  });

  it('shows SACK, unknown options, EOL and padding (frame checked with tshark)', () => {
    // nop nop SACK 1-10, kind 254 len 4, EOL + 3 bytes padding; all 12 flag bits set (tshark: checksum correct).
    const seg = fromHex('000100020000000300000004afff00059cee00000101050a000000010000000afe04010200000000');
    const layer = describeTcp(seg, 0, seg.length, CLIENT, VIP);
    const byKey = new Map(layer.fields.map((f) => [f.key, f]));
    expect(byKey.get('flags')!.value).toBe('0xfff (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE, Reserved)');
    expect(byKey.get('checksum')!.value).toBe('0x9cee [correct]');
    expect(lines([byKey.get('options')!])).toEqual([
      'Options: (20 bytes), No-Operation (NOP), No-Operation (NOP), SACK, Unknown (0xfe), End of Option List (EOL)',
      '  TCP Option - No-Operation (NOP)',
      '    Kind: No-Operation (1)',
      '  TCP Option - No-Operation (NOP)',
      '    Kind: No-Operation (1)',
      '  TCP Option - SACK: 1-10',
      '    Kind: SACK (5)',
      '    Length: 10',
      '    left edge: 1',
      '    right edge: 10',
      '  TCP Option - Unknown',
      '    Kind: Unknown (254)',
      '    Length: 4',
      '    Payload: 0102',
      '  TCP Option - End of Option List (EOL)',
      '    Kind: End of Option List (0)',
      '  Padding: 000000',
    ]);
    const r = parseTcp(seg, 0, seg.length, CLIENT, VIP);
    expect(r.ok && r.value.repr.options).toEqual([
      { type: 'nop' },
      { type: 'nop' },
      { type: 'sack', blocks: [{ left: 1, right: 10 }] },
      { type: 'unknown', kind: 254, data: Uint8Array.of(1, 2) },
    ]);
    // Re-emitted, the options need no padding: 16 bytes, Data Offset 9.
    if (r.ok) expect(tcpHeaderLen(r.value.repr)).toBe(36);
  });
});

describe('TCP errors', () => {
  it('reports a corrupted checksum naming the field and the right value', () => {
    const bad = SYN.slice();
    bad[17] ^= 1;
    expect(parseTcp(bad, 0, bad.length, CLIENT, VIP)).toEqual({ ok: false, error: 'TCP: Checksum 0x2375 is wrong (should be 0x2374)' });
    const layer = describeTcp(bad, 0, bad.length, CLIENT, VIP);
    expect(layer.fields.find((f) => f.key === 'checksum')!.value).toBe('0x2375 incorrect, should be 0x2374');
    expect(layer.fields.find((f) => f.key === 'error')!.value).toBe('TCP: Checksum 0x2375 is wrong (should be 0x2374)');
    // A changed payload byte is caught too.
    const bad2 = DATA.slice();
    bad2[40] ^= 0x20;
    expect(parseTcp(bad2, 0, bad2.length, CLIENT, VIP).ok).toBe(false);
  });

  it('checks Data Offset and options', () => {
    const low = SYN.slice();
    low[12] = 0x30;
    expect(parseTcp(low)).toEqual({ ok: false, error: 'TCP: Data Offset 3 (12 bytes) is less than 20' });
    const high = SYN.slice();
    high[12] = 0xf0;
    expect(parseTcp(high)).toEqual({ ok: false, error: "TCP: Data Offset 15 (60 bytes) is more than the segment's 40 bytes" });
    expect(parseTcp(SYN, 0, 19)).toEqual({ ok: false, error: 'TCP: segment of 19 bytes is shorter than the 20-byte header' });
    const zeroLen = SYN.slice();
    zeroLen[37] = 3;
    zeroLen[38] = 0;
    expect(parseTcp(zeroLen)).toEqual({ ok: false, error: 'TCP: Option Window scale (3) Length 0 is less than 2' });
    const past = SYN.slice();
    past[21] = 30;
    expect(parseTcp(past)).toEqual({ ok: false, error: 'TCP: Option Maximum segment size (2) Length 30 goes past the end of the options' });
    const layer = describeTcp(past, 0, past.length);
    expect(layer.fields.find((f) => f.key === 'options')!.children!.at(-1)!.key).toBe('error');
  });

  it('keeps a known kind with a wrong length as unknown, like Linux ignores it', () => {
    const odd = fromHex('0001000200000003000000046010000500000000' + '0203ff00');
    const r = parseTcp(odd);
    expect(r.ok && r.value.repr.options).toEqual([{ type: 'unknown', kind: 2, data: Uint8Array.of(0xff) }]);
  });

  it('refuses to emit more than 40 bytes of options', () => {
    const options: TcpOption[] = Array.from({ length: 5 }, () => ({ type: 'timestamps', tsVal: 1, tsEcr: 2 }));
    expect(() => buildTcp({ ...SYN_REPR, options }, new Uint8Array(0), CLIENT, VIP)).toThrow(RangeError);
  });

  it('names flags like Wireshark', () => {
    expect(tcpFlagNames(0)).toBe('<None>');
    expect(tcpFlagNames(TCP_FLAG.FIN | TCP_FLAG.ACK)).toBe('FIN, ACK');
  });
});

describe('TCP properties', () => {
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  const option: fc.Arbitrary<TcpOption> = fc.oneof(
    fc.constant<TcpOption>({ type: 'nop' }),
    u16.map((mss): TcpOption => ({ type: 'mss', mss })),
    fc.integer({ min: 0, max: 255 }).map((shift): TcpOption => ({ type: 'windowScale', shift })),
    fc.constant<TcpOption>({ type: 'sackPermitted' }),
    fc.array(fc.record({ left: u32, right: u32 }), { minLength: 1, maxLength: 4 }).map((blocks): TcpOption => ({ type: 'sack', blocks })),
    fc.record({ tsVal: u32, tsEcr: u32 }).map(({ tsVal, tsEcr }): TcpOption => ({ type: 'timestamps', tsVal, tsEcr })),
    fc
      .record({ kind: fc.integer({ min: 6, max: 255 }).filter((k) => k !== 8), data: fc.uint8Array({ maxLength: 10 }) })
      .map(({ kind, data }): TcpOption => ({ type: 'unknown', kind, data })),
  );
  const options = fc.array(option, { maxLength: 12 }).filter((o) => tcpHeaderLen({ options: o } as TcpRepr) <= 60);
  const repr: fc.Arbitrary<TcpRepr> = fc.record({
    srcPort: u16,
    dstPort: u16,
    seq: u32,
    ack: u32,
    flags: fc.integer({ min: 0, max: 0xfff }),
    window: u16,
    urgentPointer: u16,
    options,
  });

  it('parse(emit(x)) = x', () => {
    fc.assert(
      fc.property(repr, fc.uint8Array({ maxLength: 100 }), u32, u32, (x, payload, src, dst) => {
        const seg = buildTcp(x, payload, src, dst);
        expect(parseTcp(seg, 0, seg.length, src, dst)).toEqual({
          ok: true,
          value: { repr: x, headerLen: tcpHeaderLen(x), payloadOffset: tcpHeaderLen(x), payloadLen: payload.length },
        });
      }),
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(90), fc.integer({ min: -2, max: 90 }), u32, (b, off, len, a) => {
        parseTcp(b, off, len, a, a);
        parseTcp(b);
        describeTcp(b, off, len, a, a);
        describeTcp(b, 0, b.length);
      }),
    );
  });

  it('never throws on random options after a valid fixed header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), (opts) => {
        const seg = new Uint8Array(20 + opts.length);
        seg.set(SYN.subarray(0, 20));
        seg.set(opts, 20);
        seg[12] = (5 + (opts.length >> 2)) << 4;
        parseTcp(seg);
        describeTcp(seg, 0, seg.length, CLIENT, VIP);
      }),
    );
  });
});
