import type { Host } from './host';
import type { Micros } from '../sim/time';
import type { DirEntry, VfsProvider } from './vfs';

/** proc(5): a descriptor link's mode shows how it was opened (fs/proc/fd.c: r → S_IRUSR|S_IXUSR, w → S_IWUSR|S_IXUSR). */
function linkMode(input: boolean, output: boolean): number {
  return (input ? 0o500 : 0) | (output ? 0o300 : 0) || 0o700;
}

/**
 * /proc/<pid> for every process of a host: `fd/` (the descriptors as links —
 * an interactive bash shows 0, 1, 2 and 255 on its terminal, plus whatever
 * `exec 8<> ...` opened), `cmdline` and `comm`. Mounted at /proc owning only
 * the numeric entries, so /proc/sys and /proc/net stay with their own providers.
 */
export function procfsProvider(host: Host): VfsProvider {
  /** The kernel stamps a /proc inode when it is first looked up; keep that time per process. */
  const seen = new Map<number, Micros>();
  const stamp = (pid: number): Micros => {
    let t = seen.get(pid);
    if (t === undefined) seen.set(pid, (t = host.world.now));
    return t;
  };
  const split = (rel: string): { pid: number; rest: string[] } | undefined => {
    const parts = rel.split('/');
    if (!/^\d+$/.test(parts[0])) return undefined;
    const pid = Number(parts[0]);
    return host.procs.get(pid) ? { pid, rest: parts.slice(1) } : undefined;
  };
  const fdList = (pid: number): Array<{ fd: number; target: string; mode: number }> => {
    const sh = host.shells.find((s) => s.pid === pid);
    if (sh) {
      const out = [...sh.fds.entries()].map(([fd, f]) => ({ fd, target: f.target, mode: linkMode(!!f.input, !!f.output) }));
      // bash keeps its terminal open on fd 255 (bash: shell.c, default_buffered_input / SHELL_FD_BASE).
      if (!sh.fds.has(255)) out.push({ fd: 255, target: sh.tty, mode: 0o700 });
      return out.sort((a, b) => a.fd - b.fd);
    }
    const p = host.procs.get(pid)!;
    if (p.kthread) return [];
    const fds = p.fds ? p.fds() : [0, 1, 2].map((fd) => ({ fd, target: '/dev/null' }));
    return fds.map((f) => ({ ...f, mode: 0o700 }));
  };
  return {
    owns: (rel) => /^\d+(\/|$)/.test(rel),
    isDir: (rel) => {
      const s = split(rel);
      if (!s) return false;
      return s.rest.length === 0 || (s.rest.length === 1 && s.rest[0] === 'fd');
    },
    read: (rel) => {
      const s = split(rel);
      if (!s) return undefined;
      const p = host.procs.get(s.pid)!;
      if (s.rest.length === 1 && s.rest[0] === 'cmdline') return p.kthread ? '' : p.args.split(' ').join('\0') + '\0';
      if (s.rest.length === 1 && s.rest[0] === 'comm') return `${p.comm}\n`;
      if (s.rest.length === 2 && s.rest[0] === 'fd' && fdList(s.pid).some((f) => String(f.fd) === s.rest[1])) return '';
      return undefined;
    },
    list: (rel) => {
      if (rel === '') {
        return host.procs.list().map((p): DirEntry => ({ name: String(p.pid), type: 'dir', size: 0, mode: 0o555, mtime: stamp(p.pid) }));
      }
      const s = split(rel);
      if (!s) return undefined;
      if (s.rest.length === 0) {
        const t = stamp(s.pid);
        return [
          { name: 'cmdline', type: 'file', size: 0, mode: 0o444, mtime: t },
          { name: 'comm', type: 'file', size: 0, mode: 0o644, mtime: t },
          { name: 'fd', type: 'dir', size: 0, mode: 0o500, mtime: t },
        ];
      }
      if (s.rest.length === 1 && s.rest[0] === 'fd') {
        const t = stamp(s.pid);
        return fdList(s.pid).map((f): DirEntry => ({ name: String(f.fd), type: 'link', size: 64, mode: f.mode, target: f.target, mtime: t }));
      }
      return undefined;
    },
  };
}
