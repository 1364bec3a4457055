/**
 * ARP (RFC 826) for Ethernet/IPv4 only: htype 1, ptype 0x0800, hlen 6, plen 4,
 * opcodes request and reply. Anything else fails to parse (and is still shown
 * field by field by `describeArp`).
 */
import { formatIpv4, formatMac, readIpv4, readMac, writeIpv4, writeMac, type Ipv4, type Mac } from './addr';
import { hex, readU16, writeU16 } from './bytes';
import { availableBytes, describeError } from './ethernet';
import { fail, ok, type Field, type Layer, type Parsed } from './field';
import { errorField, spanError } from './text';

/** Byte ranges [start, end) of the Ethernet/IPv4 ARP packet. */
export const ARP_FIELD = {
  HTYPE: [0, 2],
  PTYPE: [2, 4],
  HLEN: [4, 5],
  PLEN: [5, 6],
  OPER: [6, 8],
  SHA: [8, 14],
  SPA: [14, 18],
  THA: [18, 24],
  TPA: [24, 28],
} as const;

export const ARP_LEN = 28;

export const ARP_HTYPE = { ETHERNET: 1 } as const;
export const ARP_PTYPE_IPV4 = 0x0800;
export const ARP_HLEN_ETHERNET = 6;
export const ARP_PLEN_IPV4 = 4;

export const ARP_OPER = { REQUEST: 1, REPLY: 2 } as const;
export type ArpOperation = (typeof ARP_OPER)[keyof typeof ARP_OPER];

/** Wireshark's names: `Opcode: request (1)`. */
export const ARP_OPER_NAME: Readonly<Record<number, string>> = {
  1: 'request',
  2: 'reply',
  3: 'reverse request',
  4: 'reverse reply',
};

export interface ArpRepr {
  operation: ArpOperation;
  senderHardwareAddr: Mac;
  senderProtocolAddr: Ipv4;
  targetHardwareAddr: Mac;
  targetProtocolAddr: Ipv4;
}

export interface ArpParse {
  repr: ArpRepr;
  /** Always 28; bytes after it (Ethernet padding) are not ARP's. */
  headerLen: number;
}

export function parseArp(buf: Uint8Array, off = 0, len = buf.length - off): Parsed<ArpParse> {
  const span = spanError('ARP', buf, off, len);
  if (span) return fail(span);
  if (len < ARP_LEN) return fail(`ARP: packet of ${len} bytes is shorter than the ${ARP_LEN}-byte Ethernet/IPv4 ARP packet`);
  const htype = readU16(buf, off + ARP_FIELD.HTYPE[0]);
  if (htype !== ARP_HTYPE.ETHERNET) return fail(`ARP: Hardware type ${htype} is not Ethernet (1)`);
  const ptype = readU16(buf, off + ARP_FIELD.PTYPE[0]);
  if (ptype !== ARP_PTYPE_IPV4) return fail(`ARP: Protocol type ${hex(ptype, 4)} is not IPv4 (0x0800)`);
  const hlen = buf[off + ARP_FIELD.HLEN[0]];
  if (hlen !== ARP_HLEN_ETHERNET) return fail(`ARP: Hardware size ${hlen} is not 6`);
  const plen = buf[off + ARP_FIELD.PLEN[0]];
  if (plen !== ARP_PLEN_IPV4) return fail(`ARP: Protocol size ${plen} is not 4`);
  const oper = readU16(buf, off + ARP_FIELD.OPER[0]);
  if (oper !== ARP_OPER.REQUEST && oper !== ARP_OPER.REPLY) {
    return fail(`ARP: Opcode ${oper} is not request (1) or reply (2)`);
  }
  return ok({
    repr: {
      operation: oper,
      senderHardwareAddr: readMac(buf, off + ARP_FIELD.SHA[0]),
      senderProtocolAddr: readIpv4(buf, off + ARP_FIELD.SPA[0]),
      targetHardwareAddr: readMac(buf, off + ARP_FIELD.THA[0]),
      targetProtocolAddr: readIpv4(buf, off + ARP_FIELD.TPA[0]),
    },
    headerLen: ARP_LEN,
  });
}

export const arpHeaderLen = (_repr?: ArpRepr): number => ARP_LEN;

export function emitArp(repr: ArpRepr, buf: Uint8Array, off = 0): void {
  writeU16(buf, off + ARP_FIELD.HTYPE[0], ARP_HTYPE.ETHERNET);
  writeU16(buf, off + ARP_FIELD.PTYPE[0], ARP_PTYPE_IPV4);
  buf[off + ARP_FIELD.HLEN[0]] = ARP_HLEN_ETHERNET;
  buf[off + ARP_FIELD.PLEN[0]] = ARP_PLEN_IPV4;
  writeU16(buf, off + ARP_FIELD.OPER[0], repr.operation);
  writeMac(buf, off + ARP_FIELD.SHA[0], repr.senderHardwareAddr);
  writeIpv4(buf, off + ARP_FIELD.SPA[0], repr.senderProtocolAddr);
  writeMac(buf, off + ARP_FIELD.THA[0], repr.targetHardwareAddr);
  writeIpv4(buf, off + ARP_FIELD.TPA[0], repr.targetProtocolAddr);
}

/**
 * Gratuitous ARP (RFC 5227 §3 "ARP Announcement", RFC 5944 §4.6): sender and
 * target protocol address are the same; request or reply.
 */
export const isGratuitousArp = (repr: ArpRepr): boolean => repr.senderProtocolAddr === repr.targetProtocolAddr;

/** A who-has request as Linux sends it: target MAC all zeros (net/ipv4/arp.c arp_send). */
export function arpRequest(senderMac: Mac, senderIp: Ipv4, targetIp: Ipv4): ArpRepr {
  return { operation: ARP_OPER.REQUEST, senderHardwareAddr: senderMac, senderProtocolAddr: senderIp, targetHardwareAddr: 0, targetProtocolAddr: targetIp };
}

export function arpReply(senderMac: Mac, senderIp: Ipv4, targetMac: Mac, targetIp: Ipv4): ArpRepr {
  return { operation: ARP_OPER.REPLY, senderHardwareAddr: senderMac, senderProtocolAddr: senderIp, targetHardwareAddr: targetMac, targetProtocolAddr: targetIp };
}

/** keepalived's gratuitous ARP (vrrp_arp.c): a request, target MAC ff:ff:ff:ff:ff:ff, target IP = sender IP. */
export function gratuitousArp(mac: Mac, ip: Ipv4): ArpRepr {
  return { operation: ARP_OPER.REQUEST, senderHardwareAddr: mac, senderProtocolAddr: ip, targetHardwareAddr: 0xffff_ffff_ffff, targetProtocolAddr: ip };
}

const arpOperName = (op: number): string => ARP_OPER_NAME[op] ?? 'Unknown';

/** Wireshark's `Address Resolution Protocol (request)` tree; `off` is the ARP offset in `frame`. */
export function describeArp(frame: Uint8Array, off: number, len = frame.length - off): Layer {
  const name = 'Address Resolution Protocol';
  len = availableBytes(frame, off, len);
  if (len < ARP_LEN) {
    return describeError('arp', name, off, len, `ARP: packet of ${len} bytes is shorter than the ${ARP_LEN}-byte Ethernet/IPv4 ARP packet`);
  }
  const at = (r: readonly [number, number]) => ({ bitOffset: (off + r[0]) * 8, bitLength: (r[1] - r[0]) * 8 });
  const htype = readU16(frame, off + ARP_FIELD.HTYPE[0]);
  const ptype = readU16(frame, off + ARP_FIELD.PTYPE[0]);
  const oper = readU16(frame, off + ARP_FIELD.OPER[0]);
  const sha = readMac(frame, off + ARP_FIELD.SHA[0]);
  const spa = readIpv4(frame, off + ARP_FIELD.SPA[0]);
  const tha = readMac(frame, off + ARP_FIELD.THA[0]);
  const tpa = readIpv4(frame, off + ARP_FIELD.TPA[0]);
  const gratuitous = spa === tpa;
  const fields: Field[] = [
    { key: 'htype', name: 'Hardware type', value: `${htype === ARP_HTYPE.ETHERNET ? 'Ethernet' : 'Unknown'} (${htype})`, ...at(ARP_FIELD.HTYPE) },
    { key: 'ptype', name: 'Protocol type', value: `${ptype === ARP_PTYPE_IPV4 ? 'IPv4' : 'Unknown'} (${hex(ptype, 4)})`, ...at(ARP_FIELD.PTYPE) },
    { key: 'hlen', name: 'Hardware size', value: String(frame[off + ARP_FIELD.HLEN[0]]), ...at(ARP_FIELD.HLEN) },
    { key: 'plen', name: 'Protocol size', value: String(frame[off + ARP_FIELD.PLEN[0]]), ...at(ARP_FIELD.PLEN) },
    { key: 'opcode', name: 'Opcode', value: `${arpOperName(oper)} (${oper})`, ...at(ARP_FIELD.OPER) },
    { key: 'sha', name: 'Sender MAC address', value: formatMac(sha), ...at(ARP_FIELD.SHA) },
    { key: 'spa', name: 'Sender IP address', value: formatIpv4(spa), ...at(ARP_FIELD.SPA) },
    { key: 'tha', name: 'Target MAC address', value: formatMac(tha), ...at(ARP_FIELD.THA) },
    { key: 'tpa', name: 'Target IP address', value: formatIpv4(tpa), ...at(ARP_FIELD.TPA) },
  ];
  const parsed = parseArp(frame, off, len);
  if (!parsed.ok) fields.push(errorField(parsed.error, off, ARP_LEN));
  // Wireshark's Info column: `Who has X? Tell Y`, `X is at M`, `Gratuitous ARP for X (Request)`.
  const summary = gratuitous
    ? `Gratuitous ARP for ${formatIpv4(spa)} (${oper === ARP_OPER.REPLY ? 'Reply' : 'Request'})`
    : oper === ARP_OPER.REQUEST
      ? `Who has ${formatIpv4(tpa)}? Tell ${formatIpv4(spa)}`
      : oper === ARP_OPER.REPLY
        ? `${formatIpv4(spa)} is at ${formatMac(sha)}`
        : `Opcode ${oper}`;
  return {
    key: 'arp',
    name: `${name} (${arpOperName(oper)}${gratuitous ? '/gratuitous ARP' : ''})`,
    summary,
    byteOffset: off,
    byteLength: ARP_LEN,
    fields,
  };
}
