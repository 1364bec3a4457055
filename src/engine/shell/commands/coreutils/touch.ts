import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { abs, errText, q, usageError } from './fsutil';
import { has, parseOpts } from './opts';

/** touch(1): create empty files, or set an existing file's time to now (-c: do not create). */
function touch(ctx: CommandContext): number {
  const p = parseOpts(ctx.argv.slice(1), 'acm', { 'no-create': { short: 'c' } });
  if (p.error) return usageError(ctx, 'touch', p.error);
  if (!p.operands.length) return usageError(ctx, 'touch', 'missing file operand');
  const fs = ctx.host.fs;
  let status = 0;
  for (const op of p.operands) {
    const path = abs(ctx, op);
    try {
      if (fs.exists(path)) fs.touch(path);
      else if (!has(p, 'c')) fs.write(path, '');
    } catch (e) {
      ctx.err(`touch: cannot touch ${q(op)}: ${errText(e)}\n`);
      status = 1;
    }
  }
  return status;
}

register('touch', { run: sync(touch), summary: 'change file timestamps' });
