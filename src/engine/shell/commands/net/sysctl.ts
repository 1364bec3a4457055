/**
 * sysctl, as procps-ng 3.3.10 (CentOS 7) does it: keys are paths under
 * /proc/sys with dots for slashes, read and written through the host's file
 * system (so they agree with `cat` and `echo >`). Quirks kept from that
 * version: a value the kernel refuses prints `sysctl: setting key "…":
 * Invalid argument` and then still echoes `key = value`, with exit status 0;
 * `-p` always exits 0.
 *
 * Simplifications: only the keys the simulated kernel has (net.ipv4.* and
 * whatever subsystems register, e.g. net.ipv4.vs.*) exist; `--system` reads
 * /etc/sysctl.d/*.conf and /etc/sysctl.conf only.
 */
import { register } from '../../registry';
import { sync, type CommandContext } from '../../command';
import { FsError, STRERROR } from '../../../os/vfs';

const PROC = '/proc/sys/';
const DEFAULT_PRELOAD = '/etc/sysctl.conf';

const USAGE =
  '\n' +
  'Usage:\n' +
  ' sysctl [options] [variable[=value] ...]\n' +
  '\n' +
  'Options:\n' +
  '  -a, --all            display all variables\n' +
  '  -A                   alias of -a\n' +
  '  -X                   alias of -a\n' +
  '      --deprecated     include deprecated parameters to listing\n' +
  '  -b, --binary         print value without new line\n' +
  '  -e, --ignore         ignore unknown variables errors\n' +
  '  -N, --names          print variable names without values\n' +
  '  -n, --values         print only values of a variables\n' +
  '  -p, --load[=<file>]  read values from file\n' +
  '  -f                   alias of -p\n' +
  '      --system         read values from all system directories\n' +
  '  -r, --pattern <expression>\n' +
  '                       select setting that match expression\n' +
  '  -q, --quiet          do not echo variable set\n' +
  '  -w, --write          enable writing a value to variable\n' +
  '  -o                   does nothing\n' +
  '  -x                   does nothing\n' +
  '  -d                   alias of -h\n' +
  '\n' +
  ' -h, --help     display this help and exit\n' +
  ' -V, --version  output version information and exit\n' +
  '\n' +
  'For more details see sysctl(8).\n';

interface Opts {
  nameOnly: boolean;
  printName: boolean;
  printNewline: boolean;
  ignoreError: boolean;
  quiet: boolean;
  pattern?: RegExp;
}

/** slashdot: `net.ipv4.conf.eth0.arp_ignore` ↔ `net/ipv4/conf/eth0/arp_ignore`. */
const swap = (s: string, from: string, to: string): string => {
  const first = s.search(/[./]/);
  if (first < 0 || s[first] === to) return s;
  return s.replace(/[./]/g, (c) => (c === from ? to : from));
};

function errText(e: unknown): string {
  return e instanceof FsError ? STRERROR[e.errno] : String(e);
}

function readSetting(ctx: CommandContext, o: Opts, name: string): number {
  if (!name) {
    ctx.err(`sysctl: "${name}" is an unknown key\n`);
    return -1;
  }
  const outname = swap(name, '/', '.');
  const path = PROC + swap(name, '.', '/');
  const fs = ctx.host.fs;
  if (!fs.exists(path)) {
    if (o.ignoreError) return 0;
    ctx.err(`sysctl: cannot stat ${path}: No such file or directory\n`);
    return -1;
  }
  if (fs.isDir(path)) return displayAll(ctx, o, path + '/');
  if (o.pattern && !o.pattern.test(outname)) return 0;
  let value: string;
  try {
    value = fs.read(path);
  } catch (e) {
    ctx.err(`sysctl: reading key "${outname}": ${errText(e)}\n`);
    return -1;
  }
  if (o.nameOnly) ctx.out(`${outname}\n`);
  else if (o.printName) ctx.out(`${outname} = ${value}${value.endsWith('\n') ? '' : '\n'}`);
  else ctx.out(o.printNewline ? value : value.replace(/\n$/, ''));
  return 0;
}

/** DisplayAll: a depth-first walk, each directory in name order (as /proc/sys lists them). */
function displayAll(ctx: CommandContext, o: Opts, dir: string): number {
  let rc = 0;
  for (const e of ctx.host.fs.list(dir.replace(/\/$/, '') || '/')) {
    const p = dir + e.name;
    if (e.type === 'dir') displayAll(ctx, o, p + '/');
    else rc |= readSetting(ctx, o, p.slice(PROC.length));
  }
  return rc;
}

function writeSetting(ctx: CommandContext, o: Opts, setting: string): number {
  const eq = setting.indexOf('=');
  if (eq < 0) {
    ctx.err(`sysctl: "${setting}" must be of the form name=value\n`);
    return -1;
  }
  const name = setting.slice(0, eq);
  const value = setting.slice(eq + 1);
  if (!name || !value) {
    ctx.err(`sysctl: malformed setting "${setting}"\n`);
    return -2;
  }
  const path = PROC + swap(name, '.', '/');
  const outname = swap(name, '/', '.');
  const leaf = outname.slice(outname.lastIndexOf('.') + 1);
  if (leaf === 'base_reachable_time' || leaf === 'retrans_time') {
    ctx.err(`sysctl: ${outname} is deprecated, value not set\n`);
    return 0;
  }
  const fs = ctx.host.fs;
  if (!fs.exists(path)) {
    if (o.ignoreError) return 0;
    ctx.err(`sysctl: cannot stat ${path}: No such file or directory\n`);
    return -1;
  }
  if (fs.isDir(path)) {
    ctx.err(`sysctl: setting key "${outname}": Is a directory\n`);
    return 0;
  }
  try {
    fs.write(path, `${value}\n`);
  } catch (e) {
    // procps-ng 3.3.10: the error comes from close_stream() and is only warned about.
    ctx.err(`sysctl: setting key "${outname}": ${errText(e)}\n`);
  }
  if (!o.quiet) {
    if (o.nameOnly) ctx.out(`${outname}\n`);
    else if (o.printName) ctx.out(`${outname} = ${value}\n`);
    else ctx.out(o.printNewline ? `${value}\n` : value);
  }
  return 0;
}

/** Preload: `key = value` lines, `#` and `;` comments. */
function preload(ctx: CommandContext, o: Opts, file: string): number {
  let text: string;
  try {
    text = ctx.host.fs.read(file);
  } catch (e) {
    ctx.err(`sysctl: cannot open "${file}": ${errText(e)}\n`);
    return -1;
  }
  let rc = 0;
  let n = 0;
  for (const line of text.split('\n')) {
    n++;
    const t = line.trim();
    if (t.length < 2 || t.startsWith('#') || t.startsWith(';')) continue;
    const eq = t.indexOf('=');
    const name = (eq < 0 ? t : t.slice(0, eq)).trim();
    const value = eq < 0 ? '' : t.slice(eq + 1).trim();
    if (!name || !value) {
      ctx.err(`sysctl: ${file}(${n}): invalid syntax, continuing...\n`);
      continue;
    }
    if (o.pattern && !o.pattern.test(name)) continue;
    rc |= writeSetting(ctx, o, `${name}=${value}`);
  }
  return rc;
}

function run(ctx: CommandContext): number {
  const o: Opts = { nameOnly: false, printName: true, printNewline: true, ignoreError: false, quiet: false };
  let write = false;
  let all = false;
  let load: string | null | undefined;
  const argv = ctx.argv.slice(1);
  if (argv.length === 0) {
    ctx.err(USAGE);
    return 1;
  }
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [long, inline] = a.slice(2).split('=', 2);
      if (long === 'all') all = true;
      else if (long === 'binary') {
        o.printNewline = false;
        o.printName = false;
      } else if (long === 'ignore') o.ignoreError = true;
      else if (long === 'names') o.nameOnly = true;
      else if (long === 'values') o.printName = false;
      else if (long === 'load') load = inline ?? null;
      else if (long === 'quiet') o.quiet = true;
      else if (long === 'write') write = true;
      else if (long === 'deprecated') continue;
      else if (long === 'pattern') o.pattern = new RegExp(inline ?? argv[++i] ?? '');
      else if (long === 'system') {
        o.ignoreError = true;
        let rc = 0;
        let dirFiles: string[] = [];
        try {
          dirFiles = ctx.host.fs
            .list('/etc/sysctl.d')
            .map((e) => e.name)
            .filter((n) => n.endsWith('.conf'))
            .sort();
        } catch {
          dirFiles = [];
        }
        for (const f of dirFiles) {
          if (!o.quiet) ctx.out(`* Applying /etc/sysctl.d/${f} ...\n`);
          rc |= preload(ctx, o, `/etc/sysctl.d/${f}`);
        }
        if (!o.quiet) ctx.out(`* Applying ${DEFAULT_PRELOAD} ...\n`);
        return (rc | preload(ctx, o, DEFAULT_PRELOAD)) & 0xff;
      } else if (long === 'version') {
        ctx.out('sysctl from procps-ng 3.3.10\n');
        return 0;
      } else if (long === 'help') {
        ctx.out(USAGE);
        return 0;
      } else {
        ctx.err(`sysctl: unrecognized option '${a}'\n${USAGE}`);
        return 1;
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const c = a[k];
        if (c === 'b') {
          o.printNewline = false;
          o.printName = false;
        } else if (c === 'n') o.printName = false;
        else if (c === 'e') o.ignoreError = true;
        else if (c === 'N') o.nameOnly = true;
        else if (c === 'w') write = true;
        else if (c === 'p' || c === 'f') {
          // -p takes an optional argument only when attached (-pFILE).
          load = a.slice(k + 1) || null;
          break;
        } else if (c === 'q') o.quiet = true;
        else if (c === 'o' || c === 'x') continue;
        else if (c === 'a' || c === 'A' || c === 'X') all = true;
        else if (c === 'r') {
          o.pattern = new RegExp(a.slice(k + 1) || argv[++i] || '');
          break;
        } else if (c === 'V') {
          ctx.out('sysctl from procps-ng 3.3.10\n');
          return 0;
        } else if (c === 'd' || c === 'h' || c === '?') {
          ctx.out(USAGE);
          return 0;
        } else {
          ctx.err(`sysctl: invalid option -- '${c}'\n${USAGE}`);
          return 1;
        }
      }
      continue;
    }
    rest.push(a);
  }

  if (all) return displayAll(ctx, o, PROC) & 0xff;
  if (load !== undefined) {
    if (load) preload(ctx, o, load);
    else if (rest.length === 0) preload(ctx, o, DEFAULT_PRELOAD);
    for (const f of rest) preload(ctx, o, f);
    return 0;
  }
  if (rest.length === 0) {
    ctx.err("sysctl: no variables specified\nTry `sysctl --help' for more information.\n");
    return 1;
  }
  if (o.nameOnly && o.quiet) {
    ctx.err("sysctl: options -N and -q cannot coexist\nTry `sysctl --help' for more information.\n");
    return 1;
  }
  let rc = 0;
  for (const a of rest) rc += write || a.includes('=') ? writeSetting(ctx, o, a) : readSetting(ctx, o, a);
  return rc & 0xff;
}

register('sysctl', { pkg: 'procps-ng', summary: 'configure kernel parameters at runtime', run: sync(run) });
