/**
 * bind-utils' `host` and `nslookup` (BIND 9.9, CentOS 7; package
 * `bind-utils`, not installed by default). They ask the resolv.conf
 * nameservers directly — no /etc/hosts — with dig's 3 tries of 5 s, and
 * print the answer the way BIND 9.9 does. `dig` is not provided.
 */
import { formatIpv4, type Ipv4 } from '../../../wire/addr';
import { DNS_RCODE, DNS_TYPE, type DnsMessage } from '../../../wire/dns';
import { Interrupt, type Block, type Program, type Wake } from '../../../os/task';
import { askNameservers, type ServersOutcome } from '../../../apps/dns/resolver';
import { inetAton } from '../../../apps/dns/inet';
import type { CommandContext } from '../../command';
import { register } from '../../registry';

const RCODE_TEXT = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];
const NO_SERVERS = ';; connection timed out; no servers could be reached\n';
const TRIES = 3;

const arpaOf = (ip: Ipv4): string => `${ip & 0xff}.${(ip >>> 8) & 0xff}.${(ip >>> 16) & 0xff}.${ip >>> 24}.in-addr.arpa`;
const fqdn = (n: string): string => (n.endsWith('.') ? n : `${n}.`);

type Outcome = ServersOutcome & { servers: Ipv4[] };

function* ask(ctx: CommandContext, qname: string, qtype: number): Generator<Block, Outcome | null, Wake> {
  try {
    return yield* askNameservers(ctx, qname, qtype, { tries: TRIES });
  } catch (e) {
    if (e instanceof Interrupt) return null;
    throw e;
  }
}

/** Answer lines as `host` prints them. */
function hostLines(msg: DnsMessage, seen: Set<string>): string[] {
  const out: string[] = [];
  for (const a of msg.answers) {
    let line: string | undefined;
    if (a.type === DNS_TYPE.CNAME && a.data.kind === 'name') line = `${a.name} is an alias for ${fqdn(a.data.name)}`;
    else if (a.type === DNS_TYPE.A && a.data.kind === 'a') line = `${a.name} has address ${formatIpv4(a.data.address)}`;
    else if (a.type === DNS_TYPE.PTR && a.data.kind === 'name') line = `${a.name} domain name pointer ${fqdn(a.data.name)}`;
    if (line && !seen.has(line)) {
      seen.add(line);
      out.push(line);
    }
  }
  return out;
}

function* host(ctx: CommandContext): Program {
  const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  if (args.length === 0) {
    ctx.err('Usage: host [-aCdlriTwv] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] hostname [server]\n');
    return 1;
  }
  const name = args[0];
  const ip = inetAton(name);
  const seen = new Set<string>();
  // host asks for A, then AAAA and MX; a reverse name only for PTR.
  const qtypes = ip !== undefined ? [DNS_TYPE.PTR] : [DNS_TYPE.A, DNS_TYPE.AAAA, DNS_TYPE.MX];
  const qname = ip !== undefined ? arpaOf(ip) : name;
  for (const t of qtypes) {
    const r = yield* ask(ctx, qname, t);
    if (!r) return 130;
    if (r.kind !== 'answer') {
      ctx.out(NO_SERVERS);
      return 1;
    }
    if (r.msg.rcode !== DNS_RCODE.NOERROR) {
      ctx.out(`Host ${ip !== undefined ? qname : name} not found: ${r.msg.rcode}(${RCODE_TEXT[r.msg.rcode] ?? 'RESERVED'})\n`);
      return 1;
    }
    for (const l of hostLines(r.msg, seen)) ctx.out(l + '\n');
  }
  return 0;
}

function* nslookup(ctx: CommandContext): Program {
  const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  if (args.length === 0) {
    ctx.err('nslookup: interactive mode is not available here: give a name, e.g. nslookup www.baidu.com\n');
    return 1;
  }
  const name = args[0];
  const ip = inetAton(name);
  const qname = ip !== undefined ? arpaOf(ip) : name;
  const r = yield* ask(ctx, qname, ip !== undefined ? DNS_TYPE.PTR : DNS_TYPE.A);
  if (!r) return 130;
  if (r.kind !== 'answer') {
    ctx.out(NO_SERVERS);
    return 1;
  }
  let out = `Server:\t\t${formatIpv4(r.server)}\nAddress:\t${formatIpv4(r.server)}#53\n\n`;
  const m = r.msg;
  if (m.rcode !== DNS_RCODE.NOERROR || m.answers.length === 0) {
    const why = m.rcode === DNS_RCODE.NOERROR ? 'No answer' : RCODE_TEXT[m.rcode] ?? 'RESERVED';
    if (m.rcode === DNS_RCODE.NOERROR) out += `*** Can't find ${name}: ${why}\n`;
    else out += `** server can't find ${ip !== undefined ? qname : name}: ${why}\n`;
    ctx.out(out + '\n');
    return 1;
  }
  if (!m.aa) out += 'Non-authoritative answer:\n';
  for (const a of m.answers) {
    if (a.type === DNS_TYPE.CNAME && a.data.kind === 'name') out += `${a.name}\tcanonical name = ${fqdn(a.data.name)}\n`;
    else if (a.type === DNS_TYPE.A && a.data.kind === 'a') out += `Name:\t${a.name}\nAddress: ${formatIpv4(a.data.address)}\n`;
    else if (a.type === DNS_TYPE.PTR && a.data.kind === 'name') out += `${a.name}\tname = ${fqdn(a.data.name)}\n`;
  }
  ctx.out(out + '\n');
  return 0;
}

register('host', { run: host, pkg: 'bind-utils', summary: 'DNS lookup utility' });
register('nslookup', { run: nslookup, pkg: 'bind-utils', summary: 'query Internet name servers' });
