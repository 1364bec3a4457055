import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { q, usageError } from './fsutil';

/** seq(1): LAST, FIRST LAST or FIRST INCREMENT LAST; -s SEP, -w equal width. Decimals keep the operands' precision. */
function seq(ctx: CommandContext): number {
  const args = [...ctx.argv.slice(1)];
  let sep = '\n';
  let width = false;
  while (args.length && /^-[sw]/.test(args[0]) && !/^-\d/.test(args[0])) {
    const a = args.shift()!;
    if (a === '-w') width = true;
    else if (a === '-s') sep = args.shift() ?? '\n';
    else if (a.startsWith('-s')) sep = a.slice(2);
  }
  if (!args.length) return usageError(ctx, 'seq', 'missing operand');
  if (args.length > 3) return usageError(ctx, 'seq', `extra operand ${q(args[3])}`);
  for (const a of args) if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(a)) return usageError(ctx, 'seq', `invalid floating point argument: ${a}`);
  const nums = args.map(Number);
  const [first, incr, lastV] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : [nums[0], nums[1], nums[2]];
  if (incr === 0) return usageError(ctx, 'seq', `invalid Zero increment value: ${q(args[1])}`);
  const prec = Math.max(0, ...args.slice(0, args.length === 3 ? 2 : 1).map((a) => (a.includes('.') ? a.length - a.indexOf('.') - 1 : 0)));
  const out: string[] = [];
  for (let i = 0; out.length < 1_000_000; i++) {
    const v = first + i * incr;
    if (incr > 0 ? v > lastV + 1e-9 : v < lastV - 1e-9) break;
    out.push(v.toFixed(prec));
  }
  const w = width ? Math.max(...out.map((s) => s.replace('-', '').length)) : 0;
  ctx.out(out.map((s) => (width ? (s.startsWith('-') ? '-' + s.slice(1).padStart(w, '0') : s.padStart(w, '0')) : s)).join(sep) + (out.length ? '\n' : ''));
  return 0;
}

register('seq', { run: sync(seq), summary: 'print a sequence of numbers' });
