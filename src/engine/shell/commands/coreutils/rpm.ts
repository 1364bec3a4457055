import { CATALOGUE, markRemoved, nvra } from '../../../os/packages';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';

/**
 * rpm(8), rpm 4.11.3: `-q NAME...` (status = how many are not installed),
 * `-qa` (every installed package, in install order), `-e NAME` (erase, refused
 * when an installed package needs it).
 */
function rpm(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const mode = args.find((a) => a.startsWith('-')) ?? '';
  const names = args.filter((a) => !a.startsWith('-'));
  const host = ctx.host;
  if (/^-q[a-z]*$/.test(mode) || mode === '--query') {
    if (mode.includes('a')) {
      const all = [...host.packages].map((n) => CATALOGUE.get(n)).filter((p) => p && (!names.length || names.some((x) => p.name.includes(x))));
      ctx.out(all.map((p) => nvra(p!) + '\n').join(''));
      return 0;
    }
    if (!names.length) {
      ctx.err('rpm: no arguments given for query\n');
      return 1;
    }
    let missing = 0;
    for (const n of names) {
      const p = CATALOGUE.get(n);
      if (host.packages.has(n) && p) ctx.out(nvra(p) + '\n');
      else {
        ctx.out(`package ${n} is not installed\n`);
        missing++;
      }
    }
    return Math.min(missing, 255);
  }
  if (mode === '-e' || mode === '--erase') {
    if (!names.length) {
      ctx.err('rpm: no packages given for erase\n');
      return 1;
    }
    let status = 0;
    for (const n of names) {
      const p = CATALOGUE.get(n);
      if (!host.packages.has(n) || !p) {
        ctx.err(`error: package ${n} is not installed\n`);
        status = 1;
        continue;
      }
      const needers = [...CATALOGUE.values()].filter((q) => host.packages.has(q.name) && !names.includes(q.name) && q.requires?.some((r) => r.pkg === n));
      if (needers.length) {
        ctx.err('error: Failed dependencies:\n' + needers.flatMap((q) => q.requires!.filter((r) => r.pkg === n).map((r) => `\t${r.cap} is needed by (installed) ${nvra(q)}\n`)).join(''));
        status = 1;
        continue;
      }
      markRemoved(host, n);
    }
    return status;
  }
  if (!mode) {
    ctx.err("rpm: no operation specified\nTry 'rpm --help' for more information.\n");
    return 1;
  }
  ctx.err(`rpm: ${mode}: lvslab models rpm -q, -qa and -e only\n`);
  return 1;
}

register('rpm', { run: sync(rpm), summary: 'RPM package manager (query and erase)' });
