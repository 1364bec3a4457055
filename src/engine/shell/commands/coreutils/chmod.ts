import type { Vfs } from '../../../os/vfs';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { abs, errText, q, usageError } from './fsutil';
import { has } from './opts';

/**
 * The new mode for `spec` (octal `644`, or symbolic `u+x`, `go-w`, `a=r`,
 * `+x`), or undefined when the spec is invalid. Symbolic modes without who
 * apply to all (the umask 022 is not modelled).
 */
export function applyMode(spec: string, mode: number, isDir: boolean): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8) & 0o7777;
  let m = mode;
  for (const clause of spec.split(',')) {
    const c = /^([ugoa]*)([-+=])([rwxX]*)$/.exec(clause);
    if (!c) return undefined;
    const who = c[1] === '' || c[1].includes('a') ? 'ugo' : c[1];
    let bits = 0;
    for (const ch of c[3]) bits |= ch === 'r' ? 4 : ch === 'w' ? 2 : ch === 'x' || (ch === 'X' && (isDir || (mode & 0o111) !== 0)) ? 1 : 0;
    for (const w of who) {
      const shift = w === 'u' ? 6 : w === 'g' ? 3 : 0;
      if (c[2] === '+') m |= bits << shift;
      else if (c[2] === '-') m &= ~(bits << shift);
      else m = (m & ~(7 << shift)) | (bits << shift);
    }
  }
  return m;
}

function chmodTree(fs: Vfs, path: string, spec: string): void {
  fs.chmod(path, applyMode(spec, fs.mode(path), fs.isDir(path))!);
  if (fs.isDir(path)) for (const e of fs.list(path)) chmodTree(fs, `${path === '/' ? '' : path}/${e.name}`, spec);
}

/** chmod(1): MODE FILE..., octal or symbolic, -R recursive. */
function chmod(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const opts = args.filter((a) => /^-[Rvcf]+$/.test(a));
  const rest = args.filter((a) => !/^-[Rvcf]+$/.test(a));
  const p = { opts: opts.flatMap((o) => [...o.slice(1)].map((opt) => ({ opt }))), operands: rest };
  if (!rest.length) return usageError(ctx, 'chmod', 'missing operand');
  const spec = rest[0];
  if (rest.length === 1) return usageError(ctx, 'chmod', `missing operand after ${q(spec)}`);
  if (applyMode(spec, 0o644, false) === undefined) return usageError(ctx, 'chmod', `invalid mode: ${q(spec)}`);
  const fs = ctx.host.fs;
  let status = 0;
  for (const op of rest.slice(1)) {
    const path = abs(ctx, op);
    if (!fs.exists(path)) {
      ctx.err(`chmod: cannot access ${q(op)}: No such file or directory\n`);
      status = 1;
      continue;
    }
    try {
      if (has(p, 'R')) chmodTree(fs, path, spec);
      else fs.chmod(path, applyMode(spec, fs.mode(path), fs.isDir(path))!);
    } catch (e) {
      ctx.err(`chmod: changing permissions of ${q(op)}: ${errText(e)}\n`);
      status = 1;
    }
  }
  return status;
}

register('chmod', { run: sync(chmod), summary: 'change file mode bits' });
