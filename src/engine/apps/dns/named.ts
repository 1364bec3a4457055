/**
 * Starting BIND's `named` from its configuration files on a host: read
 * /etc/named.conf (or `-c FILE`), load every master zone file under
 * `directory`, and start the server (server.ts). Used by the `named`
 * command; a service manager can call `startNamed` the same way.
 */
import type { Host } from '../../os/host';
import { normalizePath } from '../../os/vfs';
import { startDnsServer, type DnsServer } from './server';
import type { Zone } from './zone';
import { parseNamedConf, parseZoneFile } from './zonefile';

export const NAMED_CONF = '/etc/named.conf';

const running = new WeakMap<Host, DnsServer>();

/** The named running on `host`, if any (and still alive). */
export function namedOf(host: Host): DnsServer | undefined {
  const s = running.get(host);
  if (s && host.procs.get(s.pid)) return s;
  running.delete(host);
  return undefined;
}

/** Load the configuration and start. `server` is null when named could not start; `errors` are its complaints (bad zones are skipped, as named does). */
export function startNamed(host: Host, confPath = NAMED_CONF, args?: string): { server: DnsServer | null; errors: string[] } {
  const already = namedOf(host);
  if (already) return { server: null, errors: [`named: another named process is already running (pid ${already.pid})`] };
  let text: string;
  try {
    text = host.fs.read(confPath);
  } catch {
    const quoted = `'${confPath}'`;
    return { server: null, errors: [`named: loading configuration from ${quoted}: file not found`] };
  }
  const conf = parseNamedConf(text);
  if ('error' in conf) return { server: null, errors: [`${confPath}: ${conf.error}`, `named: loading configuration: failure`] };
  const zone: Zone = {};
  const errors: string[] = [];
  for (const z of conf.zones) {
    const path = normalizePath(z.file, conf.directory);
    let body: string;
    try {
      body = host.fs.read(path);
    } catch {
      errors.push(`zone ${z.name}/IN: loading from master file ${z.file} failed: file not found`);
      continue;
    }
    const part: Zone = {};
    const errs = parseZoneFile(body, z.name, path, part);
    if (errs.length) {
      errors.push(...errs, `zone ${z.name}/IN: loading from master file ${z.file} failed: syntax error`);
      continue;
    }
    Object.assign(zone, part);
  }
  // named logs bad zones and serves the good ones; report them on stderr so the learner sees them.
  const server = startDnsServer(host, zone, { args: args ?? `/usr/sbin/named -u named -c ${confPath}` });
  running.set(host, server);
  return { server, errors };
}
