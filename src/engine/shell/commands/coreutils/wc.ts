import type { Program } from '../../../os/task';
import { utf8Length } from '../../../os/vfs';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { readOperand, usageError } from './fsutil';
import { has, parseOpts } from './opts';

/**
 * wc(1), coreutils 8.22: lines, words, bytes (or -l -w -c -m -L). Numbers are
 * right-aligned to a common width: the digits of the total size of the
 * regular files given, at least 7 when standard input is counted, and 1 for a
 * single count of a single input (wc.c compute_number_width).
 */
function* wc(ctx: CommandContext): Program {
  const p = parseOpts(ctx.argv.slice(1), 'lwcmL', { lines: { short: 'l' }, words: { short: 'w' }, bytes: { short: 'c' }, chars: { short: 'm' }, 'max-line-length': { short: 'L' } });
  if (p.error) return usageError(ctx, 'wc', p.error);
  let want = { l: has(p, 'l'), w: has(p, 'w'), m: has(p, 'm'), c: has(p, 'c'), L: has(p, 'L') };
  if (!want.l && !want.w && !want.m && !want.c && !want.L) want = { l: true, w: true, m: false, c: true, L: false };
  const nCounts = [want.l, want.w, want.m, want.c, want.L].filter(Boolean).length;
  const files = p.operands.length ? p.operands : ['-'];
  const results: Array<{ name: string; counts: number[] } | null> = [];
  let status = 0;
  let regularTotal = 0;
  let sawStdin = false;
  let failed = 0;
  for (const f of files) {
    const r = yield* readOperand(ctx, f);
    if ('error' in r) {
      ctx.err(`wc: ${f}: ${r.error}\n`);
      status = 1;
      failed++;
      results.push(null);
      continue;
    }
    const t = r.text;
    if (f === '-') sawStdin = true;
    else regularTotal += utf8Length(t);
    const counts: number[] = [];
    if (want.l) counts.push((t.match(/\n/g) ?? []).length);
    if (want.w) counts.push(t.split(/[ \t\n\r\f\v]+/).filter((w) => w !== '').length);
    if (want.m) counts.push([...t].length);
    if (want.c) counts.push(utf8Length(t));
    if (want.L) counts.push(Math.max(0, ...t.split('\n').map((l) => l.replace(/\t/g, '        ').length)));
    results.push({ name: f === '-' && !p.operands.length ? '' : f, counts });
  }
  let width = 1;
  if (!(files.length === 1 && nCounts === 1) && failed < files.length) {
    for (let v = regularTotal; v >= 10; v = Math.floor(v / 10)) width++;
    if (sawStdin && width < 7) width = 7;
  }
  const fmt = (counts: number[], name: string) => counts.map((c, i) => (i === 0 ? '' : ' ') + String(c).padStart(width)).join('') + (name ? ` ${name}` : '') + '\n';
  let out = '';
  const totals = new Array<number>(nCounts).fill(0);
  for (const r of results) {
    if (!r) continue;
    out += fmt(r.counts, r.name);
    r.counts.forEach((c, i) => (totals[i] = want.L && i === nCounts - 1 ? Math.max(totals[i], c) : totals[i] + c));
  }
  if (files.length > 1) out += fmt(totals, 'total');
  ctx.out(out);
  return status;
}

register('wc', { run: wc, summary: 'print newline, word, and byte counts for each file' });
