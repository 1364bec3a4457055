/**
 * UDP (RFC 768): an 8-byte header, checksum over an IPv4 pseudo-header.
 *
 * emit: `emitUdp(repr, buf, off, payload, src, dst)` writes the header and
 * copies `payload` right after it (a payload that already sits there, as a
 * subarray of `buf`, is fine), then computes the checksum. The whole datagram
 * is `udpBufferLen(payload.length)` bytes.
 */
import type { Ipv4 } from './addr';
import { hex, readU16, writeU16 } from './bytes';
import { finish, pseudoHeaderSum, sumWords } from './checksum';
import { IP_PROTOCOL } from './ipv4';
import { fail, ok, type Field, type Layer, type Parsed } from './field';
import { checksumText, errorField, fieldBuilder, spanError } from './text';

/** Byte ranges [start, end) within the header. */
export const UDP_FIELD = {
  SRC_PORT: [0, 2],
  DST_PORT: [2, 4],
  LENGTH: [4, 6],
  CHECKSUM: [6, 8],
} as const;

export const UDP_HEADER_LEN = 8;

export interface UdpRepr {
  srcPort: number;
  dstPort: number;
}

export interface UdpParse {
  repr: UdpRepr;
  headerLen: number;
  payloadOffset: number;
  /** From the UDP Length field; bytes after it (up to `len`) are not UDP's. */
  payloadLen: number;
}

/**
 * The right checksum for the datagram at [off, off+length) whatever the
 * Checksum field holds now. A computed 0 is sent as 0xffff (RFC 768).
 */
export function udpChecksum(buf: Uint8Array, off: number, length: number, src: Ipv4, dst: Ipv4): number {
  const c = UDP_FIELD.CHECKSUM;
  let sum = pseudoHeaderSum(src, dst, IP_PROTOCOL.UDP, length);
  sum = sumWords(buf, off, c[0], sum);
  sum = sumWords(buf, off + c[1], length - c[1], sum);
  return finish(sum) || 0xffff;
}

/**
 * Parse the datagram in `len` bytes at `off` (the IPv4 payload). With `src`
 * and `dst` the checksum is verified unless it is 0 ("no checksum", RFC 768).
 */
export function parseUdp(buf: Uint8Array, off = 0, len = buf.length - off, src?: Ipv4, dst?: Ipv4): Parsed<UdpParse> {
  const span = spanError('UDP', buf, off, len);
  if (span) return fail(span);
  if (len < UDP_HEADER_LEN) return fail(`UDP: datagram of ${len} bytes is shorter than the ${UDP_HEADER_LEN}-byte header`);
  const length = readU16(buf, off + UDP_FIELD.LENGTH[0]);
  if (length < UDP_HEADER_LEN) return fail(`UDP: Length ${length} is less than ${UDP_HEADER_LEN}`);
  if (length > len) return fail(`UDP: Length ${length} is more than the ${len} bytes received`);
  const stored = readU16(buf, off + UDP_FIELD.CHECKSUM[0]);
  if (src !== undefined && dst !== undefined && stored !== 0) {
    const right = udpChecksum(buf, off, length, src, dst);
    if (stored !== right) return fail(`UDP: Checksum ${hex(stored, 4)} is wrong (should be ${hex(right, 4)})`);
  }
  return ok({
    repr: { srcPort: readU16(buf, off + UDP_FIELD.SRC_PORT[0]), dstPort: readU16(buf, off + UDP_FIELD.DST_PORT[0]) },
    headerLen: UDP_HEADER_LEN,
    payloadOffset: off + UDP_HEADER_LEN,
    payloadLen: length - UDP_HEADER_LEN,
  });
}

export const udpHeaderLen = (_repr?: UdpRepr): number => UDP_HEADER_LEN;
export const udpBufferLen = (payloadLen: number): number => UDP_HEADER_LEN + payloadLen;

/** Write header + payload at `off` and fill in the checksum (see the file comment). */
export function emitUdp(repr: UdpRepr, buf: Uint8Array, off: number, payload: Uint8Array, src: Ipv4, dst: Ipv4): void {
  const length = udpBufferLen(payload.length);
  if (length > 0xffff) throw new RangeError(`UDP: payload of ${payload.length} bytes does not fit the 16-bit Length`);
  if (payload.buffer !== buf.buffer || payload.byteOffset !== buf.byteOffset + off + UDP_HEADER_LEN) {
    buf.set(payload, off + UDP_HEADER_LEN);
  }
  writeU16(buf, off + UDP_FIELD.SRC_PORT[0], repr.srcPort);
  writeU16(buf, off + UDP_FIELD.DST_PORT[0], repr.dstPort);
  writeU16(buf, off + UDP_FIELD.LENGTH[0], length);
  writeU16(buf, off + UDP_FIELD.CHECKSUM[0], udpChecksum(buf, off, length, src, dst));
}

/** A fresh datagram: header + payload. */
export function buildUdp(repr: UdpRepr, payload: Uint8Array, src: Ipv4, dst: Ipv4): Uint8Array {
  const out = new Uint8Array(udpBufferLen(payload.length));
  emitUdp(repr, out, 0, payload, src, dst);
  return out;
}

/** tcpdump's line for a datagram it does not decode further: `UDP, length 31` (payload bytes). */
export function summarizeUdp(_repr: UdpRepr, payloadLen: number): string {
  return `UDP, length ${payloadLen}`;
}

/**
 * Wireshark's `User Datagram Protocol` tree. The layer covers the 8-byte
 * header; the payload is the next layer's.
 */
export function describeUdp(frame: Uint8Array, off: number, len: number, ipSrc?: number, ipDst?: number): Layer {
  const avail = Math.max(0, Math.min(len, frame.length - off));
  const b = fieldBuilder(off);
  const fields: Field[] = [];
  const has = (r: readonly [number, number]) => off >= 0 && r[1] <= avail;
  const name = 'User Datagram Protocol';
  if (has(UDP_FIELD.SRC_PORT)) fields.push(b.at('srcport', 'Source Port', String(readU16(frame, off)), UDP_FIELD.SRC_PORT));
  if (has(UDP_FIELD.DST_PORT)) fields.push(b.at('dstport', 'Destination Port', String(readU16(frame, off + 2)), UDP_FIELD.DST_PORT));
  if (!has(UDP_FIELD.CHECKSUM)) {
    const error = `UDP: datagram of ${avail} bytes is shorter than the ${UDP_HEADER_LEN}-byte header`;
    fields.push(errorField(error, off, avail));
    return { key: 'udp', name, summary: error, byteOffset: off, byteLength: avail, fields };
  }
  const srcPort = readU16(frame, off + UDP_FIELD.SRC_PORT[0]);
  const dstPort = readU16(frame, off + UDP_FIELD.DST_PORT[0]);
  const length = readU16(frame, off + UDP_FIELD.LENGTH[0]);
  const stored = readU16(frame, off + UDP_FIELD.CHECKSUM[0]);
  const lengthOk = length >= UDP_HEADER_LEN && length <= avail;
  const lengthText = length < UDP_HEADER_LEN ? `${length} (bogus, must be >= ${UDP_HEADER_LEN})` : length > avail ? `${length} (bogus, payload length ${avail})` : String(length);
  fields.push(b.at('length', 'Length', lengthText, UDP_FIELD.LENGTH));
  let checksum: string;
  if (stored === 0) checksum = '0x0000 [zero-value ignored]';
  else if (ipSrc !== undefined && ipDst !== undefined && lengthOk) checksum = checksumText(stored, udpChecksum(frame, off, length, ipSrc, ipDst));
  else checksum = checksumText(stored, undefined);
  fields.push(b.at('checksum', 'Checksum', checksum, UDP_FIELD.CHECKSUM));
  const parsed = parseUdp(frame, off, avail, ipSrc, ipDst);
  if (!parsed.ok) fields.push(errorField(parsed.error, off, avail));
  return { key: 'udp', name, summary: `Src Port: ${srcPort}, Dst Port: ${dstPort}`, byteOffset: off, byteLength: UDP_HEADER_LEN, fields };
}
