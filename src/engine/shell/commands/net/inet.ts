/**
 * What the network tools share: the host's stack, address parsing as glibc
 * (inet_aton) and iproute2 (get_addr_ipv4) do it, and name lookups as glibc's
 * NSS does on CentOS 7 (`hosts: files dns myhostname`).
 *
 * Simplification: the `dns` step of NSS is not consulted (a reverse lookup of
 * a lab address would get NXDOMAIN from a real resolver; a forward lookup of a
 * name not in /etc/hosts answers "Unknown host").
 */
import type { Host } from '../../../os/host';
import type { IpStack } from '../../../net/ip/stack';
import type { Iface } from '../../../net/ip/iface';
import { formatIpv4, type Ipv4 } from '../../../wire/addr';

/** The host's IPv4 stack (every built host has one). */
export function stackOf(host: Host): IpStack {
  return host.stack as IpStack;
}

/** errno names the net tools print, with glibc's strerror text. */
export const STRERROR = {
  ENODEV: 'No such device',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EINVAL: 'Invalid argument',
  EEXIST: 'File exists',
  ESRCH: 'No such process',
  ENOENT: 'No such file or directory',
  ENETUNREACH: 'Network is unreachable',
  ENETDOWN: 'Network is down',
  ENXIO: 'No such device or address',
  EBUSY: 'Device or resource busy',
} as const;
export type Errno = keyof typeof STRERROR;

/**
 * A device by the name a tool was given: ioctls and if_nametoindex strip an
 * alias suffix (`eth0:2` → eth0), and naming `tunl0` loads the ipip module.
 */
export function deviceOf(stack: IpStack, name: string): Iface | undefined {
  return stack.ensureDevice(name.split(':')[0]);
}

/** glibc inet_aton: 1–4 parts, each decimal, 0octal or 0xhex; the last part fills the remaining bytes. */
export function inetAton(text: string): Ipv4 | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) n = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) n = Number(p);
    else return undefined;
    nums.push(n);
  }
  const last = nums[nums.length - 1];
  const lead = nums.slice(0, -1);
  if (lead.some((n) => n > 255)) return undefined;
  const restBits = 8 * (4 - lead.length);
  if (last >= 2 ** restBits) return undefined;
  let ip = 0;
  for (const n of lead) ip = ip * 256 + n;
  return (ip * 2 ** restBits + last) >>> 0;
}

/** iproute2 get_addr_ipv4: up to four strtoul(…, 0) bytes; missing trailing bytes are zero ("10" is 10.0.0.0). */
export function ipGetAddr(text: string): Ipv4 | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  let ip = 0;
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (p === undefined) {
      ip = ip * 256;
      continue;
    }
    const n = strtoul0(p);
    if (n === undefined || n > 255) return undefined;
    ip = ip * 256 + n;
  }
  return ip >>> 0;
}

/** strtoul(s, &end, 0) that must consume the whole string. */
export function strtoul0(s: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[0-7]*$/.test(s)) return parseInt(s, 8);
  if (/^[1-9][0-9]*$/.test(s)) return Number(s);
  return undefined;
}

/** inet_abc_len (devinet.c): the classful prefix SIOCSIFADDR gives an address; -1 for class D/E. */
export function abcLen(ip: Ipv4): number {
  if (ip === 0) return 0;
  const a = ip >>> 24;
  if (a < 128) return 8;
  if (a < 192) return 16;
  if (a < 224) return 24;
  return -1;
}

// ---- name service (files, then myhostname) ----

interface HostsLine {
  ip: Ipv4;
  names: string[];
}

function hostsFile(host: Host): HostsLine[] {
  let text = '';
  try {
    text = host.fs.read('/etc/hosts');
  } catch {
    return [];
  }
  const out: HostsLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [addr, ...names] = line.split(/\s+/);
    const ip = inetAton(addr);
    if (ip !== undefined && names.length) out.push({ ip, names });
  }
  return out;
}

/** Addresses of the default gateways (nss-myhostname's `gateway`). */
function gateways(host: Host): Ipv4[] {
  return stackOf(host)
    .routes.main()
    .filter((r) => r.prefixLen === 0 && r.gateway !== 0)
    .map((r) => r.gateway);
}

function localAddresses(host: Host): Ipv4[] {
  return [...stackOf(host).addresses()].map((x) => x.addr.ip);
}

/** gethostbyname: /etc/hosts, then nss-myhostname (the hostname → local addresses, `gateway` → the default gateway). */
export function gethostbyname(host: Host, name: string): { ip: Ipv4; name: string } | undefined {
  const lower = name.toLowerCase();
  for (const l of hostsFile(host)) if (l.names.some((n) => n.toLowerCase() === lower)) return { ip: l.ip, name: l.names[0] };
  if (lower === host.hostname.toLowerCase()) {
    const ip = localAddresses(host).find((a) => a >>> 24 !== 127) ?? 0x7f000002;
    return { ip, name: host.hostname };
  }
  if (lower === 'gateway') {
    const gw = gateways(host)[0];
    if (gw !== undefined) return { ip: gw, name: 'gateway' };
  }
  return undefined;
}

/** gethostbyaddr: /etc/hosts, then nss-myhostname (a local address → the hostname, a default gateway → `gateway`). */
export function gethostbyaddr(host: Host, ip: Ipv4): string | undefined {
  for (const l of hostsFile(host)) if (l.ip === ip) return l.names[0];
  if (ip === 0x7f000002 || localAddresses(host).includes(ip)) return host.hostname;
  if (gateways(host).includes(ip)) return 'gateway';
  return undefined;
}

/** CentOS 7's /etc/networks. */
const NETWORKS: Array<[string, Ipv4]> = [
  ['default', 0],
  ['loopback', 0x7f000000],
  ['link-local', 0xa9fe0000],
];

export function getnetbyname(name: string): Ipv4 | undefined {
  return NETWORKS.find(([n]) => n === name)?.[1];
}

export function getnetbyaddr(ip: Ipv4): string | undefined {
  return NETWORKS.find(([, a]) => a === ip)?.[0];
}

/**
 * net-tools INET_resolve: `default` and /etc/networks names are networks,
 * dotted quads are taken as they are, other names are looked up as hosts
 * (`hostFirst` asks for hosts before networks, as `route -host` and `gw` do).
 * undefined → herror's "Unknown host".
 */
export function netToolsResolve(host: Host, text: string, hostFirst = false): { ip: Ipv4; isNet: boolean } | undefined {
  if (text === 'default') return { ip: 0, isNet: true };
  const quad = inetAton(text);
  if (quad !== undefined) return { ip: quad, isNet: false };
  const byHost = () => {
    const h = gethostbyname(host, text);
    return h ? { ip: h.ip, isNet: false } : undefined;
  };
  if (hostFirst) {
    const h = byHost();
    if (h) return h;
  }
  const net = getnetbyname(text);
  if (net !== undefined) return { ip: net, isNet: true };
  return byHost();
}

/** Reverse lookup for display (net-tools INET_rresolve without the numeric flag): the name, or the number. */
export function hostName(host: Host, ip: Ipv4): string {
  return gethostbyaddr(host, ip) ?? formatIpv4(ip);
}

/** printf("%-Ns") */
export const padEnd = (s: string | number, n: number): string => String(s).padEnd(n);
/** printf("%Nd") */
export const padStart = (s: string | number, n: number): string => String(s).padStart(n);
