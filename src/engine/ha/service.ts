/**
 * keepalived.service (systemd, Type=forking, KillMode=process): the unit's
 * start runs the daemon with KEEPALIVED_OPTIONS from /etc/sysconfig/keepalived.
 */
import '../os/units';
import { setServiceStart } from '../os/services';
import { KeepalivedDaemon, parseOptions, sysconfigArgv } from './keepalived';

setServiceStart('keepalived', (unit) => {
  const opts = parseOptions(sysconfigArgv(unit.host));
  if ('error' in opts) return opts.error;
  const d = new KeepalivedDaemon(unit.host, opts, (spec) => unit.spawn(spec));
  // Failing before the fork: the control process exited with an error (its lines are logged already).
  if (!d.start()) return '';
  return { stop: () => d.terminate(0), reload: () => d.reload() };
});
