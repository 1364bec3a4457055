/**
 * A tiny static file server for end-to-end tests: the built app under a
 * sub-path (`/course/lvslab/`), or a fixture page on another origin (the
 * embedding course page). Listens on every interface of a free port, so the
 * same server is reachable as http://127.0.0.1:<port> and http://localhost:<port>
 * — two different origins for the browser.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

export interface StaticServer {
  port: number;
  /** `http://<host>:<port><prefix>` */
  url(host?: '127.0.0.1' | 'localhost'): string;
  /** Paths requested so far (to check what went to the network). */
  requests: string[];
  close(): Promise<void>;
}

export async function serveStatic(root: string, prefix = '/'): Promise<StaticServer> {
  const base = resolve(root);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    requests.push(path);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(base, path.slice(prefix.length)));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, ok));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    url: (host = '127.0.0.1') => `http://${host}:${port}${prefix}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
