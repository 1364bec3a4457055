import type { Micros } from '../sim/time';
import { syslogTime } from './clock';
import type { Host } from './host';

/** One journal entry (journalctl) — also a line of /var/log/messages. */
export interface LogEntry {
  t: Micros;
  /** SYSLOG_IDENTIFIER: `systemd`, `httpd`, `Keepalived_vrrp`, `kernel`. */
  ident: string;
  /** _PID (journalctl prints `ident[pid]:`), null for the kernel. */
  pid: number | null;
  text: string;
  /** The systemd unit the line belongs to (`journalctl -u`), without `.service`. */
  unit?: string;
  /** _HOSTNAME when it was logged. */
  hostname: string;
}

export const MESSAGES = '/var/log/messages';

const journals = new WeakMap<Host, LogEntry[]>();
const kernelRings = new WeakMap<Host, Array<{ t: Micros; text: string }>>();

/** Every journal entry of a host, oldest first. */
export function journal(host: Host): readonly LogEntry[] {
  return journals.get(host) ?? [];
}

function append(host: Host, e: LogEntry, tag: string): void {
  if (!host.powered) return;
  let j = journals.get(host);
  if (!j) journals.set(host, (j = []));
  j.push(e);
  const line = `${syslogTime(e.t)} ${host.hostname} ${tag}: ${e.text}`;
  // CentOS 7's /var/log/messages is readable by root only (-rw-------).
  const fresh = !host.fs.exists(MESSAGES);
  host.fs.mkdirp('/var/log');
  host.fs.write(MESSAGES, line + '\n', true);
  if (fresh) host.fs.chmod(MESSAGES, 0o600);
  host.world.trace.state({ t: e.t, node: host.id, kind: 'syslog', text: line, data: { ident: e.ident, pid: e.pid, unit: e.unit ?? null } });
}

/**
 * syslog(3) with LOG_PID, as rsyslog writes it on CentOS 7:
 * `Mar 27 10:00:05 node01 Keepalived_vrrp[1234]: VRRP_Instance(VI_1) Entering MASTER STATE`.
 * `unit` files the line under a service for `journalctl -u` / `systemctl status`.
 */
export function syslog(host: Host, ident: string, pid: number | null, text: string, unit?: string): void {
  append(host, { t: host.world.now, ident, pid, text, unit, hostname: host.hostname }, pid === null ? ident : `${ident}[${pid}]`);
}

/**
 * A message from systemd (PID 1) about a unit. journalctl shows `systemd[1]:`,
 * while /var/log/messages shows `systemd:` (systemd sets SYSLOG_IDENTIFIER but no SYSLOG_PID).
 */
export function systemdLog(host: Host, unit: string | undefined, text: string): void {
  append(host, { t: host.world.now, ident: 'systemd', pid: 1, text, unit, hostname: host.hostname }, 'systemd');
}

/** printk(): the kernel ring buffer (dmesg), also forwarded to the journal and /var/log/messages as `kernel:`. */
export function klog(host: Host, text: string): void {
  let r = kernelRings.get(host);
  if (!r) kernelRings.set(host, (r = []));
  r.push({ t: host.world.now, text });
  append(host, { t: host.world.now, ident: 'kernel', pid: null, text, hostname: host.hostname }, 'kernel');
}

/** Kernel messages logged since boot (after the fixed boot lines dmesg prints first). */
export function kernelRing(host: Host): ReadonlyArray<{ t: Micros; text: string }> {
  return kernelRings.get(host) ?? [];
}
