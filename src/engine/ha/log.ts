/**
 * keepalived's syslog lines: `Keepalived[PID]`, `Keepalived_vrrp[PID]`,
 * `Keepalived_healthcheckers[PID]` (openlog with LOG_PID), filed under the
 * keepalived unit for `journalctl -u keepalived` / `systemctl status`, in
 * /var/log/messages (os/syslog.ts) and — because the course notes read
 * them there — also in /var/log/syslog, with the unit's systemd lines.
 */
import type { Host } from '../os/host';
import { registerPackageHook } from '../os/packages';
import { syslog } from '../os/syslog';

export const UNIT = 'keepalived';
export const SYSLOG_FILE = '/var/log/syslog';

export const IDENT = { parent: 'Keepalived', vrrp: 'Keepalived_vrrp', check: 'Keepalived_healthcheckers' } as const;

const mirrored = new WeakSet<Host>();

/** Copy every line of the keepalived unit (ours and systemd's) to /var/log/syslog. */
export function mirrorToSyslogFile(host: Host): void {
  if (mirrored.has(host)) return;
  mirrored.add(host);
  host.world.trace.listen({
    state: (e) => {
      if (e.kind !== 'syslog' || e.node !== host.id || e.data?.unit !== UNIT) return;
      const fresh = !host.fs.exists(SYSLOG_FILE);
      host.fs.mkdirp('/var/log');
      host.fs.write(SYSLOG_FILE, e.text + '\n', true);
      if (fresh) host.fs.chmod(SYSLOG_FILE, 0o600);
    },
  });
}

export function kaLog(host: Host, ident: string, pid: number, text: string): void {
  mirrorToSyslogFile(host);
  syslog(host, ident, pid, text, UNIT);
}

// From installation on, the unit's lines (systemd's "Starting ..." included) also go to /var/log/syslog.
registerPackageHook('keepalived', mirrorToSyslogFile);
