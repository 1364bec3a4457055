import { commandPath } from '../../builtins';
import { sync, type CommandContext } from '../../command';
import { COMMANDS, register } from '../../registry';

/** Commands that live in /usr/sbin on CentOS 7 beyond the ones `type` already knows. */
const SBIN = new Set(['ifconfig', 'route', 'arp', 'ip', 'ipvsadm', 'sysctl', 'iptables', 'keepalived', 'httpd', 'apachectl', 'service', 'pidof', 'tcpdump', 'ss', 'nginx', 'arping', 'ethtool', 'sshd', 'crond', 'rsyslogd', 'agetty', 'NetworkManager']);
/** Bash builtins that also exist as programs in /usr/bin. */
const ALSO_BINARIES = new Set(['echo', 'pwd', 'true', 'false', 'kill', 'printf', 'test']);

/** Where `name` is installed on this host, or undefined. */
export function whichPath(ctx: CommandContext, name: string): string | undefined {
  const spec = COMMANDS.get(name);
  const installed = spec && (!spec.pkg || ctx.host.packages.has(spec.pkg));
  if (!installed && !ALSO_BINARIES.has(name)) return undefined;
  return SBIN.has(name) ? `/usr/sbin/${name}` : commandPath(name);
}

/** which(1) (GNU which 2.20): the path, or `no NAME in (PATH)` on stderr and status 1. */
function which(ctx: CommandContext): number {
  const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  if (!names.length) {
    ctx.err('Usage: /usr/bin/which [options] [--] COMMAND [...]\n');
    return 1;
  }
  let status = 0;
  for (const n of names) {
    const path = n.includes('/') ? (ctx.host.fs.isFile(n) ? n : undefined) : whichPath(ctx, n);
    if (path) ctx.out(`${path}\n`);
    else {
      ctx.err(`/usr/bin/which: no ${n.slice(n.lastIndexOf('/') + 1)} in (${ctx.shell.vars.get('PATH') ?? ''})\n`);
      status = 1;
    }
  }
  return status;
}

register('which', { run: sync(which), summary: 'shows the full path of (shell) commands' });
