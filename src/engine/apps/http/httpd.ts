import type { Host } from '../../os/host';
import type { ServiceHandle, SpawnSpec, UnitContext } from '../../os/services';
import { Task, type Block, type Program, type Wake } from '../../os/task';
import { normalizePath, utf8Length } from '../../os/vfs';
import type { Micros } from '../../sim/time';
import { formatIpv4 } from '../../wire/addr';
import { decodeUtf8 } from '../../wire/text';
import { tcpListen, type TcpSocket } from '../../transport/tcp/socket';
import { clfDate, httpDate, requestEnd, parseRequestHead, REASON, type RequestHead } from './message';

/** Apache 2.4.6 as CentOS 7 ships it (httpd.conf defaults). */
export const HTTPD = {
  server: 'Apache/2.4.6 (CentOS)',
  docRoot: '/var/www/html',
  accessLog: '/var/log/httpd/access_log',
  errorLog: '/var/log/httpd/error_log',
  /** Timeout: how long to wait for a request. */
  timeoutUs: 60_000_000,
  /** KeepAlive On, KeepAliveTimeout 5, MaxKeepAliveRequests 100. */
  keepAliveTimeoutUs: 5_000_000,
  maxKeepAliveRequests: 100,
  args: '/usr/sbin/httpd -DFOREGROUND',
} as const;

const MIME: Record<string, string> = {
  html: 'text/html; charset=UTF-8',
  htm: 'text/html; charset=UTF-8',
  txt: 'text/plain; charset=UTF-8',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  png: 'image/png',
};

const errorPage = (status: number, text: string): string =>
  `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${status} ${REASON[status]}</title>\n</head><body>\n<h1>${REASON[status]}</h1>\n<p>${text}</p>\n</body></html>\n`;

/** CentOS's welcome.conf answers `/` with 403 and a test page when there is no index.html. */
const NOINDEX =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd"><html><head><title>Apache HTTP Server Test Page powered by CentOS</title></head>\n<body><h1>Testing 123..</h1><p>This page is used to test the proper operation of the Apache HTTP server after it has been installed.</p></body></html>\n';

interface Reply {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/** Serve one request from the document root (core + mod_dir + mod_mime + welcome.conf). */
export function handleRequest(host: Host, req: RequestHead): Reply {
  if (req.version === null || !req.target.startsWith('/')) {
    return { status: 400, headers: [['Content-Type', 'text/html; charset=iso-8859-1']], body: errorPage(400, 'Your browser sent a request that this server could not understand.<br />\n') };
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return { status: 405, headers: [['Allow', 'GET,HEAD,POST,OPTIONS,TRACE'], ['Content-Type', 'text/html; charset=iso-8859-1']], body: errorPage(405, `The requested method ${req.method} is not allowed for the URL ${req.target}.`) };
  }
  const path = decodeURIComponentSafe(req.target.split('?')[0]);
  let file = normalizePath(HTTPD.docRoot + path);
  const fs = host.fs;
  if (fs.isDir(file)) file = file.replace(/\/$/, '') + '/index.html';
  if (!fs.isFile(file)) {
    if (path === '/') return { status: 403, headers: [['Last-Modified', httpDate(0)], ['ETag', '"1321-5058a1e373380"'], ['Accept-Ranges', 'bytes'], ['Content-Type', 'text/html; charset=UTF-8']], body: NOINDEX };
    return { status: 404, headers: [['Content-Type', 'text/html; charset=iso-8859-1']], body: errorPage(404, `The requested URL ${path} was not found on this server.`) };
  }
  const body = fs.read(file);
  const mtime = fs.stat(file).mtime ?? 0;
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return {
    status: 200,
    headers: [
      ['Last-Modified', httpDate(mtime)],
      // FileETag MTime Size: "<size hex>-<mtime µs hex>"
      ['ETag', `"${utf8Length(body).toString(16)}-${(1_616_810_400_000_000 + mtime).toString(16)}"`],
      ['Accept-Ranges', 'bytes'],
      ['Content-Type', MIME[ext] ?? 'text/plain; charset=UTF-8'],
    ],
    body,
  };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The status line and headers Apache writes, in its order. */
function renderReply(r: Reply, now: Micros, keepAlive: { timeout: number; max: number } | null, head: boolean): string {
  const len = utf8Length(r.body);
  const ct = r.headers.find(([k]) => k === 'Content-Type');
  const lines = [`HTTP/1.1 ${r.status} ${REASON[r.status]}`, `Date: ${httpDate(now)}`, `Server: ${HTTPD.server}`];
  for (const [k, v] of r.headers) if (k !== 'Content-Type') lines.push(`${k}: ${v}`);
  lines.push(`Content-Length: ${len}`);
  if (keepAlive) lines.push(`Keep-Alive: timeout=${keepAlive.timeout}, max=${keepAlive.max}`, 'Connection: Keep-Alive');
  else lines.push('Connection: close');
  if (ct) lines.push(`Content-Type: ${ct[1]}`);
  return lines.join('\r\n') + '\r\n\r\n' + (head ? '' : r.body);
}

/** One client connection: read requests, answer them, keep the connection while the client asks for it. */
function* serveConnection(host: Host, sock: TcpSocket): Program {
  const sim = host.world.sim;
  let buf = '';
  let served = 0;
  for (;;) {
    // Wait for a full request head (Timeout 60 for the first, KeepAliveTimeout 5 between requests).
    const deadline = sim.now + (served === 0 ? HTTPD.timeoutUs : HTTPD.keepAliveTimeoutUs);
    let end = requestEnd(buf);
    while (end < 0) {
      const left = deadline - sim.now;
      if (left <= 0) {
        sock.close();
        return 0;
      }
      const d: Uint8Array | null = yield* sock.recv(Infinity, left);
      if (d === null) {
        sock.close();
        return 0;
      }
      buf += decodeUtf8(d);
      end = requestEnd(buf);
    }
    const req = parseRequestHead(buf.slice(0, end));
    buf = buf.slice(end);
    served++;
    const reply = handleRequest(host, req);
    if (req.version === 'HTTP/0.9') {
      // An HTTP/0.9 answer is the body alone: no status line, no headers (http_filters.c, r->assbackwards).
      sock.send(reply.body);
      accessLog(host, sock, req, reply, sim.now);
      sock.close();
      return 0;
    }
    const wantsKeepAlive =
      req.version === 'HTTP/1.1' ? (req.headers.get('connection') ?? '').toLowerCase() !== 'close' : (req.headers.get('connection') ?? '').toLowerCase() === 'keep-alive';
    const keep = wantsKeepAlive && reply.status < 400 && served < HTTPD.maxKeepAliveRequests;
    sock.send(renderReply(reply, sim.now, keep ? { timeout: HTTPD.keepAliveTimeoutUs / 1e6, max: HTTPD.maxKeepAliveRequests - served } : null, req.method === 'HEAD'));
    accessLog(host, sock, req, reply, sim.now);
    if (!keep) {
      sock.close();
      return 0;
    }
  }
}

function accessLog(host: Host, sock: TcpSocket, req: RequestHead, r: Reply, now: Micros): void {
  const line = req.version === 'HTTP/0.9' ? `${req.method} ${req.target}` : req.version ? `${req.method} ${req.target} ${req.version}` : '-';
  const ua = req.headers.get('user-agent') ?? '-';
  host.fs.write(HTTPD.accessLog, `${formatIpv4(sock.remoteAddress)} - - ${clfDate(now)} "${line}" ${r.status} ${utf8Length(r.body)} "-" "${ua}"\n`, true);
}

/**
 * The daemon: a root master holding the listening socket on 0.0.0.0:80 and
 * five `apache` workers (the prefork MPM's StartServers) that own the
 * accepted connections, as `netstat -natp` shows them.
 */
export function startHttpd(unit: UnitContext): ServiceHandle | string {
  const host = unit.host;
  const proc = (user: string, stat: string): SpawnSpec => ({ comm: 'httpd', args: HTTPD.args, user, stat, vsz: 224_084, rss: user === 'root' ? 5_052 : 2_960 });
  const listener = tcpListen(host, 80, { owner: { pid: 0, comm: 'httpd', fd: 4 } });
  if (typeof listener === 'string') {
    return '(98)Address already in use: AH00072: make_sock: could not bind to address [::]:80\nno listening sockets available, shutting down\nAH00015: Unable to open logs';
  }
  const master = unit.spawn(proc('root', 'Ss'));
  listener.setOwner({ pid: master.pid, comm: 'httpd', fd: 4 });
  const workers = Array.from({ length: 5 }, () => unit.spawn(proc('apache', 'S')));
  host.fs.mkdirp('/var/log/httpd');
  const sim = host.world.sim;
  const tasks = new Set<Task>();
  let next = 0;
  const run = (p: Program) => {
    const t = new Task(sim, p, () => tasks.delete(t));
    tasks.add(t);
    t.start();
  };
  run(
    (function* acceptLoop(): Generator<Block, number, Wake> {
      for (;;) {
        const w = workers[next++ % workers.length];
        const c = yield* listener.accept(undefined, { pid: w.pid, comm: 'httpd' });
        if (!c) return 0;
        run(serveConnection(host, c));
      }
    })(),
  );
  return {
    stop: () => {
      listener.close();
      for (const t of [...tasks]) t.kill(0);
    },
    status: () => 'Total requests: 0; Current requests/sec: 0; Current traffic:   0 B/sec',
  };
}
