/**
 * One line per frame, as `tcpdump -n` prints it (print-arp.c, print-ip.c,
 * print-icmp.c; TCP/UDP/DNS/VRRP lines come from their codecs), plus the
 * small classifications the UI colours envelopes by. Never throws.
 *
 * `length` in an ARP line is what follows the Ethernet header, so a padded
 * 60-byte frame says `length 46` and an unpadded 42-byte one `length 28`,
 * exactly as tcpdump does on the receiving and the sending host.
 * IP-in-IP lines end with ` (ipip-proto-4)` as tcpdump 4.9 (CentOS 7) prints
 * them; tcpdump 4.99 dropped that suffix.
 */
import { formatIpv4, formatMac, readIpv4 } from './addr';
import { ARP_HTYPE, ARP_OPER, ARP_PTYPE_IPV4 } from './arp';
import { hex, readU16 } from './bytes';
import { DNS_PORT, parseDns, summarizeDnsMessage } from './dns';
import { ETHERTYPE, ethertypeName, parseEthernet } from './ethernet';
import { ICMP_FIELD, ICMP_HEADER_LEN, ICMP_TIME_EXCEEDED, ICMP_TYPE, ICMP_UNREACH } from './icmp';
import { IP_PROTOCOL, IPV4_FIELD, IPV4_HEADER_LEN, parseIpv4 } from './ipv4';
import { parseTcp, summarizeTcp, TCP_FIELD, TCP_FLAG } from './tcp';
import { parseUdp, summarizeUdp } from './udp';
import { parseVrrp, summarizeVrrp } from './vrrp';

export type FrameKind = 'arp' | 'icmp' | 'tcp' | 'udp' | 'dns' | 'vrrp' | 'ipip' | 'other';

const MAX_IPIP_DEPTH = 4;

export function summarizeFrame(frame: Uint8Array): string {
  try {
    const eth = parseEthernet(frame);
    if (!eth.ok) return '[|ether]';
    const { repr, payloadOffset: off, payloadLen: len } = eth.value;
    if (repr.ethertype === ETHERTYPE.ARP) return summarizeArp(frame, off, len);
    if (repr.ethertype === ETHERTYPE.IPV4) return summarizeIp(frame, off, len, 0);
    // print-ether.c for a type it does not know (without the hex dump).
    return `${formatMac(repr.src)} > ${formatMac(repr.dst)}, ethertype ${ethertypeName(repr.ethertype)} (${hex(repr.ethertype, 4)}), length ${frame.length}`;
  } catch (e) {
    return `[dissector error: ${String(e)}]`;
  }
}

// ------------------------------------------------------------------ ARP

const ARP_OP_TEXT: Readonly<Record<number, string>> = {
  3: 'Reverse Request',
  4: 'Reverse Reply',
  8: 'Inverse Request',
  9: 'Inverse Reply',
};

const linkAddr = (b: Uint8Array, at: number, n: number): string =>
  Array.from(b.subarray(at, at + n), (x) => x.toString(16).padStart(2, '0')).join(':');

/** print-arp.c arp_print: addresses are located by the packet's own hlen/plen. */
function summarizeArp(b: Uint8Array, off: number, len: number): string {
  if (len < 8) return 'ARP, [|ARP]';
  const htype = readU16(b, off);
  const ptype = readU16(b, off + 2);
  const hlen = b[off + 4];
  const plen = b[off + 5];
  const op = readU16(b, off + 6);
  if (8 + 2 * hlen + 2 * plen > len) return 'ARP, [|ARP]';
  if (ptype !== ARP_PTYPE_IPV4 || plen !== 4 || hlen === 0) {
    const hw = htype === ARP_HTYPE.ETHERNET ? 'Ethernet' : `Unknown Hardware (${htype})`;
    const pr = ptype === ARP_PTYPE_IPV4 ? 'IPv4' : `Unknown Protocol (${hex(ptype, 4)})`;
    return `ARP, ${hw} (len ${hlen}), ${pr} (len ${plen}), length ${len}`;
  }
  const sha = off + 8;
  const spa = formatIpv4(readIpv4(b, sha + hlen));
  const tha = sha + hlen + 4;
  const tpa = formatIpv4(readIpv4(b, tha + hlen));
  if (op === ARP_OPER.REQUEST) {
    const thaNonZero = b.subarray(tha, tha + hlen).some((x) => x !== 0);
    return `ARP, Request who-has ${tpa}${thaNonZero ? ` (${linkAddr(b, tha, hlen)})` : ''} tell ${spa}, length ${len}`;
  }
  if (op === ARP_OPER.REPLY) return `ARP, Reply ${spa} is-at ${linkAddr(b, sha, hlen)}, length ${len}`;
  return `ARP, ${ARP_OP_TEXT[op] ?? `Unknown (${op})`}, length ${len}`;
}

// ------------------------------------------------------------------ IPv4

/** `IP a > b: ...` for the packet in `len` bytes at `off` (print-ip.c ip_print). */
function summarizeIp(b: Uint8Array, off: number, len: number, depth: number): string {
  if (len < IPV4_HEADER_LEN) return 'IP [|ip]';
  const version = b[off] >> 4;
  if (version !== 4) return version === 6 ? 'IP6, wrong link-layer encapsulation (invalid)' : `IP${version} (invalid)`;
  const hlen = (b[off] & 0x0f) * 4;
  if (hlen < IPV4_HEADER_LEN) return `IP bad-hlen ${hlen}`;
  const total = readU16(b, off + IPV4_FIELD.LENGTH[0]);
  if (total < hlen) return `IP [total length ${total} < header length ${hlen}] (invalid)`;
  const ip = parseIpv4(b, off, len, { verifyChecksum: false, quoted: true });
  if (!ip.ok) return 'IP [|ip]';
  const { repr, payloadOffset: p, payloadLen: avail } = ip.value;
  const missing = ip.value.truncated ? `truncated-ip - ${total - len} bytes missing! ` : '';
  const src = formatIpv4(repr.src);
  const dst = formatIpv4(repr.dst);
  const plen = total - hlen; // what the header says, as tcpdump prints it
  const head = `IP ${missing}`;
  if (repr.fragmentOffset !== 0) return `${head}${src} > ${dst}: ip-proto-${repr.protocol}`;
  switch (repr.protocol) {
    case IP_PROTOCOL.ICMP:
      return `${head}${src} > ${dst}: ICMP ${icmpText(b, p, avail)}, length ${plen}`;
    case IP_PROTOCOL.TCP: {
      const tcp = parseTcp(b, p, avail);
      if (!tcp.ok) return `${head}${ports(b, p, avail, src, dst)}: [|tcp]`;
      const { repr: t, payloadOffset: tOff, payloadLen: tLen } = tcp.value;
      const http = tLen > 0 && (HTTP_PORTS.has(t.srcPort) || HTTP_PORTS.has(t.dstPort)) ? `: ${httpText(b, tOff, tLen)}` : '';
      return `${head}${src}.${t.srcPort} > ${dst}.${t.dstPort}: ${summarizeTcp(t, tLen)}${http}`;
    }
    case IP_PROTOCOL.UDP: {
      const udp = parseUdp(b, p, avail);
      if (!udp.ok) return `${head}${ports(b, p, avail, src, dst)}: [|udp]`;
      const { repr: u, payloadOffset: uOff, payloadLen: uLen } = udp.value;
      const addrs = `${src}.${u.srcPort} > ${dst}.${u.dstPort}`;
      if (u.srcPort === DNS_PORT || u.dstPort === DNS_PORT) {
        const dns = parseDns(b, uOff, uLen);
        return `${head}${addrs}: ${dns.ok ? summarizeDnsMessage(dns.value, uLen) : `[|domain]`}`;
      }
      return `${head}${addrs}: ${summarizeUdp(u, uLen)}`;
    }
    case IP_PROTOCOL.VRRP: {
      const vrrp = parseVrrp(b, p, avail);
      return `${head}${src} > ${dst}: ${vrrp.ok ? summarizeVrrp(vrrp.value.repr) : `VRRP [${vrrp.error}]`}`;
    }
    case IP_PROTOCOL.IPIP:
      if (depth >= MAX_IPIP_DEPTH) return `${head}${src} > ${dst}:  ip-proto-4 ${plen}`;
      return `${head}${src} > ${dst}: ${summarizeIp(b, p, avail, depth + 1)} (ipip-proto-4)`;
    default:
      // print-ip.c prints ` ip-proto-N LEN` after `: `, hence two spaces.
      return `${head}${src} > ${dst}:  ip-proto-${repr.protocol} ${plen}`;
  }
}

/** `a.41234 > b.80` when the ports are there, else `a > b`. */
function ports(b: Uint8Array, p: number, avail: number, src: string, dst: string): string {
  return avail >= 4 ? `${src}.${readU16(b, p)} > ${dst}.${readU16(b, p + 2)}` : `${src} > ${dst}`;
}

// ------------------------------------------------------------------ HTTP

/** print-tcp.c hands these ports' payload to the HTTP printer. */
const HTTP_PORTS: ReadonlySet<number> = new Set([80, 8080]);
/** print-http.c httpcmds. */
const HTTP_CMDS: ReadonlySet<string> = new Set(
  'GET PUT COPY DELETE HEAD LINK MKCOL MOVE OPTIONS PATCH POST PROPFIND PROPPATCH TRACE UNLINK UNLOCK'.split(' '),
);
const isPrint = (c: number): boolean => c >= 0x20 && c <= 0x7e;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/** util-print.c fetch_token: a printable token ended by white space or the end; `next` skips blanks after it. */
function fetchToken(b: Uint8Array, off: number, len: number, i: number): { text: string; next: number } | undefined {
  let text = '';
  for (; i < len; i++) {
    const c = b[off + i];
    if (c > 0x7f) return undefined;
    if (isSpace(c)) break;
    if (!isPrint(c) || text.length >= 127) return undefined;
    text += String.fromCharCode(c);
  }
  if (text === '') return undefined;
  while (i < len && (b[off + i] === 0x20 || b[off + i] === 0x09)) i++;
  return { text, next: i };
}

/**
 * util-print.c txtproto_print as tcpdump runs it for HTTP without -v: `HTTP`,
 * then `: <first line>` when the segment starts with a request or status line.
 */
function httpText(b: Uint8Array, off: number, len: number): string {
  const t1 = fetchToken(b, off, len, 0);
  let show = t1 !== undefined && HTTP_CMDS.has(t1.text.toUpperCase());
  const t2 = t1 && fetchToken(b, off, len, t1.next); // RESP_CODE_SECOND_TOKEN: `HTTP/1.1 200 OK`
  if (t2 && /^[0-9]{3}$/.test(t2.text)) show = true;
  if (!show) return 'HTTP';
  let line = '';
  for (let i = 0; i < len; i++) {
    const c = b[off + i];
    if (c === 0x0a) return `HTTP: ${line}`;
    if (c === 0x0d) return i + 1 < len && b[off + i + 1] === 0x0a ? `HTTP: ${line}` : 'HTTP';
    if (!isPrint(c) && c !== 0x09) return 'HTTP';
    line += String.fromCharCode(c);
  }
  return `HTTP: ${line} [|http]`; // no end of line in this segment
}

// ------------------------------------------------------------------ ICMP

/** print-icmp.c unreach2str: `%s` is the original destination. */
const UNREACH_TEXT: Readonly<Record<number, string>> = {
  [ICMP_UNREACH.NET]: 'net %s unreachable',
  [ICMP_UNREACH.HOST]: 'host %s unreachable',
  [ICMP_UNREACH.SOURCE_ROUTE_FAILED]: '%s unreachable - source route failed',
  [ICMP_UNREACH.NET_UNKNOWN]: 'net %s unreachable - unknown',
  [ICMP_UNREACH.HOST_UNKNOWN]: 'host %s unreachable - unknown',
  [ICMP_UNREACH.HOST_ISOLATED]: '%s unreachable - source host isolated',
  [ICMP_UNREACH.NET_PROHIBITED]: 'net %s unreachable - admin prohibited',
  [ICMP_UNREACH.HOST_PROHIBITED]: 'host %s unreachable - admin prohibited',
  [ICMP_UNREACH.NET_TOS]: 'net %s unreachable - tos prohibited',
  [ICMP_UNREACH.HOST_TOS]: 'host %s unreachable - tos prohibited',
  [ICMP_UNREACH.ADMIN_PROHIBITED]: 'host %s unreachable - admin prohibited filter',
  [ICMP_UNREACH.HOST_PRECEDENCE]: 'host %s unreachable - host precedence violation',
  [ICMP_UNREACH.PRECEDENCE_CUTOFF]: 'host %s unreachable - precedence cutoff',
};

/** print-icmp.c icmp2str for the types printed by name only. */
const ICMP_TEXT: Readonly<Record<number, string>> = {
  4: 'source quench',
  10: 'router solicitation',
  15: 'information request',
  16: 'information reply',
  17: 'address mask request',
};

const REDIRECT_TEXT = ['redirect %s to net %s', 'redirect %s to host %s', 'redirect-tos %s to net %s', 'redirect-tos %s to host %s'];

/** The part after `ICMP ` for the message in `len` bytes at `off`. */
function icmpText(b: Uint8Array, off: number, len: number): string {
  if (len < ICMP_HEADER_LEN) return '[|icmp]';
  const type = b[off + ICMP_FIELD.TYPE[0]];
  const code = b[off + ICMP_FIELD.CODE[0]];
  const id = readU16(b, off + ICMP_FIELD.ECHO_IDENT[0]);
  const seq = readU16(b, off + ICMP_FIELD.ECHO_SEQNO[0]);
  const o = off + ICMP_HEADER_LEN; // the quoted original datagram
  const haveOrig = len >= ICMP_HEADER_LEN + IPV4_HEADER_LEN;
  const odst = haveOrig ? formatIpv4(readIpv4(b, o + IPV4_FIELD.DST_ADDR[0])) : '';
  switch (type) {
    case ICMP_TYPE.ECHO_REQUEST:
    case ICMP_TYPE.ECHO_REPLY:
      return `echo ${type === ICMP_TYPE.ECHO_REQUEST ? 'request' : 'reply'}, id ${id}, seq ${seq}`;
    case ICMP_TYPE.DEST_UNREACHABLE: {
      if (!haveOrig) return '[|icmp]';
      const oproto = b[o + IPV4_FIELD.PROTOCOL[0]];
      if (code === ICMP_UNREACH.PROTOCOL) return `${odst} protocol ${oproto} unreachable`;
      if (code === ICMP_UNREACH.PORT) {
        const portAt = o + (b[o] & 0x0f) * 4 + 2; // destination port of the quoted UDP/TCP header
        if (portAt + 2 > off + len) return '[|icmp]';
        const port = readU16(b, portAt);
        if (oproto === IP_PROTOCOL.TCP) return `${odst} tcp port ${port} unreachable`;
        if (oproto === IP_PROTOCOL.UDP) return `${odst} udp port ${port} unreachable`;
        return `${odst} protocol ${oproto} port ${port} unreachable`;
      }
      if (code === ICMP_UNREACH.FRAG_NEEDED) {
        const mtu = readU16(b, off + ICMP_FIELD.NEXT_HOP_MTU[0]);
        return `${odst} unreachable - need to frag${mtu ? ` (mtu ${mtu})` : ''}`;
      }
      return (UNREACH_TEXT[code] ?? `%s unreachable - #${code}`).replace('%s', odst);
    }
    case ICMP_TYPE.TIME_EXCEEDED:
      if (code === ICMP_TIME_EXCEEDED.TTL) return 'time exceeded in-transit';
      if (code === ICMP_TIME_EXCEEDED.REASSEMBLY) return 'ip reassembly time exceeded';
      return `time exceeded-#${code}`;
    case 5: {
      if (!haveOrig) return '[|icmp]';
      const gw = formatIpv4(readIpv4(b, off + ICMP_FIELD.UNUSED[0]));
      return (REDIRECT_TEXT[code] ?? `redirect-#${code} %s to %s`).replace('%s', odst).replace('%s', gw);
    }
    case 13:
      return `time stamp query id ${id} seq ${seq}`;
    case 14:
      return `time stamp reply id ${id} seq ${seq}`;
    default:
      return ICMP_TEXT[type] ?? `type-#${type}`;
  }
}

// ------------------------------------------------------------------ classification

/** The IPv4 packet of a frame, header fields only (no checksum check). */
function ipOf(frame: Uint8Array): { off: number; len: number } | undefined {
  const eth = parseEthernet(frame);
  if (!eth.ok || eth.value.repr.ethertype !== ETHERTYPE.IPV4) return undefined;
  return { off: eth.value.payloadOffset, len: eth.value.payloadLen };
}

/** What the UI colours an envelope by. ICMP errors are `icmp` whatever they quote; IP-in-IP is `ipip`. */
export function frameKind(frame: Uint8Array): FrameKind {
  const eth = parseEthernet(frame);
  if (!eth.ok) return 'other';
  if (eth.value.repr.ethertype === ETHERTYPE.ARP) return 'arp';
  const at = ipOf(frame);
  if (!at) return 'other';
  const ip = parseIpv4(frame, at.off, at.len, { verifyChecksum: false, quoted: true });
  if (!ip.ok) return 'other';
  const { protocol } = ip.value.repr;
  const p = ip.value.payloadOffset;
  switch (protocol) {
    case IP_PROTOCOL.ICMP:
      return 'icmp';
    case IP_PROTOCOL.IPIP:
      return 'ipip';
    case IP_PROTOCOL.TCP:
      return 'tcp';
    case IP_PROTOCOL.VRRP:
      return 'vrrp';
    case IP_PROTOCOL.UDP:
      return ip.value.payloadLen >= 4 && (readU16(frame, p) === DNS_PORT || readU16(frame, p + 2) === DNS_PORT) ? 'dns' : 'udp';
    default:
      return 'other';
  }
}

/** Flags of the TCP segment in a frame (looking inside IP-in-IP): `SYN`, `SYN-ACK`, `ACK`, `FIN-ACK`, `RST`, `PSH-ACK`, ... */
export function tcpFlagsLabel(frame: Uint8Array): string | undefined {
  const at = ipOf(frame);
  if (!at) return undefined;
  let { off, len } = at;
  for (let depth = 0; depth <= MAX_IPIP_DEPTH; depth++) {
    const ip = parseIpv4(frame, off, len, { verifyChecksum: false, quoted: true });
    if (!ip.ok || ip.value.repr.fragmentOffset !== 0) return undefined;
    const { protocol } = ip.value.repr;
    if (protocol === IP_PROTOCOL.IPIP) {
      off = ip.value.payloadOffset;
      len = ip.value.payloadLen;
      continue;
    }
    if (protocol !== IP_PROTOCOL.TCP || ip.value.payloadLen < TCP_FIELD.DATA_OFFSET_FLAGS[1]) return undefined;
    const flags = readU16(frame, ip.value.payloadOffset + TCP_FIELD.DATA_OFFSET_FLAGS[0]) & 0x0fff;
    return flagsLabel(flags);
  }
  return undefined;
}

const LABEL_ORDER: ReadonlyArray<readonly [number, string]> = [
  [TCP_FLAG.SYN, 'SYN'],
  [TCP_FLAG.FIN, 'FIN'],
  [TCP_FLAG.RST, 'RST'],
  [TCP_FLAG.PSH, 'PSH'],
  [TCP_FLAG.URG, 'URG'],
  [TCP_FLAG.ACK, 'ACK'],
];

function flagsLabel(flags: number): string {
  const names = LABEL_ORDER.filter(([m]) => (flags & m) !== 0).map(([, n]) => n);
  return names.length > 0 ? names.join('-') : 'NONE';
}
