import type { Program } from '../../../os/task';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { readOperand, usageError } from './fsutil';
import { has, parseOpts } from './opts';

/** cat(1), coreutils 8.22: -n numbers lines (`%6d\t`), -b numbers non-blank ones, -E marks ends with `$`, -s squeezes blank lines. */
function* cat(ctx: CommandContext): Program {
  const p = parseOpts(ctx.argv.slice(1), 'AbeEnstTuv', {
    'number-nonblank': { short: 'b' },
    number: { short: 'n' },
    'show-ends': { short: 'E' },
    'squeeze-blank': { short: 's' },
    'show-all': { short: 'A' },
  });
  if (p.error) return usageError(ctx, 'cat', p.error);
  const numberAll = has(p, 'n');
  const numberNonBlank = has(p, 'b');
  const ends = has(p, 'E') || has(p, 'A') || has(p, 'e');
  const squeeze = has(p, 's');
  const files = p.operands.length ? p.operands : ['-'];
  let status = 0;
  let n = 0;
  let prevBlank = false;
  for (const f of files) {
    const r = yield* readOperand(ctx, f);
    if ('error' in r) {
      ctx.err(`cat: ${f}: ${r.error}\n`);
      status = 1;
      continue;
    }
    if (!numberAll && !numberNonBlank && !ends && !squeeze) {
      ctx.out(r.text);
      continue;
    }
    let out = '';
    const parts = r.text.split('\n');
    parts.forEach((line, i) => {
      const last = i === parts.length - 1;
      if (last && line === '') return;
      const blank = line === '';
      if (squeeze && blank && prevBlank) return;
      prevBlank = blank;
      const num = (numberNonBlank ? !blank : numberAll) ? `${String(++n).padStart(6)}\t` : '';
      out += num + line + (last ? '' : (ends ? '$' : '') + '\n');
    });
    ctx.out(out);
  }
  return status;
}

register('cat', { run: cat, summary: 'concatenate files and print on the standard output' });
