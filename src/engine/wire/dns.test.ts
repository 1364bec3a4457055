import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from './addr';
import { fromHex, toHex } from './bytes';
import type { Field } from './field';
import {
  DNS_CLASS,
  DNS_RCODE,
  DNS_TYPE,
  checkDnsName,
  describeDns,
  dnsAnswerA,
  dnsNxDomain,
  dnsQuery,
  emitDns,
  parseDns,
  summarizeDnsMessage,
  type DnsMessage,
  type DnsRecord,
} from './dns';
import { escapeLabel } from './dns-name';
import { emitUdp, parseUdp } from './udp';

const ip = (s: string) => parseIpv4(s)!;
const BAIDU = ip('61.135.169.125');

// `getent hosts www.baidu.com` through 114.114.114.114; both checked with tshark 4.0 and tcpdump 4.99.
const QNAME = '03777777' + '056261696475' + '03636f6d' + '00'; // 3www 5baidu 3com 0
const QUERY = fromHex(
  '3039' + // Transaction ID 12345
    '0100' + // Flags: standard query, RD
    '0001' + '0000' + '0000' + '0000' + // QDCOUNT 1, AN 0, NS 0, AR 0
    QNAME +
    '0001' + '0001', // QTYPE A, QCLASS IN
);
const RESPONSE = fromHex(
  '3039' +
    '8180' + // QR, RD, RA, NOERROR
    '0001' + '0001' + '0000' + '0000' +
    QNAME + '0001' + '0001' +
    'c00c' + // NAME: pointer to offset 12, the question's name
    '0001' + '0001' + // TYPE A, CLASS IN
    '00000258' + // TTL 600
    '0004' + // RDLENGTH
    '3d87a97d', // 61.135.169.125
);
// www.baidu.com CNAME www.a.shifen.com (rdata ends with a pointer to "com"), then its A record named by a pointer into that rdata.
const CNAME_RESPONSE = fromHex(
  '3039858000010002000000000377777705626169647503636f6d0000010001' +
    'c00c000500010000012c000f0377777701610673686966656ec016' +
    'c02b000100010000007800046ef24403',
);

describe('DNS fixtures', () => {
  it('reads the query field by field', () => {
    const r = parseDns(QUERY);
    if (!r.ok) throw new Error(r.error);
    const m = r.value;
    expect(m.id).toBe(12345);
    expect([m.qr, m.opcode, m.aa, m.tc, m.rd, m.ra, m.z, m.rcode]).toEqual([false, 0, false, false, true, false, 0, 0]);
    expect(m.questions).toEqual([{ name: 'www.baidu.com', type: DNS_TYPE.A, class: DNS_CLASS.IN }]);
    expect([m.answers, m.authorities, m.additionals]).toEqual([[], [], []]);
  });

  it('reads the response, following the compression pointer', () => {
    const frame = new Uint8Array(42 + RESPONSE.length);
    frame.set(RESPONSE, 42);
    const r = parseDns(frame, 42, RESPONSE.length);
    if (!r.ok) throw new Error(r.error);
    const m = r.value;
    expect([m.qr, m.rd, m.ra, m.aa, m.rcode]).toEqual([true, true, true, false, DNS_RCODE.NOERROR]);
    expect(m.answers).toEqual([{ name: 'www.baidu.com', type: 1, class: 1, ttl: 600, data: { kind: 'a', address: BAIDU } }]);
  });

  it('reads names inside CNAME data', () => {
    const r = parseDns(CNAME_RESPONSE);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.aa).toBe(true);
    expect(r.value.answers).toEqual([
      { name: 'www.baidu.com', type: DNS_TYPE.CNAME, class: 1, ttl: 300, data: { kind: 'name', name: 'www.a.shifen.com' } },
      { name: 'www.a.shifen.com', type: DNS_TYPE.A, class: 1, ttl: 120, data: { kind: 'a', address: ip('110.242.68.3') } },
    ]);
  });

  it('emits the same bytes: query, response with c0 0c, and the CNAME chain compressed like the server did', () => {
    const q = dnsQuery(12345, 'www.baidu.com');
    expect(toHex(emitDns(q))).toBe(toHex(QUERY));
    const a = dnsAnswerA(q, 600, [BAIDU]);
    expect(toHex(emitDns(a))).toBe(toHex(RESPONSE));
    const cname = parseDns(CNAME_RESPONSE);
    expect(cname.ok && toHex(emitDns(cname.value))).toBe(toHex(CNAME_RESPONSE));
    // A fully-qualified name (trailing dot) is the same name.
    expect(toHex(emitDns(dnsQuery(12345, 'www.baidu.com.')))).toBe(toHex(QUERY));
  });

  it('emits inside a UDP datagram into a buffer pre-filled with 0xa5', () => {
    const client = ip('192.168.150.1');
    const server = ip('114.114.114.114');
    const buf = new Uint8Array(8 + QUERY.length).fill(0xa5);
    emitUdp({ srcPort: 40000, dstPort: 53 }, buf, 0, emitDns(dnsQuery(12345, 'www.baidu.com')), client, server);
    expect(toHex(buf)).toBe('9c40003500273b62' + toHex(QUERY));
    const u = parseUdp(buf, 0, buf.length, client, server);
    expect(u.ok && parseDns(buf, u.value.payloadOffset, u.value.payloadLen).ok).toBe(true);
  });

  it('builds NXDOMAIN and multi-address answers', () => {
    const q = dnsQuery(12345, 'www.baidu.com');
    const nx = emitDns(dnsNxDomain(q));
    expect(toHex(nx.subarray(0, 4))).toBe('30398183');
    expect(nx.length).toBe(31);
    const two = parseDns(emitDns(dnsAnswerA(q, 60, [ip('1.2.3.4'), ip('5.6.7.8')])));
    expect(two.ok && two.value.answers.map((r) => r.data)).toEqual([
      { kind: 'a', address: ip('1.2.3.4') },
      { kind: 'a', address: ip('5.6.7.8') },
    ]);
  });

  it('summarizes like tcpdump', () => {
    const q = dnsQuery(12345, 'www.baidu.com');
    expect(summarizeDnsMessage(q)).toBe('12345+ A? www.baidu.com. (31)');
    expect(summarizeDnsMessage(dnsAnswerA(q, 600, [BAIDU]))).toBe('12345 1/0/0 A 61.135.169.125 (47)');
    expect(summarizeDnsMessage(dnsNxDomain(q))).toBe('12345 NXDomain 0/0/0 (31)');
    const cname = parseDns(CNAME_RESPONSE);
    expect(cname.ok && summarizeDnsMessage(cname.value, CNAME_RESPONSE.length)).toBe('12345* 2/0/0 CNAME www.a.shifen.com., A 110.242.68.3 (74)');
    expect(summarizeDnsMessage({ ...q, rd: false, questions: [{ name: 'x', type: 28, class: 3 }] })).toBe('12345 AAAA CHAOS? x. (19)');
    expect(summarizeDnsMessage({ ...dnsAnswerA(q, 1, []), ra: false })).toBe('12345- 0/0/0 (31)');
  });
});

function lines(fields: Field[], depth = 0): string[] {
  return fields.flatMap((f) => [`${'  '.repeat(depth)}${f.name}${f.value === '' ? '' : `: ${f.value}`}`, ...lines(f.children ?? [], depth + 1)]);
}

describe('describeDns', () => {
  it('shows the query like Wireshark', () => {
    const layer = describeDns(QUERY, 0, QUERY.length);
    expect(layer.name).toBe('Domain Name System (query)');
    expect(layer.summary).toBe('Standard query 0x3039 A www.baidu.com');
    expect(lines(layer.fields)).toEqual([
      'Transaction ID: 0x3039',
      'Flags: 0x0100 Standard query',
      '  Response: Message is a query',
      '  Opcode: Standard query (0)',
      '  Truncated: Message is not truncated',
      '  Recursion desired: Do query recursively',
      '  Z: reserved (0)',
      '  Non-authenticated data: Unacceptable',
      'Questions: 1',
      'Answer RRs: 0',
      'Authority RRs: 0',
      'Additional RRs: 0',
      'Queries',
      '  www.baidu.com: type A, class IN',
      '    Name: www.baidu.com',
      '    Type: A (Host Address) (1)',
      '    Class: IN (0x0001)',
    ]);
  });

  it('shows the response like Wireshark, bit offsets from the frame start', () => {
    const frame = new Uint8Array(42 + RESPONSE.length);
    frame.set(RESPONSE, 42);
    const layer = describeDns(frame, 42, RESPONSE.length);
    expect(layer.name).toBe('Domain Name System (response)');
    expect(layer.summary).toBe('Standard query response 0x3039 A www.baidu.com A 61.135.169.125');
    expect([layer.byteOffset, layer.byteLength]).toEqual([42, 47]);
    expect(lines(layer.fields)).toEqual([
      'Transaction ID: 0x3039',
      'Flags: 0x8180 Standard query response, No error',
      '  Response: Message is a response',
      '  Opcode: Standard query (0)',
      '  Authoritative: Server is not an authority for domain',
      '  Truncated: Message is not truncated',
      '  Recursion desired: Do query recursively',
      '  Recursion available: Server can do recursive queries',
      '  Z: reserved (0)',
      '  Answer authenticated: Answer/authority portion was not authenticated by the server',
      '  Non-authenticated data: Unacceptable',
      '  Reply code: No error (0)',
      'Questions: 1',
      'Answer RRs: 1',
      'Authority RRs: 0',
      'Additional RRs: 0',
      'Queries',
      '  www.baidu.com: type A, class IN',
      '    Name: www.baidu.com',
      '    Type: A (Host Address) (1)',
      '    Class: IN (0x0001)',
      'Answers',
      '  www.baidu.com: type A, class IN, addr 61.135.169.125',
      '    Name: www.baidu.com',
      '    Type: A (Host Address) (1)',
      '    Class: IN (0x0001)',
      '    Time to live: 600 (10 minutes)',
      '    Data length: 4',
      '    Address: 61.135.169.125',
    ]);
    const base = 42 * 8;
    const flags = layer.fields[1];
    expect(flags.children!.map((c) => [c.key, c.bitOffset - base - 16, c.bitLength])).toEqual([
      ['flags.response', 0, 1],
      ['flags.opcode', 1, 4],
      ['flags.authoritative', 5, 1],
      ['flags.truncated', 6, 1],
      ['flags.recdesired', 7, 1],
      ['flags.recavail', 8, 1],
      ['flags.z', 9, 1],
      ['flags.authenticated', 10, 1],
      ['flags.checkdisable', 11, 1],
      ['flags.rcode', 12, 4],
    ]);
    const answer = layer.fields.find((f) => f.key === 'answers')!.children![0];
    expect([answer.key, (answer.bitOffset - base) / 8, answer.bitLength / 8]).toEqual(['answer', 31, 16]);
    expect(answer.children!.map((c) => [c.key, (c.bitOffset - base) / 8, c.bitLength / 8])).toEqual([
      ['answer.name', 31, 2],
      ['answer.type', 33, 2],
      ['answer.class', 35, 2],
      ['answer.ttl', 37, 4],
      ['answer.data_len', 41, 2],
      ['answer.a', 43, 4],
    ]);
  });

  it('shows a CNAME chain and NXDOMAIN', () => {
    const layer = describeDns(CNAME_RESPONSE, 0, CNAME_RESPONSE.length);
    expect(layer.summary).toBe('Standard query response 0x3039 A www.baidu.com CNAME www.a.shifen.com A 110.242.68.3');
    const answers = layer.fields.find((f) => f.key === 'answers')!;
    expect(lines([answers])).toEqual([
      'Answers',
      '  www.baidu.com: type CNAME, class IN, cname www.a.shifen.com',
      '    Name: www.baidu.com',
      '    Type: CNAME (Canonical NAME for an alias) (5)',
      '    Class: IN (0x0001)',
      '    Time to live: 300 (5 minutes)',
      '    Data length: 15',
      '    CNAME: www.a.shifen.com',
      '  www.a.shifen.com: type A, class IN, addr 110.242.68.3',
      '    Name: www.a.shifen.com',
      '    Type: A (Host Address) (1)',
      '    Class: IN (0x0001)',
      '    Time to live: 120 (2 minutes)',
      '    Data length: 4',
      '    Address: 110.242.68.3',
    ]);
    expect(answers.children!.map((c) => c.key)).toEqual(['answer', 'answer#2']);
    const nx = emitDns(dnsNxDomain(dnsQuery(12345, 'www.baidu.com')));
    const nxLayer = describeDns(nx, 0, nx.length);
    expect(nxLayer.fields[1].value).toBe('0x8183 Standard query response, No such name');
    expect(nxLayer.summary).toBe('Standard query response 0x3039 No such name A www.baidu.com');
  });
});

describe('DNS errors', () => {
  it('returns an error for a compression pointer loop instead of looping', () => {
    // Question name at offset 12 is a pointer to itself (tshark: "Name contains a pointer that loops").
    const self = fromHex('303901000001000000000000c00c00010001');
    expect(parseDns(self)).toEqual({ ok: false, error: 'DNS: Question 1: compression pointer loop at offset 12' });
    // Two pointers pointing at each other.
    const pair = fromHex('303901000001000000000000c00ec00c00010001');
    expect(parseDns(pair)).toEqual({ ok: false, error: 'DNS: Question 1: compression pointer loop at offset 12' });
    // A label, then a pointer back to the label.
    const labelLoop = fromHex('3039010000010000000000000161c00c00010001');
    expect(parseDns(labelLoop)).toEqual({ ok: false, error: 'DNS: Question 1: compression pointer loop at offset 14' });
    const layer = describeDns(self, 0, self.length);
    expect(layer.fields.at(-1)).toMatchObject({ key: 'error', value: 'DNS: Question 1: compression pointer loop at offset 12' });
  });

  it('rejects out-of-range pointers, bad label types and truncation', () => {
    expect(parseDns(fromHex('303901000001000000000000c0ff00010001'))).toEqual({
      ok: false,
      error: 'DNS: Question 1: compression pointer at offset 12 points to offset 255, past the end of the message',
    });
    expect(parseDns(fromHex('303901000001000000000000410000010001'))).toEqual({
      ok: false,
      error: 'DNS: Question 1: label type 0x40 at offset 12 is not supported',
    });
    expect(parseDns(QUERY, 0, 29)).toEqual({ ok: false, error: 'DNS: Question 1 ends past the end of the message' });
    expect(parseDns(RESPONSE, 0, 46)).toEqual({ ok: false, error: 'DNS: Answer 1 Data length 4 goes past the end of the message' });
    expect(parseDns(QUERY, 0, 11)).toEqual({ ok: false, error: 'DNS: message of 11 bytes is shorter than the 12-byte header' });
    const manyQuestions = QUERY.slice();
    manyQuestions[5] = 2;
    expect(parseDns(manyQuestions)).toEqual({ ok: false, error: 'DNS: Question 2: name at offset 31 runs past the end of the message' });
    // A name over 255 bytes made of pointers chaining backwards through 63-byte labels.
    const long = [0x30, 0x39, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 5; i++) long.push(63, ...new Array<number>(63).fill(0x61));
    long.push(0, 0, 1, 0, 1);
    expect(parseDns(Uint8Array.from(long))).toEqual({ ok: false, error: 'DNS: Question 1: name at offset 12 is longer than 255 bytes' });
  });

  it('checks names before sending', () => {
    expect(checkDnsName('www.baidu.com')).toBeUndefined();
    expect(checkDnsName('')).toBeUndefined();
    expect(checkDnsName('a..b')).toBe('empty label in "a..b"');
    expect(checkDnsName('x'.repeat(64) + '.com')).toMatch(/label of 64 bytes .* is longer than 63/);
    expect(checkDnsName(Array.from({ length: 5 }, () => 'x'.repeat(60)).join('.'))).toMatch(/306 bytes on the wire, more than 255/);
    expect(() => emitDns(dnsQuery(1, 'a..b'))).toThrow(RangeError);
  });

  it('round-trips escaped label bytes', () => {
    const label = Uint8Array.of(0x2e, 0x5c, 0x20, 0x00, 0xff, 0x41);
    const name = escapeLabel(label, 0, label.length) + '.example';
    expect(name).toBe('\\.\\\\\\032\\000\\255A.example');
    const msg = dnsQuery(7, name);
    const bytes = emitDns(msg);
    expect(toHex(bytes.subarray(12, 19))).toBe('062e5c2000ff41');
    expect(parseDns(bytes)).toEqual({ ok: true, value: msg });
  });
});

describe('DNS properties', () => {
  const label = fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,12}$/) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => escapeLabel(b, 0, b.length)) },
  );
  const name = fc.array(label, { maxLength: 4 }).map((ls) => ls.join('.'));
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  const record: fc.Arbitrary<DnsRecord> = fc.oneof(
    fc.record({ name, class: u16, ttl: u32, address: u32 }).map(({ name: n, class: c, ttl, address }): DnsRecord => ({ name: n, type: DNS_TYPE.A, class: c, ttl, data: { kind: 'a', address } })),
    fc
      .record({ name, type: fc.constantFrom(2, 5, 12), class: u16, ttl: u32, target: name })
      .map(({ name: n, type, class: c, ttl, target }): DnsRecord => ({ name: n, type, class: c, ttl, data: { kind: 'name', name: target } })),
    fc
      .record({ name, type: u16.filter((t) => t !== 1 && t !== 2 && t !== 5 && t !== 12), class: u16, ttl: u32, bytes: fc.uint8Array({ maxLength: 20 }) })
      .map(({ name: n, type, class: c, ttl, bytes }): DnsRecord => ({ name: n, type, class: c, ttl, data: { kind: 'raw', bytes } })),
  );
  const message: fc.Arbitrary<DnsMessage> = fc.record({
    id: u16,
    qr: fc.boolean(),
    opcode: fc.integer({ min: 0, max: 15 }),
    aa: fc.boolean(),
    tc: fc.boolean(),
    rd: fc.boolean(),
    ra: fc.boolean(),
    z: fc.integer({ min: 0, max: 7 }),
    rcode: fc.integer({ min: 0, max: 15 }),
    questions: fc.array(fc.record({ name, type: u16, class: u16 }), { maxLength: 3 }),
    answers: fc.array(record, { maxLength: 4 }),
    authorities: fc.array(record, { maxLength: 2 }),
    additionals: fc.array(record, { maxLength: 2 }),
  });

  it('parse(emit(x)) = x', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(parseDns(emitDns(m))).toEqual({ ok: true, value: m });
      }),
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(90), fc.integer({ min: -2, max: 90 }), (b, off, len) => {
        parseDns(b, off, len);
        parseDns(b);
        describeDns(b, off, len);
        describeDns(b, 0, b.length);
      }),
    );
  });

  it('never throws or loops on random bytes after a plausible header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), (body, qd, an) => {
        const b = new Uint8Array(12 + body.length);
        b.set([0, 1, 0x81, 0x80, 0, qd, 0, an, 0, 0, 0, 0]);
        b.set(body, 12);
        // Sprinkle pointers into the body so that loops and chains are exercised.
        for (let i = 12; i + 1 < b.length; i += 7) if (b[i] > 0xa0) b[i] |= 0xc0;
        parseDns(b);
        describeDns(b, 0, b.length);
      }),
    );
  });
});
