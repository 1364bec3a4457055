import type { IpStack } from '../../../net/ip/stack';
import { formatIpv4 } from '../../../wire/addr';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';

/**
 * hostname(1) (net-tools 3.13 on CentOS 7): print the name, `hostname NAME`
 * sets it until reboot (not /etc/hostname), -s short name, -I every
 * configured address except loopback (each followed by a space).
 */
function hostname(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const flags = args.filter((a) => a.startsWith('-'));
  const names = args.filter((a) => !a.startsWith('-'));
  if (flags.includes('-I') || flags.includes('--all-ip-addresses')) {
    const stack = ctx.host.stack as IpStack | null;
    const ips: string[] = [];
    if (stack) for (const { dev, addr } of stack.addresses()) if (!dev.loopback && dev.up && addr.scope !== 'host') ips.push(formatIpv4(addr.ip));
    ctx.out(ips.map((ip) => `${ip} `).join('') + '\n');
    return 0;
  }
  const bad = flags.find((f) => !['-s', '--short', '-f', '--fqdn', '--long'].includes(f));
  if (bad) {
    ctx.err(`hostname: invalid option -- '${bad.replace(/^-+/, '')[0]}'\nUsage: hostname [-b] {hostname|-F file}         set host name (from file)\n`);
    return 1;
  }
  if (names.length) {
    const name = names[0];
    if (!/^[A-Za-z0-9]([A-Za-z0-9.-]{0,62})$/.test(name)) {
      ctx.err('hostname: the specified hostname is invalid\n');
      return 1;
    }
    ctx.host.hostname = name;
    ctx.host.world.trace.state({ t: ctx.host.world.now, node: ctx.host.id, kind: 'host.hostname', text: `hostname set to ${name}`, data: { hostname: name } });
    return 0;
  }
  const h = ctx.host.hostname;
  ctx.out(`${flags.includes('-s') || flags.includes('--short') ? h.split('.')[0] : h}\n`);
  return 0;
}

register('hostname', { run: sync(hostname), summary: 'show or set the system host name' });
