import { FsError, normalizePath, STRERROR } from '../os/vfs';
import { sync, type CommandContext, type CommandFn } from './command';
import { COMMANDS } from './registry';

/** bash's `echo`: -n drops the newline, -e interprets backslash escapes. */
export function echoText(args: string[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    for (const f of args[i].slice(1)) {
      if (f === 'n') newline = false;
      else if (f === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const cut = text.indexOf('\\c');
    if (cut >= 0) {
      text = text.slice(0, cut);
      newline = false;
    }
    text = text.replace(/\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|[\\abefnrtv])/g, (_m, e: string) => {
      const simple: Record<string, string> = { '\\': '\\', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
      if (e in simple) return simple[e];
      if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
      return String.fromCharCode(parseInt(e.slice(1) || '0', 8));
    });
  }
  return text + (newline ? '\n' : '');
}

const echo = sync((ctx) => {
  try {
    ctx.out(echoText(ctx.argv.slice(1)));
    return 0;
  } catch (e) {
    if (e instanceof FsError) {
      ctx.err(`-bash: echo: write error: ${STRERROR[e.errno]}\n`);
      return 1;
    }
    throw e;
  }
});

const cd = sync((ctx) => {
  const sh = ctx.shell;
  const arg = ctx.argv[1] ?? sh.vars.get('HOME') ?? '/root';
  const target = arg === '-' ? (sh.vars.get('OLDPWD') ?? sh.cwd) : normalizePath(arg, sh.cwd);
  if (!ctx.host.fs.exists(target)) {
    ctx.err(`-bash: cd: ${arg}: No such file or directory\n`);
    return 1;
  }
  if (!ctx.host.fs.isDir(target)) {
    ctx.err(`-bash: cd: ${arg}: Not a directory\n`);
    return 1;
  }
  sh.vars.set('OLDPWD', sh.cwd);
  sh.cwd = target;
  sh.vars.set('PWD', target);
  return 0;
});

const pwd = sync((ctx) => {
  ctx.out(ctx.shell.cwd + '\n');
  return 0;
});

const trueCmd = sync(() => 0);
const falseCmd = sync(() => 1);

const exportCmd = sync((ctx) => {
  for (const a of ctx.argv.slice(1)) {
    const eq = a.indexOf('=');
    if (eq > 0) ctx.shell.vars.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return 0;
});

const history = sync((ctx) => {
  ctx.shell.history.forEach((l, i) => ctx.out(`${String(i + 1).padStart(5)}  ${l}\n`));
  return 0;
});

const typeCmd = sync((ctx) => {
  let status = 0;
  for (const n of ctx.argv.slice(1)) {
    if (BUILTINS.has(n)) ctx.out(`${n} is a shell builtin\n`);
    else if (COMMANDS.has(n) && (!COMMANDS.get(n)!.pkg || ctx.host.packages.has(COMMANDS.get(n)!.pkg!))) ctx.out(`${n} is ${commandPath(n)}\n`);
    else {
      ctx.err(`-bash: type: ${n}: not found\n`);
      status = 1;
    }
  }
  return status;
});

/** Where a command lives on a CentOS 7 box, for `type` / `which`. */
export function commandPath(name: string): string {
  const sbin = ['ifconfig', 'route', 'arp', 'ip', 'ipvsadm', 'sysctl', 'iptables', 'keepalived', 'httpd', 'service'];
  return sbin.includes(name) ? `/usr/sbin/${name}` : `/usr/bin/${name}`;
}

const help = sync((ctx) => {
  ctx.out(
    'lvslab bash, a subset of GNU bash for network labs.\n' +
      'Shell: quoting, ; && || |, redirections > >> < <> >& <& <<EOF, $$ $? $VAR, exec N<> /dev/tcp/HOST/PORT.\n' +
      `Builtins: ${[...BUILTINS.keys()].sort().join(' ')}\n` +
      `Commands: ${[...COMMANDS.keys()].sort().join(' ')}\n` +
      '(Some commands appear only after `yum install -y PACKAGE`.)\n',
  );
  return 0;
});

const exec = sync((ctx) => {
  // `exec` with only redirections is handled by the shell itself; running a program in place of the shell is not modelled.
  ctx.err('-bash: exec: replacing the shell is not supported in lvslab (use exec with redirections only)\n');
  return 1;
});

const exit = sync((ctx) => {
  ctx.out('logout\n');
  return Number(ctx.argv[1] ?? ctx.shell.status) & 0xff;
});

export const BUILTINS = new Map<string, CommandFn>([
  ['echo', echo],
  ['cd', cd],
  ['pwd', pwd],
  ['true', trueCmd],
  ['false', falseCmd],
  [':', trueCmd],
  ['export', exportCmd],
  ['history', history],
  ['type', typeCmd],
  ['help', help],
  ['exec', exec],
  ['exit', exit],
  ['logout', exit],
]);

export type { CommandContext };
