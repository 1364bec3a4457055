/**
 * Addresses as plain numbers: an IPv4 address is an unsigned 32-bit integer,
 * a MAC address a 48-bit integer (exact in a double). Cheap to compare, hash
 * and copy; formatted only for display.
 */
export type Ipv4 = number;
export type Mac = number;

export const MAC_BROADCAST: Mac = 0xffff_ffff_ffff;
export const MAC_ZERO: Mac = 0;
export const IPV4_ANY: Ipv4 = 0;
export const IPV4_BROADCAST: Ipv4 = 0xffff_ffff;

export function formatIpv4(ip: Ipv4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 0xff}.${(ip >>> 8) & 0xff}.${ip & 0xff}`;
}

/** Strict dotted-quad parse (four decimal octets 0–255); undefined if invalid. */
export function parseIpv4(text: string): Ipv4 | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let ip = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    ip = ip * 256 + octet;
  }
  return ip >>> 0;
}

/** Netmask for a prefix length 0..32. */
export function prefixToMask(len: number): Ipv4 {
  return len === 0 ? 0 : (0xffff_ffff << (32 - len)) >>> 0;
}

/** Prefix length of a contiguous netmask, or undefined if the mask has holes. */
export function maskToPrefix(mask: Ipv4): number | undefined {
  const inv = ~mask >>> 0;
  if ((inv & (inv + 1)) !== 0) return undefined;
  return Math.clz32(inv);
}

export const networkOf = (ip: Ipv4, prefixLen: number): Ipv4 => (ip & prefixToMask(prefixLen)) >>> 0;

export const isMulticastIpv4 = (ip: Ipv4): boolean => ip >>> 28 === 0xe;

export function formatMac(mac: Mac): string {
  let s = '';
  for (let i = 5; i >= 0; i--) {
    const byte = Math.floor(mac / 2 ** (8 * i)) & 0xff;
    s += (i < 5 ? ':' : '') + byte.toString(16).padStart(2, '0');
  }
  return s;
}

export function parseMac(text: string): Mac | undefined {
  const m = /^([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})$/.exec(text);
  if (!m) return undefined;
  let mac = 0;
  for (let i = 1; i <= 6; i++) mac = mac * 256 + parseInt(m[i], 16);
  return mac;
}

/** Group bit (I/G) of the first octet: broadcast and multicast MACs. */
export const isMulticastMac = (mac: Mac): boolean => (Math.floor(mac / 2 ** 40) & 1) === 1;

/** RFC 1112 §6.4: 01:00:5e + the low 23 bits of the group address. */
export const multicastMacOf = (group: Ipv4): Mac => 0x01005e000000 + (group & 0x7fffff);

export function writeMac(buf: Uint8Array, off: number, mac: Mac): void {
  const hi = Math.floor(mac / 0x1_0000_0000);
  const lo = mac % 0x1_0000_0000;
  buf[off] = (hi >>> 8) & 0xff;
  buf[off + 1] = hi & 0xff;
  buf[off + 2] = lo >>> 24;
  buf[off + 3] = (lo >>> 16) & 0xff;
  buf[off + 4] = (lo >>> 8) & 0xff;
  buf[off + 5] = lo & 0xff;
}

export function readMac(buf: Uint8Array, off: number): Mac {
  return (
    ((buf[off] << 8) | buf[off + 1]) * 0x1_0000_0000 +
    (((buf[off + 2] << 24) | (buf[off + 3] << 16) | (buf[off + 4] << 8) | buf[off + 5]) >>> 0)
  );
}

export function writeIpv4(buf: Uint8Array, off: number, ip: Ipv4): void {
  buf[off] = ip >>> 24;
  buf[off + 1] = (ip >>> 16) & 0xff;
  buf[off + 2] = (ip >>> 8) & 0xff;
  buf[off + 3] = ip & 0xff;
}

export function readIpv4(buf: Uint8Array, off: number): Ipv4 {
  return ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
}
