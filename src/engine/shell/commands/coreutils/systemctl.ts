import { findUnit, isActive, restartService, setEnabled, startService, statusText, stopService, unitName, unitState } from '../../../os/services';
import { systemdLog } from '../../../os/syslog';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';

const WANTS = '/etc/systemd/system/multi-user.target.wants';

/**
 * systemctl(1), systemd 219: start, stop, restart, reload, status, enable,
 * disable, is-active, is-enabled, daemon-reload — for service units. Messages
 * and exit codes are systemd 219's (status: 0 running, 3 not running, 4 no such unit).
 */
export function systemctl(ctx: CommandContext, args: string[]): number {
  const words = args.filter((a) => !a.startsWith('-'));
  const verb = words.shift();
  const host = ctx.host;
  if (!verb) {
    ctx.err('systemctl: listing units is not modelled in lvslab; try systemctl status NAME\n');
    return 1;
  }
  const needUnits = (): boolean => {
    if (words.length) return true;
    ctx.err(`Too few arguments.\n`);
    return false;
  };
  let status = 0;
  switch (verb) {
    case 'start':
    case 'stop':
    case 'restart':
    case 'try-restart':
    case 'reload':
      if (!needUnits()) return 1;
      for (const w of words) {
        const name = unitName(w);
        const def = findUnit(host, name);
        if (!def) {
          ctx.err(verb === 'stop' ? `Failed to stop ${name}.service: Unit ${name}.service not loaded.\n` : `Failed to ${verb} ${name}.service: Unit not found.\n`);
          status = 5;
          continue;
        }
        if (verb === 'stop') stopService(host, name);
        else if (verb === 'reload') {
          if (!isActive(host, name)) {
            ctx.err(`Job for ${name}.service invalid.\n`);
            status = 1;
            continue;
          }
          const h = unitState(host, name).handle;
          if (!h?.reload) {
            ctx.err(`Failed to reload ${name}.service: Job type reload is not applicable for unit ${name}.service.\n`);
            status = 1;
            continue;
          }
          systemdLog(host, name, `Reloading ${def.description}.`);
          h.reload();
          systemdLog(host, name, `Reloaded ${def.description}.`);
        } else {
          if (verb === 'try-restart' && !isActive(host, name)) continue;
          const r = verb === 'start' ? startService(host, name) : restartService(host, name);
          if (r === 'failed') {
            ctx.err(`Job for ${name}.service failed because the control process exited with error code. See "systemctl status ${name}.service" and "journalctl -xe" for details.\n`);
            status = 1;
          }
        }
      }
      return status;
    case 'status':
      if (!needUnits()) return 1;
      {
        const blocks: string[] = [];
        for (const w of words) {
          const name = unitName(w);
          const def = findUnit(host, name);
          if (!def) {
            ctx.err(`Unit ${name}.service could not be found.\n`);
            status = Math.max(status, 4);
            continue;
          }
          blocks.push(statusText(host, def));
          if (!isActive(host, name)) status = Math.max(status, 3);
        }
        ctx.out(blocks.join('\n'));
      }
      return status;
    case 'is-active':
    case 'is-failed':
      if (!needUnits()) return 1;
      for (const w of words) {
        const name = unitName(w);
        const st = findUnit(host, name) ? unitState(host, name).active : 'unknown';
        ctx.out(`${st}\n`);
        if (verb === 'is-active' ? st !== 'active' : st !== 'failed') status = verb === 'is-active' ? 3 : 1;
      }
      return status;
    case 'is-enabled':
      if (!needUnits()) return 1;
      for (const w of words) {
        const name = unitName(w);
        if (!findUnit(host, name)) {
          ctx.err(`Failed to get unit file state for ${name}.service: No such file or directory\n`);
          status = 1;
          continue;
        }
        const en = unitState(host, name).enabled;
        ctx.out(en ? 'enabled\n' : 'disabled\n');
        if (!en) status = 1;
      }
      return status;
    case 'enable':
    case 'disable':
      if (!needUnits()) return 1;
      for (const w of words) {
        const name = unitName(w);
        if (!findUnit(host, name)) {
          ctx.err('Failed to execute operation: No such file or directory\n');
          return 1;
        }
        const u = unitState(host, name);
        const want = verb === 'enable';
        if (u.enabled !== want) {
          ctx.out(want ? `Created symlink from ${WANTS}/${name}.service to /usr/lib/systemd/system/${name}.service.\n` : `Removed symlink ${WANTS}/${name}.service.\n`);
          setEnabled(host, name, want);
        }
        if (args.includes('--now')) {
          if (want) startService(host, name);
          else stopService(host, name);
        }
      }
      return 0;
    case 'daemon-reload':
      return 0;
    default:
      ctx.err(`Unknown operation '${verb}'.\n`);
      return 1;
  }
}

register('systemctl', { run: sync((ctx) => systemctl(ctx, ctx.argv.slice(1))), summary: 'control the systemd system and service manager' });

/**
 * service(8) on CentOS 7: units without a SysV script are redirected to
 * systemctl, saying so on standard error (note the two spaces: `$OPTIONS` is empty).
 */
function service(ctx: CommandContext): number {
  const [name, action, ...rest] = ctx.argv.slice(1);
  if (!name || name.startsWith('-')) {
    if (name === '--status-all') {
      ctx.err('service: --status-all lists SysV scripts; lvslab has none (try systemctl status NAME)\n');
      return 1;
    }
    ctx.err('Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n');
    return 1;
  }
  if (!action) {
    ctx.err(`Redirecting to /bin/systemctl  ${name}.service\nUnknown operation '${name}.service'.\n`);
    return 1;
  }
  ctx.err(`Redirecting to /bin/systemctl ${action} ${rest.join(' ')} ${name}.service\n`);
  return systemctl(ctx, [action, ...rest, `${name}.service`]);
}

register('service', { run: sync(service), summary: 'run a System V init script (redirected to systemctl)' });
