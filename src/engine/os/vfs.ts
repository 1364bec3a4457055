/**
 * A host's small file system: regular files and directories in memory, plus
 * virtual files (sysctls under /proc/sys, /proc/<pid>/fd) served by providers.
 * Errors carry the errno name so the shell can word them as bash does.
 */
export type Errno = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EACCES' | 'EINVAL' | 'EEXIST';

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
};

export interface DirEntry {
  name: string;
  type: 'file' | 'dir' | 'link' | 'socket';
  size: number;
  mode: number;
  /** For links: where they point (`socket:[12345]`). */
  target?: string;
}

/** A subtree served by code rather than stored: /proc/sys, /proc/<pid>/fd. */
export interface VfsProvider {
  read(rel: string): string | undefined;
  /** Returns false if not writable / not found; throws FsError for bad values. */
  write?(rel: string, data: string): boolean;
  list(rel: string): DirEntry[] | undefined;
  isDir(rel: string): boolean;
}

interface FileNode {
  content: string;
  mode: number;
  mtime: number;
}

export function normalizePath(path: string, cwd = '/'): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
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
  private providers: Array<{ prefix: string; p: VfsProvider }> = [];
  /** Virtual time in µs, for mtimes; set by the host. */
  clock: () => number = () => 0;

  mount(prefix: string, p: VfsProvider): void {
    this.providers.push({ prefix, p });
    this.providers.sort((a, b) => b.prefix.length - a.prefix.length);
    this.mkdirp(dirname(prefix));
  }

  private provider(path: string): { p: VfsProvider; rel: string } | undefined {
    for (const { prefix, p } of this.providers) {
      if (path === prefix || path.startsWith(prefix + '/')) return { p, rel: path.slice(prefix.length).replace(/^\//, '') };
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
      cur += '/' + part;
      this.dirs.add(cur);
    }
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
    return f.content;
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
    this.files.set(path, {
      content: append && old ? old.content + data : data,
      mode: old?.mode ?? 0o644,
      mtime: this.clock(),
    });
  }

  remove(path: string): void {
    if (!this.files.delete(path)) throw new FsError(this.dirs.has(path) ? 'EISDIR' : 'ENOENT', path);
  }

  mode(path: string): number {
    return this.files.get(path)?.mode ?? (this.isDir(path) ? 0o755 : 0o644);
  }

  chmod(path: string, mode: number): void {
    const f = this.files.get(path);
    if (!f) throw new FsError('ENOENT', path);
    f.mode = mode;
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
        out.set(d.slice(prefix.length), { name: d.slice(prefix.length), type: 'dir', size: 4096, mode: 0o755 });
      }
    }
    for (const [f, n] of this.files) {
      if (f.startsWith(prefix) && !f.slice(prefix.length).includes('/')) {
        out.set(f.slice(prefix.length), { name: f.slice(prefix.length), type: 'file', size: utf8Length(n.content), mode: n.mode });
      }
    }
    for (const { prefix: pp } of this.providers) {
      if (dirname(pp) === path) out.set(basename(pp), { name: basename(pp), type: 'dir', size: 0, mode: 0o555 });
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
