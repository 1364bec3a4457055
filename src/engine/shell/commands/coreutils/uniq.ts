import type { Program } from '../../../os/task';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { abs, lines, readOperand, usageError } from './fsutil';
import { has, parseOpts } from './opts';

/** uniq(1): drop adjacent repeats; -c counts (`%7d `), -d only repeated, -u only unique, -i ignores case. */
function* uniq(ctx: CommandContext): Program {
  const p = parseOpts(ctx.argv.slice(1), 'cdui', { count: { short: 'c' }, repeated: { short: 'd' }, unique: { short: 'u' }, 'ignore-case': { short: 'i' } });
  if (p.error) return usageError(ctx, 'uniq', p.error);
  const input = p.operands[0] ?? '-';
  const r = yield* readOperand(ctx, input);
  if ('error' in r) {
    ctx.err(`uniq: ${input}: ${r.error}\n`);
    return 1;
  }
  const same = (a: string, b: string) => (has(p, 'i') ? a.toLowerCase() === b.toLowerCase() : a === b);
  const groups: Array<{ line: string; n: number }> = [];
  for (const l of lines(r.text)) {
    const g = groups[groups.length - 1];
    if (g && same(g.line, l)) g.n++;
    else groups.push({ line: l, n: 1 });
  }
  let out = '';
  for (const g of groups) {
    if (has(p, 'd') && g.n < 2) continue;
    if (has(p, 'u') && g.n > 1) continue;
    out += (has(p, 'c') ? `${String(g.n).padStart(7)} ` : '') + g.line + '\n';
  }
  if (p.operands[1]) ctx.host.fs.write(abs(ctx, p.operands[1]), out);
  else ctx.out(out);
  return 0;
}

register('uniq', { run: uniq, summary: 'report or omit repeated lines' });
