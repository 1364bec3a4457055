/**
 * The data a DNS server answers from: names with A addresses, or a CNAME to
 * another name (`www.baidu.com` → `www.a.shifen.com`, as Baidu's real zone
 * does), or PTR names for reverse lookups (`125.169.135.61.in-addr.arpa`).
 * Names are case-insensitive and written without the trailing dot.
 */
import { parseIpv4, type Ipv4 } from '../../wire/addr';
import { DNS_CLASS, DNS_TYPE, type DnsRecord } from '../../wire/dns';

export type ZoneEntry = string[] | { cname: string } | { ptr: string };
/** What `startDnsServer` takes: name → dotted IPv4 addresses, a CNAME, or a PTR. */
export type Zone = Record<string, ZoneEntry>;

/** TTLs the answers carry (seconds): a CDN-style short A TTL, a longer alias. */
export const ZONE_TTL = { A: 300, CNAME: 1200, PTR: 3600 } as const;

export type ZoneAnswer =
  | { rcode: 'NOERROR'; answers: DnsRecord[] }
  /** The name does not exist at all. */
  | { rcode: 'NXDOMAIN'; answers: DnsRecord[] };

const key = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** Normalise a zone: lower-case keys; invalid addresses are an error (a preset bug). */
export function normaliseZone(zone: Zone): Map<string, ZoneEntry> {
  const out = new Map<string, ZoneEntry>();
  for (const [name, entry] of Object.entries(zone)) {
    if (Array.isArray(entry)) {
      for (const a of entry) if (parseIpv4(a) === undefined) throw new Error(`zone: ${name}: '${a}' is not an IPv4 address`);
    }
    out.set(key(name), entry);
  }
  return out;
}

/**
 * Answer a question as a recursive server would from its cache: follow
 * CNAMEs (each link an answer record), then the records of the type asked.
 * A name that exists without records of that type is NOERROR with no A
 * records (NODATA).
 */
export function answerFromZone(zone: Map<string, ZoneEntry>, qname: string, qtype: number): ZoneAnswer {
  const answers: DnsRecord[] = [];
  let owner = key(qname);
  let ownerText = qname.replace(/\.$/, '');
  for (let hops = 0; hops < 16; hops++) {
    const e = zone.get(owner);
    if (!e) return { rcode: hops === 0 ? 'NXDOMAIN' : 'NOERROR', answers };
    if (!Array.isArray(e) && 'cname' in e) {
      answers.push({ name: ownerText, type: DNS_TYPE.CNAME, class: DNS_CLASS.IN, ttl: ZONE_TTL.CNAME, data: { kind: 'name', name: e.cname } });
      if (qtype === DNS_TYPE.CNAME) return { rcode: 'NOERROR', answers };
      owner = key(e.cname);
      ownerText = e.cname.replace(/\.$/, '');
      continue;
    }
    if (Array.isArray(e)) {
      if (qtype === DNS_TYPE.A || qtype === DNS_TYPE.ANY) {
        for (const a of e) answers.push({ name: ownerText, type: DNS_TYPE.A, class: DNS_CLASS.IN, ttl: ZONE_TTL.A, data: { kind: 'a', address: parseIpv4(a) as Ipv4 } });
      }
    } else if (qtype === DNS_TYPE.PTR || qtype === DNS_TYPE.ANY) {
      answers.push({ name: ownerText, type: DNS_TYPE.PTR, class: DNS_CLASS.IN, ttl: ZONE_TTL.PTR, data: { kind: 'name', name: e.ptr } });
    }
    return { rcode: 'NOERROR', answers };
  }
  return { rcode: 'NOERROR', answers };
}
