/**
 * libxtables helpers the iptables tools share (libxtables/xtables.c,
 * iptables 1.4.21): number, address, mask, port and protocol parsing and
 * formatting, and the way errors are reported.
 */
import type { Host } from '../../../os/host';
import { formatIpv4 } from '../../../wire/addr';

export const IPTABLES_VERSION = '1.4.21';

/** An error the tool prints to stderr before exiting with `status`. */
export class XtError extends Error {
  constructor(
    readonly text: string,
    readonly status: number,
  ) {
    super(text);
  }
}

export const TRY_HELP = "Try `iptables -h' or 'iptables --help' for more information.\n";

/** xtables_error(PARAMETER_PROBLEM, ...): "iptables v1.4.21: MSG" + "Try ..." and exit 2. */
export function paramProblem(msg: string): never {
  throw new XtError(`iptables v${IPTABLES_VERSION}: ${msg}\n${TRY_HELP}`, 2);
}

/** xtables_error(VERSION_PROBLEM, ...): exit 3. */
export function versionProblem(msg: string): never {
  throw new XtError(`iptables v${IPTABLES_VERSION}: ${msg}\nPerhaps iptables or your kernel needs to be upgraded.\n`, 3);
}

/** A libiptc / kernel error as iptables-standalone.c prints it, exit 1. */
export function iptcError(msg: string, einval = false): never {
  throw new XtError(`iptables: ${msg}.${einval ? " Run `dmesg' for more information." : ''}\n`, 1);
}

/** xtables_strtoui with base 0: decimal, 0x hex or 0 octal, within [min, max]. */
export function strtoui(s: string, min: number, max: number): number | undefined {
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) v = parseInt(s, 8);
  else if (/^[1-9][0-9]*$/.test(s)) v = Number(s);
  else return undefined;
  return v >= min && v <= max ? v : undefined;
}

/** __numeric_to_ipaddr: dotted quad, or fewer parts completed with zeros ("10" = 10.0.0.0) unless a mask. */
export function numericToIp(s: string, isMask = false): number | undefined {
  const parts = s.split('.');
  if (parts.length > 4 || (isMask && parts.length !== 4)) return undefined;
  let ip = 0;
  for (let i = 0; i < 4; i++) {
    if (i >= parts.length) {
      ip = ip * 256;
      continue;
    }
    const b = strtoui(parts[i], 0, 255);
    if (b === undefined) return undefined;
    ip = ip * 256 + b;
  }
  return ip >>> 0;
}

/** Names from the host's /etc/hosts, first match per address (gethostbyname / gethostbyaddr). */
function hostsEntries(host: Host): Array<[number, string[]]> {
  let text = '';
  try {
    text = host.fs.read('/etc/hosts');
  } catch {
    return [];
  }
  const out: Array<[number, string[]]> = [];
  for (const line of text.split('\n')) {
    const f = line.replace(/#.*/, '').trim().split(/\s+/);
    if (f.length < 2) continue;
    const ip = numericToIp(f[0]);
    if (ip !== undefined && /^\d+\.\d+\.\d+\.\d+$/.test(f[0])) out.push([ip, f.slice(1)]);
  }
  return out;
}

/** /etc/networks on CentOS 7. */
const NETWORKS: ReadonlyArray<readonly [string, number]> = [
  ['default', 0],
  ['loopback', 0x7f000000],
  ['link-local', 0xa9fe0000],
];

export interface AddrMask {
  addr: number;
  mask: number;
}

/** xtables_ipparse_multiple: "a[/mask][,b[/mask]...]", names from /etc/networks and /etc/hosts; the mask is applied. */
export function ipparseMultiple(host: Host, text: string): AddrMask[] {
  const out: AddrMask[] = [];
  for (const item of text.split(',')) {
    const slash = item.lastIndexOf('/');
    let name = slash < 0 ? item : item.slice(0, slash);
    let mask = 0xffffffff;
    if (slash >= 0) {
      const m = item.slice(slash + 1);
      const dotted = numericToIp(m, true);
      if (dotted !== undefined) mask = dotted;
      else {
        const bits = strtoui(m, 0, 32);
        if (bits === undefined) paramProblem(`invalid mask \`${m}' specified`);
        mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      }
    }
    if (mask === 0) name = '0.0.0.0'; // "if a null mask is given, the name is ignored, like in any/0"
    let addr = numericToIp(name);
    if (addr === undefined) addr = NETWORKS.find(([n]) => n === name)?.[1];
    if (addr === undefined) addr = hostsEntries(host).find(([, names]) => names.includes(name))?.[0];
    if (addr === undefined) paramProblem(`host/network \`${name}' not found`);
    out.push({ addr: (addr & mask) >>> 0, mask });
  }
  return out;
}

/** xtables_ipmask_to_numeric: "" for /32, "/N" for a contiguous mask, "/a.b.c.d" otherwise. */
export function maskSuffix(mask: number): string {
  if (mask === 0xffffffff) return '';
  let bits = 0xfffffffe;
  for (let i = 31; i >= 0; i--) {
    if (mask === bits >>> 0) return `/${i}`;
    bits = (bits << 1) >>> 0;
  }
  return `/${formatIpv4(mask)}`;
}

/** xtables_ipaddr_to_anyname: a name from /etc/hosts or /etc/networks, else the number (the mask plays no part). */
export function ipToAnyname(host: Host, ip: number): string {
  const h = hostsEntries(host).find(([a]) => a === ip);
  if (h) return h[1][0];
  const n = NETWORKS.find(([, a]) => a === ip && a !== 0);
  if (n) return n[0];
  return formatIpv4(ip);
}

/** print_ip in iptables-save: always with the prefix length ("/32" included). */
export function saveMask(mask: number): string {
  return mask === 0xffffffff ? '/32' : maskSuffix(mask) || '/32';
}

/** /etc/protocols for the names iptables prints (getprotobynumber) and xtables_chain_protos. */
export const PROTO_NAMES: Readonly<Record<number, string>> = {
  1: 'icmp', 2: 'igmp', 4: 'ipencap', 6: 'tcp', 17: 'udp', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'ipv6-icmp', 112: 'vrrp', 132: 'sctp', 136: 'udplite',
};
const PROTO_BY_NAME: Readonly<Record<string, number>> = {
  ...Object.fromEntries(Object.entries(PROTO_NAMES).map(([n, s]) => [s, Number(n)])),
  ip: 0, 'ipv6-icmp': 58, icmpv6: 58, 'ipip': 4, ipencap: 4, mh: 135,
};

/** xtables_parse_protocol: a number, "all", or a name. */
export function parseProtocol(s: string): number {
  const n = strtoui(s, 0, 255);
  if (n !== undefined) return n;
  if (s === 'all') return 0;
  const p = PROTO_BY_NAME[s];
  if (p !== undefined) return p;
  paramProblem(`unknown protocol "${s}" specified`);
}

/** xtables_chain_protos: the names iptables knows without /etc/protocols. */
const CHAIN_PROTOS: Readonly<Record<number, string>> = { 6: 'tcp', 132: 'sctp', 17: 'udp', 136: 'udplite', 1: 'icmp', 58: 'icmpv6', 50: 'esp', 51: 'ah', 135: 'mh', 0: 'all' };

/** proto_to_name: /etc/protocols unless numeric, then xtables_chain_protos; undefined if neither knows it. */
export const protoName = (p: number, numeric = false): string | undefined => (p && !numeric ? PROTO_NAMES[p] : undefined) ?? CHAIN_PROTOS[p];

/** /etc/services (the ports iptables -L names without -n). */
const SERVICES: Readonly<Record<string, number>> = {
  'ftp-data': 20, ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, bootps: 67, bootpc: 68, tftp: 69, http: 80,
  kerberos: 88, pop3: 110, sunrpc: 111, ntp: 123, 'netbios-ns': 137, 'netbios-ssn': 139, imap: 143, snmp: 161, ldap: 389,
  https: 443, 'microsoft-ds': 445, syslog: 514, submission: 587, ldaps: 636, imaps: 993, pop3s: 995, mysql: 3306,
  'http-alt': 8008, webcache: 8080, 'x11': 6000,
};
const SERVICE_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(SERVICES).map(([n, p]) => [p, n]));

/** xtables_parse_port: a number or a service name. */
export function parsePort(s: string): number {
  const n = strtoui(s, 0, 65535);
  if (n !== undefined) return n;
  const p = SERVICES[s];
  if (p !== undefined) return p;
  paramProblem(`invalid port/service \`${s}' specified`);
}

/** port_to_service: the service name, or the number. */
export const portName = (p: number, numeric: boolean): string => (numeric ? String(p) : (SERVICE_NAMES.get(p) ?? String(p)));

/** xtables_print_num for -v: "%5llu " or with K/M/G/T suffixes; FMT_NOTABLE drops the padding. */
export function printNum(n: number, exact: boolean, notable = false): string {
  if (exact) return notable ? `${n} ` : `${String(n).padStart(8)} `;
  if (n <= 99999) return notable ? `${n} ` : `${String(n).padStart(5)} `;
  for (const suffix of ['K', 'M', 'G', 'T']) {
    n = Math.floor((n + 500) / 1000);
    if (n <= 9999 || suffix === 'T') return notable ? `${n}${suffix} ` : `${String(n).padStart(4)}${suffix} `;
  }
  return `${n} `;
}
