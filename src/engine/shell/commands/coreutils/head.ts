import { sleep, type Program } from '../../../os/task';
import { MICROS_PER_SEC } from '../../../sim/time';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { abs, errText, q, readOperand, usageError } from './fsutil';
import { has, last, parseOpts } from './opts';

/** `-5` is the obsolete form of `-n 5` (both tools still accept it). */
const modernize = (args: string[]): string[] => args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : /^-\d+f$/.test(a) ? `-fn${a.slice(1, -1)}` : a));

/** Keep the first/last `n` lines of `text`; lines keep their newlines (a last line without one stays without). */
function splitKeep(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** head(1): the first 10 lines (-n N, -N, -n -N = all but the last N, -c N bytes); `==> f <==` headers for several files. */
function* head(ctx: CommandContext): Program {
  const p = parseOpts(modernize(ctx.argv.slice(1)), 'n:c:qv', { lines: { short: 'n', arg: true }, bytes: { short: 'c', arg: true }, quiet: { short: 'q' }, silent: { short: 'q' }, verbose: { short: 'v' } });
  if (p.error) return usageError(ctx, 'head', p.error);
  const nArg = last(p, 'n');
  const cArg = last(p, 'c');
  const spec = cArg ?? nArg ?? '10';
  if (!/^-?\d+$/.test(spec)) {
    ctx.err(`head: invalid number of ${cArg !== undefined ? 'bytes' : 'lines'}: ${q(spec)}\n`);
    return 1;
  }
  const n = Number(spec);
  const files = p.operands.length ? p.operands : ['-'];
  const headers = (files.length > 1 && !has(p, 'q')) || has(p, 'v');
  let status = 0;
  let first = true;
  for (const f of files) {
    const r = yield* readOperand(ctx, f);
    if ('error' in r) {
      ctx.err(`head: cannot open ${q(f)} for reading: ${r.error}\n`);
      status = 1;
      continue;
    }
    if (headers) ctx.out(`${first ? '' : '\n'}==> ${f === '-' ? 'standard input' : f} <==\n`);
    first = false;
    if (cArg !== undefined) ctx.out(n >= 0 ? r.text.slice(0, n) : r.text.slice(0, Math.max(0, r.text.length + n)));
    else {
      const l = splitKeep(r.text);
      ctx.out((n >= 0 ? l.slice(0, n) : l.slice(0, Math.max(0, l.length + n))).join(''));
    }
  }
  return status;
}

/** tail(1): the last 10 lines (-n N, -N, -n +N from line N, -c N), and -f to keep printing what is appended (polled each second, as tail's --sleep-interval). */
function* tail(ctx: CommandContext): Program {
  const p = parseOpts(modernize(ctx.argv.slice(1)), 'n:c:fFqv', { lines: { short: 'n', arg: true }, bytes: { short: 'c', arg: true }, follow: { short: 'f' }, quiet: { short: 'q' }, verbose: { short: 'v' } });
  if (p.error) return usageError(ctx, 'tail', p.error);
  const cArg = last(p, 'c');
  const spec = cArg ?? last(p, 'n') ?? '10';
  if (!/^[+-]?\d+$/.test(spec)) {
    ctx.err(`tail: invalid number of ${cArg !== undefined ? 'bytes' : 'lines'}: ${q(spec)}\n`);
    return 1;
  }
  const fromStart = spec.startsWith('+');
  const n = Math.abs(Number(spec));
  const pick = (text: string): string => {
    if (cArg !== undefined) return fromStart ? text.slice(Math.max(0, n - 1)) : text.slice(Math.max(0, text.length - n));
    const l = splitKeep(text);
    return (fromStart ? l.slice(Math.max(0, n - 1)) : n === 0 ? [] : l.slice(-n)).join('');
  };
  const files = p.operands.length ? p.operands : ['-'];
  const headers = (files.length > 1 && !has(p, 'q')) || has(p, 'v');
  const follow = has(p, 'f') || has(p, 'F');
  let status = 0;
  let first = true;
  const sizes = new Map<string, number>();
  for (const f of files) {
    const r = yield* readOperand(ctx, f);
    if ('error' in r) {
      ctx.err(`tail: cannot open ${q(f)} for reading: ${r.error}\n`);
      status = 1;
      continue;
    }
    if (headers) ctx.out(`${first ? '' : '\n'}==> ${f === '-' ? 'standard input' : f} <==\n`);
    first = false;
    ctx.out(pick(r.text));
    if (f !== '-') sizes.set(f, r.text.length);
  }
  if (!follow || sizes.size === 0) return status;
  let lastShown = files[files.length - 1];
  for (;;) {
    yield sleep(MICROS_PER_SEC);
    for (const [f, size] of sizes) {
      let text: string;
      try {
        text = ctx.host.fs.read(abs(ctx, f));
      } catch (e) {
        void errText(e);
        continue;
      }
      if (text.length < size) {
        ctx.err(`tail: ${f}: file truncated\n`);
        sizes.set(f, 0);
        continue;
      }
      if (text.length === size) continue;
      if (headers && lastShown !== f) ctx.out(`\n==> ${f} <==\n`);
      lastShown = f;
      ctx.out(text.slice(size));
      sizes.set(f, text.length);
    }
  }
}

register('head', { run: head, summary: 'output the first part of files' });
register('tail', { run: tail, summary: 'output the last part of files' });
