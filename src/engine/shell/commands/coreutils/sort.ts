import type { Program } from '../../../os/task';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { lines, readOperand, usageError } from './fsutil';
import { collate } from './ls';
import { has, last, parseOpts } from './opts';

/** The part of a line a -k key selects (fields split on -t, or on blank-to-non-blank transitions). */
function keyOf(line: string, spec: string | undefined, sep: string | undefined): string {
  if (!spec) return line;
  const m = /^(\d+)(?:\.\d+)?[a-z]*(?:,(\d+)(?:\.\d+)?[a-z]*)?$/.exec(spec);
  if (!m) return line;
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : undefined;
  const fields = sep !== undefined ? line.split(sep) : line.match(/\s*\S+/g) ?? [];
  const picked = fields.slice(from - 1, to ?? fields.length);
  return picked.join(sep ?? '');
}

/** strtod's leading number, 0 when there is none (sort -n). */
const numeric = (s: string): number => {
  const m = /^\s*(-?\d*\.?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
};

/** sort(1) in en_US.UTF-8 (locale collation, like ls): -n -r -u -f -k KEY -t SEP. */
function* sort(ctx: CommandContext): Program {
  const p = parseOpts(ctx.argv.slice(1), 'nrufk:t:bs', { numeric: { short: 'n' }, reverse: { short: 'r' }, unique: { short: 'u' }, 'ignore-case': { short: 'f' }, key: { short: 'k', arg: true }, 'field-separator': { short: 't', arg: true } });
  if (p.error) return usageError(ctx, 'sort', p.error, 2);
  const files = p.operands.length ? p.operands : ['-'];
  const all: string[] = [];
  for (const f of files) {
    const r = yield* readOperand(ctx, f);
    if ('error' in r) {
      ctx.err(`sort: open failed: ${f}: ${r.error}\n`);
      return 2;
    }
    all.push(...lines(r.text));
  }
  const k = last(p, 'k');
  const t = last(p, 't');
  const num = has(p, 'n');
  const fold = has(p, 'f');
  const cmpKey = (a: string, b: string): number => {
    const ka = keyOf(a, k, t);
    const kb = keyOf(b, k, t);
    if (num) return numeric(ka) - numeric(kb);
    return fold ? collate(ka.toLowerCase(), kb.toLowerCase()) : collate(ka, kb);
  };
  // Lines with equal keys fall back to comparing whole lines (unless -u or -s), as GNU sort does.
  const cmp = (a: string, b: string): number => cmpKey(a, b) || (has(p, 'u') || has(p, 's') ? 0 : collate(a, b));
  let out = [...all].sort(cmp);
  if (has(p, 'r')) out.reverse();
  if (has(p, 'u')) out = out.filter((l, i) => i === 0 || cmpKey(out[i - 1], l) !== 0);
  ctx.out(out.map((l) => l + '\n').join(''));
  return 0;
}

register('sort', { run: sort, summary: 'sort lines of text files' });
