import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { usageError } from './fsutil';
import { parseOpts } from './opts';

/** The CentOS 7.9 kernel. */
export const KERNEL_RELEASE = '3.10.0-1160.el7.x86_64';
export const KERNEL_VERSION = '#1 SMP Mon Oct 19 16:18:59 UTC 2020';

/** uname(1): -s -n -r -v -m -p -i -o, -a for all (coreutils prints them in that order). */
function uname(ctx: CommandContext): number {
  const p = parseOpts(ctx.argv.slice(1), 'asnrvmpio', { all: { short: 'a' }, 'kernel-name': { short: 's' }, nodename: { short: 'n' }, 'kernel-release': { short: 'r' }, 'kernel-version': { short: 'v' }, machine: { short: 'm' }, processor: { short: 'p' }, 'hardware-platform': { short: 'i' }, 'operating-system': { short: 'o' } });
  if (p.error) return usageError(ctx, 'uname', p.error);
  if (p.operands.length) return usageError(ctx, 'uname', `extra operand \u2018${p.operands[0]}\u2019`);
  const set = new Set(p.opts.map((o) => o.opt));
  if (set.has('a')) 'snrvmpio'.split('').forEach((c) => set.add(c));
  if (set.size === 0) set.add('s');
  const fields: Array<[string, string]> = [
    ['s', 'Linux'],
    ['n', ctx.host.hostname],
    ['r', KERNEL_RELEASE],
    ['v', KERNEL_VERSION],
    ['m', 'x86_64'],
    ['p', 'x86_64'],
    ['i', 'x86_64'],
    ['o', 'GNU/Linux'],
  ];
  ctx.out(fields.filter(([c]) => set.has(c)).map(([, v]) => v).join(' ') + '\n');
  return 0;
}

register('uname', { run: sync(uname), summary: 'print system information' });
