import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4, parseMac } from './addr';
import { fromHex, toHex } from './bytes';
import {
  ARP_FIELD,
  ARP_LEN,
  ARP_OPER,
  arpReply,
  arpRequest,
  describeArp,
  emitArp,
  gratuitousArp,
  isGratuitousArp,
  parseArp,
  type ArpRepr,
} from './arp';

const HOST = parseMac('00:50:56:c0:00:08')!;
const DIR = parseMac('00:0c:29:3a:5b:7c')!;
const IP1 = parseIpv4('192.168.150.1')!;
const VIP = parseIpv4('192.168.150.100')!;

// ARP packets (after the 14-byte Ethernet header), reasoned out byte by byte:
// htype 0001, ptype 0800, hlen 06, plen 04, oper, sha, spa, tha, tpa.
const REQUEST = fromHex('0001' + '0800' + '06' + '04' + '0001' + '005056c00008' + 'c0a89601' + '000000000000' + 'c0a89664');
const REPLY = fromHex('0001' + '0800' + '06' + '04' + '0002' + '000c293a5b7c' + 'c0a89664' + '005056c00008' + 'c0a89601');
const GARP = fromHex('0001080006040001' + '000c293a5b7c' + 'c0a89664' + 'ffffffffffff' + 'c0a89664');

const arpRepr: fc.Arbitrary<ArpRepr> = fc.record({
  operation: fc.constantFrom(ARP_OPER.REQUEST, ARP_OPER.REPLY),
  senderHardwareAddr: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
  senderProtocolAddr: fc.nat({ max: 0xffff_ffff }),
  targetHardwareAddr: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
  targetProtocolAddr: fc.nat({ max: 0xffff_ffff }),
});

describe('arp', () => {
  it('reads a request and a reply field by field', () => {
    expect(parseArp(REQUEST)).toEqual({ ok: true, value: { repr: arpRequest(HOST, IP1, VIP), headerLen: 28 } });
    const reply = parseArp(REPLY);
    expect(reply.ok && reply.value.repr).toEqual({
      operation: 2,
      senderHardwareAddr: DIR,
      senderProtocolAddr: VIP,
      targetHardwareAddr: HOST,
      targetProtocolAddr: IP1,
    });
  });

  it('emits every byte (buffer pre-filled with 0xa5)', () => {
    for (const [repr, bytes] of [
      [arpRequest(HOST, IP1, VIP), REQUEST],
      [arpReply(DIR, VIP, HOST, IP1), REPLY],
      [gratuitousArp(DIR, VIP), GARP],
    ] as const) {
      const buf = new Uint8Array(ARP_LEN + 4).fill(0xa5);
      emitArp(repr, buf, 2);
      expect(toHex(buf)).toBe('a5a5' + toHex(bytes) + 'a5a5');
    }
  });

  it('parse(emit(x)) == x', () => {
    fc.assert(
      fc.property(arpRepr, (repr) => {
        const buf = new Uint8Array(ARP_LEN).fill(0xa5);
        emitArp(repr, buf, 0);
        const p = parseArp(buf);
        expect(p.ok && p.value.repr).toEqual(repr);
      }),
    );
  });

  it('detects gratuitous ARP (sender IP == target IP)', () => {
    expect(isGratuitousArp(gratuitousArp(DIR, VIP))).toBe(true);
    expect(isGratuitousArp(arpRequest(HOST, IP1, VIP))).toBe(false);
  });

  it('rejects other hardware/protocol types and opcodes, naming the field', () => {
    const bad = (i: number, v: number) => {
      const b = REQUEST.slice();
      b[i] = v;
      return parseArp(b);
    };
    expect(bad(1, 6)).toEqual({ ok: false, error: 'ARP: Hardware type 6 is not Ethernet (1)' });
    expect(bad(2, 0x86)).toEqual({ ok: false, error: 'ARP: Protocol type 0x8600 is not IPv4 (0x0800)' });
    expect(bad(4, 8)).toEqual({ ok: false, error: 'ARP: Hardware size 8 is not 6' });
    expect(bad(5, 16)).toEqual({ ok: false, error: 'ARP: Protocol size 16 is not 4' });
    expect(bad(7, 3)).toEqual({ ok: false, error: 'ARP: Opcode 3 is not request (1) or reply (2)' });
    expect(parseArp(REQUEST, 0, 27)).toEqual({
      ok: false,
      error: 'ARP: packet of 27 bytes is shorter than the 28-byte Ethernet/IPv4 ARP packet',
    });
  });

  it('describes like Wireshark, bit offsets on the right bytes', () => {
    const frame = new Uint8Array(14 + 28 + 18);
    frame.set(GARP, 14);
    const layer = describeArp(frame, 14, 46);
    expect(layer.name).toBe('Address Resolution Protocol (request/gratuitous ARP)');
    expect(layer.summary).toBe('Gratuitous ARP for 192.168.150.100 (Request)');
    expect(layer.fields.map((f) => `${f.name}: ${f.value}`)).toEqual([
      'Hardware type: Ethernet (1)',
      'Protocol type: IPv4 (0x0800)',
      'Hardware size: 6',
      'Protocol size: 4',
      'Opcode: request (1)',
      'Sender MAC address: 00:0c:29:3a:5b:7c',
      'Sender IP address: 192.168.150.100',
      'Target MAC address: ff:ff:ff:ff:ff:ff',
      'Target IP address: 192.168.150.100',
    ]);
    for (const f of layer.fields) expect(f.bitOffset % 8).toBe(0);
    const spa = layer.fields.find((f) => f.key === 'spa')!;
    expect(spa.bitOffset / 8).toBe(14 + ARP_FIELD.SPA[0]);
    expect(toHex(frame.subarray(spa.bitOffset / 8, (spa.bitOffset + spa.bitLength) / 8))).toBe('c0a89664');
    expect(describeArp(REQUEST, 0).summary).toBe('Who has 192.168.150.100? Tell 192.168.150.1');
    expect(describeArp(REPLY, 0).summary).toBe('192.168.150.100 is at 00:0c:29:3a:5b:7c');
  });

  it('shows the fields of an unsupported packet and an error field', () => {
    const b = REQUEST.slice();
    b[7] = 9;
    const layer = describeArp(b, 0);
    expect(layer.fields.find((f) => f.key === 'opcode')!.value).toBe('Unknown (9)');
    expect(layer.fields.at(-1)!.value).toBe('ARP: Opcode 9 is not request (1) or reply (2)');
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: -1, max: 30 }), fc.oneof(fc.integer({ min: -2, max: 70 }), fc.constantFrom(NaN, Infinity, 1.5)), (b, off, len) => {
        parseArp(b, off);
        describeArp(b, off);
        parseArp(b, off, len);
        describeArp(b, off, len);
      }),
    );
  });
});
