/**
 * VRRPv2 advertisements (RFC 3768 §5), as keepalived sends them by default.
 *
 * The IP layer's part (not done here): IPv4 protocol 112, destination
 * 224.0.0.18, TTL 255 — a receiver drops adverts with another TTL (§7.1).
 * The checksum covers the whole VRRP message and has no pseudo-header in v2.
 * The 8 bytes of Authentication Data are always present (§5.3.10 keeps the
 * field; keepalived sends zeros when there is no password).
 */
import { formatIpv4, readIpv4, writeIpv4, type Ipv4 } from './addr';
import { hex, readU16, toHex, writeU16 } from './bytes';
import { internetChecksum, sumWords, finish } from './checksum';
import { IP_PROTOCOL } from './ipv4';
import { fail, ok, type Field, type Layer, type Parsed } from './field';
import { checksumText, decodeCString, encodeLatin1, errorField, fieldBuilder, spanError, uniqueKeys } from './text';

/** Byte ranges [start, end) of the fixed header; Version is the high nibble of byte 0, Type the low one. */
export const VRRP_FIELD = {
  VERSION_TYPE: [0, 1],
  VRID: [1, 2],
  PRIORITY: [2, 3],
  COUNT_IP_ADDRS: [3, 4],
  AUTH_TYPE: [4, 5],
  ADVER_INT: [5, 6],
  CHECKSUM: [6, 8],
  /** IP addresses start here, 4 bytes each; Authentication Data follows them. */
  IP_ADDRESSES: 8,
} as const;

export const VRRP_HEADER_LEN = 8;
export const VRRP_AUTH_DATA_LEN = 8;
export const VRRP_VERSION = 2;
export const VRRP_TYPE_ADVERTISEMENT = 1;
/** IP-layer constants for the sender (RFC 3768 §5.2). */
export const VRRP_IP = { PROTOCOL: IP_PROTOCOL.VRRP, MULTICAST_GROUP: 0xe0000012 /* 224.0.0.18 */, TTL: 255 } as const;

export const VRRP_AUTH_TYPE = { NONE: 0, SIMPLE_TEXT: 1, IP_AH: 2 } as const;

/** Wireshark's `Auth Type:` names. */
export const VRRP_AUTH_TYPE_NAME: Readonly<Record<number, string>> = {
  0: 'No Authentication',
  1: 'Simple Text Authentication [RFC 2338] / Reserved [RFC 3768]',
  2: 'IP Authentication Header [RFC 2338] / Reserved [RFC 3768]',
};
/** tcpdump's `authtype` words (print-vrrp.c auth2str). */
const TCPDUMP_AUTH: Readonly<Record<number, string>> = { 0: 'none', 1: 'simple', 2: 'ah' };

/** Priorities with a meaning (RFC 3768 §5.3.4); keepalived's default is 100. */
export const VRRP_PRIORITY = { RESIGN: 0, DEFAULT_BACKUP: 100, OWNER: 255 } as const;

export interface VrrpRepr {
  /** Virtual Rtr ID, 1..255. */
  vrid: number;
  priority: number;
  /** Auth Type, see VRRP_AUTH_TYPE. */
  authType: number;
  /** Advertisement Interval in seconds. */
  adverInt: number;
  /** IP Address(es); Count IP Addrs is their number. */
  addresses: Ipv4[];
  /** Authentication Data: exactly 8 bytes. */
  authData: Uint8Array;
}

export interface VrrpParse {
  repr: VrrpRepr;
  /** The whole VRRP message (8 + 4n + 8). */
  headerLen: number;
  payloadOffset: number;
  /** Bytes after the message within `len`; normally 0. */
  payloadLen: number;
}

/** keepalived's auth_pass: the first 8 characters, zero padded (vrrp_parser.c). */
export function vrrpAuthData(password = ''): Uint8Array {
  const out = new Uint8Array(VRRP_AUTH_DATA_LEN);
  out.set(encodeLatin1(password).subarray(0, VRRP_AUTH_DATA_LEN));
  return out;
}

/** The password in Authentication Data, up to the first zero byte. */
export const vrrpPassword = (authData: Uint8Array): string => decodeCString(authData, 0, authData.length);

/** An advertisement as keepalived sends it: simple-text auth when a password is given, else none. */
export function vrrpAdvert(o: { vrid: number; priority: number; addresses: Ipv4[]; adverInt?: number; password?: string }): VrrpRepr {
  return {
    vrid: o.vrid,
    priority: o.priority,
    authType: o.password ? VRRP_AUTH_TYPE.SIMPLE_TEXT : VRRP_AUTH_TYPE.NONE,
    adverInt: o.adverInt ?? 1,
    addresses: [...o.addresses],
    authData: vrrpAuthData(o.password),
  };
}

const messageLen = (count: number): number => VRRP_HEADER_LEN + 4 * count + VRRP_AUTH_DATA_LEN;
export const vrrpBufferLen = (repr: VrrpRepr): number => messageLen(repr.addresses.length);
export const vrrpHeaderLen = vrrpBufferLen;

/** The right checksum for the message at [off, off+length), whatever the Checksum field holds. */
export function vrrpChecksum(buf: Uint8Array, off: number, length: number): number {
  const c = VRRP_FIELD.CHECKSUM;
  return finish(sumWords(buf, off + c[1], length - c[1], sumWords(buf, off, c[0])));
}

/** Parse the VRRP message in `len` bytes at `off` (the IPv4 payload). The checksum is always verified. */
export function parseVrrp(buf: Uint8Array, off = 0, len = buf.length - off): Parsed<VrrpParse> {
  const span = spanError('VRRP', buf, off, len);
  if (span) return fail(span);
  if (len < VRRP_HEADER_LEN) return fail(`VRRP: message of ${len} bytes is shorter than the ${VRRP_HEADER_LEN}-byte header`);
  const vt = buf[off + VRRP_FIELD.VERSION_TYPE[0]];
  const version = vt >> 4;
  const type = vt & 0x0f;
  if (version !== VRRP_VERSION) return fail(`VRRP: Version ${version} is not ${VRRP_VERSION}`);
  if (type !== VRRP_TYPE_ADVERTISEMENT) return fail(`VRRP: Type ${type} is not ${VRRP_TYPE_ADVERTISEMENT} (Advertisement)`);
  const count = buf[off + VRRP_FIELD.COUNT_IP_ADDRS[0]];
  const msgLen = messageLen(count);
  if (msgLen > len) return fail(`VRRP: Count IP Addrs ${count} needs ${msgLen} bytes but the message has ${len}`);
  const stored = readU16(buf, off + VRRP_FIELD.CHECKSUM[0]);
  const right = vrrpChecksum(buf, off, msgLen);
  if (stored !== right) return fail(`VRRP: Checksum ${hex(stored, 4)} is wrong (should be ${hex(right, 4)})`);
  const addresses: Ipv4[] = [];
  for (let i = 0; i < count; i++) addresses.push(readIpv4(buf, off + VRRP_FIELD.IP_ADDRESSES + 4 * i));
  const authAt = off + VRRP_FIELD.IP_ADDRESSES + 4 * count;
  return ok({
    repr: {
      vrid: buf[off + VRRP_FIELD.VRID[0]],
      priority: buf[off + VRRP_FIELD.PRIORITY[0]],
      authType: buf[off + VRRP_FIELD.AUTH_TYPE[0]],
      adverInt: buf[off + VRRP_FIELD.ADVER_INT[0]],
      addresses,
      authData: buf.slice(authAt, authAt + VRRP_AUTH_DATA_LEN),
    },
    headerLen: msgLen,
    payloadOffset: off + msgLen,
    payloadLen: len - msgLen,
  });
}

/** Write the whole message at `off` (vrrpBufferLen(repr) bytes), checksum included. Auth data is zero padded/truncated to 8 bytes. */
export function emitVrrp(repr: VrrpRepr, buf: Uint8Array, off = 0): void {
  if (repr.addresses.length > 0xff) throw new RangeError(`VRRP: ${repr.addresses.length} addresses do not fit Count IP Addrs`);
  const len = vrrpBufferLen(repr);
  buf[off + VRRP_FIELD.VERSION_TYPE[0]] = (VRRP_VERSION << 4) | VRRP_TYPE_ADVERTISEMENT;
  buf[off + VRRP_FIELD.VRID[0]] = repr.vrid & 0xff;
  buf[off + VRRP_FIELD.PRIORITY[0]] = repr.priority & 0xff;
  buf[off + VRRP_FIELD.COUNT_IP_ADDRS[0]] = repr.addresses.length;
  buf[off + VRRP_FIELD.AUTH_TYPE[0]] = repr.authType & 0xff;
  buf[off + VRRP_FIELD.ADVER_INT[0]] = repr.adverInt & 0xff;
  writeU16(buf, off + VRRP_FIELD.CHECKSUM[0], 0);
  repr.addresses.forEach((a, i) => writeIpv4(buf, off + VRRP_FIELD.IP_ADDRESSES + 4 * i, a));
  const authAt = off + VRRP_FIELD.IP_ADDRESSES + 4 * repr.addresses.length;
  buf.fill(0, authAt, authAt + VRRP_AUTH_DATA_LEN);
  buf.set(repr.authData.subarray(0, VRRP_AUTH_DATA_LEN), authAt);
  writeU16(buf, off + VRRP_FIELD.CHECKSUM[0], internetChecksum(buf, off, len));
}

export function buildVrrp(repr: VrrpRepr): Uint8Array {
  const out = new Uint8Array(vrrpBufferLen(repr));
  emitVrrp(repr, out, 0);
  return out;
}

/** tcpdump's line: `VRRPv2, Advertisement, vrid 51, prio 100, authtype simple, intvl 1s, length 20`. */
export function summarizeVrrp(repr: VrrpRepr): string {
  const auth = TCPDUMP_AUTH[repr.authType] ?? `#${repr.authType}`;
  return `VRRPv${VRRP_VERSION}, Advertisement, vrid ${repr.vrid}, prio ${repr.priority}, authtype ${auth}, intvl ${repr.adverInt}s, length ${vrrpBufferLen(repr)}`;
}

/** Wireshark's `Priority:` explanation (packet-vrrp.c). */
function priorityText(p: number): string {
  if (p === VRRP_PRIORITY.RESIGN) return 'Current Master has stopped participating in VRRP';
  if (p === VRRP_PRIORITY.DEFAULT_BACKUP) return 'Default priority for a backup VRRP router';
  if (p === VRRP_PRIORITY.OWNER) return "This VRRP router owns the virtual router's IP address(es)";
  return 'Non-default backup priority';
}

/** Wireshark's `Virtual Router Redundancy Protocol` tree for the message of `len` bytes at `off`. */
export function describeVrrp(frame: Uint8Array, off: number, len: number, _ipSrc?: number, _ipDst?: number): Layer {
  const avail = Math.max(0, Math.min(len, frame.length - off));
  const b = fieldBuilder(off);
  const fields: Field[] = [];
  const name = 'Virtual Router Redundancy Protocol';
  const F = VRRP_FIELD;
  const byte = (r: readonly [number, number]) => frame[off + r[0]];
  if (off < 0 || avail < VRRP_HEADER_LEN) {
    const error = `VRRP: message of ${avail} bytes is shorter than the ${VRRP_HEADER_LEN}-byte header`;
    return { key: 'vrrp', name, summary: error, byteOffset: off, byteLength: avail, fields: [errorField(error, off, avail)] };
  }
  const version = byte(F.VERSION_TYPE) >> 4;
  const type = byte(F.VERSION_TYPE) & 0x0f;
  const typeName = type === VRRP_TYPE_ADVERTISEMENT ? 'Advertisement' : 'Unknown';
  fields.push(b.bits('version', 'Version', String(version), 0, 0, 4));
  fields.push(b.bits('type', 'Packet type', `${typeName} (${type})`, 0, 4, 4));
  const priority = byte(F.PRIORITY);
  const count = byte(F.COUNT_IP_ADDRS);
  const authType = byte(F.AUTH_TYPE);
  fields.push(b.at('vrid', 'Virtual Rtr ID', String(byte(F.VRID)), F.VRID));
  fields.push(b.at('prio', 'Priority', `${priority} (${priorityText(priority)})`, F.PRIORITY));
  fields.push(b.at('addr_count', 'Addr Count', String(count), F.COUNT_IP_ADDRS));
  fields.push(b.at('auth_type', 'Auth Type', `${VRRP_AUTH_TYPE_NAME[authType] ?? 'Unknown'} (${authType})`, F.AUTH_TYPE));
  fields.push(b.at('adver_int', 'Adver Int', String(byte(F.ADVER_INT)), F.ADVER_INT));
  const msgLen = messageLen(count);
  const stored = readU16(frame, off + F.CHECKSUM[0]);
  const right = msgLen <= avail ? vrrpChecksum(frame, off, msgLen) : undefined;
  fields.push(b.at('checksum', 'Checksum', checksumText(stored, right), F.CHECKSUM));
  const key = uniqueKeys();
  for (let i = 0; i < count && F.IP_ADDRESSES + 4 * i + 4 <= avail; i++) {
    const at = F.IP_ADDRESSES + 4 * i;
    fields.push(b.at(key('ip_addr'), 'IP Address', formatIpv4(readIpv4(frame, off + at)), [at, at + 4]));
  }
  const authAt = F.IP_ADDRESSES + 4 * count;
  if (authAt + VRRP_AUTH_DATA_LEN <= avail) {
    const r = [authAt, authAt + VRRP_AUTH_DATA_LEN] as const;
    if (authType === VRRP_AUTH_TYPE.SIMPLE_TEXT) fields.push(b.at('auth_string', 'Authentication String', decodeCString(frame, off + authAt, VRRP_AUTH_DATA_LEN), r));
    else fields.push(b.at('auth_data', 'Authentication Data', toHex(frame.subarray(off + authAt, off + authAt + VRRP_AUTH_DATA_LEN)), r));
  }
  const parsed = parseVrrp(frame, off, avail);
  if (!parsed.ok) fields.push(errorField(parsed.error, off, Math.min(avail, msgLen)));
  return {
    key: 'vrrp',
    name,
    summary: `Announcement (v${version})`,
    byteOffset: off,
    byteLength: Math.min(avail, msgLen),
    fields,
  };
}
