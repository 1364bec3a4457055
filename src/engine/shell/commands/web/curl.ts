import { resolve } from '../../../apps/dns/resolver';
import { headEnd, parseResponseHead } from '../../../apps/http/message';
import { Interrupt, type Block, type Wake } from '../../../os/task';
import { normalizePath, FsError } from '../../../os/vfs';
import { MICROS_PER_SEC } from '../../../sim/time';
import { formatIpv4 } from '../../../wire/addr';
import { decodeUtf8 } from '../../../wire/text';
import { tcpConnect, TCP_STRERROR, type TcpSocket } from '../../../transport/tcp/socket';
import type { CommandContext } from '../../command';
import { register } from '../../registry';

/**
 * curl 7.29.0 (CentOS 7): one URL, HTTP only. Messages and exit codes as that
 * version prints them (`Failed connect to HOST:PORT; Connection refused`,
 * newer curls say "Failed to connect to"). Header lines are printed with \n
 * (the real tool passes the server's \r\n through).
 */
const VERSION = '7.29.0';
const USAGE = `curl: try 'curl --help' or 'curl --manual' for more information\n`;

interface Opts {
  url?: string;
  verbose: boolean;
  head: boolean;
  include: boolean;
  silent: boolean;
  showError: boolean;
  output?: string;
  connectTimeout?: number;
  maxTime?: number;
  method?: string;
  headers: string[];
  userAgent: string;
}

function parseArgs(argv: string[]): Opts | string {
  const o: Opts = { verbose: false, head: false, include: false, silent: false, showError: false, headers: [], userAgent: `curl/${VERSION}` };
  const val = (i: number, name: string): string => {
    if (i >= argv.length) throw new Error(`curl: option ${name}: requires parameter\n${USAGE}`);
    return argv[i];
  };
  try {
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-v' || a === '--verbose') o.verbose = true;
      else if (a === '-I' || a === '--head') o.head = true;
      else if (a === '-i' || a === '--include') o.include = true;
      else if (a === '-s' || a === '--silent') o.silent = true;
      else if (a === '-S' || a === '--show-error') o.showError = true;
      else if (a === '-sS' || a === '-Ss') o.silent = o.showError = true;
      else if (a === '-o' || a === '--output') o.output = val(++i, a);
      else if (a === '--connect-timeout') o.connectTimeout = Number(val(++i, a));
      else if (a === '-m' || a === '--max-time') o.maxTime = Number(val(++i, a));
      else if (a === '-X' || a === '--request') o.method = val(++i, a);
      else if (a === '-H' || a === '--header') o.headers.push(val(++i, a));
      else if (a === '-A' || a === '--user-agent') o.userAgent = val(++i, a);
      else if (a === '-V' || a === '--version') return 'version';
      else if (a.startsWith('-') && a !== '-') return `curl: option ${a}: is unknown\n${USAGE}`;
      else o.url = a;
    }
  } catch (e) {
    return (e as Error).message;
  }
  if (o.connectTimeout !== undefined && !(o.connectTimeout >= 0)) return `curl: option --connect-timeout: expected a proper numerical parameter\n${USAGE}`;
  if (!o.url) return `curl: no URL specified!\n${USAGE}`;
  return o;
}

interface Url {
  host: string;
  port: number;
  path: string;
}

function parseUrl(url: string): Url | string {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([^#]*)/.exec(url);
  if (!m) return `curl: (3) <url> malformed\n`;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http') return `curl: (1) Protocol ${scheme} not supported or disabled in libcurl\n`;
  if (!m[2]) return `curl: (3) <url> malformed\n`;
  const port = m[3] ? Number(m[3]) : 80;
  if (!(port > 0 && port < 65536)) return `curl: (3) Port number ended with '${m[3]}'\n`;
  return { host: m[2], port, path: m[4] || '/' };
}

function* curl(ctx: CommandContext): Generator<Block, number, Wake> {
  const o = parseArgs(ctx.argv);
  if (typeof o === 'string') {
    if (o === 'version') {
      ctx.out(`curl ${VERSION} (x86_64-redhat-linux-gnu) libcurl/${VERSION} NSS/3.53.1 zlib/1.2.7 libidn/1.28 libssh2/1.8.0\nProtocols: dict file ftp ftps gopher http https imap imaps ldap ldaps pop3 pop3s rtsp scp sftp smtp smtps telnet tftp \nFeatures: AsynchDNS GSS-Negotiate IDN IPv6 Largefile NTLM NTLM_WB SSL libz unix-sockets \n`);
      return 0;
    }
    ctx.err(o);
    return 2;
  }
  const url = parseUrl(o.url!);
  const fail = (code: number, msg: string): number => {
    if (o.verbose) ctx.err(`* ${msg}\n`);
    if (!o.silent || o.showError) ctx.err(`curl: (${code}) ${msg}\n`);
    return code;
  };
  if (typeof url === 'string') {
    if (!o.silent || o.showError) ctx.err(url);
    return Number(/\((\d+)\)/.exec(url)?.[1] ?? 3);
  }
  const verbose = (s: string) => o.verbose && ctx.err(s);
  const sim = ctx.host.world.sim;
  const started = sim.now;
  const maxDeadline = o.maxTime ? started + o.maxTime * MICROS_PER_SEC : Infinity;
  let sock: TcpSocket | null = null;
  try {
    const r = yield* resolve({ host: ctx.host, pid: ctx.pid, comm: 'curl' }, url.host);
    if (!r.ok) return fail(6, `Could not resolve host: ${url.host}; ${r.message}`);
    const ip = r.addresses[0];
    verbose(`* About to connect() to ${url.host} port ${url.port} (#0)\n*   Trying ${formatIpv4(ip)}...\n`);
    // --connect-timeout and -m both bound the connect phase; the smaller wins.
    const limits = [o.connectTimeout, o.maxTime].filter((x): x is number => !!x).map((x) => Math.round(x * MICROS_PER_SEC));
    const timeoutUs = limits.length ? Math.max(1, Math.min(...limits) - (sim.now - started)) : undefined;
    const s = yield* tcpConnect(ctx.host, ip, url.port, { owner: { pid: ctx.pid, comm: 'curl' }, ...(timeoutUs ? { timeoutUs } : {}) });
    if (typeof s === 'string') {
      if (s === 'ETIMEDOUT' && timeoutUs) {
        const ms = Math.floor((sim.now - started) / 1000) + 1;
        verbose(`* Connection timed out after ${ms} milliseconds\n* Closing connection 0\n`);
        if (!o.silent || o.showError) ctx.err(`curl: (28) Connection timed out after ${ms} milliseconds\n`);
        return 28;
      }
      const msg = `Failed connect to ${url.host}:${url.port}; ${TCP_STRERROR[s]}`;
      if (o.verbose) ctx.err(`* ${msg}\n* Closing connection 0\n`);
      if (!o.silent || o.showError) ctx.err(`curl: (7) ${msg}\n`);
      return 7;
    }
    sock = s;
    verbose(`* Connected to ${url.host} (${formatIpv4(ip)}) port ${url.port} (#0)\n`);
    const method = o.method ?? (o.head ? 'HEAD' : 'GET');
    const hostHeader = url.port === 80 ? url.host : `${url.host}:${url.port}`;
    const reqLines = [`${method} ${url.path} HTTP/1.1`, `User-Agent: ${o.userAgent}`, `Host: ${hostHeader}`, 'Accept: */*', ...o.headers];
    sock.send(reqLines.join('\r\n') + '\r\n\r\n');
    verbose(reqLines.map((l) => `> ${l}\n`).join('') + '> \n');

    // Read the head, then the body by Content-Length (or to EOF).
    let buf = '';
    let end = -1;
    for (;;) {
      end = headEnd(buf);
      if (end >= 0) break;
      const d: Uint8Array | null = yield* sock.recv(Infinity, maxDeadline === Infinity ? undefined : Math.max(1, maxDeadline - sim.now));
      if (d === null) {
        if (sock.error === 'ECONNRESET') return fail(56, 'Recv failure: Connection reset by peer');
        return fail(52, 'Empty reply from server');
      }
      if (d.length === 0 && sim.now >= maxDeadline) return fail(28, `Operation timed out after ${Math.floor((sim.now - started) / 1000)} milliseconds with 0 out of -1 bytes received`);
      buf += decodeUtf8(d);
    }
    const head = parseResponseHead(buf.slice(0, end));
    if (!head) return fail(8, 'Weird server reply');
    let body = buf.slice(end);
    const length = head.headers.has('content-length') ? Number(head.headers.get('content-length')) : undefined;
    const noBody = method === 'HEAD' || head.status === 204 || head.status === 304;
    if (!noBody) {
      while (length === undefined || byteLen(body) < length) {
        const d: Uint8Array | null = yield* sock.recv();
        if (d === null) break;
        body += decodeUtf8(d);
      }
    } else body = '';
    if (o.verbose) ctx.err(head.lines.map((l) => `< ${l}\n`).join('') + '< \n');
    const headText = head.lines.join('\n') + '\n\n';
    const payload = (o.head || o.include ? headText : '') + body;
    if (o.output) {
      try {
        ctx.host.fs.write(normalizePath(o.output, ctx.shell.cwd), payload);
      } catch (e) {
        if (e instanceof FsError) return fail(23, `Failed writing body (0 != ${byteLen(payload)})`);
        throw e;
      }
      if (!o.silent) ctx.err(progressMeter(byteLen(payload), sim.now - started));
    } else ctx.out(payload);
    const closes = (head.headers.get('connection') ?? '').toLowerCase() === 'close' || head.version === 'HTTP/1.0';
    verbose(closes ? '* Closing connection 0\n' : `* Connection #0 to host ${url.host} left intact\n`);
    return 0;
  } catch (e) {
    if (e instanceof Interrupt) return 130;
    throw e;
  } finally {
    // The process exits: the kernel closes its socket (FIN, or RST if data was left unread).
    sock?.close();
  }
}

const byteLen = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) n += s.charCodeAt(i) < 0x80 ? 1 : s.charCodeAt(i) < 0x800 ? 2 : 3;
  return n;
};

/** curl's progress meter as it looks when the transfer is already complete. */
function progressMeter(bytes: number, us: number): string {
  const speed = Math.round(bytes / Math.max(us / MICROS_PER_SEC, 0.001));
  const col = (n: number | string, w: number) => String(n).padStart(w);
  return (
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
    '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
    `\r100${col(bytes, 6)}  100${col(bytes, 6)}    0     0${col(speed, 6)}      0 --:--:-- --:--:-- --:--:--${col(speed, 6)}\n`
  );
}

register('curl', { run: curl, pkg: 'curl', summary: 'transfer a URL (HTTP)' });
