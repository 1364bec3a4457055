/**
 * TCP header (RFC 9293 §3.1): ports, sequence and acknowledgment numbers,
 * Data Offset, 12 bits of flags, window, checksum over the IPv4 pseudo-header,
 * urgent pointer, options (tcp-options.ts).
 *
 * emit: `emitTcp(repr, buf, off, payload, src, dst)` writes the header, copies
 * `payload` right after it (a payload already sitting there, as a subarray of
 * `buf`, is fine) and computes the checksum. The segment is
 * `tcpHeaderLen(repr) + payload.length` bytes. The header length is derived
 * from the options, so it is never stored in the repr.
 */
import type { Ipv4 } from './addr';
import { hex, readU16, readU32, writeU16, writeU32 } from './bytes';
import { finish, pseudoHeaderSum, sumWords } from './checksum';
import { IP_PROTOCOL } from './ipv4';
import { fail, ok, type Field, type Layer, type Parsed } from './field';
import { checksumText, errorField, fieldBuilder, spanError } from './text';
import {
  TCP_MAX_OPTIONS_LEN,
  describeTcpOptions,
  emitTcpOptions,
  parseTcpOptions,
  summarizeTcpOptions,
  tcpOptionsLen,
  type TcpOption,
} from './tcp-options';

export * from './tcp-options';

/** Byte ranges [start, end) within the header. Data Offset is the high nibble of byte 12, flags the low 12 bits of 12..13. */
export const TCP_FIELD = {
  SRC_PORT: [0, 2],
  DST_PORT: [2, 4],
  SEQ_NUM: [4, 8],
  ACK_NUM: [8, 12],
  DATA_OFFSET_FLAGS: [12, 14],
  WINDOW: [14, 16],
  CHECKSUM: [16, 18],
  URGENT: [18, 20],
  OPTIONS: [20, 60],
} as const;

export const TCP_HEADER_LEN = 20;

/** Flag bits of the 12-bit flags field. AE (RFC 9768, formerly NS) and the 3 reserved bits above it round-trip too. */
export const TCP_FLAG = {
  FIN: 0x001,
  SYN: 0x002,
  RST: 0x004,
  PSH: 0x008,
  ACK: 0x010,
  URG: 0x020,
  ECE: 0x040,
  CWR: 0x080,
  AE: 0x100,
  RESERVED: 0xe00,
} as const;

/** Wireshark's order and names, low bit first: `Flags: 0x012 (SYN, ACK)`. */
const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [TCP_FLAG.FIN, 'FIN'],
  [TCP_FLAG.SYN, 'SYN'],
  [TCP_FLAG.RST, 'RST'],
  [TCP_FLAG.PSH, 'PSH'],
  [TCP_FLAG.ACK, 'ACK'],
  [TCP_FLAG.URG, 'URG'],
  [TCP_FLAG.ECE, 'ECE'],
  [TCP_FLAG.CWR, 'CWR'],
  [TCP_FLAG.AE, 'AE'],
  [TCP_FLAG.RESERVED, 'Reserved'],
];

/** Children of `Flags`, high bit first: [key, Wireshark name, mask, bit offset from the start of byte 12, width]. */
const FLAG_BITS: ReadonlyArray<readonly [string, string, number, number, number]> = [
  ['flags.res', 'Reserved', TCP_FLAG.RESERVED, 4, 3],
  ['flags.ae', 'Accurate ECN', TCP_FLAG.AE, 7, 1],
  ['flags.cwr', 'Congestion Window Reduced', TCP_FLAG.CWR, 8, 1],
  ['flags.ece', 'ECN-Echo', TCP_FLAG.ECE, 9, 1],
  ['flags.urg', 'Urgent', TCP_FLAG.URG, 10, 1],
  ['flags.ack', 'Acknowledgment', TCP_FLAG.ACK, 11, 1],
  ['flags.push', 'Push', TCP_FLAG.PSH, 12, 1],
  ['flags.reset', 'Reset', TCP_FLAG.RST, 13, 1],
  ['flags.syn', 'Syn', TCP_FLAG.SYN, 14, 1],
  ['flags.fin', 'Fin', TCP_FLAG.FIN, 15, 1],
];

/** tcpdump's flag letters, in its order (print-tcp.c tcp_flag_values). */
const TCPDUMP_LETTERS: ReadonlyArray<readonly [number, string]> = [
  [TCP_FLAG.FIN, 'F'],
  [TCP_FLAG.SYN, 'S'],
  [TCP_FLAG.RST, 'R'],
  [TCP_FLAG.PSH, 'P'],
  [TCP_FLAG.ACK, '.'],
  [TCP_FLAG.URG, 'U'],
  [TCP_FLAG.ECE, 'E'],
  [TCP_FLAG.CWR, 'W'],
  // tcpdump 4.99.3 (Debian 12) has no letter for AE; newer releases print 'e'.
];

export interface TcpRepr {
  srcPort: number;
  dstPort: number;
  /** Sequence Number, uint32. */
  seq: number;
  /** Acknowledgment Number, uint32 (meaningful only with ACK). */
  ack: number;
  /** 12-bit flags, a mask of TCP_FLAG. */
  flags: number;
  window: number;
  urgentPointer: number;
  options: TcpOption[];
}

export interface TcpParse {
  repr: TcpRepr;
  headerLen: number;
  payloadOffset: number;
  payloadLen: number;
}

/** Flags as Wireshark lists them: `SYN, ACK`, or `<None>`. */
export function tcpFlagNames(flags: number): string {
  const names = FLAG_NAMES.filter(([m]) => (flags & m) !== 0).map(([, n]) => n);
  return names.length > 0 ? names.join(', ') : '<None>';
}

/** Flags as tcpdump prints them inside `Flags [...]`: `S.`, `P.`, `none`. */
export function tcpdumpFlags(flags: number): string {
  const s = TCPDUMP_LETTERS.filter(([m]) => (flags & m) !== 0).map(([, l]) => l).join('');
  return s || 'none';
}

/**
 * The right checksum for the segment at [off, off+length), whatever the
 * Checksum field holds now.
 */
export function tcpChecksum(buf: Uint8Array, off: number, length: number, src: Ipv4, dst: Ipv4): number {
  const c = TCP_FIELD.CHECKSUM;
  let sum = pseudoHeaderSum(src, dst, IP_PROTOCOL.TCP, length);
  sum = sumWords(buf, off, c[0], sum);
  sum = sumWords(buf, off + c[1], length - c[1], sum);
  return finish(sum);
}

/** Parse the segment in `len` bytes at `off` (the IPv4 payload); with `src` and `dst` the checksum is verified. */
export function parseTcp(buf: Uint8Array, off = 0, len = buf.length - off, src?: Ipv4, dst?: Ipv4): Parsed<TcpParse> {
  const span = spanError('TCP', buf, off, len);
  if (span) return fail(span);
  if (len < TCP_HEADER_LEN) return fail(`TCP: segment of ${len} bytes is shorter than the ${TCP_HEADER_LEN}-byte header`);
  const word = readU16(buf, off + TCP_FIELD.DATA_OFFSET_FLAGS[0]);
  const dataOffset = word >>> 12;
  const headerLen = dataOffset * 4;
  if (headerLen < TCP_HEADER_LEN) return fail(`TCP: Data Offset ${dataOffset} (${headerLen} bytes) is less than ${TCP_HEADER_LEN}`);
  if (headerLen > len) return fail(`TCP: Data Offset ${dataOffset} (${headerLen} bytes) is more than the segment's ${len} bytes`);
  if (src !== undefined && dst !== undefined) {
    const stored = readU16(buf, off + TCP_FIELD.CHECKSUM[0]);
    const right = tcpChecksum(buf, off, len, src, dst);
    if (stored !== right) return fail(`TCP: Checksum ${hex(stored, 4)} is wrong (should be ${hex(right, 4)})`);
  }
  const options = parseTcpOptions(buf, off + TCP_HEADER_LEN, headerLen - TCP_HEADER_LEN);
  if (!options.ok) return options;
  return ok({
    repr: {
      srcPort: readU16(buf, off + TCP_FIELD.SRC_PORT[0]),
      dstPort: readU16(buf, off + TCP_FIELD.DST_PORT[0]),
      seq: readU32(buf, off + TCP_FIELD.SEQ_NUM[0]),
      ack: readU32(buf, off + TCP_FIELD.ACK_NUM[0]),
      flags: word & 0x0fff,
      window: readU16(buf, off + TCP_FIELD.WINDOW[0]),
      urgentPointer: readU16(buf, off + TCP_FIELD.URGENT[0]),
      options: options.value,
    },
    headerLen,
    payloadOffset: off + headerLen,
    payloadLen: len - headerLen,
  });
}

/** Header length: 20 + options padded to 4 bytes. */
export const tcpHeaderLen = (repr: TcpRepr): number => TCP_HEADER_LEN + tcpOptionsLen(repr.options);

/**
 * Write header + payload at `off` and fill in the checksum (see the file
 * comment). Throws RangeError when the options exceed 40 bytes (a bug in the
 * caller, not something a packet can cause).
 */
export function emitTcp(repr: TcpRepr, buf: Uint8Array, off: number, payload: Uint8Array, src: Ipv4, dst: Ipv4): void {
  const optLen = tcpOptionsLen(repr.options);
  if (optLen > TCP_MAX_OPTIONS_LEN) throw new RangeError(`TCP: options take ${optLen} bytes, more than ${TCP_MAX_OPTIONS_LEN}`);
  const headerLen = TCP_HEADER_LEN + optLen;
  if (payload.buffer !== buf.buffer || payload.byteOffset !== buf.byteOffset + off + headerLen) buf.set(payload, off + headerLen);
  writeU16(buf, off + TCP_FIELD.SRC_PORT[0], repr.srcPort);
  writeU16(buf, off + TCP_FIELD.DST_PORT[0], repr.dstPort);
  writeU32(buf, off + TCP_FIELD.SEQ_NUM[0], repr.seq);
  writeU32(buf, off + TCP_FIELD.ACK_NUM[0], repr.ack);
  writeU16(buf, off + TCP_FIELD.DATA_OFFSET_FLAGS[0], ((headerLen / 4) << 12) | (repr.flags & 0x0fff));
  writeU16(buf, off + TCP_FIELD.WINDOW[0], repr.window);
  writeU16(buf, off + TCP_FIELD.URGENT[0], repr.urgentPointer);
  emitTcpOptions(repr.options, buf, off + TCP_HEADER_LEN);
  const length = headerLen + payload.length;
  writeU16(buf, off + TCP_FIELD.CHECKSUM[0], tcpChecksum(buf, off, length, src, dst));
}

/** A fresh segment: header + payload. */
export function buildTcp(repr: TcpRepr, payload: Uint8Array, src: Ipv4, dst: Ipv4): Uint8Array {
  const out = new Uint8Array(tcpHeaderLen(repr) + payload.length);
  emitTcp(repr, out, 0, payload, src, dst);
  return out;
}

/** Bases to print relative numbers like tcpdump does for a tracked connection (`seq 1:19, ack 1`). */
export interface TcpSummaryBases {
  /** Subtracted from Sequence Number: the sender's ISN. */
  seqBase?: number;
  /** Subtracted from Acknowledgment Number and SACK edges: the receiver's ISN. */
  ackBase?: number;
}

/**
 * tcpdump's line after the addresses (print-tcp.c): `Flags [S], seq 123,
 * win 64240, options [mss 1460,...], length 0`. Numbers are absolute (as with
 * `tcpdump -S`) unless bases are given.
 */
export function summarizeTcp(repr: TcpRepr, payloadLen: number, bases: TcpSummaryBases = {}): string {
  const { seqBase = 0, ackBase = 0 } = bases;
  const F = TCP_FLAG;
  let s = `Flags [${tcpdumpFlags(repr.flags)}]`;
  if (payloadLen > 0 || (repr.flags & (F.SYN | F.FIN | F.RST)) !== 0) {
    const seq = (repr.seq - seqBase) >>> 0;
    s += `, seq ${seq}` + (payloadLen > 0 ? `:${(seq + payloadLen) >>> 0}` : '');
  }
  if (repr.flags & F.ACK) s += `, ack ${(repr.ack - ackBase) >>> 0}`;
  s += `, win ${repr.window}`;
  if (repr.flags & F.URG) s += `, urg ${repr.urgentPointer}`;
  if (repr.options.length > 0) s += `, options [${summarizeTcpOptions(repr.options, ackBase)}]`;
  return s + `, length ${payloadLen}`;
}

/**
 * Wireshark's `Transmission Control Protocol` tree for the segment of `len`
 * bytes at `off`. The layer covers the header; the payload is the next layer's.
 * Sequence numbers are raw (we keep no per-connection state).
 */
export function describeTcp(frame: Uint8Array, off: number, len: number, ipSrc?: number, ipDst?: number): Layer {
  const avail = Math.max(0, Math.min(len, frame.length - off));
  const b = fieldBuilder(off);
  const fields: Field[] = [];
  const name = 'Transmission Control Protocol';
  const has = (r: readonly [number, number]) => off >= 0 && r[1] <= avail;
  const R = TCP_FIELD;
  if (has(R.SRC_PORT)) fields.push(b.at('srcport', 'Source Port', String(readU16(frame, off)), R.SRC_PORT));
  if (has(R.DST_PORT)) fields.push(b.at('dstport', 'Destination Port', String(readU16(frame, off + 2)), R.DST_PORT));
  if (has(R.SEQ_NUM)) fields.push(b.at('seq', 'Sequence Number (raw)', String(readU32(frame, off + 4)), R.SEQ_NUM));
  if (has(R.ACK_NUM)) fields.push(b.at('ack', 'Acknowledgment number (raw)', String(readU32(frame, off + 8)), R.ACK_NUM));
  if (!has(R.URGENT)) {
    const error = `TCP: segment of ${avail} bytes is shorter than the ${TCP_HEADER_LEN}-byte header`;
    fields.push(errorField(error, off, avail));
    return { key: 'tcp', name, summary: error, byteOffset: off, byteLength: avail, fields };
  }
  const parsed = parseTcp(frame, off, avail, ipSrc, ipDst);
  const word = readU16(frame, off + R.DATA_OFFSET_FLAGS[0]);
  const dataOffset = word >>> 12;
  const flags = word & 0x0fff;
  const headerLen = dataOffset * 4;
  fields.push(b.bits('hdr_len', 'Header Length', `${headerLen} bytes (${dataOffset})`, R.DATA_OFFSET_FLAGS[0], 0, 4));
  const flagChildren = FLAG_BITS.map(([key, n, mask, bit, width]) =>
    b.bits(key, n, (flags & mask) !== 0 ? 'Set' : 'Not set', R.DATA_OFFSET_FLAGS[0], bit, width),
  );
  fields.push({ ...b.bits('flags', 'Flags', `${hex(flags, 3)} (${tcpFlagNames(flags)})`, R.DATA_OFFSET_FLAGS[0], 4, 12), children: flagChildren });
  fields.push(b.at('window', 'Window', String(readU16(frame, off + R.WINDOW[0])), R.WINDOW));
  const stored = readU16(frame, off + R.CHECKSUM[0]);
  const right = ipSrc !== undefined && ipDst !== undefined ? tcpChecksum(frame, off, avail, ipSrc, ipDst) : undefined;
  fields.push(b.at('checksum', 'Checksum', checksumText(stored, right), R.CHECKSUM));
  fields.push(b.at('urgent_pointer', 'Urgent Pointer', String(readU16(frame, off + R.URGENT[0])), R.URGENT));
  const optEnd = Math.min(headerLen, avail);
  if (optEnd > TCP_HEADER_LEN) fields.push(describeTcpOptions(frame, off + TCP_HEADER_LEN, optEnd - TCP_HEADER_LEN));
  if (!parsed.ok) fields.push(errorField(parsed.error, off, Math.max(TCP_HEADER_LEN, optEnd)));
  const srcPort = readU16(frame, off);
  const dstPort = readU16(frame, off + 2);
  const seq = readU32(frame, off + 4);
  const ackText = flags & TCP_FLAG.ACK ? `, Ack: ${readU32(frame, off + 8)}` : '';
  const payloadLen = headerLen >= TCP_HEADER_LEN && headerLen <= avail ? avail - headerLen : 0;
  return {
    key: 'tcp',
    name,
    summary: `Src Port: ${srcPort}, Dst Port: ${dstPort}, Seq: ${seq}${ackText}, Len: ${payloadLen}`,
    byteOffset: off,
    byteLength: Math.max(TCP_HEADER_LEN, optEnd),
    fields,
  };
}
