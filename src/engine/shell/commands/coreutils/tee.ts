import type { Program } from '../../../os/task';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { abs, errText, usageError } from './fsutil';
import { has, parseOpts } from './opts';

/** tee(1): copy standard input to standard output and to files (-a appends). */
function* tee(ctx: CommandContext): Program {
  const p = parseOpts(ctx.argv.slice(1), 'ai', { append: { short: 'a' }, 'ignore-interrupts': { short: 'i' } });
  if (p.error) return usageError(ctx, 'tee', p.error);
  const fs = ctx.host.fs;
  let status = 0;
  const ok: string[] = [];
  for (const f of p.operands) {
    const path = abs(ctx, f);
    try {
      if (!has(p, 'a') || !fs.exists(path)) fs.write(path, '');
      else if (fs.isDir(path)) fs.write(path, '', true);
      ok.push(path);
    } catch (e) {
      ctx.err(`tee: ${f}: ${errText(e)}\n`);
      status = 1;
    }
  }
  const text = yield* ctx.stdin.readAll();
  ctx.out(text);
  for (const path of ok) fs.write(path, text, true);
  return status;
}

register('tee', { run: tee, summary: 'read from standard input and write to standard output and files' });
