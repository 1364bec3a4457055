import { strftime, civil } from '../../../os/clock';
import {
  CATALOGUE,
  envra,
  evr,
  installedInfo,
  installOrder,
  lookupPackage,
  markInstalled,
  markRemoved,
  nvra,
  resolveInstall,
  resolveRemove,
  type PackageInfo,
} from '../../../os/packages';
import { Interrupt, sleep, type Block, type Program, type Wake } from '../../../os/task';
import { MICROS_PER_SEC } from '../../../sim/time';
import type { CommandContext } from '../../command';
import { register } from '../../registry';
import { calcColumns, fmtColumns, formatNumber, formatTime, packageColumns, progressLine, TERM_COLUMNS } from './yum-format';

/** The mirror the course's VMs (in China) were pointed at. */
const MIRROR = 'mirrors.aliyun.com';
/** Download speed of the simulated mirror, bytes per second. */
const DOWNLOAD_RATE = 2 * 1024 * 1024;
/** yum refuses to remove these (yum.conf protected_packages). */
const PROTECTED = new Set(['yum', 'systemd']);

const secs = (s: number) => Math.round(s * MICROS_PER_SEC);
const rule = '='.repeat(TERM_COLUMNS);

type Out = (text: string) => void;

function header(out: Out, mirrors: boolean, ctx: CommandContext): void {
  out('Loaded plugins: fastestmirror\n');
  if (!mirrors) return;
  const repos = ['base', ...(ctx.host.packages.has('epel-release') ? ['epel'] : []), 'extras', 'updates'];
  out('Loading mirror speeds from cached hostfile\n' + repos.map((r) => ` * ${r}: ${MIRROR}\n`).join(''));
}

/** `Install  1 Package (+4 Dependent packages)` (yum 3.4.3-168 listTransaction). */
function summaryLine(action: string, count: number, deps: number): string {
  const pk = count === 1 ? 'Package' : 'Packages';
  return deps ? `${action}  ${count} ${pk} (+${deps} Dependent package${deps === 1 ? '' : 's'})\n` : `${action}  ${count} ${pk}\n`;
}

/** The `Dependencies Resolved` table for a transaction. */
function transactionTable(sections: Array<[string, PackageInfo[]]>, repoOf: (p: PackageInfo) => string, sizeOf: (p: PackageInfo) => number): string {
  const n = new Map<number, number>();
  const v = new Map<number, number>();
  const r = new Map<number, number>();
  let aWid = 0;
  const add = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const [, pkgs] of sections) {
    for (const p of pkgs) {
      add(n, p.name.length);
      add(v, evr(p).length);
      add(r, repoOf(p).length);
      aWid = Math.max(aWid, p.arch.length);
    }
  }
  const [nW, aW, vW, rW, sW] = calcColumns([n, new Map(), v, r, new Map()], { columns: [1, aWid, 1, 1, 5], remainderColumn: 2, indent: '  ' });
  let out = `\n${rule}\n${fmtColumns([['Package', -nW], ['Arch', -aW], ['Version', -vW], ['Repository', -rW], ['Size', sW]], ' ')}\n${rule}\n`;
  for (const [title, pkgs] of sections) {
    if (!pkgs.length) continue;
    out += `${title}:\n`;
    for (const p of pkgs) out += fmtColumns([[p.name, -nW], [p.arch, -aW], [evr(p), -vW], [repoOf(p), -rW], [formatNumber(sizeOf(p)), sW]], ' ', '\n');
  }
  return out;
}

/** yum's `Is this ok` prompt; the answer is read from standard input (the lab's terminal sends none: "Exiting on user command"). */
function* confirm(ctx: CommandContext, out: Out, prompt: string): Generator<Block, 'yes' | 'no' | 'download', Wake> {
  out(prompt);
  const answer = ((yield* ctx.stdin.readAll()).split('\n')[0] ?? '').trim().toLowerCase();
  if (answer === 'y' || answer === 'yes') return 'yes';
  if ((answer === 'd' || answer === 'download') && prompt.includes('/d/')) return 'download';
  return 'no';
}

function savedTransaction(ctx: CommandContext, out: Out): void {
  let h = 2166136261;
  for (const c of `${ctx.host.id}/${ctx.host.world.now}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_';
  let suffix = '';
  for (let i = 0; i < 6; i++) {
    suffix += abc[h % abc.length];
    h = Math.floor(h / abc.length) + i * 7919;
  }
  const path = `/tmp/yum_save_tx.${strftime('%Y-%m-%d.%H-%M', civil(ctx.host.world.now))}.${suffix}.yumtx`;
  ctx.host.fs.write(path, '');
  out(`Exiting on user command\nYour transaction was saved, rerun it with:\n yum load-transaction ${path}\n`);
}

function* install(ctx: CommandContext, names: string[], assumeYes: boolean, out: Out): Program {
  header(out, true, ctx);
  yield sleep(secs(0.4));
  const wanted: PackageInfo[] = [];
  let missing = false;
  for (const name of names) {
    const p = lookupPackage(ctx.host, name);
    if (!p) {
      out(`No package ${name} available.\n`);
      missing = true;
    } else if (ctx.host.packages.has(p.name)) out(`Package ${envra(p)} already installed and latest version\n`);
    else if (!wanted.includes(p)) wanted.push(p);
  }
  if (!wanted.length) {
    if (missing) {
      ctx.err('Error: Nothing to do\n');
      return 1;
    }
    out('Nothing to do\n');
    return 0;
  }
  out('Resolving Dependencies\n');
  const plan = resolveInstall(ctx.host, wanted);
  for (const level of plan.levels) {
    out('--> Running transaction check\n');
    for (const step of level) {
      out(`---> Package ${step.pkg.name}.${step.pkg.arch} ${step.pkg.epoch}:${step.pkg.version}-${step.pkg.release} will be installed\n`);
      for (const d of step.pulled) out(`--> Processing Dependency: ${d.cap} for package: ${envra(d.by)}\n`);
    }
    yield sleep(secs(0.3));
  }
  out('--> Finished Dependency Resolution\n\nDependencies Resolved\n');
  const requested = [...wanted].sort((a, b) => (a.name < b.name ? -1 : 1));
  out(transactionTable([['Installing', requested], ['Installing for dependencies', plan.deps]], (p) => p.repo, (p) => p.size));
  out(`\nTransaction Summary\n${rule}\n${summaryLine('Install', requested.length, plan.deps.length)}\n`);
  const all = [...requested, ...plan.deps];
  const total = all.reduce((s, p) => s + p.size, 0);
  out(`Total download size: ${formatNumber(total)}\nInstalled size: ${formatNumber(all.reduce((s, p) => s + p.installedSize, 0))}\n`);
  let downloadOnly = false;
  if (!assumeYes) {
    const a = yield* confirm(ctx, out, 'Is this ok [y/d/N]: ');
    if (a === 'no') {
      savedTransaction(ctx, out);
      return 1;
    }
    if (a === 'download') {
      downloadOnly = true;
      out('Background downloading packages, then exiting:\n');
    }
  }
  out('Downloading packages:\n');
  const downloads = [...all].sort((a, b) => (a.name < b.name ? -1 : 1));
  let elapsed = 0;
  try {
    for (let i = 0; i < downloads.length; i++) {
      const p = downloads[i];
      const t = 0.05 + p.size / DOWNLOAD_RATE;
      yield sleep(secs(t));
      elapsed += t;
      const file = `${nvra(p)}.rpm`;
      const label = downloads.length > 1 ? `(${String(i + 1).padStart(String(downloads.length).length)}/${downloads.length}): ${file}` : file;
      const rest = TERM_COLUMNS - 24;
      out(`${label.slice(0, rest).padEnd(rest)} | ${formatNumber(p.size).padStart(5)}B  ${formatTime(t)}     \n`);
    }
  } catch (e) {
    if (e instanceof Interrupt) {
      out('\n\nExiting on user cancel\n');
      return 1;
    }
    throw e;
  }
  if (downloads.length > 1) {
    out(`${'-'.repeat(TERM_COLUMNS)}\n`);
    out(`${'Total'.padEnd(TERM_COLUMNS - 33)} ${formatNumber(total / elapsed).padStart(5)}B/s | ${formatNumber(total).padStart(5)}B  ${formatTime(elapsed)}     \n`);
  }
  if (downloadOnly) {
    out('exiting because "Download Only" specified\n');
    return 0;
  }
  out('Running transaction check\nRunning transaction test\nTransaction test succeeded\nRunning transaction\n');
  yield sleep(secs(0.5));
  const order = installOrder(all);
  for (let i = 0; i < order.length; i++) {
    const p = order[i];
    yield sleep(secs(0.15 + p.installedSize / (40 * 1024 * 1024)));
    markInstalled(ctx.host, p.name);
    out(progressLine('Installing', nvra(p), i + 1, order.length));
  }
  for (let i = 0; i < order.length; i++) {
    yield sleep(secs(0.05));
    out(progressLine('Verifying', nvra(order[i]), i + 1, order.length));
  }
  const msg = (p: PackageInfo) => `${p.name}.${p.arch} ${p.epoch}:${p.version}-${p.release}`;
  out(`\nInstalled:\n${packageColumns(requested.map(msg))}`);
  if (plan.deps.length) out(`\nDependency Installed:\n${packageColumns(plan.deps.map(msg))}`);
  out('\nComplete!\n');
  return 0;
}

function* remove(ctx: CommandContext, names: string[], assumeYes: boolean, out: Out): Program {
  header(out, false, ctx);
  const primary: PackageInfo[] = [];
  for (const name of names) {
    if (PROTECTED.has(name) && ctx.host.packages.has(name)) {
      ctx.err(`Error: Trying to remove "${name}", which is protected\n`);
      return 1;
    }
    const p = installedInfo(ctx.host, name) ?? [...CATALOGUE.values()].find((q) => q.provides?.includes(name) && ctx.host.packages.has(q.name));
    if (!p) out(`No Match for argument: ${name}\n`);
    else if (!primary.includes(p)) primary.push(p);
  }
  if (!primary.length) {
    out('No Packages marked for removal\n');
    return 0;
  }
  out('Resolving Dependencies\n');
  const removing = new Map<string, PackageInfo>();
  let level = [...primary].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const p of level) removing.set(p.name, p);
  while (level.length) {
    out('--> Running transaction check\n');
    const next: PackageInfo[] = [];
    for (const p of level) {
      out(`---> Package ${p.name}.${p.arch} ${p.epoch}:${p.version}-${p.release} will be erased\n`);
      for (const q of resolveRemove(ctx.host, p.name).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (removing.has(q.name)) continue;
        const cap = q.requires!.find((r) => r.pkg === p.name)?.cap;
        if (!cap) continue;
        out(`--> Processing Dependency: ${cap} for package: ${envra(q)}\n`);
        removing.set(q.name, q);
        next.push(q);
      }
    }
    level = next.sort((a, b) => (a.name < b.name ? -1 : 1));
  }
  out('--> Finished Dependency Resolution\n\nDependencies Resolved\n');
  const deps = [...removing.values()].filter((p) => !primary.includes(p)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const prim = [...primary].sort((a, b) => (a.name < b.name ? -1 : 1));
  out(transactionTable([['Removing', prim], ['Removing for dependencies', deps]], (p) => `@${p.repo}`, (p) => p.installedSize));
  out(`\nTransaction Summary\n${rule}\n${summaryLine('Remove', prim.length, deps.length)}\n`);
  out(`Installed size: ${formatNumber([...removing.values()].reduce((s, p) => s + p.installedSize, 0))}\n`);
  if (!assumeYes && (yield* confirm(ctx, out, 'Is this ok [y/N]: ')) !== 'yes') {
    savedTransaction(ctx, out);
    return 1;
  }
  out('Downloading packages:\nRunning transaction check\nRunning transaction test\nTransaction test succeeded\nRunning transaction\n');
  yield sleep(secs(0.3));
  const order = installOrder([...removing.values()]).reverse();
  for (let i = 0; i < order.length; i++) {
    yield sleep(secs(0.1));
    markRemoved(ctx.host, order[i].name);
    out(progressLine('Erasing', nvra(order[i]), i + 1, order.length));
  }
  for (let i = 0; i < order.length; i++) {
    yield sleep(secs(0.03));
    out(progressLine('Verifying', nvra(order[i]), i + 1, order.length));
  }
  const msg = (p: PackageInfo) => `${p.name}.${p.arch} ${p.epoch}:${p.version}-${p.release}`;
  out(`\nRemoved:\n${packageColumns(prim.map(msg))}`);
  if (deps.length) out(`\nDependency Removed:\n${packageColumns(deps.map(msg))}`);
  out('\nComplete!\n');
  return 0;
}

/** `yum list [installed|available|all] [NAME...]`: name.arch, version, repository in computed columns. */
function list(ctx: CommandContext, args: string[], out: Out): number {
  header(out, args[0] !== 'installed', ctx);
  const which = ['installed', 'available', 'all'].includes(args[0]) ? args.shift()! : 'all';
  const match = (p: PackageInfo) => !args.length || args.includes(p.name);
  const installed = [...CATALOGUE.values()].filter((p) => ctx.host.packages.has(p.name) && match(p));
  const available = [...CATALOGUE.values()].filter((p) => !ctx.host.packages.has(p.name) && lookupPackage(ctx.host, p.name) && p.repo !== 'anaconda' && match(p));
  const groups: Array<[string, PackageInfo[], (p: PackageInfo) => string]> = [];
  if (which !== 'available' && installed.length) groups.push(['Installed Packages', installed, (p) => `@${p.repo}`]);
  if (which !== 'installed' && available.length) groups.push(['Available Packages', available, (p) => p.repo]);
  if (!groups.length) {
    ctx.err('Error: No matching Packages to list\n');
    return 1;
  }
  const na = new Map<number, number>();
  const ver = new Map<number, number>();
  const rid = new Map<number, number>();
  const add = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const [, pkgs, repo] of groups) {
    for (const p of pkgs) {
      add(na, p.name.length + 1 + p.arch.length);
      add(ver, evr(p).length);
      add(rid, repo(p).length);
    }
  }
  const [c0, c1, c2] = calcColumns([na, ver, rid], { remainderColumn: 1 });
  for (const [title, pkgs, repo] of groups) {
    out(`${title}\n`);
    for (const p of [...pkgs].sort((a, b) => (a.name < b.name ? -1 : 1))) out(fmtColumns([[`${p.name}.${p.arch}`, -c0], [evr(p), -c1], [repo(p), -c2]], '', '\n'));
  }
  return 0;
}

const USAGE = `Usage: yum [options] COMMAND

List of Commands:

clean          Remove cached data
erase          Remove a package or packages from your system
install        Install a package or packages on your system
list           List a package or groups of packages
makecache      Generate the metadata cache
remove         Remove a package or packages from your system
`;

/**
 * yum(8), yum 3.4.3 on CentOS 7: install (with dependencies, the transaction
 * table, downloads and the rpm transaction, taking a few seconds of virtual
 * time), remove, list, clean, makecache. Without -y it asks `Is this ok` and
 * reads the answer from standard input — a lab terminal sends none, so yum
 * exits "on user command" as it does when its input is closed.
 */
function* yum(ctx: CommandContext): Program {
  const args = ctx.argv.slice(1);
  const opts = args.filter((a) => a.startsWith('-'));
  const words = args.filter((a) => !a.startsWith('-'));
  const assumeYes = opts.some((o) => o === '-y' || o === '--assumeyes' || /^-[a-z]*y/.test(o));
  const quiet = opts.some((o) => o === '-q' || o === '--quiet');
  const out: Out = quiet ? () => {} : (t) => ctx.out(t);
  const bad = opts.find((o) => !/^(-y|--assumeyes|-q|--quiet|--nogpgcheck|-C|--cacheonly|--enablerepo=.*|--disablerepo=.*|-d\d*|-e\d*)$/.test(o));
  if (bad) {
    ctx.err(`${USAGE}\nCommand line error: no such option: ${bad}\n`);
    return 1;
  }
  const cmd = words.shift();
  if (!cmd) {
    out('Loaded plugins: fastestmirror\n');
    ctx.err(`You need to give some command\n${USAGE}`);
    return 1;
  }
  switch (cmd) {
    case 'install':
      if (!words.length) {
        header(out, true, ctx);
        ctx.err('Error: Need to pass a list of pkgs to install\n Mini usage:\n\ninstall PACKAGE...\n\nInstall a package or packages on your system\n\naliases: install-n, install-na, install-nevra\n');
        return 1;
      }
      return yield* install(ctx, words, assumeYes, out);
    case 'remove':
    case 'erase':
      if (!words.length) {
        header(out, false, ctx);
        ctx.err(`Error: Need to pass a list of pkgs to remove\n Mini usage:\n\nremove PACKAGE...\n\nRemove a package or packages from your system\n\naliases: erase, erase-n, erase-na, erase-nevra\n`);
        return 1;
      }
      return yield* remove(ctx, words, assumeYes, out);
    case 'list':
      return list(ctx, words, out);
    case 'clean':
      out('Loaded plugins: fastestmirror\n');
      if (!words.length) {
        ctx.err('Error: clean requires an option: headers, packages, metadata, dbcache, plugins, expire-cache, rpmdb, all\n');
        return 1;
      }
      out(`Cleaning repos: base${ctx.host.packages.has('epel-release') ? ' epel' : ''} extras updates\n`);
      if (words.includes('all')) out('Cleaning up list of fastest mirrors\n');
      return 0;
    case 'makecache':
      header(out, true, ctx);
      yield sleep(secs(1.2));
      out('Metadata Cache Created\n');
      return 0;
    default:
      out('Loaded plugins: fastestmirror\n');
      ctx.err(`No such command: ${cmd}. Please use /usr/bin/yum --help\n`);
      return 1;
  }
}

register('yum', { run: yum, summary: 'Yellowdog Updater Modified: install and remove packages' });
