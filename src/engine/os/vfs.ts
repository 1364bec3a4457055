/**
 * A host's small file system: regular files and directories in memory, plus
 * virtual files (sysctls under /proc/sys, /proc/<pid>/fd) served by providers.
 * Errors carry the errno name so the shell can word them as bash does.
 */
export type Errno = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EACCES' | 'EINVAL' | 'EEXIST' | 'ENOTEMPTY' | 'EPERM';

export class FsError extends Error {
  constructor(
    readonly errno: Errno,
    readonly path: string,
  ) {
    super(`${path}: ${STRERROR[errno]}`);
  }
}

export const STRERROR: Record<Errno, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  EINVAL: 'Invalid argument',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EPERM: 'Operation not permitted',
};

export interface DirEntry {
  name: string;
  type: 'file' | 'dir' | 'link' | 'socket';
  size: number;
  mode: number;
  /** For links: where they point (`socket:[12345]`). */
  target?: string;
  /** Modification time (virtual µs), for `ls -l`. */
  mtime?: number;
}

/** A subtree served by code rather than stored: /proc/sys, /proc/<pid>/fd. */
export interface VfsProvider {
  read(rel: string): string | undefined;
  /** Returns false if not writable / not found; throws FsError for bad values. */
  write?(rel: string, data: string): boolean;
  list(rel: string): DirEntry[] | undefined;
  isDir(rel: string): boolean;
  /**
   * When present, the provider serves only the paths it owns; the others fall
   * through to stored files (procfs at /proc serves `<pid>/...` but not /proc/net).
   * Listing the mount point itself then merges the provider's `list('')` into the stored directory.
   */
  owns?(rel: string): boolean;
}

interface FileNode {
  content: string;
  mode: number;
  mtime: number;
  /** Appended text not yet joined into `content` (see appendTo). */
  tail?: string[];
}

/** A `/` starting an empty, `.` or `..` part (`//`, `/./`, `/..`, a trailing `/`). */
const NOT_NORMAL = /\/\.{0,2}(\/|$)/;

export function normalizePath(path: string, cwd = '/'): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  if (abs.length > 1 && !NOT_NORMAL.test(abs)) return abs; // no empty, `.` or `..` part: already normal
  const out: string[] = [];
  for (const part of abs.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export const dirname = (p: string): string => {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
};
export const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

export class Vfs {
  private files = new Map<string, FileNode>();
  private dirs = new Set<string>(['/']);
  /** Directory modes and mtimes (absent: 0755, time 0). */
  private dirMeta = new Map<string, { mode: number; mtime: number }>();
  private providers: Array<{ prefix: string; slash: string; p: VfsProvider }> = [];
  /** Virtual time in µs, for mtimes; set by the host. */
  clock: () => number = () => 0;

  mount(prefix: string, p: VfsProvider): void {
    this.providers.push({ prefix, slash: prefix + '/', p });
    this.providers.sort((a, b) => b.prefix.length - a.prefix.length);
    this.mkdirp(dirname(prefix));
  }

  private provider(path: string): { p: VfsProvider; rel: string } | undefined {
    for (const { prefix, slash, p } of this.providers) {
      if (path === prefix || path.startsWith(slash)) {
        const rel = path.slice(prefix.length).replace(/^\//, '');
        if (p.owns && !p.owns(rel)) continue;
        return { p, rel };
      }
    }
    return undefined;
  }

  /** Served by a provider (procfs) rather than stored. */
  isVirtual(path: string): boolean {
    return this.provider(path) !== undefined;
  }

  mkdirp(path: string): void {
    let cur = '';
    for (const part of path.split('/').filter(Boolean)) {
      const parent = cur || '/';
      cur += '/' + part;
      if (!this.dirs.has(cur)) {
        this.dirs.add(cur);
        this.dirMeta.set(cur, { mode: 0o755, mtime: this.clock() });
        this.touchDir(parent);
      }
    }
  }

  /** A directory's entries changed: its mtime moves (stored directories only). */
  private touchDir(dir: string): void {
    const m = this.dirMeta.get(dir);
    if (m) m.mtime = this.clock();
    else if (this.dirs.has(dir)) this.dirMeta.set(dir, { mode: 0o755, mtime: this.clock() });
  }

  exists(path: string): boolean {
    return this.isDir(path) || this.isFile(path);
  }

  isDir(path: string): boolean {
    const pv = this.provider(path);
    if (pv) return pv.p.isDir(pv.rel);
    return this.dirs.has(path);
  }

  isFile(path: string): boolean {
    const pv = this.provider(path);
    if (pv) return !pv.p.isDir(pv.rel) && pv.p.read(pv.rel) !== undefined;
    return this.files.has(path);
  }

  read(path: string): string {
    const pv = this.provider(path);
    if (pv) {
      if (pv.p.isDir(pv.rel)) throw new FsError('EISDIR', path);
      const v = pv.p.read(pv.rel);
      if (v === undefined) throw new FsError('ENOENT', path);
      return v;
    }
    if (this.dirs.has(path)) throw new FsError('EISDIR', path);
    const f = this.files.get(path);
    if (!f) throw new FsError('ENOENT', path);
    return contentOf(f);
  }

  write(path: string, data: string, append = false): void {
    const pv = this.provider(path);
    if (pv) {
      if (pv.p.isDir(pv.rel)) throw new FsError('EISDIR', path);
      if (!pv.p.write || !pv.p.write(pv.rel, data)) {
        throw new FsError(pv.p.read(pv.rel) === undefined ? 'ENOENT' : 'EACCES', path);
      }
      return;
    }
    if (this.dirs.has(path)) throw new FsError('EISDIR', path);
    const parent = dirname(path);
    if (!this.dirs.has(parent)) throw new FsError(this.files.has(parent) ? 'ENOTDIR' : 'ENOENT', path);
    const old = this.files.get(path);
    if (append && old) {
      appendTo(old, data);
      old.mtime = this.clock();
      return;
    }
    if (!old) this.touchDir(parent);
    this.files.set(path, { content: data, mode: old?.mode ?? 0o644, mtime: this.clock() });
  }

  remove(path: string): void {
    if (this.provider(path)) throw new FsError(this.isDir(path) ? 'EISDIR' : this.exists(path) ? 'EPERM' : 'ENOENT', path);
    if (!this.files.delete(path)) throw new FsError(this.dirs.has(path) ? 'EISDIR' : 'ENOENT', path);
    this.touchDir(dirname(path));
  }

  /** rmdir(2): remove an empty stored directory. */
  rmdir(path: string): void {
    if (this.provider(path) || path === '/') throw new FsError(this.exists(path) ? 'EPERM' : 'ENOENT', path);
    if (!this.dirs.has(path)) throw new FsError(this.files.has(path) ? 'ENOTDIR' : 'ENOENT', path);
    const prefix = path + '/';
    for (const d of this.dirs) if (d.startsWith(prefix)) throw new FsError('ENOTEMPTY', path);
    for (const f of this.files.keys()) if (f.startsWith(prefix)) throw new FsError('ENOTEMPTY', path);
    for (const { prefix: pp } of this.providers) if (pp.startsWith(prefix)) throw new FsError('ENOTEMPTY', path);
    this.dirs.delete(path);
    this.dirMeta.delete(path);
    this.touchDir(dirname(path));
  }

  /** utimes(2) to now (`touch` on an existing file or directory). */
  touch(path: string): void {
    const f = this.files.get(path);
    if (f) f.mtime = this.clock();
    else if (this.dirs.has(path)) this.dirMeta.set(path, { mode: this.mode(path), mtime: this.clock() });
    else if (!this.exists(path)) throw new FsError('ENOENT', path);
  }

  mode(path: string): number {
    return this.files.get(path)?.mode ?? this.dirMeta.get(path)?.mode ?? (this.isDir(path) ? 0o755 : 0o644);
  }

  chmod(path: string, mode: number): void {
    const f = this.files.get(path);
    if (f) {
      f.mode = mode;
      return;
    }
    if (this.dirs.has(path) && !this.provider(path)) {
      this.dirMeta.set(path, { mode, mtime: this.dirMeta.get(path)?.mtime ?? 0 });
      return;
    }
    throw new FsError(this.exists(path) ? 'EPERM' : 'ENOENT', path);
  }

  /** stat(2) as a directory entry (name = last path component). */
  stat(path: string): DirEntry {
    const name = path === '/' ? '/' : basename(path);
    const pv = this.provider(path);
    if (pv) {
      if (pv.rel !== '' || !pv.p.owns) {
        const parent = this.providerEntry(path);
        if (parent) return parent;
      }
      if (pv.p.isDir(pv.rel)) return { name, type: 'dir', size: 0, mode: 0o555, mtime: 0 };
      const v = pv.p.read(pv.rel);
      if (v === undefined) throw new FsError('ENOENT', path);
      return { name, type: 'file', size: 0, mode: 0o444, mtime: 0 };
    }
    const f = this.files.get(path);
    if (f) return { name, type: 'file', size: utf8Length(contentOf(f)), mode: f.mode, mtime: f.mtime };
    if (this.dirs.has(path)) {
      const m = this.dirMeta.get(path);
      return { name, type: 'dir', size: 4096, mode: m?.mode ?? 0o755, mtime: m?.mtime ?? 0 };
    }
    throw new FsError('ENOENT', path);
  }

  /** The entry for `path` as its parent directory lists it (providers know their links and sizes). */
  private providerEntry(path: string): DirEntry | undefined {
    if (path === '/') return undefined;
    try {
      return this.list(dirname(path)).find((e) => e.name === basename(path));
    } catch {
      return undefined;
    }
  }

  list(path: string): DirEntry[] {
    const pv = this.provider(path);
    if (pv) {
      const l = pv.p.list(pv.rel);
      if (!l) throw new FsError(pv.p.read(pv.rel) !== undefined ? 'ENOTDIR' : 'ENOENT', path);
      return l;
    }
    if (!this.dirs.has(path)) throw new FsError(this.files.has(path) ? 'ENOTDIR' : 'ENOENT', path);
    const prefix = path === '/' ? '/' : path + '/';
    const out = new Map<string, DirEntry>();
    for (const d of this.dirs) {
      if (d !== path && d.startsWith(prefix) && !d.slice(prefix.length).includes('/')) {
        const m = this.dirMeta.get(d);
        out.set(d.slice(prefix.length), { name: d.slice(prefix.length), type: 'dir', size: 4096, mode: m?.mode ?? 0o755, mtime: m?.mtime ?? 0 });
      }
    }
    for (const [f, n] of this.files) {
      if (f.startsWith(prefix) && !f.slice(prefix.length).includes('/')) {
        out.set(f.slice(prefix.length), { name: f.slice(prefix.length), type: 'file', size: utf8Length(contentOf(n)), mode: n.mode, mtime: n.mtime });
      }
    }
    for (const { prefix: pp, p } of this.providers) {
      if (pp !== '/' && dirname(pp) === path && !p.owns) out.set(basename(pp), { name: basename(pp), type: 'dir', size: 0, mode: 0o555, mtime: 0 });
      if (pp === path && p.owns) for (const e of p.list('') ?? []) out.set(e.name, e);
    }
    return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * A log appended to on every request (httpd's access_log) keeps its newest
 * lines in `tail` and joins them into `content` 64 at a time: one flat
 * string instead of a string tree per line (~500 bytes a line otherwise).
 */
function appendTo(f: FileNode, data: string): void {
  (f.tail ??= []).push(data);
  if (f.tail.length >= 64) contentOf(f);
}

function contentOf(f: FileNode): string {
  if (f.tail && f.tail.length) {
    f.content += f.tail.join('');
    f.tail.length = 0;
  }
  return f.content;
}
