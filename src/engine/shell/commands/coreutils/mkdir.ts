import { dirname } from '../../../os/vfs';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { abs, q, usageError } from './fsutil';
import { has, last, parseOpts } from './opts';

/** mkdir(1): -p makes parents and accepts existing directories; -v reports; -m sets the mode. */
function mkdir(ctx: CommandContext): number {
  const p = parseOpts(ctx.argv.slice(1), 'pvm:', { parents: { short: 'p' }, verbose: { short: 'v' }, mode: { short: 'm', arg: true } });
  if (p.error) return usageError(ctx, 'mkdir', p.error);
  if (!p.operands.length) return usageError(ctx, 'mkdir', 'missing operand');
  const modeArg = last(p, 'm');
  if (modeArg !== undefined && !/^[0-7]{1,4}$/.test(modeArg)) {
    ctx.err(`mkdir: invalid mode ${q(modeArg)}\n`);
    return 1;
  }
  const fs = ctx.host.fs;
  let status = 0;
  const made = (path: string, shown: string) => {
    if (modeArg !== undefined) fs.chmod(path, parseInt(modeArg, 8));
    if (has(p, 'v')) ctx.out(`mkdir: created directory ${q(shown)}\n`);
  };
  for (const op of p.operands) {
    const path = abs(ctx, op);
    const fail = (why: string) => {
      ctx.err(`mkdir: cannot create directory ${q(op)}: ${why}\n`);
      status = 1;
    };
    if (has(p, 'p')) {
      // Walk down, creating what is missing; a file in the way stops it.
      const parts = path.split('/').filter(Boolean);
      let cur = '';
      for (const part of parts) {
        cur += '/' + part;
        if (fs.isDir(cur)) continue;
        if (fs.exists(cur) || fs.isVirtual(cur)) {
          fail(fs.exists(cur) ? (cur === path ? 'File exists' : 'Not a directory') : 'No such file or directory');
          break;
        }
        fs.mkdirp(cur);
        made(cur, op.startsWith('/') ? cur : cur.slice(path.length - op.replace(/\/+$/, '').length));
      }
      continue;
    }
    if (fs.exists(path)) fail('File exists');
    else if (!fs.isDir(dirname(path))) fail(fs.exists(dirname(path)) ? 'Not a directory' : 'No such file or directory');
    else if (fs.isVirtual(dirname(path))) fail('No such file or directory');
    else {
      fs.mkdirp(path);
      made(path, op);
    }
  }
  return status;
}

register('mkdir', { run: sync(mkdir), summary: 'make directories' });
