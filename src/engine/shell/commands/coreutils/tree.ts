import type { Vfs } from '../../../os/vfs';

/** Copy a file or a whole directory tree (cp -r, mv across the tree); modes follow the source. */
export function copyTree(fs: Vfs, src: string, dst: string): void {
  if (fs.isDir(src)) {
    if (!fs.exists(dst)) {
      fs.mkdirp(dst);
      fs.chmod(dst, fs.mode(src));
    }
    for (const e of fs.list(src)) copyTree(fs, `${src === '/' ? '' : src}/${e.name}`, `${dst}/${e.name}`);
    return;
  }
  const fresh = !fs.exists(dst);
  fs.write(dst, fs.read(src));
  if (fresh) fs.chmod(dst, fs.mode(src));
}

/** Remove a file or a directory and everything under it (rm -r). */
export function removeTree(fs: Vfs, path: string): void {
  if (fs.isDir(path) && !fs.isVirtual(path)) {
    for (const e of fs.list(path)) removeTree(fs, `${path === '/' ? '' : path}/${e.name}`);
    fs.rmdir(path);
    return;
  }
  fs.remove(path);
}
