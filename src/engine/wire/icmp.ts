/**
 * ICMP for IPv4 (RFC 792): echo request/reply, destination unreachable (with
 * RFC 1191's next-hop MTU for "fragmentation needed") and time exceeded.
 * Error messages carry the start of the original datagram: its IP header and
 * at least 8 bytes of its data (Linux sends as much as fits in 576 bytes).
 * The checksum covers the whole ICMP message.
 */
import { hex, readU16, toHex, writeU16 } from './bytes';
import { internetChecksum, sumWords, finish } from './checksum';
import { availableBytes, describeError } from './ethernet';
import { fail, ok, type Field, type Layer, type Parsed } from './field';
import { checksumText, errorField, spanError } from './text';

/** Byte ranges [start, end) within the 8-byte ICMP header. */
export const ICMP_FIELD = {
  TYPE: [0, 1],
  CODE: [1, 2],
  CHECKSUM: [2, 4],
  /** Echo request / reply. */
  ECHO_IDENT: [4, 6],
  ECHO_SEQNO: [6, 8],
  /** Destination unreachable / time exceeded: must be zero. */
  UNUSED: [4, 8],
  /** Destination unreachable, fragmentation needed (RFC 1191 §4). */
  MTU_UNUSED: [4, 6],
  NEXT_HOP_MTU: [6, 8],
} as const;

export const ICMP_HEADER_LEN = 8;

export const ICMP_TYPE = { ECHO_REPLY: 0, DEST_UNREACHABLE: 3, ECHO_REQUEST: 8, TIME_EXCEEDED: 11 } as const;

/** Wireshark's names: `Type: 8 (Echo (ping) request)`. */
export const ICMP_TYPE_NAME: Readonly<Record<number, string>> = {
  0: 'Echo (ping) reply',
  3: 'Destination unreachable',
  4: 'Source quench (flow control)',
  5: 'Redirect',
  8: 'Echo (ping) request',
  9: 'Router advertisement',
  10: 'Router solicitation',
  11: 'Time-to-live exceeded',
  12: 'Parameter problem',
  13: 'Timestamp request',
  14: 'Timestamp reply',
};

export const ICMP_UNREACH = {
  NET: 0,
  HOST: 1,
  PROTOCOL: 2,
  PORT: 3,
  FRAG_NEEDED: 4,
  SOURCE_ROUTE_FAILED: 5,
  NET_UNKNOWN: 6,
  HOST_UNKNOWN: 7,
  HOST_ISOLATED: 8,
  NET_PROHIBITED: 9,
  HOST_PROHIBITED: 10,
  NET_TOS: 11,
  HOST_TOS: 12,
  ADMIN_PROHIBITED: 13,
  HOST_PRECEDENCE: 14,
  PRECEDENCE_CUTOFF: 15,
} as const;

/** Wireshark's names: `Code: 3 (Port unreachable)`. */
export const ICMP_UNREACH_NAME: readonly string[] = [
  'Network unreachable',
  'Host unreachable',
  'Protocol unreachable',
  'Port unreachable',
  'Fragmentation needed',
  'Source route failed',
  'Destination network unknown',
  'Destination host unknown',
  'Source host isolated',
  'Network administratively prohibited',
  'Host administratively prohibited',
  'Network unreachable for TOS',
  'Host unreachable for TOS',
  'Communication administratively filtered',
  'Host precedence violation',
  'Precedence cutoff in effect',
];

export const ICMP_TIME_EXCEEDED = { TTL: 0, REASSEMBLY: 1 } as const;
export const ICMP_TIME_EXCEEDED_NAME: readonly string[] = ['Time to live exceeded in transit', 'Fragment reassembly time exceeded'];

/** Linux quotes at most 576 − 20 (IP) − 8 (ICMP) bytes of the original datagram (net/ipv4/icmp.c icmp_send). */
export const ICMP_ERROR_QUOTE_MAX = 548;

export interface IcmpEcho {
  type: typeof ICMP_TYPE.ECHO_REQUEST | typeof ICMP_TYPE.ECHO_REPLY;
  identifier: number;
  sequence: number;
  data: Uint8Array;
}

export interface IcmpDestUnreachable {
  type: typeof ICMP_TYPE.DEST_UNREACHABLE;
  code: number;
  /** RFC 1191: set with code 4 (fragmentation needed), else 0. */
  nextHopMtu: number;
  /** The original datagram's IP header + at least 8 bytes of its data. */
  original: Uint8Array;
}

export interface IcmpTimeExceeded {
  type: typeof ICMP_TYPE.TIME_EXCEEDED;
  code: number;
  original: Uint8Array;
}

export type IcmpRepr = IcmpEcho | IcmpDestUnreachable | IcmpTimeExceeded;

export interface IcmpParse {
  repr: IcmpRepr;
  headerLen: number;
  /** Echo data or the quoted original datagram. */
  payloadOffset: number;
  payloadLen: number;
}

export const icmpTypeName = (t: number): string => ICMP_TYPE_NAME[t] ?? 'Unknown';

export function icmpCodeName(type: number, code: number): string | undefined {
  if (type === ICMP_TYPE.DEST_UNREACHABLE) return ICMP_UNREACH_NAME[code] ?? 'Unknown';
  if (type === ICMP_TYPE.TIME_EXCEEDED) return ICMP_TIME_EXCEEDED_NAME[code] ?? 'Unknown';
  return undefined;
}

/** The checksum the message at `off` should carry (its checksum field counted as zero). */
export function computeIcmpChecksum(buf: Uint8Array, off: number, len: number): number {
  const [c0, c1] = ICMP_FIELD.CHECKSUM;
  return finish(sumWords(buf, off + c1, len - c1, sumWords(buf, off, c0)));
}

/** `len` is the whole ICMP message (the IP payload). Copies data/original out of `buf`. */
export function parseIcmp(buf: Uint8Array, off = 0, len = buf.length - off): Parsed<IcmpParse> {
  const span = spanError('ICMP', buf, off, len);
  if (span) return fail(span);
  if (len < ICMP_HEADER_LEN) return fail(`ICMP: message of ${len} bytes is shorter than the ${ICMP_HEADER_LEN}-byte header`);
  const have = readU16(buf, off + ICMP_FIELD.CHECKSUM[0]);
  const want = computeIcmpChecksum(buf, off, len);
  if (have !== want) return fail(`ICMP: Checksum ${hex(have, 4)} is wrong (should be ${hex(want, 4)})`);
  const type = buf[off + ICMP_FIELD.TYPE[0]];
  const code = buf[off + ICMP_FIELD.CODE[0]];
  const rest = buf.slice(off + ICMP_HEADER_LEN, off + len);
  let repr: IcmpRepr;
  switch (type) {
    case ICMP_TYPE.ECHO_REQUEST:
    case ICMP_TYPE.ECHO_REPLY:
      repr = {
        type,
        identifier: readU16(buf, off + ICMP_FIELD.ECHO_IDENT[0]),
        sequence: readU16(buf, off + ICMP_FIELD.ECHO_SEQNO[0]),
        data: rest,
      };
      break;
    case ICMP_TYPE.DEST_UNREACHABLE:
      repr = { type, code, nextHopMtu: readU16(buf, off + ICMP_FIELD.NEXT_HOP_MTU[0]), original: rest };
      break;
    case ICMP_TYPE.TIME_EXCEEDED:
      repr = { type, code, original: rest };
      break;
    default:
      return fail(`ICMP: Type ${type} (${icmpTypeName(type)}) is not supported`);
  }
  return ok({ repr, headerLen: ICMP_HEADER_LEN, payloadOffset: off + ICMP_HEADER_LEN, payloadLen: len - ICMP_HEADER_LEN });
}

/** The whole message: 8-byte header + data or quoted original. */
export function icmpBufferLen(repr: IcmpRepr): number {
  return ICMP_HEADER_LEN + ('data' in repr ? repr.data.length : repr.original.length);
}

export const icmpHeaderLen = (_repr?: IcmpRepr): number => ICMP_HEADER_LEN;

/** Writes the whole message (header, data, checksum) at `off`. */
export function emitIcmp(repr: IcmpRepr, buf: Uint8Array, off = 0): void {
  buf[off + ICMP_FIELD.TYPE[0]] = repr.type;
  switch (repr.type) {
    case ICMP_TYPE.ECHO_REQUEST:
    case ICMP_TYPE.ECHO_REPLY:
      buf[off + ICMP_FIELD.CODE[0]] = 0;
      writeU16(buf, off + ICMP_FIELD.ECHO_IDENT[0], repr.identifier);
      writeU16(buf, off + ICMP_FIELD.ECHO_SEQNO[0], repr.sequence);
      buf.set(repr.data, off + ICMP_HEADER_LEN);
      break;
    case ICMP_TYPE.DEST_UNREACHABLE:
      buf[off + ICMP_FIELD.CODE[0]] = repr.code;
      writeU16(buf, off + ICMP_FIELD.MTU_UNUSED[0], 0);
      writeU16(buf, off + ICMP_FIELD.NEXT_HOP_MTU[0], repr.nextHopMtu);
      buf.set(repr.original, off + ICMP_HEADER_LEN);
      break;
    case ICMP_TYPE.TIME_EXCEEDED:
      buf[off + ICMP_FIELD.CODE[0]] = repr.code;
      buf.fill(0, off + ICMP_FIELD.UNUSED[0], off + ICMP_FIELD.UNUSED[1]);
      buf.set(repr.original, off + ICMP_HEADER_LEN);
      break;
  }
  setIcmpChecksum(buf, off, icmpBufferLen(repr));
}

/** A fresh buffer holding the message. */
export function buildIcmp(repr: IcmpRepr): Uint8Array {
  const msg = new Uint8Array(icmpBufferLen(repr));
  emitIcmp(repr, msg, 0);
  return msg;
}

/** Recomputes the checksum of the `len`-byte message at `off` in place; returns it. */
export function setIcmpChecksum(buf: Uint8Array, off: number, len: number): number {
  writeU16(buf, off + ICMP_FIELD.CHECKSUM[0], 0);
  const sum = internetChecksum(buf, off, len);
  writeU16(buf, off + ICMP_FIELD.CHECKSUM[0], sum);
  return sum;
}

/**
 * The part of an offending datagram an ICMP error quotes (a copy): as Linux
 * does, as much as fits in a 576-byte reply (RFC 1812 §4.3.2.3); RFC 792's
 * minimum is the IP header + 8 bytes.
 */
export function quoteOriginal(packet: Uint8Array, ipOff = 0, ipLen = packet.length - ipOff, max = ICMP_ERROR_QUOTE_MAX): Uint8Array {
  return packet.slice(ipOff, ipOff + Math.min(ipLen, max));
}

/** Wireshark's `Internet Control Message Protocol` header fields; `off` is the message offset, `len` its length. */
export function describeIcmp(frame: Uint8Array, off: number, len = frame.length - off): Layer {
  const name = 'Internet Control Message Protocol';
  len = availableBytes(frame, off, len);
  if (len < ICMP_HEADER_LEN) {
    return describeError('icmp', name, off, len, `ICMP: message of ${len} bytes is shorter than the ${ICMP_HEADER_LEN}-byte header`);
  }
  const at = (r: readonly [number, number]) => ({ bitOffset: (off + r[0]) * 8, bitLength: (r[1] - r[0]) * 8 });
  const type = frame[off + ICMP_FIELD.TYPE[0]];
  const code = frame[off + ICMP_FIELD.CODE[0]];
  const codeName = icmpCodeName(type, code);
  const checksum = readU16(frame, off + ICMP_FIELD.CHECKSUM[0]);
  const want = computeIcmpChecksum(frame, off, len);
  const fields: Field[] = [
    { key: 'type', name: 'Type', value: `${type} (${icmpTypeName(type)})`, ...at(ICMP_FIELD.TYPE) },
    { key: 'code', name: 'Code', value: codeName === undefined ? String(code) : `${code} (${codeName})`, ...at(ICMP_FIELD.CODE) },
    {
      key: 'checksum',
      name: 'Checksum',
      value: checksumText(checksum, want),
      ...at(ICMP_FIELD.CHECKSUM),
    },
  ];
  let summary = icmpTypeName(type);
  if (type === ICMP_TYPE.ECHO_REQUEST || type === ICMP_TYPE.ECHO_REPLY) {
    const id = readU16(frame, off + ICMP_FIELD.ECHO_IDENT[0]);
    const seq = readU16(frame, off + ICMP_FIELD.ECHO_SEQNO[0]);
    fields.push(
      { key: 'ident', name: 'Identifier (BE)', value: `${id} (${hex(id, 4)})`, ...at(ICMP_FIELD.ECHO_IDENT) },
      { key: 'seq', name: 'Sequence Number (BE)', value: `${seq} (${hex(seq, 4)})`, ...at(ICMP_FIELD.ECHO_SEQNO) },
    );
    summary += ` id=${hex(id, 4)}, seq=${seq}`;
  } else if (type === ICMP_TYPE.DEST_UNREACHABLE && code === ICMP_UNREACH.FRAG_NEEDED) {
    fields.push(
      { key: 'unused', name: 'Unused', value: toHex(frame.subarray(off + ICMP_FIELD.MTU_UNUSED[0], off + ICMP_FIELD.MTU_UNUSED[1])), ...at(ICMP_FIELD.MTU_UNUSED) },
      { key: 'mtu', name: 'MTU of next hop', value: String(readU16(frame, off + ICMP_FIELD.NEXT_HOP_MTU[0])), ...at(ICMP_FIELD.NEXT_HOP_MTU) },
    );
  } else if (type === ICMP_TYPE.DEST_UNREACHABLE || type === ICMP_TYPE.TIME_EXCEEDED) {
    fields.push({ key: 'unused', name: 'Unused', value: toHex(frame.subarray(off + ICMP_FIELD.UNUSED[0], off + ICMP_FIELD.UNUSED[1])), ...at(ICMP_FIELD.UNUSED) });
  } else {
    fields.push({ key: 'rest', name: 'Rest of Header', value: toHex(frame.subarray(off + ICMP_FIELD.UNUSED[0], off + ICMP_FIELD.UNUSED[1])), ...at(ICMP_FIELD.UNUSED) });
  }
  if (codeName !== undefined) summary += ` (${codeName})`;
  const parsed = parseIcmp(frame, off, len);
  if (!parsed.ok) fields.push(errorField(parsed.error, off, ICMP_HEADER_LEN));
  return { key: 'icmp', name, summary, byteOffset: off, byteLength: ICMP_HEADER_LEN, fields };
}
