/**
 * Ethernet II (DIX) frames: 14-byte header, no FCS. Frames we build are padded
 * with zeros to the 60-byte minimum (IEEE 802.3 minimum 64 bytes less the 4-byte
 * FCS), as a Linux NIC does on transmit.
 */
import { formatMac, isMulticastMac, readMac, writeMac, type Mac } from './addr';
import { allocBytes, hex, readU16, toHex, writeU16 } from './bytes';
import { fail, ok, type Field, type Layer, type Parsed } from './field';
import { errorField, spanError } from './text';

/** Byte ranges [start, end) within the header. */
export const ETHERNET_FIELD = {
  DST: [0, 6],
  SRC: [6, 12],
  ETHERTYPE: [12, 14],
} as const;

export const ETHERNET_HEADER_LEN = 14;
/** Minimum frame length without the FCS. */
export const ETHERNET_MIN_FRAME_LEN = 60;

export const ETHERTYPE = { IPV4: 0x0800, ARP: 0x0806 } as const;

/** Display names as Wireshark shows them in `Type: IPv4 (0x0800)`. */
export const ETHERTYPE_NAME: Readonly<Record<number, string>> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x8100: '802.1Q Virtual LAN',
  0x86dd: 'IPv6',
};

export interface EthernetRepr {
  dst: Mac;
  src: Mac;
  ethertype: number;
}

export interface EthernetParse {
  repr: EthernetRepr;
  headerLen: number;
  payloadOffset: number;
  /** Everything after the header, padding included (Ethernet II has no length field). */
  payloadLen: number;
}

export function parseEthernet(buf: Uint8Array, off = 0, len = buf.length - off): Parsed<EthernetParse> {
  const span = spanError('Ethernet', buf, off, len);
  if (span) return fail(span);
  if (len < ETHERNET_HEADER_LEN) return fail(`Ethernet: frame of ${len} bytes is shorter than the ${ETHERNET_HEADER_LEN}-byte header`);
  const repr: EthernetRepr = {
    dst: readMac(buf, off + ETHERNET_FIELD.DST[0]),
    src: readMac(buf, off + ETHERNET_FIELD.SRC[0]),
    ethertype: readU16(buf, off + ETHERNET_FIELD.ETHERTYPE[0]),
  };
  return ok({
    repr,
    headerLen: ETHERNET_HEADER_LEN,
    payloadOffset: off + ETHERNET_HEADER_LEN,
    payloadLen: len - ETHERNET_HEADER_LEN,
  });
}

export const ethernetHeaderLen = (_repr?: EthernetRepr): number => ETHERNET_HEADER_LEN;

export function emitEthernet(repr: EthernetRepr, buf: Uint8Array, off = 0): void {
  writeEthernetHeader(buf, off, repr.dst, repr.src, repr.ethertype);
}

/** The header fields one by one (the send path passes them without building a repr). */
function writeEthernetHeader(buf: Uint8Array, off: number, dst: Mac, src: Mac, ethertype: number): void {
  writeMac(buf, off + ETHERNET_FIELD.DST[0], dst);
  writeMac(buf, off + ETHERNET_FIELD.SRC[0], src);
  writeU16(buf, off + ETHERNET_FIELD.ETHERTYPE[0], ethertype);
}

/** A whole frame: header + payload, zero-padded to 60 bytes (fresh slab bytes are zeros). */
export function buildEthernetFrame(eth: EthernetRepr, payload: Uint8Array): Uint8Array {
  const frame = allocBytes(Math.max(ETHERNET_MIN_FRAME_LEN, ETHERNET_HEADER_LEN + payload.length));
  emitEthernet(eth, frame, 0);
  frame.set(payload, ETHERNET_HEADER_LEN);
  return frame;
}

/**
 * The frame around `packet`, whose bytes were allocated with room for the
 * header in front and the padding behind (allocPacket): the header is
 * written in place and nothing is copied.
 */
export function ethernetFrameAround(dst: Mac, src: Mac, ethertype: number, packet: Uint8Array): Uint8Array {
  const frame = new Uint8Array(packet.buffer, packet.byteOffset - ETHERNET_HEADER_LEN, Math.max(ETHERNET_MIN_FRAME_LEN, ETHERNET_HEADER_LEN + packet.length));
  writeEthernetHeader(frame, 0, dst, src, ethertype);
  return frame;
}

export const ethertypeName = (t: number): string => ETHERTYPE_NAME[t] ?? 'Unknown';

/** `Destination: ff:ff:ff:ff:ff:ff` with Wireshark's LG/IG bit children (IEEE 802 §8.2). */
function macField(key: string, name: string, buf: Uint8Array, at: number): Field {
  const mac = readMac(buf, at);
  const lg = (buf[at] >> 1) & 1;
  return {
    key,
    name,
    value: formatMac(mac),
    bitOffset: at * 8,
    bitLength: 48,
    children: [
      {
        key: `${key}.lg`,
        name: 'LG bit',
        value: lg ? 'Locally administered address (this is NOT the factory default)' : 'Globally unique address (factory default)',
        bitOffset: at * 8 + 6,
        bitLength: 1,
      },
      {
        key: `${key}.ig`,
        name: 'IG bit',
        value: isMulticastMac(mac) ? 'Group address (multicast/broadcast)' : 'Individual address (unicast)',
        bitOffset: at * 8 + 7,
        bitLength: 1,
      },
    ],
  };
}

/** Wireshark's `Ethernet II` tree. `off` is the header's offset in `frame`. */
export function describeEthernet(frame: Uint8Array, off = 0, len = frame.length - off): Layer {
  const name = 'Ethernet II';
  const avail = availableBytes(frame, off, len);
  const parsed = parseEthernet(frame, off, avail);
  if (!parsed.ok) return describeError('eth', name, off, avail, parsed.error);
  const { dst, src, ethertype } = parsed.value.repr;
  const t = off + ETHERNET_FIELD.ETHERTYPE[0];
  return {
    key: 'eth',
    name,
    summary: `Src: ${formatMac(src)}, Dst: ${formatMac(dst)}`,
    byteOffset: off,
    byteLength: ETHERNET_HEADER_LEN,
    fields: [
      macField('dst', 'Destination', frame, off + ETHERNET_FIELD.DST[0]),
      macField('src', 'Source', frame, off + ETHERNET_FIELD.SRC[0]),
      { key: 'type', name: 'Type', value: `${ethertypeName(ethertype)} (${hex(ethertype, 4)})`, bitOffset: t * 8, bitLength: 16 },
    ],
  };
}

/** Wireshark shows bytes after the network-layer packet as `Padding` in the Ethernet tree. */
export function paddingField(frame: Uint8Array, start: number, end: number): Field {
  return {
    key: 'padding',
    name: 'Padding',
    value: toHex(frame.subarray(start, end)),
    bitOffset: start * 8,
    bitLength: (end - start) * 8,
  };
}

/** Bytes of [off, off + len) that lie inside `frame`; 0 when `off` is not an index of it. Describers show what is there. */
export function availableBytes(frame: Uint8Array, off: number, len: number): number {
  if (!Number.isInteger(off) || off < 0 || off > frame.length || !(len > 0)) return 0;
  return Math.min(Math.floor(len), frame.length - off);
}

/** A layer that could not be parsed: one `error` field covering what there is. */
export function describeError(key: string, name: string, off: number, len: number, error: string): Layer {
  const byteOffset = Number.isInteger(off) && off >= 0 ? off : 0;
  const byteLength = Number.isInteger(len) && len > 0 ? len : 0;
  return { key, name, summary: error, byteOffset, byteLength, fields: [errorField(error, byteOffset, byteLength)] };
}
