import { civil, dateText, strftime } from '../../../os/clock';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { usageError } from './fsutil';

/** date(1): the virtual wall clock (CST), `date +FORMAT`, -R (RFC 2822), -u (UTC). Setting the clock is not modelled. */
function date(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const now = ctx.host.world.now;
  if (!args.length) {
    ctx.out(dateText(now) + '\n');
    return 0;
  }
  const a = args[0];
  if (a.startsWith('+')) {
    ctx.out(strftime(a.slice(1), civil(now)) + '\n');
    return 0;
  }
  if (a === '-R' || a === '--rfc-2822') {
    ctx.out(strftime('%a, %d %b %Y %H:%M:%S %z', civil(now)) + '\n');
    return 0;
  }
  if (a === '-u' || a === '--utc') {
    const c = civil(now - 8 * 3600 * 1_000_000);
    ctx.out(strftime('%a %b %e %H:%M:%S UTC %Y', c) + '\n');
    return 0;
  }
  if (a === '-s' || a.startsWith('--set')) {
    ctx.err('date: lvslab keeps one clock for the whole lab; setting it is not supported\n');
    return 1;
  }
  if (a.startsWith('-')) return usageError(ctx, 'date', `invalid option -- '${a[1]}'`);
  ctx.err(`date: invalid date \u2018${a}\u2019\n`);
  return 1;
}

register('date', { run: sync(date), summary: 'print the system date and time' });
