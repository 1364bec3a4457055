/**
 * The text on a ladder arrow, short as tcpdump's: `SYN seq=0`,
 * `PSH-ACK seq=1:80 ack=1 len=79 "GET / HTTP/1.1"`, `who-has 192.168.150.100
 * tell 192.168.150.1`, `echo request id=1234 seq=1`, `A? www.baidu.com.`.
 * TCP numbers are relative to each direction's first sequence number (as
 * `tcpdump` without `-S`), so the caller passes the bases it has seen.
 */
import { ETHERTYPE, parseEthernet } from '../wire/ethernet';
import { ICMP_FIELD, ICMP_HEADER_LEN, ICMP_TYPE } from '../wire/icmp';
import { IP_PROTOCOL, parseIpv4 } from '../wire/ipv4';
import { parseDns, summarizeDnsMessage } from '../wire/dns';
import { parseTcp, TCP_FLAG } from '../wire/tcp';
import { parseUdp } from '../wire/udp';
import { readU16 } from '../wire/bytes';
import { summarizeFrame, tcpFlagsLabel } from '../wire/summary';

/** Per-direction TCP bases: the first sequence number seen each way (index 0: the flow's first direction). */
export interface SeqBases {
  isn: [number | undefined, number | undefined];
}

export const newSeqBases = (): SeqBases => ({ isn: [undefined, undefined] });

/** The innermost IPv4 packet of a frame (through IP-in-IP). */
function innerIp(frame: Uint8Array): { off: number; len: number; proto: number } | undefined {
  const eth = parseEthernet(frame);
  if (!eth.ok || eth.value.repr.ethertype !== ETHERTYPE.IPV4) return undefined;
  let off = eth.value.payloadOffset;
  let len = eth.value.payloadLen;
  for (let depth = 0; depth < 5; depth++) {
    const ip = parseIpv4(frame, off, len, { verifyChecksum: false, quoted: true });
    if (!ip.ok || ip.value.repr.fragmentOffset !== 0) return undefined;
    if (ip.value.repr.protocol !== IP_PROTOCOL.IPIP) return { off: ip.value.payloadOffset, len: ip.value.payloadLen, proto: ip.value.repr.protocol };
    off = ip.value.payloadOffset;
    len = ip.value.payloadLen;
  }
  return undefined;
}

/** The first line of a payload when it is short printable text (an HTTP request or status line). */
function firstLine(b: Uint8Array, off: number, len: number): string | undefined {
  let s = '';
  for (let i = 0; i < len && i < 80; i++) {
    const c = b[off + i];
    if (c === 0x0d || c === 0x0a) return s.length > 0 ? s : undefined;
    if (c < 0x20 || c > 0x7e) return undefined;
    s += String.fromCharCode(c);
  }
  return undefined;
}

/** Label of a TCP segment; `dir` is the flow direction it travels (0 = as the flow's first packet). Updates the bases. */
function tcpLabel(frame: Uint8Array, off: number, len: number, dir: 0 | 1, bases: SeqBases): string | undefined {
  const tcp = parseTcp(frame, off, len);
  if (!tcp.ok) return undefined;
  const { repr, payloadOffset, payloadLen } = tcp.value;
  const flags = tcpFlagsLabel(frame) ?? 'TCP';
  if (bases.isn[dir] === undefined) bases.isn[dir] = repr.seq;
  const rel = (x: number, base: number | undefined): number => (base === undefined ? x : (x - base) >>> 0);
  const seq = rel(repr.seq, bases.isn[dir]);
  const parts = [flags];
  if (payloadLen > 0) parts.push(`seq=${seq}:${(seq + payloadLen) >>> 0}`);
  else if ((repr.flags & (TCP_FLAG.SYN | TCP_FLAG.FIN | TCP_FLAG.RST)) !== 0) parts.push(`seq=${seq}`);
  if ((repr.flags & TCP_FLAG.ACK) !== 0) parts.push(`ack=${rel(repr.ack, bases.isn[dir === 0 ? 1 : 0])}`);
  if (payloadLen > 0) parts.push(`len=${payloadLen}`);
  const line = payloadLen > 0 ? firstLine(frame, payloadOffset, payloadLen) : undefined;
  if (line !== undefined) parts.push(`"${line}"`);
  return parts.join(' ');
}

function udpLabel(frame: Uint8Array, off: number, len: number): string | undefined {
  const udp = parseUdp(frame, off, len);
  if (!udp.ok) return undefined;
  const { repr, payloadOffset, payloadLen } = udp.value;
  if (repr.srcPort === 53 || repr.dstPort === 53) {
    const dns = parseDns(frame, payloadOffset, payloadLen);
    // `12345+ A? www.baidu.com. (31)` → `A? www.baidu.com.`; `12345 1/0/0 A 1.2.3.4 (47)` → `1/0/0 A 1.2.3.4`
    if (dns.ok) return summarizeDnsMessage(dns.value, payloadLen).replace(/^\d+\S*\s+/, '').replace(/\s+\(\d+\)$/, '');
  }
  return `UDP ${repr.srcPort} > ${repr.dstPort} len=${payloadLen}`;
}

function icmpLabel(frame: Uint8Array, off: number, len: number): string | undefined {
  if (len < ICMP_HEADER_LEN) return undefined;
  const type = frame[off];
  if (type === ICMP_TYPE.ECHO_REQUEST || type === ICMP_TYPE.ECHO_REPLY) {
    const id = readU16(frame, off + ICMP_FIELD.ECHO_IDENT[0]);
    const seq = readU16(frame, off + ICMP_FIELD.ECHO_SEQNO[0]);
    return `echo ${type === ICMP_TYPE.ECHO_REQUEST ? 'request' : 'reply'} id=${id} seq=${seq}`;
  }
  return undefined;
}

/** The part of a tcpdump line worth an arrow: `ARP, Request who-has A tell B, length 46` → `who-has A tell B`. */
function fromSummary(frame: Uint8Array): string {
  const s = summarizeFrame(frame);
  const arp = /^ARP, (?:Request |Reply )?(.*?), length \d+$/.exec(s);
  if (arp) return arp[1];
  const icmp = /: ICMP (.*?), length \d+$/.exec(s);
  if (icmp) return icmp[1];
  const ip = /^IP (?:[^:]*): (.*)$/.exec(s);
  return ip ? ip[1] : s;
}

/** The label of a frame on a ladder arrow. */
export function arrowLabel(frame: Uint8Array, dir: 0 | 1 = 0, bases: SeqBases = newSeqBases()): string {
  const ip = innerIp(frame);
  let label: string | undefined;
  if (ip?.proto === IP_PROTOCOL.TCP) label = tcpLabel(frame, ip.off, ip.len, dir, bases);
  else if (ip?.proto === IP_PROTOCOL.UDP) label = udpLabel(frame, ip.off, ip.len);
  else if (ip?.proto === IP_PROTOCOL.ICMP) label = icmpLabel(frame, ip.off, ip.len);
  return label ?? fromSummary(frame);
}
