/**
 * DNS messages (RFC 1035 §4): header, questions and resource records.
 *
 * Record data is decoded for A (an address) and for NS, CNAME and PTR (one
 * domain name, compression pointers resolved); any other type is kept as raw
 * bytes. emitDns compresses every name against names already written (so an
 * answer for the question's name starts `c0 0c`, like BIND and dnsmasq send).
 */
import { formatIpv4, readIpv4, type Ipv4 } from './addr';
import { hex, readU16, readU32, toHex } from './bytes';
import { fail, ok, type Field, type Layer, type Parsed } from './field';
import { DnsNameWriter, readDnsName } from './dns-name';
import { errorField, fieldBuilder, spanError, uniqueKeys } from './text';

export { checkDnsName, encodeDnsName } from './dns-name';

/** Byte ranges [start, end) of the 12-byte header. */
export const DNS_FIELD = {
  ID: [0, 2],
  FLAGS: [2, 4],
  QDCOUNT: [4, 6],
  ANCOUNT: [6, 8],
  NSCOUNT: [8, 10],
  ARCOUNT: [10, 12],
} as const;

export const DNS_HEADER_LEN = 12;
export const DNS_PORT = 53;

/** Bits of the Flags word (RFC 1035 §4.1.1; AD and CD from RFC 4035 §3.2 take two of Z's bits). */
export const DNS_FLAG = {
  QR: 0x8000,
  OPCODE: 0x7800,
  AA: 0x0400,
  TC: 0x0200,
  RD: 0x0100,
  RA: 0x0080,
  Z: 0x0040,
  AD: 0x0020,
  CD: 0x0010,
  RCODE: 0x000f,
} as const;
const OPCODE_SHIFT = 11;
/** The 3 bits between RA and RCODE (Z, AD, CD), kept raw in `DnsMessage.z`. */
const Z_BITS_SHIFT = 4;

export const DNS_OPCODE = { QUERY: 0, IQUERY: 1, STATUS: 2, NOTIFY: 4, UPDATE: 5 } as const;
export const DNS_RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export const DNS_TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255 } as const;
export const DNS_CLASS = { IN: 1, CH: 3, HS: 4, ANY: 255 } as const;

/** [mnemonic, Wireshark's description]. */
const TYPE_INFO: Readonly<Record<number, readonly [string, string]>> = {
  1: ['A', 'Host Address'],
  2: ['NS', 'authoritative Name Server'],
  5: ['CNAME', 'Canonical NAME for an alias'],
  6: ['SOA', 'Start Of a zone of Authority'],
  12: ['PTR', 'domain name PoinTeR'],
  15: ['MX', 'Mail eXchange'],
  16: ['TXT', 'Text strings'],
  28: ['AAAA', 'IPv6 Address'],
  33: ['SRV', 'Server Selection'],
  41: ['OPT', ''],
  255: ['ANY', 'Request for all records the server/cache has available'],
};
const CLASS_NAME: Readonly<Record<number, string>> = { 1: 'IN', 3: 'CH', 4: 'HS', 255: 'ANY' };
const OPCODE_NAME: Readonly<Record<number, string>> = {
  0: 'Standard query',
  1: 'Inverse query',
  2: 'Server status request',
  4: 'Zone change notification',
  5: 'Dynamic update',
};
/** Wireshark's reply code names. */
const RCODE_NAME: Readonly<Record<number, string>> = {
  0: 'No error',
  1: 'Format error',
  2: 'Server failure',
  3: 'No such name',
  4: 'Not implemented',
  5: 'Refused',
};

export const dnsTypeName = (t: number): string => TYPE_INFO[t]?.[0] ?? `Unknown (${t})`;
export const dnsClassName = (c: number): string => CLASS_NAME[c] ?? `Unknown (${hex(c, 4)})`;

export interface DnsQuestion {
  /** QNAME as text, no trailing dot (see dns-name.ts). */
  name: string;
  type: number;
  class: number;
}

export type DnsRData =
  /** TYPE A with 4 bytes of RDATA. */
  | { kind: 'a'; address: Ipv4 }
  /** NS, CNAME or PTR: one domain name. */
  | { kind: 'name'; name: string }
  /** Anything else, the RDATA bytes as received. */
  | { kind: 'raw'; bytes: Uint8Array };

export interface DnsRecord {
  name: string;
  type: number;
  class: number;
  /** TTL in seconds (uint32). */
  ttl: number;
  data: DnsRData;
}

export interface DnsMessage {
  id: number;
  /** QR: true in a response. */
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** The three bits Z, AD, CD (RFC 1035 Z, RFC 4035 AD/CD) as a number 0..7. */
  z: number;
  rcode: number;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
}

const NAME_TYPES: ReadonlySet<number> = new Set([DNS_TYPE.NS, DNS_TYPE.CNAME, DNS_TYPE.PTR]);
const A_RDATA_LEN = 4;
/** Fixed part of a question after QNAME (QTYPE, QCLASS) and of a record after NAME (TYPE, CLASS, TTL, RDLENGTH). */
const QUESTION_TAIL = 4;
const RR_TAIL = 10;

export function dnsFlagsWord(m: DnsMessage): number {
  return (
    (m.qr ? DNS_FLAG.QR : 0) |
    ((m.opcode << OPCODE_SHIFT) & DNS_FLAG.OPCODE) |
    (m.aa ? DNS_FLAG.AA : 0) |
    (m.tc ? DNS_FLAG.TC : 0) |
    (m.rd ? DNS_FLAG.RD : 0) |
    (m.ra ? DNS_FLAG.RA : 0) |
    ((m.z << Z_BITS_SHIFT) & (DNS_FLAG.Z | DNS_FLAG.AD | DNS_FLAG.CD)) |
    (m.rcode & DNS_FLAG.RCODE)
  );
}

// ---------------------------------------------------------------- parse

type SectionName = 'Question' | 'Answer' | 'Authority' | 'Additional';

/** Where each piece lies (absolute offsets), for describeDns. */
interface Walk {
  msg: DnsMessage;
  questions: { start: number; nameEnd: number; end: number }[];
  records: { section: SectionName; start: number; nameEnd: number; rdataStart: number; end: number; record: DnsRecord }[];
  error?: string;
  errorAt?: number;
}

function walk(buf: Uint8Array, off: number, len: number): Walk {
  const end = off + len;
  const flags = readU16(buf, off + DNS_FIELD.FLAGS[0]);
  const msg: DnsMessage = {
    id: readU16(buf, off + DNS_FIELD.ID[0]),
    qr: (flags & DNS_FLAG.QR) !== 0,
    opcode: (flags & DNS_FLAG.OPCODE) >> OPCODE_SHIFT,
    aa: (flags & DNS_FLAG.AA) !== 0,
    tc: (flags & DNS_FLAG.TC) !== 0,
    rd: (flags & DNS_FLAG.RD) !== 0,
    ra: (flags & DNS_FLAG.RA) !== 0,
    z: (flags >> Z_BITS_SHIFT) & 0x7,
    rcode: flags & DNS_FLAG.RCODE,
    questions: [],
    answers: [],
    authorities: [],
    additionals: [],
  };
  const w: Walk = { msg, questions: [], records: [] };
  let p = off + DNS_HEADER_LEN;
  const bad = (error: string, at: number): Walk => ({ ...w, error: `DNS: ${error}`, errorAt: at });

  const qd = readU16(buf, off + DNS_FIELD.QDCOUNT[0]);
  for (let i = 0; i < qd; i++) {
    const where = `Question ${i + 1}`;
    const n = readDnsName(buf, off, end, p);
    if ('error' in n) return bad(`${where}: ${n.error}`, p);
    if (n.next + QUESTION_TAIL > end) return bad(`${where} ends past the end of the message`, p);
    msg.questions.push({ name: n.name, type: readU16(buf, n.next), class: readU16(buf, n.next + 2) });
    w.questions.push({ start: p, nameEnd: n.next, end: n.next + QUESTION_TAIL });
    p = n.next + QUESTION_TAIL;
  }
  const sections: [SectionName, DnsRecord[], number][] = [
    ['Answer', msg.answers, readU16(buf, off + DNS_FIELD.ANCOUNT[0])],
    ['Authority', msg.authorities, readU16(buf, off + DNS_FIELD.NSCOUNT[0])],
    ['Additional', msg.additionals, readU16(buf, off + DNS_FIELD.ARCOUNT[0])],
  ];
  for (const [section, list, count] of sections) {
    for (let i = 0; i < count; i++) {
      const where = `${section} ${i + 1}`;
      const n = readDnsName(buf, off, end, p);
      if ('error' in n) return bad(`${where}: ${n.error}`, p);
      if (n.next + RR_TAIL > end) return bad(`${where} ends past the end of the message`, p);
      const type = readU16(buf, n.next);
      const rdlength = readU16(buf, n.next + 8);
      const rdataStart = n.next + RR_TAIL;
      if (rdataStart + rdlength > end) return bad(`${where} Data length ${rdlength} goes past the end of the message`, p);
      const record: DnsRecord = {
        name: n.name,
        type,
        class: readU16(buf, n.next + 2),
        ttl: readU32(buf, n.next + 4),
        data: rdata(buf, off, rdataStart, rdlength, type),
      };
      list.push(record);
      w.records.push({ section, start: p, nameEnd: n.next, rdataStart, end: rdataStart + rdlength, record });
      p = rdataStart + rdlength;
    }
  }
  return w;
}

function rdata(buf: Uint8Array, base: number, at: number, len: number, type: number): DnsRData {
  if (type === DNS_TYPE.A && len === A_RDATA_LEN) return { kind: 'a', address: readIpv4(buf, at) };
  if (NAME_TYPES.has(type)) {
    // A name must fill RDATA exactly; pointers may reach anywhere earlier in the message.
    const n = readDnsName(buf, base, at + len, at);
    if (!('error' in n) && n.next === at + len) return { kind: 'name', name: n.name };
  }
  return { kind: 'raw', bytes: buf.slice(at, at + len) };
}

/**
 * Parse the DNS message in `len` bytes at `off` (the UDP payload). Bytes after
 * the last record are ignored. Errors name the section and record.
 */
export function parseDns(buf: Uint8Array, off = 0, len = buf.length - off): Parsed<DnsMessage> {
  const span = spanError('DNS', buf, off, len);
  if (span) return fail(span);
  if (len < DNS_HEADER_LEN) return fail(`DNS: message of ${len} bytes is shorter than the ${DNS_HEADER_LEN}-byte header`);
  const w = walk(buf, off, len);
  return w.error ? fail(w.error) : ok(w.msg);
}

// ---------------------------------------------------------------- emit

/** The message as bytes. Throws RangeError for a name checkDnsName rejects or a count/RDATA over 65535. */
export function emitDns(msg: DnsMessage): Uint8Array {
  const out: number[] = [];
  const u16 = (v: number) => out.push((v >>> 8) & 0xff, v & 0xff);
  const u32 = (v: number) => out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  const counts = [msg.questions.length, msg.answers.length, msg.authorities.length, msg.additionals.length];
  if (counts.some((c) => c > 0xffff)) throw new RangeError('DNS: more than 65535 entries in a section');
  u16(msg.id);
  u16(dnsFlagsWord(msg));
  counts.forEach(u16);
  const names = new DnsNameWriter(out);
  for (const q of msg.questions) {
    names.write(q.name);
    u16(q.type);
    u16(q.class);
  }
  for (const r of [...msg.answers, ...msg.authorities, ...msg.additionals]) {
    names.write(r.name);
    u16(r.type);
    u16(r.class);
    u32(r.ttl);
    const lenAt = out.length;
    u16(0);
    const d = r.data;
    if (d.kind === 'a') u32(d.address);
    else if (d.kind === 'name') names.write(d.name);
    else for (const byte of d.bytes) out.push(byte);
    const rdlength = out.length - lenAt - 2;
    if (rdlength > 0xffff) throw new RangeError(`DNS: RDATA of ${rdlength} bytes for ${r.name} is over 65535`);
    out[lenAt] = rdlength >>> 8;
    out[lenAt + 1] = rdlength & 0xff;
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------- helpers

/** A recursive query as a Linux stub resolver sends it: RD set, one question, class IN. */
export function dnsQuery(id: number, name: string, type: number = DNS_TYPE.A): DnsMessage {
  return {
    id,
    qr: false,
    opcode: DNS_OPCODE.QUERY,
    aa: false,
    tc: false,
    rd: true,
    ra: false,
    z: 0,
    rcode: DNS_RCODE.NOERROR,
    questions: [{ name, type, class: DNS_CLASS.IN }],
    answers: [],
    authorities: [],
    additionals: [],
  };
}

/** The response header a recursive resolver gives: same id, opcode, RD and questions; QR and RA set. */
export function dnsResponse(query: DnsMessage, rcode: number = DNS_RCODE.NOERROR): DnsMessage {
  return {
    ...query,
    qr: true,
    aa: false,
    tc: false,
    ra: true,
    z: 0,
    rcode,
    questions: query.questions.map((q) => ({ ...q })),
    answers: [],
    authorities: [],
    additionals: [],
  };
}

/** A response answering the first question with one A record per address (flags 0x8180 for a Linux query). */
export function dnsAnswerA(query: DnsMessage, ttl: number, addrs: readonly Ipv4[]): DnsMessage {
  const r = dnsResponse(query);
  const name = query.questions[0]?.name ?? '';
  r.answers = addrs.map((address) => ({ name, type: DNS_TYPE.A, class: DNS_CLASS.IN, ttl, data: { kind: 'a', address } }));
  return r;
}

/** `No such name` (RCODE 3, NXDOMAIN) for the query. */
export const dnsNxDomain = (query: DnsMessage): DnsMessage => dnsResponse(query, DNS_RCODE.NXDOMAIN);

// ---------------------------------------------------------------- summary (tcpdump print-domain.c)

const TCPDUMP_OPS = ['', ' inv_q', ' stat', ' op3', ' notify', ' update', ' op6', ' op7', ' op8', ' updateA', ' updateD', ' updateDA', ' updateM', ' updateMA', ' zoneInit', ' zoneRef'];
const TCPDUMP_RCODES = ['', ' FormErr', ' ServFail', ' NXDomain', ' NotImp', ' Refused', ' YXDomain', ' YXRRSet', ' NXRRSet', ' NotAuth', ' NotZone'];
const TCPDUMP_CLASS: Readonly<Record<number, string>> = { 1: 'IN', 3: 'CHAOS', 4: 'HS', 255: 'ANY' };
const tcpdumpType = (t: number): string => TYPE_INFO[t]?.[0] ?? `Type${t}`;
const tcpdumpClass = (c: number): string => TCPDUMP_CLASS[c] ?? `(Class ${c})`;
const fqdn = (name: string): string => (name === '' ? '.' : `${name}.`);

/**
 * tcpdump's line for a DNS message: `12345+ A? www.baidu.com. (31)` or
 * `12345 1/0/0 A 61.135.169.125 (47)`. `length` is the message length in bytes
 * (defaults to the length emitDns gives).
 */
export function summarizeDnsMessage(msg: DnsMessage, length?: number): string {
  const len = length ?? emitDns(msg).length;
  const flags = dnsFlagsWord(msg);
  const qd = msg.questions.length;
  let s = String(msg.id) + TCPDUMP_OPS[msg.opcode & 0xf];
  if (msg.qr) {
    s += (TCPDUMP_RCODES[msg.rcode] ?? ` Resp${msg.rcode}`) + (msg.aa ? '*' : '') + (msg.ra ? '' : '-') + (msg.tc ? '|' : '') + (flags & DNS_FLAG.AD ? '$' : '');
    if (qd !== 1) s += ` [${qd}q]`;
    s += ` ${msg.answers.length}/${msg.authorities.length}/${msg.additionals.length}`;
    s += msg.answers.map((r) => {
      let t = (r.class !== DNS_CLASS.IN && r.type !== DNS_TYPE.OPT ? ` ${tcpdumpClass(r.class)}` : '') + ` ${tcpdumpType(r.type)}`;
      if (r.data.kind === 'a') t += ` ${formatIpv4(r.data.address)}`;
      else if (r.data.kind === 'name') t += ` ${fqdn(r.data.name)}`;
      return t;
    }).join(',');
  } else {
    s += (msg.rd ? '+' : '') + (flags & DNS_FLAG.CD ? '%' : '');
    if (flags & 0x6cf) s += ` [b2&3=${hex(flags, 1)}]`; // AA TC RA Z RCODE set in a query
    if (qd !== 1) s += ` [${qd}q]`;
    if (msg.answers.length) s += ` [${msg.answers.length}a]`;
    if (msg.authorities.length) s += ` [${msg.authorities.length}n]`;
    if (msg.additionals.length) s += ` [${msg.additionals.length}au]`;
    for (const q of msg.questions) {
      s += ` ${tcpdumpType(q.type)}` + (q.class !== DNS_CLASS.IN ? ` ${tcpdumpClass(q.class)}` : '') + `? ${fqdn(q.name)}`;
    }
  }
  return `${s} (${len})`;
}

// ---------------------------------------------------------------- describe (Wireshark packet-dns.c)

/** Wireshark's time text: `600 (10 minutes)`, `3661 (1 hour, 1 minute, 1 second)`. */
function ttlText(ttl: number): string {
  const parts: string[] = [];
  const units: [number, string][] = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];
  let rest = ttl;
  for (const [n, unit] of units) {
    const v = Math.floor(rest / n);
    rest -= v * n;
    if (v > 0) parts.push(`${v} ${unit}${v === 1 ? '' : 's'}`);
  }
  return `${ttl} (${parts.length ? parts.join(', ') : '0 seconds'})`;
}

/** Wireshark's field name for the name in NS, CNAME, PTR RDATA. */
const RDATA_NAME_FIELD: Readonly<Record<number, string>> = { 2: 'Name Server', 5: 'CNAME', 12: 'Domain Name' };
const displayName = (name: string): string => (name === '' ? '<Root>' : name);
const typeText = (t: number): string => (TYPE_INFO[t] ? `${TYPE_INFO[t][0]}${TYPE_INFO[t][1] ? ` (${TYPE_INFO[t][1]})` : ''} (${t})` : `Unknown (${t})`);
const classText = (c: number): string => `${CLASS_NAME[c] ?? 'Unknown'} (${hex(c, 4)})`;
const opcodeName = (o: number): string => OPCODE_NAME[o] ?? `Unknown (${o})`;
const rcodeName = (r: number): string => RCODE_NAME[r] ?? `Unknown (${r})`;

function rdataSummary(d: DnsRData, type: number): string {
  if (d.kind === 'a') return `, addr ${formatIpv4(d.address)}`;
  if (d.kind === 'name') return `, ${tcpdumpType(type).toLowerCase()} ${displayName(d.name)}`;
  return '';
}

/** Wireshark's `Domain Name System (query|response)` tree for the message of `len` bytes at `off`. */
export function describeDns(frame: Uint8Array, off: number, len: number, _ipSrc?: number, _ipDst?: number): Layer {
  const avail = Math.max(0, Math.min(len, frame.length - off));
  const b = fieldBuilder(off);
  if (off < 0 || avail < DNS_HEADER_LEN) {
    const error = `DNS: message of ${avail} bytes is shorter than the ${DNS_HEADER_LEN}-byte header`;
    return { key: 'dns', name: 'Domain Name System', summary: error, byteOffset: off, byteLength: avail, fields: [errorField(error, off, avail)] };
  }
  const w = walk(frame, off, avail);
  const m = w.msg;
  const flags = readU16(frame, off + DNS_FIELD.FLAGS[0]);
  const F = DNS_FLAG;
  const bit = (key: string, name: string, mask: number, yes: string, no: string) =>
    b.bits(`flags.${key}`, name, flags & mask ? yes : no, DNS_FIELD.FLAGS[0], Math.clz32(mask) - 16, 1);
  const flagChildren: Field[] = [
    bit('response', 'Response', F.QR, 'Message is a response', 'Message is a query'),
    b.bits('flags.opcode', 'Opcode', `${opcodeName(m.opcode)} (${m.opcode})`, DNS_FIELD.FLAGS[0], 1, 4),
    ...(m.qr ? [bit('authoritative', 'Authoritative', F.AA, 'Server is an authority for domain', 'Server is not an authority for domain')] : []),
    bit('truncated', 'Truncated', F.TC, 'Message is truncated', 'Message is not truncated'),
    bit('recdesired', 'Recursion desired', F.RD, 'Do query recursively', "Don't do query recursively"),
    ...(m.qr ? [bit('recavail', 'Recursion available', F.RA, 'Server can do recursive queries', "Server can't do recursive queries")] : []),
    bit('z', 'Z', F.Z, 'reserved (1)', 'reserved (0)'),
    ...(m.qr ? [bit('authenticated', 'Answer authenticated', F.AD, 'Answer/authority portion was authenticated by the server', 'Answer/authority portion was not authenticated by the server')] : []),
    bit('checkdisable', 'Non-authenticated data', F.CD, 'Acceptable', 'Unacceptable'),
    ...(m.qr ? [b.bits('flags.rcode', 'Reply code', `${rcodeName(m.rcode)} (${m.rcode})`, DNS_FIELD.FLAGS[0], 12, 4)] : []),
  ];
  const flagsText = `${hex(flags, 4)} ${opcodeName(m.opcode)}${m.qr ? ` response, ${rcodeName(m.rcode)}` : ''}`;
  const fields: Field[] = [
    b.at('id', 'Transaction ID', hex(m.id, 4), DNS_FIELD.ID),
    b.at('flags', 'Flags', flagsText, DNS_FIELD.FLAGS, flagChildren),
    b.at('count.queries', 'Questions', String(readU16(frame, off + 4)), DNS_FIELD.QDCOUNT),
    b.at('count.answers', 'Answer RRs', String(readU16(frame, off + 6)), DNS_FIELD.ANCOUNT),
    b.at('count.auth_rr', 'Authority RRs', String(readU16(frame, off + 8)), DNS_FIELD.NSCOUNT),
    b.at('count.add_rr', 'Additional RRs', String(readU16(frame, off + 10)), DNS_FIELD.ARCOUNT),
  ];
  const rel = (a: number, z: number) => [a - off, z - off] as const;
  if (w.questions.length > 0) {
    const key = uniqueKeys();
    const children = w.questions.map((span, i) => {
      const q = m.questions[i];
      const k = key('query');
      return b.at(k, displayName(q.name), `type ${dnsTypeName(q.type)}, class ${dnsClassName(q.class)}`, rel(span.start, span.end), [
        b.at(`${k}.name`, 'Name', displayName(q.name), rel(span.start, span.nameEnd)),
        b.at(`${k}.type`, 'Type', typeText(q.type), rel(span.nameEnd, span.nameEnd + 2)),
        b.at(`${k}.class`, 'Class', classText(q.class), rel(span.nameEnd + 2, span.nameEnd + 4)),
      ]);
    });
    fields.push(b.at('queries', 'Queries', '', rel(w.questions[0].start, w.questions[w.questions.length - 1].end), children));
  }
  const sectionFields: [SectionName, string, string, string][] = [
    ['Answer', 'answers', 'Answers', 'answer'],
    ['Authority', 'authorities', 'Authoritative nameservers', 'authority'],
    ['Additional', 'additionals', 'Additional records', 'additional'],
  ];
  for (const [section, sectionKey, sectionName, itemKey] of sectionFields) {
    const spans = w.records.filter((s) => s.section === section);
    if (spans.length === 0) continue;
    const key = uniqueKeys();
    const children = spans.map((s) => {
      const r = s.record;
      const k = key(itemKey);
      const n = s.nameEnd;
      const sub: Field[] = [
        b.at(`${k}.name`, 'Name', displayName(r.name), rel(s.start, n)),
        b.at(`${k}.type`, 'Type', typeText(r.type), rel(n, n + 2)),
        b.at(`${k}.class`, 'Class', classText(r.class), rel(n + 2, n + 4)),
        b.at(`${k}.ttl`, 'Time to live', ttlText(r.ttl), rel(n + 4, n + 8)),
        b.at(`${k}.data_len`, 'Data length', String(s.end - s.rdataStart), rel(n + 8, n + 10)),
      ];
      const d = r.data;
      const rd = rel(s.rdataStart, s.end);
      if (d.kind === 'a') sub.push(b.at(`${k}.a`, 'Address', formatIpv4(d.address), rd));
      else if (d.kind === 'name') sub.push(b.at(`${k}.${tcpdumpType(r.type).toLowerCase()}`, RDATA_NAME_FIELD[r.type] ?? tcpdumpType(r.type), displayName(d.name), rd));
      else if (d.bytes.length > 0) sub.push(b.at(`${k}.data`, 'Data', toHex(d.bytes), rd));
      return b.at(k, displayName(r.name), `type ${dnsTypeName(r.type)}, class ${dnsClassName(r.class)}${rdataSummary(d, r.type)}`, rel(s.start, s.end), sub);
    });
    fields.push(b.at(sectionKey, sectionName, '', rel(spans[0].start, spans[spans.length - 1].end), children));
  }
  let end = off + DNS_HEADER_LEN;
  for (const s of w.questions) end = Math.max(end, s.end);
  for (const s of w.records) end = Math.max(end, s.end);
  if (w.error) fields.push(errorField(w.error, w.errorAt ?? end, off + avail - (w.errorAt ?? end)));
  // Wireshark's Info column: `Standard query 0x3039 A www.baidu.com`, `Standard query response 0x3039 A www.baidu.com A 61.135.169.125`.
  const info = [`${opcodeName(m.opcode)}${m.qr ? ' response' : ''} ${hex(m.id, 4)}`];
  if (m.qr && m.rcode !== DNS_RCODE.NOERROR) info.push(rcodeName(m.rcode));
  for (const q of m.questions) info.push(`${dnsTypeName(q.type)} ${displayName(q.name)}`);
  for (const r of m.answers) {
    const d = r.data;
    info.push(`${dnsTypeName(r.type)}` + (d.kind === 'a' ? ` ${formatIpv4(d.address)}` : d.kind === 'name' ? ` ${displayName(d.name)}` : ''));
  }
  return {
    key: 'dns',
    name: `Domain Name System (${m.qr ? 'response' : 'query'})`,
    summary: info.join(' '),
    byteOffset: off,
    byteLength: (w.error ? off + avail : end) - off,
    fields,
  };
}
