import { lsTime } from '../../../os/clock';
import type { DirEntry } from '../../../os/vfs';
import { dirname } from '../../../os/vfs';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { abs, errText, usageError } from './fsutil';
import { has, parseOpts } from './opts';

/** The terminal width ls formats columns for. */
export const LS_LINE_LENGTH = 80;

/**
 * The order `ls` sorts names in under en_US.UTF-8 (glibc's collation): first
 * ignoring punctuation and case (so `anaconda-ks.cfg` sorts between `..` and
 * `.bash_history`), then lower case before upper case, then byte order.
 */
export function collate(a: string, b: string): number {
  const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const ka = key(a);
  const kb = key(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  const swap = (s: string) => s.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  const sa = swap(a);
  const sb = swap(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `drwxr-xr-x`, `-rw-r--r--`, `lrwx------`. */
export function modeString(e: DirEntry): string {
  const type = e.type === 'dir' ? 'd' : e.type === 'link' ? 'l' : e.type === 'socket' ? 's' : '-';
  let s = type;
  // setuid, setgid and sticky bits show in the x column: s/S, s/S, t/T.
  const special = [[0o4000, 's'], [0o2000, 's'], [0o1000, 't']] as const;
  for (let k = 0, shift = 6; shift >= 0; shift -= 3, k++) {
    const bits = (e.mode >> shift) & 7;
    const [flag, ch] = special[k];
    const x = e.mode & flag ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-';
    s += (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + x;
  }
  return s;
}

/** ls -h: powers of 1024, one decimal below 10, always rounded up (human.c with human_ceiling). */
export function humanSize(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  if (v < 10) {
    const r = Math.ceil(v * 10) / 10;
    return r >= 10 ? `10${units[u]}` : `${r.toFixed(1)}${units[u]}`;
  }
  const r = Math.ceil(v);
  return r >= 1024 && u < units.length - 1 ? `1.0${units[u + 1]}` : `${r}${units[u]}`;
}

/** 1 KiB blocks the entry occupies (st_blocks / 2): 4 KiB file-system blocks, nothing for procfs. */
const blocksOf = (e: DirEntry): number => (e.type === 'link' || e.size === 0 ? 0 : Math.ceil(e.size / 4096) * 4);

/** GNU ls's indent(): tabs to each multiple of 8 where they fit, then spaces (coreutils 8.22 default tabsize 8). */
function indent(from: number, to: number): string {
  let s = '';
  const tab = 8;
  while (from < to) {
    if (Math.floor(to / tab) > Math.floor((from + 1) / tab)) {
      s += '\t';
      from += tab - (from % tab);
    } else {
      s += ' ';
      from++;
    }
  }
  return s;
}

/** ls -C: as many columns as fit in the line, filled top to bottom (ls.c calculate_columns / print_many_per_line). */
export function columns(names: string[], lineLength = LS_LINE_LENGTH): string {
  const n = names.length;
  if (n === 0) return '';
  const MIN = 3;
  const maxCols = Math.max(1, Math.min(Math.floor(lineLength / MIN), n));
  const info = Array.from({ length: maxCols }, (_, i) => ({ valid: true, lineLen: (i + 1) * MIN, arr: new Array<number>(i + 1).fill(MIN) }));
  names.forEach((name, filesno) => {
    for (let i = 0; i < maxCols; i++) {
      const c = info[i];
      if (!c.valid) continue;
      const idx = Math.floor(filesno / Math.floor((n + i) / (i + 1)));
      const real = name.length + (idx === i ? 0 : 2);
      if (c.arr[idx] < real) {
        c.lineLen += real - c.arr[idx];
        c.arr[idx] = real;
        c.valid = c.lineLen < lineLength;
      }
    }
  });
  let cols = maxCols;
  for (; cols > 1; cols--) if (info[cols - 1].valid) break;
  const fmt = info[cols - 1];
  const rows = Math.floor(n / cols) + (n % cols !== 0 ? 1 : 0);
  let out = '';
  for (let row = 0; row < rows; row++) {
    let col = 0;
    let filesno = row;
    let pos = 0;
    for (;;) {
      const name = names[filesno];
      const max = fmt.arr[col++];
      out += name;
      filesno += rows;
      if (filesno >= n) break;
      out += indent(pos + name.length, pos + max);
      pos += max;
    }
    out += '\n';
  }
  return out;
}

interface Item {
  /** As printed: the entry name, or the operand as typed. */
  name: string;
  path: string;
  e: DirEntry;
}

function ls(ctx: CommandContext): number {
  // --color[=WHEN] only changes escapes on a terminal; lvslab prints plain names.
  const args = ctx.argv.slice(1).filter((a) => !/^--colou?r(=.*)?$/.test(a));
  const p = parseOpts(args, 'aAdlh1rtS', {
    all: { short: 'a' },
    'almost-all': { short: 'A' },
    directory: { short: 'd' },
    'human-readable': { short: 'h' },
    reverse: { short: 'r' },
  });
  if (p.error) return usageError(ctx, 'ls', p.error, 2);
  const long = has(p, 'l');
  const all = has(p, 'a');
  const almost = has(p, 'A');
  const asFile = has(p, 'd');
  const human = has(p, 'h');
  // ls -1 is the default when standard output is not a terminal (ls.c: isatty(STDOUT_FILENO)).
  const one = has(p, '1') || ctx.stdoutIsTty === false;
  const fs = ctx.host.fs;
  const now = ctx.host.world.now;
  let status = 0;

  const order = (items: Item[]): Item[] => {
    let s = [...items].sort((a, b) => collate(a.name, b.name));
    if (has(p, 't')) s = s.sort((a, b) => (b.e.mtime ?? 0) - (a.e.mtime ?? 0));
    if (has(p, 'S')) s = s.sort((a, b) => b.e.size - a.e.size);
    return has(p, 'r') ? s.reverse() : s;
  };

  const nlink = (it: Item): number => {
    if (it.e.type !== 'dir') return 1;
    try {
      return 2 + fs.list(it.path).filter((c) => c.type === 'dir').length;
    } catch {
      return 2;
    }
  };

  const render = (items: Item[], withTotal: boolean): string => {
    if (!long) return one ? items.map((i) => i.name + '\n').join('') : columns(items.map((i) => i.name));
    const rows = items.map((it) => ({
      mode: modeString(it.e),
      links: String(nlink(it)),
      owner: 'root',
      group: 'root',
      size: human ? humanSize(it.e.size) : String(it.e.size),
      date: lsTime(it.e.mtime ?? 0, now),
      name: it.name + (it.e.type === 'link' && it.e.target !== undefined ? ` -> ${it.e.target}` : ''),
    }));
    const w = (k: 'links' | 'owner' | 'group' | 'size') => Math.max(...rows.map((r) => r[k].length));
    const [wl, wo, wg, ws] = [w('links'), w('owner'), w('group'), w('size')];
    let out = '';
    if (withTotal) {
      const total = items.reduce((s, it) => s + blocksOf(it.e), 0);
      out += `total ${human ? humanSize(total * 1024) : total}\n`;
    }
    for (const r of rows) out += `${r.mode} ${r.links.padStart(wl)} ${r.owner.padEnd(wo)} ${r.group.padEnd(wg)} ${r.size.padStart(ws)} ${r.date} ${r.name}\n`;
    return out;
  };

  const operands = p.operands.length ? p.operands : ['.'];
  const files: Item[] = [];
  const dirs: Item[] = [];
  for (const op of operands) {
    const path = abs(ctx, op);
    try {
      const e = fs.stat(path);
      (e.type === 'dir' && !asFile ? dirs : files).push({ name: op, path, e: { ...e, name: op } });
    } catch (err) {
      ctx.err(`ls: cannot access ${op}: ${errText(err)}\n`);
      status = 2;
    }
  }
  const blocks: string[] = [];
  if (files.length) blocks.push(render(order(files), false));
  const many = operands.length > 1;
  for (const d of order(dirs)) {
    let entries: DirEntry[];
    try {
      entries = fs.list(d.path);
    } catch (err) {
      ctx.err(`ls: cannot open directory ${d.name}: ${errText(err)}\n`);
      status = 2;
      continue;
    }
    const items: Item[] = entries
      .filter((e) => all || almost || !e.name.startsWith('.'))
      .map((e) => ({ name: e.name, path: d.path === '/' ? `/${e.name}` : `${d.path}/${e.name}`, e }));
    if (all) {
      const self = fs.stat(d.path);
      const parent = fs.stat(d.path === '/' ? '/' : dirname(d.path));
      items.push({ name: '.', path: d.path, e: { ...self, name: '.' } }, { name: '..', path: d.path === '/' ? '/' : dirname(d.path), e: { ...parent, name: '..' } });
    }
    const body = render(order(items), true);
    blocks.push(many ? `${d.name}:\n${body}` : body);
  }
  ctx.out(blocks.join('\n'));
  return status;
}

register(['ls', 'll'], {
  run: (ctx) => sync(ls)(ctx.argv[0] === 'll' ? { ...ctx, argv: ['ls', '-l', ...ctx.argv.slice(1)] } : ctx),
  summary: 'list directory contents',
});
