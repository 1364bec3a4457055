import { basename, dirname } from '../../../os/vfs';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { abs, errText, q, usageError } from './fsutil';
import { has, parseOpts } from './opts';
import { copyTree, removeTree } from './tree';

/** cp(1) and mv(1): SRC DST, or SRC... DIR. cp needs -r/-R/-a for directories. */
function copyOrMove(ctx: CommandContext, move: boolean): number {
  const prog = move ? 'mv' : 'cp';
  const p = parseOpts(ctx.argv.slice(1), move ? 'fivnT' : 'rRaifpvnT', { recursive: { short: 'r' }, archive: { short: 'a' }, force: { short: 'f' }, verbose: { short: 'v' } });
  if (p.error) return usageError(ctx, prog, p.error);
  const ops = p.operands;
  if (ops.length === 0) return usageError(ctx, prog, 'missing file operand');
  if (ops.length === 1) return usageError(ctx, prog, `missing destination file operand after ${q(ops[0])}`);
  const fs = ctx.host.fs;
  const recursive = move || has(p, 'r') || has(p, 'R') || has(p, 'a');
  const target = ops[ops.length - 1];
  const targetPath = abs(ctx, target);
  const intoDir = fs.isDir(targetPath);
  if (ops.length > 2 && !intoDir) {
    ctx.err(`${prog}: target ${q(target)} is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const src of ops.slice(0, -1)) {
    const srcPath = abs(ctx, src);
    const dst = intoDir ? `${targetPath === '/' ? '' : targetPath}/${basename(srcPath)}` : targetPath;
    if (!fs.exists(srcPath)) {
      ctx.err(`${prog}: cannot stat ${q(src)}: No such file or directory\n`);
      status = 1;
      continue;
    }
    if (fs.isDir(srcPath) && !recursive) {
      ctx.err(`cp: omitting directory ${q(src)}\n`);
      status = 1;
      continue;
    }
    if (srcPath === dst) {
      ctx.err(move ? `mv: ${q(src)} and ${q(intoDir ? `${target}/${basename(srcPath)}` : target)} are the same file\n` : `cp: ${q(src)} and ${q(target)} are the same file\n`);
      status = 1;
      continue;
    }
    if (fs.isDir(srcPath) && (dst + '/').startsWith(srcPath + '/')) {
      ctx.err(move ? `mv: cannot move ${q(src)} to a subdirectory of itself, ${q(dst)}\n` : `cp: cannot copy a directory, ${q(src)}, into itself, ${q(dst)}\n`);
      status = 1;
      continue;
    }
    if (fs.isDir(dst) && !fs.isDir(srcPath)) {
      ctx.err(`${prog}: cannot overwrite directory ${q(dst)} with non-directory\n`);
      status = 1;
      continue;
    }
    if (!fs.isDir(dirname(dst))) {
      const why = fs.exists(dirname(dst)) ? 'Not a directory' : 'No such file or directory';
      ctx.err(move ? `mv: cannot move ${q(src)} to ${q(intoDir ? dst : target)}: ${why}\n` : `cp: cannot create ${fs.isDir(srcPath) ? 'directory' : 'regular file'} ${q(intoDir ? dst : target)}: ${why}\n`);
      status = 1;
      continue;
    }
    try {
      copyTree(fs, srcPath, dst);
      if (move) removeTree(fs, srcPath);
      if (has(p, 'v')) ctx.out(`${q(src)} -> ${q(intoDir ? `${target.replace(/\/$/, '')}/${basename(srcPath)}` : target)}\n`);
    } catch (e) {
      ctx.err(`${prog}: ${q(src)}: ${errText(e)}\n`);
      status = 1;
    }
  }
  return status;
}

register('cp', { run: sync((ctx) => copyOrMove(ctx, false)), summary: 'copy files and directories' });
register('mv', { run: sync((ctx) => copyOrMove(ctx, true)), summary: 'move (rename) files' });
