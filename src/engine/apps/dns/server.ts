/**
 * A DNS server daemon (`named`) on a host: one process, a UDP socket on
 * 0.0.0.0:53, answering each query from its zone the way a public recursive
 * resolver answers from its cache (QR, RD copied, RA set; flags 0x8180), with
 * NXDOMAIN (0x8183) for names it does not have. It stands in for the whole
 * DNS hierarchy of the simulated internet: no recursion, no TCP, no EDNS.
 */
import { DNS_OPCODE, DNS_PORT, DNS_RCODE, dnsResponse, emitDns, parseDns } from '../../wire/dns';
import { IPV4_ANY } from '../../wire/addr';
import type { Host } from '../../os/host';
import type { IpStack } from '../../net/ip/stack';
import { udpSockets, type UdpSocket } from '../../transport/udp';
import { answerFromZone, normaliseZone, type Zone, type ZoneEntry } from './zone';

export interface DnsServer {
  readonly pid: number;
  readonly zone: Map<string, ZoneEntry>;
  /** Queries answered so far. */
  readonly answered: number;
  stop(): void;
}

export interface DnsServerOptions {
  /** Process name and command line (`ps` shows them). */
  comm?: string;
  args?: string;
  port?: number;
}

/** Start `named` on `host` serving `zone`. Throws if port 53 is taken (a preset bug). */
export function startDnsServer(host: Host, zone: Zone, opts: DnsServerOptions = {}): DnsServer {
  const stack = host.stack as IpStack | null;
  if (!stack) throw new Error(`${host.id} has no network stack`);
  const comm = opts.comm ?? 'named';
  const proc = host.procs.spawn({ ppid: 1, comm, args: opts.args ?? '/usr/sbin/named -u named -c /etc/named.conf', user: 'named', start: host.world.now });
  const sock: UdpSocket = udpSockets(stack).open({ pid: proc.pid, comm });
  const err = sock.bind(IPV4_ANY, opts.port ?? DNS_PORT);
  if (err) {
    host.procs.exit(proc.pid);
    throw new Error(`${host.id}: named: bind to port ${opts.port ?? DNS_PORT}: ${err}`);
  }
  const data = normaliseZone(zone);
  let answered = 0;
  sock.onDatagram = (d) => {
    const p = parseDns(d.data);
    // A malformed packet or a response is ignored, as named does (it logs FORMERR at most).
    if (!p.ok || p.value.qr) return;
    const q = p.value;
    let reply;
    if (q.opcode !== DNS_OPCODE.QUERY || q.questions.length !== 1) reply = dnsResponse(q, DNS_RCODE.NOTIMP);
    else {
      const a = answerFromZone(data, q.questions[0].name, q.questions[0].type);
      reply = dnsResponse(q, a.rcode === 'NXDOMAIN' ? DNS_RCODE.NXDOMAIN : DNS_RCODE.NOERROR);
      reply.answers = a.answers;
    }
    answered++;
    sock.sendto(emitDns(reply), d.src, d.srcPort, { src: d.dst });
  };
  const server: DnsServer = {
    pid: proc.pid,
    zone: data,
    get answered() {
      return answered;
    },
    stop() {
      sock.close();
      host.procs.exit(proc.pid);
    },
  };
  // kill / killall named stops it.
  proc.onSignal = () => {
    server.stop();
    return true;
  };
  stack.event('named.start', `named (pid ${proc.pid}) listening on 0.0.0.0:${opts.port ?? DNS_PORT}/udp`, { pid: proc.pid, names: data.size });
  return server;
}
