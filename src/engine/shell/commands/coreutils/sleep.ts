import { sleep as block, type Program } from '../../../os/task';
import { MICROS_PER_SEC } from '../../../sim/time';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { q, usageError } from './fsutil';

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** sleep(1): NUMBER[smhd]..., summed; blocks in virtual time (Ctrl-C ends it). */
function* sleep(ctx: CommandContext): Program {
  const args = ctx.argv.slice(1);
  if (!args.length) return usageError(ctx, 'sleep', 'missing operand');
  let seconds = 0;
  for (const a of args) {
    const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(a);
    if (!m) {
      if (a.startsWith('-') && a.length > 1) return usageError(ctx, 'sleep', `invalid option -- '${a[1]}'`);
      return usageError(ctx, 'sleep', `invalid time interval ${q(a)}`);
    }
    seconds += Number(m[1]) * UNIT[m[2]];
  }
  const us = Math.round(seconds * MICROS_PER_SEC);
  if (us > 0) yield block(us);
  return 0;
}

register('sleep', { run: sleep, summary: 'delay for a specified amount of time' });
