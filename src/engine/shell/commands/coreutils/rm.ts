import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { abs, errText, q, usageError } from './fsutil';
import { has, parseOpts } from './opts';
import { removeTree } from './tree';

/** rm(1): -f ignores missing files, -r/-R removes directories; `/` is refused (--preserve-root). */
function rm(ctx: CommandContext): number {
  const p = parseOpts(ctx.argv.slice(1), 'firRvd', { force: { short: 'f' }, recursive: { short: 'r' }, verbose: { short: 'v' }, dir: { short: 'd' } });
  if (p.error) return usageError(ctx, 'rm', p.error);
  const force = has(p, 'f');
  const recursive = has(p, 'r') || has(p, 'R');
  if (!p.operands.length) return force ? 0 : usageError(ctx, 'rm', 'missing operand');
  const fs = ctx.host.fs;
  let status = 0;
  for (const op of p.operands) {
    const path = abs(ctx, op);
    if (recursive && path === '/') {
      ctx.err(`rm: it is dangerous to operate recursively on ${q('/')}\nrm: use --no-preserve-root to override this failsafe\n`);
      status = 1;
      continue;
    }
    if (!fs.exists(path)) {
      if (!force) {
        ctx.err(`rm: cannot remove ${q(op)}: No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (fs.isDir(path) && !recursive && !has(p, 'd')) {
      ctx.err(`rm: cannot remove ${q(op)}: Is a directory\n`);
      status = 1;
      continue;
    }
    try {
      if (fs.isDir(path)) {
        if (recursive) removeTree(fs, path);
        else fs.rmdir(path);
      } else fs.remove(path);
      if (has(p, 'v')) ctx.out(`removed ${fs.isDir(path) ? 'directory: ' : ''}${q(op)}\n`);
    } catch (e) {
      ctx.err(`rm: cannot remove ${q(op)}: ${errText(e)}\n`);
      status = 1;
    }
  }
  return status;
}

register('rm', { run: sync(rm), summary: 'remove files or directories' });
