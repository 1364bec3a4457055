import { systemdTimestamp } from '../../../os/clock';
import { journalLine, unitName } from '../../../os/services';
import { journal } from '../../../os/syslog';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';

/**
 * journalctl(1), systemd 219: the journal since boot, `-u UNIT` for one
 * service, `-n N` for the last lines (`-e`/`-x`/`--no-pager` accepted; there
 * is no pager). The header gives the span of the whole journal.
 */
function journalctl(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const units: string[] = [];
  let lines: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-u' || a === '--unit') units.push(unitName(args[++i] ?? ''));
    else if (a.startsWith('-u') && a.length > 2) units.push(unitName(a.slice(2)));
    else if (a.startsWith('--unit=')) units.push(unitName(a.slice(7)));
    else if (a === '-n' || a === '--lines') lines = Number(args[++i] ?? 10);
    else if (/^-n\d+$/.test(a)) lines = Number(a.slice(2));
    else if (a === '-e' || a === '--pager-end') lines = lines ?? 1000;
    else if (/^-[xe]+$/.test(a) || a === '--no-pager' || a === '-l' || a === '--full') continue;
    else {
      ctx.err(`journalctl: lvslab supports -u UNIT, -n N, -e, -x, --no-pager (not ${a})\n`);
      return 1;
    }
  }
  const all = journal(ctx.host);
  const end = all.length ? all[all.length - 1].t : 0;
  let entries = units.length ? all.filter((e) => e.unit && units.includes(e.unit)) : [...all];
  if (lines !== undefined) entries = entries.slice(-lines);
  let out = `-- Logs begin at ${systemdTimestamp(0)}, end at ${systemdTimestamp(end)}. --\n`;
  if (!entries.length) out += '-- No entries --\n';
  for (const e of entries) out += journalLine(e) + '\n';
  ctx.out(out);
  return 0;
}

register('journalctl', { run: sync(journalctl), summary: 'query the systemd journal' });
