import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { usageError } from './fsutil';
import { has, parseOpts } from './opts';

/** id(1): every shell in lvslab is root's (SELinux disabled, so no `context=` field). */
function id(ctx: CommandContext): number {
  const p = parseOpts(ctx.argv.slice(1), 'ugGnr', { user: { short: 'u' }, group: { short: 'g' }, groups: { short: 'G' }, name: { short: 'n' }, real: { short: 'r' } });
  if (p.error) return usageError(ctx, 'id', p.error);
  if (p.operands.length && p.operands[0] !== 'root') {
    ctx.err(`id: ${p.operands[0]}: no such user\n`);
    return 1;
  }
  if (has(p, 'u') || has(p, 'g') || has(p, 'G')) ctx.out(has(p, 'n') ? 'root\n' : '0\n');
  else if (has(p, 'n')) {
    ctx.err('id: cannot print only names or real IDs in default format\n');
    return 1;
  } else ctx.out('uid=0(root) gid=0(root) groups=0(root)\n');
  return 0;
}

register('id', { run: sync(id), summary: 'print real and effective user and group IDs' });
register('whoami', { run: sync((ctx) => (ctx.out('root\n'), 0)), summary: 'print effective userid' });
