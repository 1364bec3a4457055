/**
 * IPv4 (RFC 791). Parse accepts options (IHL > 5) and skips them; emit writes
 * a 20-byte header without options. No fragmentation or reassembly here: the
 * fragment fields are carried as they are.
 */
import { formatIpv4, readIpv4, writeIpv4, type Ipv4 } from './addr';
import { hex, readU16, toHex, writeU16 } from './bytes';
import { finish, internetChecksum, sumWords, updateChecksum16 } from './checksum';
import { availableBytes, describeError } from './ethernet';
import { fail, ok, type Field, type Layer, type Parsed } from './field';
import { checksumText, errorField, spanError } from './text';

/** Byte ranges [start, end) within the header. */
export const IPV4_FIELD = {
  VER_IHL: [0, 1],
  DSCP_ECN: [1, 2],
  LENGTH: [2, 4],
  IDENT: [4, 6],
  FLG_OFF: [6, 8],
  TTL: [8, 9],
  PROTOCOL: [9, 10],
  CHECKSUM: [10, 12],
  SRC_ADDR: [12, 16],
  DST_ADDR: [16, 20],
} as const;

/** Bit ranges [start, end) from the start of the header, for fields narrower than a byte. */
export const IPV4_BITS = {
  VERSION: [0, 4],
  IHL: [4, 8],
  DSCP: [8, 14],
  ECN: [14, 16],
  FLAGS: [48, 51],
  FLAG_RESERVED: [48, 49],
  FLAG_DF: [49, 50],
  FLAG_MF: [50, 51],
  FRAG_OFFSET: [51, 64],
} as const;

export const IPV4_HEADER_LEN = 20;
export const IPV4_VERSION = 4;
/** Masks on the 16-bit flags + fragment offset word. */
export const IPV4_FLAG = { RESERVED: 0x8000, DF: 0x4000, MF: 0x2000 } as const;
export const IPV4_FRAG_OFFSET_MASK = 0x1fff;

export const IP_PROTOCOL = { ICMP: 1, IPIP: 4, TCP: 6, UDP: 17, VRRP: 112 } as const;

/** Wireshark's names (from IANA's registry): `Protocol: ICMP (1)`. Only the ones a lab may meet. */
export const IP_PROTOCOL_NAME: Readonly<Record<number, string>> = {
  0: 'IPv6 Hop-by-Hop Option',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPIP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6',
  47: 'Generic Routing Encapsulation',
  50: 'Encap Security Payload',
  51: 'Authentication Header',
  89: 'OSPF IGP',
  103: 'PIM',
  112: 'VRRP',
  132: 'SCTP',
  143: 'Ethernet',
};

/** Wireshark says `Unassigned` for IANA's unassigned 144–252 and `Unknown` for names it lacks (here: most). */
export const ipProtocolName = (p: number): string => IP_PROTOCOL_NAME[p] ?? (p >= 144 && p <= 252 ? 'Unassigned' : 'Unknown');

export interface Ipv4Repr {
  /** RFC 791's Type of Service byte; today DSCP << 2 | ECN (RFC 2474, RFC 3168). */
  tos: number;
  /** Header plus data, in bytes. */
  totalLength: number;
  identification: number;
  dontFragment: boolean;
  moreFragments: boolean;
  /** In units of 8 bytes, as on the wire. */
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  src: Ipv4;
  dst: Ipv4;
}

export interface Ipv4ParseOptions {
  /** Check the Header Checksum (default true). */
  verifyChecksum?: boolean;
  /**
   * The header is quoted inside an ICMP error (RFC 792: header + at least 64
   * bits of data), so the payload may be shorter than Total Length says.
   */
  quoted?: boolean;
}

export interface Ipv4Parse {
  repr: Ipv4Repr;
  /** IHL × 4: 20 plus options. */
  headerLen: number;
  payloadOffset: number;
  /** Total Length − header length, or what is there when `quoted` and cut short. */
  payloadLen: number;
  /** True when `quoted` and the payload is shorter than Total Length says. */
  truncated: boolean;
}

const NO_OPTS: Ipv4ParseOptions = {};

/**
 * What is wrong with the IPv4 header at `off`, as ip_rcv would refuse it
 * (version, IHL, Total Length, header checksum), or null. Allocates nothing:
 * every packet every host receives is checked here.
 */
export function ipv4HeaderError(buf: Uint8Array, off = 0, len = buf.length - off, opts: Ipv4ParseOptions = NO_OPTS): string | null {
  const span = spanError('IPv4', buf, off, len);
  if (span) return span;
  if (len < IPV4_HEADER_LEN) return `IPv4: packet of ${len} bytes is shorter than the ${IPV4_HEADER_LEN}-byte header`;
  const version = buf[off] >> 4;
  if (version !== IPV4_VERSION) return `IPv4: Version ${version} is not 4`;
  const ihl = buf[off] & 0x0f;
  const headerLen = ihl * 4;
  if (headerLen < IPV4_HEADER_LEN) return `IPv4: Header Length ${headerLen} bytes (${ihl}) is less than 20`;
  if (headerLen > len) return `IPv4: Header Length ${headerLen} bytes (${ihl}) is more than the ${len} bytes available`;
  const totalLength = readU16(buf, off + IPV4_FIELD.LENGTH[0]);
  if (totalLength < headerLen) return `IPv4: Total Length ${totalLength} is less than the header length ${headerLen}`;
  if (totalLength > len && !opts.quoted) return `IPv4: Total Length ${totalLength} is more than the ${len} bytes available`;
  // A correct header sums to 0xffff, its checksum included (ip_fast_csum); the expected value is worked out only for the message.
  if (opts.verifyChecksum !== false && finish(sumWords(buf, off, headerLen)) !== 0) {
    const have = readU16(buf, off + IPV4_FIELD.CHECKSUM[0]);
    return `IPv4: Header Checksum ${hex(have, 4)} is wrong (should be ${hex(computeIpv4Checksum(buf, off, headerLen), 4)})`;
  }
  return null;
}

/** The Header Checksum the header at `off` should carry (its own checksum field counted as zero). */
export function computeIpv4Checksum(buf: Uint8Array, off: number, headerLen = (buf[off] & 0x0f) * 4): number {
  const [c0, c1] = IPV4_FIELD.CHECKSUM;
  return finish(sumWords(buf, off + c1, headerLen - c1, sumWords(buf, off, c0)));
}

export function parseIpv4(
  buf: Uint8Array,
  off = 0,
  len = buf.length - off,
  opts: Ipv4ParseOptions = NO_OPTS,
): Parsed<Ipv4Parse> {
  const error = ipv4HeaderError(buf, off, len, opts);
  if (error) return fail(error);
  const headerLen = (buf[off] & 0x0f) * 4;
  const totalLength = readU16(buf, off + IPV4_FIELD.LENGTH[0]);
  const flgOff = readU16(buf, off + IPV4_FIELD.FLG_OFF[0]);
  const repr: Ipv4Repr = {
    tos: buf[off + IPV4_FIELD.DSCP_ECN[0]],
    totalLength,
    identification: readU16(buf, off + IPV4_FIELD.IDENT[0]),
    dontFragment: (flgOff & IPV4_FLAG.DF) !== 0,
    moreFragments: (flgOff & IPV4_FLAG.MF) !== 0,
    fragmentOffset: flgOff & IPV4_FRAG_OFFSET_MASK,
    ttl: buf[off + IPV4_FIELD.TTL[0]],
    protocol: buf[off + IPV4_FIELD.PROTOCOL[0]],
    src: readIpv4(buf, off + IPV4_FIELD.SRC_ADDR[0]),
    dst: readIpv4(buf, off + IPV4_FIELD.DST_ADDR[0]),
  };
  const payloadLen = Math.min(totalLength, len) - headerLen;
  return ok({ repr, headerLen, payloadOffset: off + headerLen, payloadLen, truncated: totalLength > len });
}

/** Emit writes no options. */
export const ipv4HeaderLen = (_repr?: Ipv4Repr): number => IPV4_HEADER_LEN;

/** Writes the 20-byte header at `off`, checksum included. The payload is the caller's. */
export function emitIpv4(repr: Ipv4Repr, buf: Uint8Array, off = 0): void {
  buf[off + IPV4_FIELD.VER_IHL[0]] = (IPV4_VERSION << 4) | (IPV4_HEADER_LEN / 4);
  buf[off + IPV4_FIELD.DSCP_ECN[0]] = repr.tos & 0xff;
  writeU16(buf, off + IPV4_FIELD.LENGTH[0], repr.totalLength);
  writeU16(buf, off + IPV4_FIELD.IDENT[0], repr.identification);
  const flgOff =
    (repr.dontFragment ? IPV4_FLAG.DF : 0) | (repr.moreFragments ? IPV4_FLAG.MF : 0) | (repr.fragmentOffset & IPV4_FRAG_OFFSET_MASK);
  writeU16(buf, off + IPV4_FIELD.FLG_OFF[0], flgOff);
  buf[off + IPV4_FIELD.TTL[0]] = repr.ttl & 0xff;
  buf[off + IPV4_FIELD.PROTOCOL[0]] = repr.protocol & 0xff;
  writeIpv4(buf, off + IPV4_FIELD.SRC_ADDR[0], repr.src);
  writeIpv4(buf, off + IPV4_FIELD.DST_ADDR[0], repr.dst);
  setIpv4Checksum(buf, off);
}

/** A fresh packet: header (Total Length = 20 + payload) followed by `payload`. */
export function buildIpv4Packet(repr: Omit<Ipv4Repr, 'totalLength'>, payload: Uint8Array): Uint8Array {
  const pkt = new Uint8Array(IPV4_HEADER_LEN + payload.length);
  emitIpv4({ ...repr, totalLength: pkt.length }, pkt, 0);
  pkt.set(payload, IPV4_HEADER_LEN);
  return pkt;
}

/** Recomputes the Header Checksum over IHL × 4 bytes in place; returns it. */
export function setIpv4Checksum(buf: Uint8Array, ipOff: number): number {
  const c = ipOff + IPV4_FIELD.CHECKSUM[0];
  buf[c] = 0;
  buf[c + 1] = 0;
  const sum = internetChecksum(buf, ipOff, (buf[ipOff] & 0x0f) * 4);
  writeU16(buf, c, sum);
  return sum;
}

/**
 * What a router does (RFC 1812 §5.3.1, Linux ip_decrease_ttl): TTL − 1 and
 * the checksum patched incrementally (RFC 1624 eqn. 3) on the TTL/Protocol
 * word. Returns the new TTL; a TTL of 0 is left as it is (the caller should
 * have sent ICMP time exceeded instead, RFC 1812 §5.3.1).
 */
export function decrementTtl(buf: Uint8Array, ipOff: number): number {
  const t = ipOff + IPV4_FIELD.TTL[0];
  const ttl = buf[t];
  if (ttl === 0) return 0;
  const oldWord = readU16(buf, t); // TTL << 8 | Protocol
  buf[t] = ttl - 1;
  const c = ipOff + IPV4_FIELD.CHECKSUM[0];
  writeU16(buf, c, updateChecksum16(readU16(buf, c), oldWord, readU16(buf, t)));
  return ttl - 1;
}

/** RFC 2474/2597/3246/4594 code points with Wireshark's long and short names. */
const DSCP_NAME: Readonly<Record<number, readonly [string, string]>> = {
  0: ['Default', 'CS0'],
  1: ['Lower Effort', 'LE'], // RFC 8622
  8: ['Class Selector 1', 'CS1'],
  10: ['Assured Forwarding 11', 'AF11'],
  12: ['Assured Forwarding 12', 'AF12'],
  14: ['Assured Forwarding 13', 'AF13'],
  16: ['Class Selector 2', 'CS2'],
  18: ['Assured Forwarding 21', 'AF21'],
  20: ['Assured Forwarding 22', 'AF22'],
  22: ['Assured Forwarding 23', 'AF23'],
  24: ['Class Selector 3', 'CS3'],
  26: ['Assured Forwarding 31', 'AF31'],
  28: ['Assured Forwarding 32', 'AF32'],
  30: ['Assured Forwarding 33', 'AF33'],
  32: ['Class Selector 4', 'CS4'],
  34: ['Assured Forwarding 41', 'AF41'],
  36: ['Assured Forwarding 42', 'AF42'],
  38: ['Assured Forwarding 43', 'AF43'],
  40: ['Class Selector 5', 'CS5'],
  44: ['Voice Admit', 'VOICE-ADMIT'],
  46: ['Expedited Forwarding', 'EF PHB'],
  48: ['Class Selector 6', 'CS6'],
  56: ['Class Selector 7', 'CS7'],
};

/** RFC 3168 §5 ECN code points: [long, short]. */
const ECN_NAME: readonly (readonly [string, string])[] = [
  ['Not ECN-Capable Transport', 'Not-ECT'],
  ["ECN-Capable Transport codepoint '01'", 'ECT(1)'],
  ["ECN-Capable Transport codepoint '10'", 'ECT(0)'],
  ['Congestion Experienced', 'CE'],
];

function flagsText(flags3: number): string {
  const names: string[] = [];
  if (flags3 & 4) names.push('Reserved bit');
  if (flags3 & 2) names.push("Don't fragment");
  if (flags3 & 1) names.push('More fragments');
  return [hex(flags3, 1), ...names].join(', ');
}

/** RFC 791 §3.1 option types, with Wireshark's names. */
export const IPV4_OPTION = { EOL: 0, NOP: 1 } as const;
const IPV4_OPTION_NAME: Readonly<Record<number, string>> = {
  0: 'End of Options List (EOL)',
  1: 'No-Operation (NOP)',
  7: 'Record Route',
  68: 'Time Stamp',
  130: 'Security',
  131: 'Loose Source Route',
  136: 'Stream ID',
  137: 'Strict Source Route',
  148: 'Router Alert',
};

/** `Options: (8 bytes), Record Route` with one child per option (type, length, value: RFC 791 §3.1). */
function describeIpv4Options(frame: Uint8Array, start: number, end: number): Field {
  const children: Field[] = [];
  const named: string[] = [];
  for (let i = start; i < end; ) {
    const type = frame[i];
    const single = type === IPV4_OPTION.EOL || type === IPV4_OPTION.NOP;
    const optLen = single ? 1 : frame[i + 1];
    const name = IPV4_OPTION_NAME[type] ?? `Unknown (${hex(type, 2)})`;
    if (!single && (i + 1 >= end || optLen < 2 || i + optLen > end)) {
      children.push({ key: `options.${children.length}`, name: 'IP Option - malformed', value: toHex(frame.subarray(i, end)), bitOffset: i * 8, bitLength: (end - i) * 8 });
      break;
    }
    if (!single) named.push(name);
    children.push({
      key: `options.${children.length}`,
      name: `IP Option - ${name}`,
      value: single ? '' : `(${optLen} bytes) ${toHex(frame.subarray(i + 2, i + optLen))}`,
      bitOffset: i * 8,
      bitLength: optLen * 8,
    });
    i += optLen;
    if (type === IPV4_OPTION.EOL) break;
  }
  return {
    key: 'options',
    name: 'Options',
    value: [`(${end - start} bytes)`, ...named].join(', '),
    bitOffset: start * 8,
    bitLength: (end - start) * 8,
    children,
  };
}

export interface DescribeIpv4Options {
  /** Layer key: `ip` (default) or `ip.inner` for an IP-in-IP or ICMP-quoted header. */
  key?: string;
  /** As in `Ipv4ParseOptions.quoted`. */
  quoted?: boolean;
}

/** Wireshark's `Internet Protocol Version 4` tree; `off` is the header's offset in `frame`. */
export function describeIpv4(frame: Uint8Array, off: number, len = frame.length - off, opts: DescribeIpv4Options = {}): Layer {
  const key = opts.key ?? 'ip';
  const name = 'Internet Protocol Version 4';
  len = availableBytes(frame, off, len);
  if (len < IPV4_HEADER_LEN) {
    return describeError(key, name, off, len, `IPv4: packet of ${len} bytes is shorter than the ${IPV4_HEADER_LEN}-byte header`);
  }
  const bits = (r: readonly [number, number]) => ({ bitOffset: off * 8 + r[0], bitLength: r[1] - r[0] });
  const bytes = (r: readonly [number, number]) => ({ bitOffset: (off + r[0]) * 8, bitLength: (r[1] - r[0]) * 8 });
  const ihl = frame[off] & 0x0f;
  const headerLen = ihl * 4;
  const tos = frame[off + IPV4_FIELD.DSCP_ECN[0]];
  const dscp = tos >> 2;
  const ecn = tos & 3;
  const [dscpLong, dscpShort] = DSCP_NAME[dscp] ?? ['Unknown', 'Unknown'];
  const flgOff = readU16(frame, off + IPV4_FIELD.FLG_OFF[0]);
  const flags3 = flgOff >> 13;
  const ident = readU16(frame, off + IPV4_FIELD.IDENT[0]);
  const protocol = frame[off + IPV4_FIELD.PROTOCOL[0]];
  const src = readIpv4(frame, off + IPV4_FIELD.SRC_ADDR[0]);
  const dst = readIpv4(frame, off + IPV4_FIELD.DST_ADDR[0]);
  const checksum = readU16(frame, off + IPV4_FIELD.CHECKSUM[0]);
  const canSum = headerLen >= IPV4_HEADER_LEN && headerLen <= len;
  const want = canSum ? computeIpv4Checksum(frame, off, headerLen) : undefined;
  const setBit = (mask: number) => ((flgOff & mask) !== 0 ? 'Set' : 'Not set');
  const fields: Field[] = [
    { key: 'version', name: 'Version', value: String(frame[off] >> 4), ...bits(IPV4_BITS.VERSION) },
    { key: 'hdr_len', name: 'Header Length', value: `${headerLen} bytes (${ihl})`, ...bits(IPV4_BITS.IHL) },
    {
      key: 'dsfield',
      name: 'Differentiated Services Field',
      value: `${hex(tos, 2)} (DSCP: ${dscpShort}, ECN: ${ECN_NAME[ecn][1]})`,
      ...bytes(IPV4_FIELD.DSCP_ECN),
      children: [
        { key: 'dsfield.dscp', name: 'Differentiated Services Codepoint', value: `${dscpLong} (${dscp})`, ...bits(IPV4_BITS.DSCP) },
        { key: 'dsfield.ecn', name: 'Explicit Congestion Notification', value: `${ECN_NAME[ecn][0]} (${ecn})`, ...bits(IPV4_BITS.ECN) },
      ],
    },
    { key: 'len', name: 'Total Length', value: String(readU16(frame, off + IPV4_FIELD.LENGTH[0])), ...bytes(IPV4_FIELD.LENGTH) },
    { key: 'id', name: 'Identification', value: `${hex(ident, 4)} (${ident})`, ...bytes(IPV4_FIELD.IDENT) },
    {
      key: 'flags',
      name: 'Flags',
      value: flagsText(flags3),
      ...bits(IPV4_BITS.FLAGS),
      children: [
        { key: 'flags.rb', name: 'Reserved bit', value: setBit(IPV4_FLAG.RESERVED), ...bits(IPV4_BITS.FLAG_RESERVED) },
        { key: 'flags.df', name: "Don't fragment", value: setBit(IPV4_FLAG.DF), ...bits(IPV4_BITS.FLAG_DF) },
        { key: 'flags.mf', name: 'More fragments', value: setBit(IPV4_FLAG.MF), ...bits(IPV4_BITS.FLAG_MF) },
      ],
    },
    // Wireshark shows the offset in bytes (the field counts 8-byte units).
    { key: 'frag_offset', name: 'Fragment Offset', value: String((flgOff & IPV4_FRAG_OFFSET_MASK) * 8), ...bits(IPV4_BITS.FRAG_OFFSET) },
    { key: 'ttl', name: 'Time to Live', value: String(frame[off + IPV4_FIELD.TTL[0]]), ...bytes(IPV4_FIELD.TTL) },
    { key: 'proto', name: 'Protocol', value: `${ipProtocolName(protocol)} (${protocol})`, ...bytes(IPV4_FIELD.PROTOCOL) },
    {
      key: 'checksum',
      name: 'Header Checksum',
      // Wireshark appends its offload hint to a wrong IPv4 header checksum.
      value: checksumText(checksum, want) + (want !== undefined && want !== checksum ? '(may be caused by "IP checksum offload"?)' : ''),
      ...bytes(IPV4_FIELD.CHECKSUM),
    },
    { key: 'src', name: 'Source Address', value: formatIpv4(src), ...bytes(IPV4_FIELD.SRC_ADDR) },
    { key: 'dst', name: 'Destination Address', value: formatIpv4(dst), ...bytes(IPV4_FIELD.DST_ADDR) },
  ];
  if (canSum && headerLen > IPV4_HEADER_LEN) fields.push(describeIpv4Options(frame, off + IPV4_HEADER_LEN, off + headerLen));
  const parsed = parseIpv4(frame, off, len, { quoted: opts.quoted });
  const layerLen = canSum ? headerLen : IPV4_HEADER_LEN;
  if (!parsed.ok) fields.push(errorField(parsed.error, off, layerLen));
  return { key, name, summary: `Src: ${formatIpv4(src)}, Dst: ${formatIpv4(dst)}`, byteOffset: off, byteLength: layerLen, fields };
}
