import type { Program } from '../../../os/task';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { lines, readOperand, usageError } from './fsutil';
import { has, parseOpts } from './opts';
import { escapeRegex, posixToJs, RegexError } from './regex';

/**
 * grep(1), GNU grep 2.20: BRE by default, -E extended, -F fixed; -i -v -c -n
 * -w -l -q -o -h -H -e. Exit 0 when a line was selected, 1 when none, 2 on an
 * error (a missing file) unless -q already found one.
 */
function* grep(ctx: CommandContext): Program {
  const args = ctx.argv.slice(1).filter((a) => !/^--colou?r(=.*)?$/.test(a));
  const p = parseOpts(args, 'EFGivcnwxlLqohHse:', {
    'extended-regexp': { short: 'E' },
    'fixed-strings': { short: 'F' },
    'ignore-case': { short: 'i' },
    'invert-match': { short: 'v' },
    count: { short: 'c' },
    'line-number': { short: 'n' },
    'word-regexp': { short: 'w' },
    'line-regexp': { short: 'x' },
    'files-with-matches': { short: 'l' },
    quiet: { short: 'q' },
    silent: { short: 'q' },
    'only-matching': { short: 'o' },
    regexp: { short: 'e', arg: true },
    'no-messages': { short: 's' },
  });
  if (p.error) return usageError(ctx, 'grep', p.error, 2);
  const patterns = p.opts.filter((o) => o.opt === 'e').map((o) => o.arg!);
  const operands = [...p.operands];
  if (!patterns.length) {
    if (!operands.length) {
      ctx.err("Usage: grep [OPTION]... PATTERN [FILE]...\nTry 'grep --help' for more information.\n");
      return 2;
    }
    patterns.push(operands.shift()!);
  }
  let source: string;
  try {
    const parts = patterns.flatMap((pt) => pt.split('\n')).map((pt) => (has(p, 'F') ? escapeRegex(pt) : posixToJs(pt, has(p, 'E'))));
    source = parts.map((s) => `(?:${s})`).join('|');
    if (has(p, 'x')) source = `^(?:${source})$`;
    else if (has(p, 'w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
    new RegExp(source);
  } catch (e) {
    if (e instanceof RegexError) ctx.err(`grep: ${e.message}\n`);
    else if (e instanceof SyntaxError) ctx.err('grep: Invalid regular expression\n');
    else throw e;
    return 2;
  }
  const flags = has(p, 'i') ? 'gi' : 'g';
  const invert = has(p, 'v');
  const files = operands.length ? operands : ['-'];
  const withName = has(p, 'H') || (files.length > 1 && !has(p, 'h'));
  const quiet = has(p, 'q');
  let selected = false;
  let error = false;
  for (const f of files) {
    const r = yield* readOperand(ctx, f);
    const label = f === '-' ? '(standard input)' : f;
    if ('error' in r) {
      if (!has(p, 's')) ctx.err(`grep: ${f}: ${r.error}\n`);
      error = true;
      continue;
    }
    let count = 0;
    let out = '';
    lines(r.text).forEach((line, i) => {
      const re = new RegExp(source, flags);
      const hit = re.test(line);
      if (hit === invert) return;
      count++;
      if (quiet || has(p, 'l') || has(p, 'c')) return;
      const prefix = (withName ? `${label}:` : '') + (has(p, 'n') ? `${i + 1}:` : '');
      if (has(p, 'o') && !invert) {
        for (const m of line.matchAll(new RegExp(source, flags))) if (m[0] !== '') out += `${prefix}${m[0]}\n`;
      } else out += `${prefix}${line}\n`;
    });
    if (count) selected = true;
    if (quiet) {
      if (selected) return 0;
      continue;
    }
    if (has(p, 'l')) {
      if (count) out = `${label}\n`;
    } else if (has(p, 'c')) out = `${withName ? `${label}:` : ''}${count}\n`;
    ctx.out(out);
  }
  if (error && !(quiet && selected)) return 2;
  return selected ? 0 : 1;
}

register(['grep', 'egrep', 'fgrep'], {
  run: (ctx) => grep(ctx.argv[0] === 'egrep' ? { ...ctx, argv: ['grep', '-E', ...ctx.argv.slice(1)] } : ctx.argv[0] === 'fgrep' ? { ...ctx, argv: ['grep', '-F', ...ctx.argv.slice(1)] } : ctx),
  summary: 'print lines matching a pattern',
});
