import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAC_BROADCAST, parseMac } from './addr';
import { fromHex, toHex } from './bytes';
import { allocPacket } from '../net/ip/skb';
import {
  buildEthernetFrame,
  describeEthernet,
  ethernetFrameAround,
  emitEthernet,
  ETHERNET_FIELD,
  ETHERNET_HEADER_LEN,
  ETHERTYPE,
  parseEthernet,
  type EthernetRepr,
} from './ethernet';

// An ARP who-has from a VMware host-only adapter, as on the wire (60 bytes, zero padded).
const ARP_FRAME = fromHex(
  'ffffffffffff' + '005056c00008' + '0806' + '0001080006040001005056c00008c0a89601000000000000c0a89664' + '00'.repeat(18),
);
const REPR: EthernetRepr = { dst: MAC_BROADCAST, src: parseMac('00:50:56:c0:00:08')!, ethertype: ETHERTYPE.ARP };

const ethRepr = fc.record({
  dst: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
  src: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
  ethertype: fc.integer({ min: 0, max: 0xffff }),
});

describe('ethernet', () => {
  it('reads the fields of a fixture', () => {
    const p = parseEthernet(ARP_FRAME);
    expect(p).toEqual({ ok: true, value: { repr: REPR, headerLen: 14, payloadOffset: 14, payloadLen: 46 } });
  });

  it('emits every header byte (buffer pre-filled with 0xa5)', () => {
    const buf = new Uint8Array(ETHERNET_HEADER_LEN).fill(0xa5);
    emitEthernet(REPR, buf, 0);
    expect(toHex(buf)).toBe(toHex(ARP_FRAME.subarray(0, ETHERNET_HEADER_LEN)));
  });

  it('builds frames padded with zeros to 60 bytes, never longer than needed', () => {
    const payload = ARP_FRAME.subarray(14, 14 + 28);
    const frame = buildEthernetFrame(REPR, payload);
    expect(toHex(frame)).toBe(toHex(ARP_FRAME));
    expect(buildEthernetFrame(REPR, new Uint8Array(100)).length).toBe(114);
    expect(buildEthernetFrame(REPR, new Uint8Array(46)).length).toBe(60);
  });

  it('builds the same frame around a packet allocated with headroom, without copying it', () => {
    fc.assert(
      fc.property(ethRepr, fc.uint8Array({ maxLength: 200 }), (eth, bytes) => {
        const packet = allocPacket(bytes.length);
        packet.set(bytes);
        const around = ethernetFrameAround(eth.dst, eth.src, eth.ethertype, packet);
        expect(toHex(around)).toBe(toHex(buildEthernetFrame(eth, bytes)));
        expect(around.buffer).toBe(packet.buffer); // the packet's own bytes, header in front
        expect(toHex(packet)).toBe(toHex(bytes));
      }),
    );
  });

  it('parse(emit(x)) == x', () => {
    fc.assert(
      fc.property(ethRepr, fc.integer({ min: 0, max: 8 }), (repr, off) => {
        const buf = new Uint8Array(off + ETHERNET_HEADER_LEN).fill(0xa5);
        emitEthernet(repr, buf, off);
        const p = parseEthernet(buf, off);
        expect(p.ok && p.value.repr).toEqual(repr);
      }),
    );
  });

  it('fails on a short frame with a message naming the layer', () => {
    expect(parseEthernet(new Uint8Array(9))).toEqual({
      ok: false,
      error: 'Ethernet: frame of 9 bytes is shorter than the 14-byte header',
    });
    expect(describeEthernet(new Uint8Array(9)).fields.map((f) => f.key)).toEqual(['error']);
  });

  it('describes like Wireshark, bit offsets on the right bytes', () => {
    const frame = new Uint8Array(4 + ARP_FRAME.length);
    frame.set(ARP_FRAME, 4); // describe at a non-zero offset
    const layer = describeEthernet(frame, 4);
    expect(layer.summary).toBe('Src: 00:50:56:c0:00:08, Dst: ff:ff:ff:ff:ff:ff');
    const by = Object.fromEntries(layer.fields.map((f) => [f.key, f]));
    expect(by.dst.value).toBe('ff:ff:ff:ff:ff:ff');
    expect(by.dst.children![1].value).toBe('Group address (multicast/broadcast)');
    expect(by.src.children![1].value).toBe('Individual address (unicast)');
    expect(by.type.value).toBe('ARP (0x0806)');
    expect([by.dst.bitOffset, by.dst.bitLength]).toEqual([(4 + ETHERNET_FIELD.DST[0]) * 8, 48]);
    expect([by.src.bitOffset, by.type.bitOffset, by.type.bitLength]).toEqual([80, 128, 16]);
    // the IG bit is the last bit of the first octet
    expect(by.dst.children![1].bitOffset).toBe(4 * 8 + 7);
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: -2, max: 42 }), fc.oneof(fc.integer({ min: -2, max: 70 }), fc.constantFrom(NaN, Infinity, 1.5)), (b, off, len) => {
        parseEthernet(b, off);
        describeEthernet(b, off);
        parseEthernet(b, off, len);
        describeEthernet(b, off, len);
      }),
    );
  });
});
