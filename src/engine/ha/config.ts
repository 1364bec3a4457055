/**
 * Reading /etc/keepalived/keepalived.conf from a host: the file checks of
 * check_conf_file / read_conf_file (core/parser.c), `include`, and the host
 * facts the parser asks about (interfaces).
 */
import type { IpStack } from '../net/ip/stack';
import type { Host } from '../os/host';
import { dirname, normalizePath } from '../os/vfs';
import type { HostView } from './conf/keyword';
import { parseKeepalivedConf } from './conf/parse';
import type { ParseResult, Subsystem } from './conf/types';

export const DEFAULT_CONF = '/etc/keepalived/keepalived.conf';

/** What the parser may ask a host. */
export function hostView(host: Host): HostView {
  const stack = host.stack as IpStack | null;
  return { iface: (name) => (stack?.iface(name) ? { loopback: stack.iface(name)!.loopback } : undefined) };
}

/** check_conf_file: the error line, or null when the file can be used. */
export function checkConfFile(host: Host, path: string): string | null {
  if (!host.fs.exists(path)) return `Unable to find configuration file ${path} (glob returned 3)`;
  if (host.fs.isDir(path)) return `Unable to find configuration file ${path}`;
  if (!host.fs.isFile(path) || (host.fs.mode(path) & 0o111) !== 0) return `Configuration file '${path}' is not a regular non-executable file`;
  return null;
}

/**
 * Parse as one keepalived process does, logging "Opening file" and the
 * parser's messages through `log`.
 */
export function readConf(host: Host, path: string, subsystem: Subsystem, log: (m: string) => void): ParseResult {
  log(`Opening file '${path}'.`);
  const text = host.fs.read(path);
  const base = dirname(path);
  const r = parseKeepalivedConf(text, {
    subsystem,
    host: hostView(host),
    file: path,
    include: (p, say) => {
      const full = normalizePath(p, base);
      if (!host.fs.exists(full)) {
        say(`No config files matched '${p}'.`);
        return null;
      }
      say(`Opening file '${full}'.`);
      if (!host.fs.isFile(full) || (host.fs.mode(full) & 0o111) !== 0) {
        say(`Configuration file '${full}' is not a regular non-executable file - skipping`);
        return null;
      }
      return host.fs.read(full);
    },
  });
  for (const m of r.messages) log(m);
  return r;
}
