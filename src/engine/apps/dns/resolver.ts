/**
 * The stub resolver a program gets from glibc (getaddrinfo / getnameinfo)
 * on CentOS 7, for IPv4:
 *
 * 1. a numeric address (inet_aton) is returned as is;
 * 2. nsswitch `hosts: files dns myhostname`: /etc/hosts, then DNS, then the
 *    host's own name (nss-myhostname);
 * 3. DNS per res_send: the nameservers of /etc/resolv.conf in order, each
 *    over its own connected UDP socket (a random ephemeral port), one query
 *    id per question drawn from the world's PRNG, `attempts` rounds (2), the
 *    per-server wait `timeout << ns` (/ nscount for ns > 0) seconds
 *    (send_dg), an ICMP port unreachable moving on to the next server.
 *
 * Programs call `yield* resolve(ctx, name)` (ping, curl, /dev/tcp) and get
 * the addresses and the canonical name, or the gai_strerror text.
 */
import { formatIpv4, type Ipv4 } from '../../wire/addr';
import { DNS_PORT, DNS_RCODE, DNS_TYPE, dnsQuery, emitDns, parseDns, type DnsMessage } from '../../wire/dns';
import type { Host } from '../../os/host';
import type { IpStack } from '../../net/ip/stack';
import { waitFor, type Block, type Wake } from '../../os/task';
import { MICROS_PER_SEC } from '../../sim/time';
import { udpSockets, type SocketOwner, type UdpSocket } from '../../transport/udp';
import { hostsByAddr, hostsByName, parseHosts } from './hosts-file';
import { inetAton } from './inet';
import { parseResolvConf, type ResolvConf } from './resolv-conf';

/** getaddrinfo's errors that a lookup can end with, with gai_strerror's text. */
export const GAI_ERROR = {
  EAI_NONAME: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EAI_NODATA: 'No address associated with hostname',
  EAI_FAIL: 'Non-recoverable failure in name resolution',
} as const;
export type GaiError = keyof typeof GAI_ERROR;

export type ResolveResult =
  | {
      ok: true;
      /** The name as asked. */
      name: string;
      /** ai_canonname: the owner of the A records after CNAMEs, or the hosts file's first name. */
      canonical: string;
      addresses: Ipv4[];
      source: 'numeric' | 'hosts' | 'dns' | 'myhostname';
    }
  | { ok: false; error: GaiError; message: string };

/** Who is resolving: a command (its context), a daemon (`{host, pid, comm}`), or the host itself. */
export type Resolving = Host | { host: Host; pid: number; comm?: string; argv?: string[] };

type Lookup = Generator<Block, ResolveResult, Wake>;

function caller(who: Resolving): { host: Host; owner: SocketOwner } {
  if ('fs' in who) return { host: who, owner: { pid: 0, comm: 'resolver' } };
  const comm = who.comm ?? (who.argv?.[0] ? who.argv[0].slice(who.argv[0].lastIndexOf('/') + 1) : 'resolver');
  return { host: who.host, owner: { pid: who.pid, comm } };
}

function stackOf(host: Host): IpStack {
  if (!host.stack) throw new Error(`${host.id} has no network stack`);
  return host.stack as IpStack;
}

const readFile = (host: Host, path: string): string => {
  try {
    return host.fs.read(path);
  } catch {
    return '';
  }
};

const fail = (error: GaiError): ResolveResult => ({ ok: false, error, message: GAI_ERROR[error] });

/** getaddrinfo(name, AF_INET, AI_CANONNAME) as a program step. */
export function* resolve(who: Resolving, name: string): Lookup {
  const { host, owner } = caller(who);
  const numeric = inetAton(name);
  if (numeric !== undefined) return { ok: true, name, canonical: name, addresses: [numeric], source: 'numeric' };
  if (name === '' || name.length > 253) return fail('EAI_NONAME');
  const stack = stackOf(host);

  const files = hostsByName(parseHosts(readFile(host, '/etc/hosts')), name);
  if (files) return done(stack, name, { ok: true, name, canonical: files.canonical, addresses: files.addresses, source: 'hosts' });

  const conf = parseResolvConf(readFile(host, '/etc/resolv.conf'));
  const dns = yield* searchDns(stack, owner, conf, name);
  if (dns.ok) return done(stack, name, dns);

  const mine = myHostname(host, stack, name);
  if (mine) return done(stack, name, mine);
  return done(stack, name, dns);
}

/** getnameinfo(addr) without NI_NAMEREQD's failure: the name, or undefined when no source knows it. */
export function* reverse(who: Resolving, ip: Ipv4): Generator<Block, string | undefined, Wake> {
  const { host, owner } = caller(who);
  const stack = stackOf(host);
  const files = hostsByAddr(parseHosts(readFile(host, '/etc/hosts')), ip);
  if (files) return files;
  const conf = parseResolvConf(readFile(host, '/etc/resolv.conf'));
  const arpa = `${ip & 0xff}.${(ip >>> 8) & 0xff}.${(ip >>> 16) & 0xff}.${ip >>> 24}.in-addr.arpa`;
  const r = yield* queryServers(stack, owner, conf, arpa, DNS_TYPE.PTR);
  if (r.kind === 'answer') {
    const ptr = r.msg.answers.find((a) => a.type === DNS_TYPE.PTR && a.data.kind === 'name');
    if (ptr && ptr.data.kind === 'name') return ptr.data.name;
  }
  // nss-myhostname answers for the host's own addresses.
  for (const { addr } of stack.addresses()) if (addr.ip === ip && addr.scope !== 'host') return host.hostname;
  return undefined;
}

function done(stack: IpStack, name: string, r: ResolveResult): ResolveResult {
  if (r.ok) stack.event('dns.resolve', `${name} → ${r.addresses.map(formatIpv4).join(', ')} (${r.source})`, { name, canonical: r.canonical, addresses: r.addresses.map(formatIpv4).join(' '), source: r.source });
  else stack.event('dns.resolve', `${name}: ${r.message}`, { name, error: r.error });
  return r;
}

/** nss-myhostname: the local host name resolves to the host's global addresses. */
function myHostname(host: Host, stack: IpStack, name: string): ResolveResult | undefined {
  if (name.toLowerCase().replace(/\.$/, '') !== host.hostname.toLowerCase()) return undefined;
  const addresses: Ipv4[] = [];
  for (const { dev, addr } of stack.addresses()) if (!dev.loopback && addr.scope === 'global' && !addresses.includes(addr.ip)) addresses.push(addr.ip);
  // With no address at all, nss-myhostname answers 127.0.0.2.
  if (addresses.length === 0) addresses.push(0x7f000002);
  return { ok: true, name, canonical: host.hostname, addresses, source: 'myhostname' };
}

/** res_nsearch: the name as is first when it has ≥ ndots dots, the search domains otherwise first. */
function* searchDns(stack: IpStack, owner: SocketOwner, conf: ResolvConf, name: string): Lookup {
  const absolute = name.endsWith('.');
  const bare = name.replace(/\.$/, '');
  const dots = bare.split('.').length - 1;
  const candidates: string[] = [];
  if (absolute) candidates.push(bare);
  else {
    const searched = conf.search.map((d) => `${bare}.${d.replace(/\.$/, '')}`);
    if (dots >= conf.ndots) candidates.push(bare, ...searched);
    else candidates.push(...searched, bare);
  }
  let nodata = false;
  for (const qname of candidates) {
    const r = yield* queryServers(stack, owner, conf, qname, DNS_TYPE.A);
    if (r.kind === 'timeout') return fail('EAI_AGAIN');
    if (r.kind === 'refused') return fail('EAI_NONAME');
    const msg = r.msg;
    if (msg.rcode === DNS_RCODE.NXDOMAIN) continue;
    if (msg.rcode !== DNS_RCODE.NOERROR) return fail('EAI_AGAIN');
    const found = addressesOf(msg, qname);
    if (found.addresses.length === 0) {
      nodata = true;
      continue;
    }
    return { ok: true, name, canonical: found.canonical, addresses: found.addresses, source: 'dns' };
  }
  return fail(nodata ? 'EAI_NODATA' : 'EAI_NONAME');
}

/** Follow the CNAME chain from `qname` through the answer section and collect its A records. */
function addressesOf(msg: DnsMessage, qname: string): { canonical: string; addresses: Ipv4[] } {
  let owner = qname.toLowerCase();
  let canonical = qname;
  for (let hops = 0; hops < 16; hops++) {
    const cname = msg.answers.find((a) => a.type === DNS_TYPE.CNAME && a.name.toLowerCase() === owner);
    if (!cname || cname.data.kind !== 'name') break;
    canonical = cname.data.name;
    owner = canonical.toLowerCase();
  }
  const addresses: Ipv4[] = [];
  for (const a of msg.answers) if (a.type === DNS_TYPE.A && a.name.toLowerCase() === owner && a.data.kind === 'a') addresses.push(a.data.address);
  return { canonical, addresses };
}

export type ServersOutcome = { kind: 'answer'; msg: DnsMessage; server: Ipv4 } | { kind: 'timeout' } | { kind: 'refused' };

/**
 * One question to the resolv.conf nameservers, no /etc/hosts, no search list
 * (what bind-utils' host and nslookup do). `tries`/`timeout` override
 * resolv.conf's attempts and timeout (dig's defaults are 3 tries of 5 s).
 */
export function* askNameservers(who: Resolving, qname: string, qtype: number, opts: { tries?: number; timeout?: number } = {}): Generator<Block, ServersOutcome & { servers: Ipv4[] }, Wake> {
  const { host, owner } = caller(who);
  const conf = parseResolvConf(readFile(host, '/etc/resolv.conf'));
  if (opts.tries !== undefined) conf.attempts = opts.tries;
  if (opts.timeout !== undefined) conf.timeout = opts.timeout;
  const r = yield* queryServers(stackOf(host), owner, conf, qname.replace(/\.$/, ''), qtype);
  return { ...r, servers: conf.nameservers };
}

/** res_send over UDP: every server, `attempts` rounds; the first usable answer wins. */
function* queryServers(stack: IpStack, owner: SocketOwner, conf: ResolvConf, qname: string, qtype: number): Generator<Block, ServersOutcome, Wake> {
  const world = stack.world;
  // res_mkquery: one random id for the question, kept across retransmissions.
  const id = world.rng.u32() & 0xffff;
  const query = emitDns(dnsQuery(id, qname, qtype));
  const socks: Array<UdpSocket | null> = conf.nameservers.map(() => null);
  let gotSomewhere = false;
  const ns = conf.nameservers.length;
  try {
    for (let attempt = 0; attempt < Math.max(1, conf.attempts); attempt++) {
      for (let i = 0; i < ns; i++) {
        const server = conf.nameservers[i];
        let sock = socks[i];
        if (!sock) {
          sock = udpSockets(stack).open(owner);
          // send_dg connects the socket, so replies from elsewhere are not taken and ICMP errors come back.
          if (sock.connect(server, DNS_PORT)) {
            sock.close();
            continue;
          }
          socks[i] = sock;
        }
        if (sock.sendto(query)) continue;
        let seconds = conf.timeout * 2 ** i;
        if (i > 0) seconds = Math.floor(seconds / ns);
        const deadline = world.now + Math.max(1, seconds) * MICROS_PER_SEC;
        for (;;) {
          const err = sock.takeError();
          if (err) break; // ECONNREFUSED (port unreachable): next server
          const d = sock.recv();
          if (d) {
            const p = parseDns(d.data);
            if (!p.ok) continue;
            const m = p.value;
            // res_queriesmatch: our id, a response, the same question.
            if (!m.qr || m.id !== id || m.questions[0]?.name.toLowerCase() !== qname.toLowerCase() || m.questions[0]?.type !== qtype) continue;
            // A server that fails or refuses: try the next one.
            if (m.rcode === DNS_RCODE.SERVFAIL || m.rcode === DNS_RCODE.NOTIMP || m.rcode === DNS_RCODE.REFUSED) {
              gotSomewhere = true;
              break;
            }
            return { kind: 'answer', msg: m, server };
          }
          const left = deadline - world.now;
          if (left <= 0) {
            gotSomewhere = true;
            break;
          }
          yield waitFor(sock.readable, left);
        }
      }
    }
  } finally {
    for (const s of socks) s?.close();
  }
  return gotSomewhere ? { kind: 'timeout' } : { kind: 'refused' };
}
