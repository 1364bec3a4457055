/**
 * bash's /dev/tcp/HOST/PORT (bash 4.2 netopen.c): a redirection to that path
 * resolves HOST (getaddrinfo), connects — the three-way handshake happens
 * here, before any data — and gives the shell a descriptor on the socket:
 * `exec 8<> /dev/tcp/www.baidu.com/80`, `echo -e 'GET / HTTP/1.0\n' >& 8`,
 * `cat <& 8`, `exec 8<& -`.
 *
 * Failures print what bash prints: `-bash: connect: Connection refused` then
 * the redirection's own `-bash: /dev/tcp/HOST/PORT: Connection refused`; an
 * unknown name `-bash: HOST: Name or service not known` then `... Invalid argument`.
 */
import type { DeviceContext, Host } from '../../os/host';
import type { Block, Wake } from '../../os/task';
import type { Fd } from '../../shell/streams';
import { parseIpv4, type Ipv4 } from '../../wire/addr';
import { decodeUtf8 } from '../../wire/text';
import { tcpConnect, TCP_STRERROR, type TcpErrno, type TcpSocket } from './socket';

/** What a resolver answers (the shape of apps/dns `resolve`'s result). */
export type DevTcpLookup = { ok: true; addresses: Ipv4[] } | { ok: false; message: string };

/** getaddrinfo for /dev/tcp: `(host, name, who)` → addresses or gai_strerror's text. */
export type DevTcpResolver = (host: Host, name: string, who: { pid: number; comm: string }) => Generator<Block, DevTcpLookup, Wake>;

/** /etc/services entries bash may be given instead of a port number. */
const SERVICES: Readonly<Record<string, number>> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  www: 80,
  pop3: 110,
  imap: 143,
  https: 443,
  mysql: 3306,
};

/** Numeric addresses and /etc/hosts only (for hosts without a DNS resolver wired in). */
export function* hostsFileResolver(host: Host, name: string): Generator<Block, DevTcpLookup, Wake> {
  const ip = parseIpv4(name);
  if (ip !== undefined) return { ok: true, addresses: [ip] };
  let text = '';
  try {
    text = host.fs.read('/etc/hosts');
  } catch {
    text = '';
  }
  for (const line of text.split('\n')) {
    const f = line.replace(/#.*/, '').trim().split(/\s+/);
    const a = f.length > 1 ? parseIpv4(f[0]) : undefined;
    if (a !== undefined && f.slice(1).includes(name)) return { ok: true, addresses: [a] };
  }
  return { ok: false, message: 'Name or service not known' };
}

const PATH = /^\/dev\/tcp\/([^/]+)\/([^/]+)$/;

/** Register /dev/tcp on `host`'s shell devices. */
export function installDevTcp(host: Host, resolve: DevTcpResolver = hostsFileResolver): void {
  host.addDevice((path, _mode, ctx) => {
    const m = PATH.exec(path);
    if (!m) return undefined;
    return openDevTcp(host, m[1], m[2], resolve, ctx);
  });
}

function* openDevTcp(host: Host, name: string, serv: string, resolve: DevTcpResolver, ctx?: DeviceContext): Generator<Block, Fd | string, Wake> {
  const who = { pid: ctx?.pid ?? 0, comm: ctx?.comm ?? 'bash' };
  const warn = (msg: string) => ctx?.warn(msg);
  const port = /^\d+$/.test(serv) ? Number(serv) : SERVICES[serv];
  if (port === undefined || port > 0xffff) {
    warn(`${serv}: Servname not supported for ai_socktype`);
    return 'Invalid argument';
  }
  const r = yield* resolve(host, name, who);
  if (!r.ok) {
    warn(`${name}: ${r.message}`);
    return 'Invalid argument';
  }
  // bash tries each address in turn and reports only the last failure.
  let err: TcpErrno = 'ECONNREFUSED';
  let sock: TcpSocket | null = null;
  for (const ip of r.addresses) {
    const s = yield* tcpConnect(host, ip, port, { owner: { pid: who.pid, comm: who.comm, ...(ctx ? { fd: ctx.fd } : {}) } });
    if (typeof s !== 'string') {
      sock = s;
      break;
    }
    err = s;
  }
  if (!sock) {
    warn(`connect: ${TCP_STRERROR[err]}`);
    return TCP_STRERROR[err];
  }
  const s = sock;
  return {
    target: `socket:[${s.inode}]`,
    output: {
      write: (text: string) => {
        s.send(text);
      },
    },
    input: {
      *readAll() {
        return decodeUtf8(yield* s.readAll());
      },
    },
    close: () => s.close(),
    refs: { n: 1 },
  };
}
