/**
 * What netstat and ss read: the host's TCP sockets (/proc/net/tcp and
 * inet_diag) and UDP sockets (/proc/net/udp), with the process owning each
 * (found through /proc/PID/fd/N → socket:[inode]).
 */
import type { Host } from '../../../os/host';
import type { IpStack } from '../../../net/ip/stack';
import { formatIpv4, type Ipv4 } from '../../../wire/addr';
import { NETSTAT_STATE, SS_STATE } from '../../../transport/tcp/state';
import { tcpSocketList } from '../../../transport/tcp/socket';
import { udpSockets } from '../../../transport/udp';
import { gethostbyaddr } from '../net/inet';

export interface InetRow {
  proto: 'tcp' | 'udp';
  /** netstat's state column (`LISTEN`, `TIME_WAIT`, `` for an unconnected UDP socket). */
  netstatState: string;
  /** ss's (`LISTEN`, `ESTAB`, `UNCONN`). */
  ssState: string;
  listening: boolean;
  localIp: Ipv4;
  localPort: number;
  remoteIp: Ipv4;
  remotePort: number;
  /** Queues as /proc/net/* report them (netstat). */
  recvQ: number;
  sendQ: number;
  /** Queues as inet_diag reports them (ss: a listener's accept queue and backlog). */
  ssRecvQ: number;
  ssSendQ: number;
  owner: { pid: number; comm: string; fd?: number } | null;
  /** Socket inode (0: no descriptor, e.g. TIME-WAIT). */
  inode: number;
  /** The pending timer (`netstat -o`, `ss -o`). */
  timer: { kind: 'off' | 'on' | 'probe' | 'timewait'; leftUs: number; retransmits: number };
}

function stackOf(host: Host): IpStack {
  return host.stack as IpStack;
}

export function tcpRows(host: Host): InetRow[] {
  return tcpSocketList(host).map((s) => {
    const listening = s.state === 'LISTEN';
    return {
      proto: 'tcp',
      netstatState: NETSTAT_STATE[s.state],
      ssState: SS_STATE[s.state],
      listening,
      localIp: s.localIp,
      localPort: s.localPort,
      remoteIp: s.remoteIp,
      remotePort: s.remotePort,
      // net-tools 2.0 prints 0 0 for a listener whatever the accept queue holds (tcp_do_one).
      recvQ: listening ? 0 : s.recvQ,
      sendQ: listening ? 0 : s.sendQ,
      ssRecvQ: s.recvQ,
      ssSendQ: s.sendQ,
      owner: s.owner,
      inode: s.inode,
      timer: s.timer,
    };
  });
}

/** UDP sockets in /proc/net/udp order: by hash slot (port mod 1024, udptable on a 2 GB VM), newest first within a slot. */
export function udpRows(host: Host): InetRow[] {
  if (!host.stack) return [];
  const list = udpSockets(stackOf(host)).list();
  const order = list.map((s, i) => ({ s, i }));
  order.sort((a, b) => (a.s.localPort & 1023) - (b.s.localPort & 1023) || b.i - a.i);
  return order.map(({ s }) => {
    const connected = s.remoteIp !== 0;
    const fd = (s as { fd?: number }).fd;
    return {
      proto: 'udp',
      netstatState: connected ? 'ESTABLISHED' : '',
      ssState: connected ? 'ESTAB' : 'UNCONN',
      listening: !connected,
      localIp: s.localIp,
      localPort: s.localPort,
      remoteIp: s.remoteIp,
      remotePort: s.remotePort,
      recvQ: s.recvQ,
      sendQ: s.sendQ,
      ssRecvQ: s.recvQ,
      ssSendQ: s.sendQ,
      owner: s.pid ? { pid: s.pid, comm: s.comm, ...(fd !== undefined ? { fd } : {}) } : null,
      inode: (s as { inode?: number }).inode ?? 0,
      timer: { kind: 'off', leftUs: 0, retransmits: 0 },
    };
  });
}

/**
 * netstat -p's `PID/Program name`: the PID and the program from
 * /proc/PID/cmdline — the base name of argv[0] when it is a path, the whole
 * title when the daemon rewrote it (`sshd: root@pts/0`) — cut to 19
 * characters (prg_cache_load's 20-byte buffer).
 */
export function netstatProgram(host: Host, owner: InetRow['owner']): string {
  if (!owner) return '-';
  const p = host.procs.get(owner.pid);
  let name = owner.comm;
  if (p) {
    const args = p.args;
    if (/^[\w.-]+: /.test(args)) name = args;
    else {
      const argv0 = args.split(' ')[0] ?? '';
      name = argv0.startsWith('/') ? argv0.slice(argv0.lastIndexOf('/') + 1) : argv0 || p.comm;
    }
  }
  return `${owner.pid}/${name}`.slice(0, 19);
}

/** /etc/services names for the ports the labs meet (getservbyport). */
const SERVICES: Readonly<Record<number, { tcp?: string; udp?: string }>> = {
  21: { tcp: 'ftp', udp: 'ftp' },
  22: { tcp: 'ssh', udp: 'ssh' },
  23: { tcp: 'telnet', udp: 'telnet' },
  25: { tcp: 'smtp', udp: 'smtp' },
  53: { tcp: 'domain', udp: 'domain' },
  67: { tcp: 'bootps', udp: 'bootps' },
  68: { tcp: 'bootpc', udp: 'bootpc' },
  80: { tcp: 'http', udp: 'http' },
  111: { tcp: 'sunrpc', udp: 'sunrpc' },
  123: { tcp: 'ntp', udp: 'ntp' },
  323: { tcp: 'rpki-rtr', udp: 'rpki-rtr' },
  443: { tcp: 'https', udp: 'https' },
  514: { tcp: 'shell', udp: 'syslog' },
  3306: { tcp: 'mysql', udp: 'mysql' },
  8080: { tcp: 'webcache', udp: 'webcache' },
};

export function serviceName(port: number, proto: 'tcp' | 'udp'): string | undefined {
  return SERVICES[port]?.[proto];
}

/** A host name for display (gethostbyaddr: /etc/hosts, then the host's own names), or the number. */
export function displayHost(host: Host, ip: Ipv4): string {
  if (ip === 0) return '0.0.0.0';
  return gethostbyaddr(host, ip) ?? formatIpv4(ip);
}
