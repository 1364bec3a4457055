/**
 * Files for the web terminal's vi: read one from a host, write it back, and
 * word what happened as vim's message line does (`"index.html" 1L, 26C
 * written`, `E212: Can't open file for writing`).
 */
import type { Lab } from '../engine/lab';
import { FsError, STRERROR, utf8Length } from '../engine/os/vfs';

export interface FileReply {
  /** Absolute path on the host. */
  path: string;
  content: string;
  /** vim's message after loading. */
  message: string;
  /** The file cannot be edited (a directory, unreadable). */
  error?: boolean;
}

export interface SaveReply {
  path: string;
  ok: boolean;
  message: string;
}

function absolute(lab: Lab, node: string, file: string): string {
  const home = lab.existingConsole(node)?.shell.vars.get('HOME') ?? '/root';
  const expanded = file === '~' || file.startsWith('~/') ? home + file.slice(1) : file;
  return lab.resolvePath(node, expanded);
}

/** `3L, 52C` (lines and bytes), with `[noeol]` when the last line has no newline. */
function counts(content: string): string {
  const lines = content.split('\n').length - 1;
  const noeol = content !== '' && !content.endsWith('\n');
  return `${noeol ? '[noeol] ' : ''}${lines + (noeol ? 1 : 0)}L, ${utf8Length(content)}C`;
}

export function readForEditor(lab: Lab, node: string, file: string): FileReply {
  const path = absolute(lab, node, file);
  const fs = lab.host(node)!.fs;
  if (fs.isDir(path)) return { path, content: '', message: `"${file}" is a directory`, error: true };
  try {
    const content = fs.read(path);
    return { path, content, message: `"${file}" ${counts(content)}` };
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    if (e.errno === 'ENOENT') {
      const parent = path.slice(0, path.lastIndexOf('/')) || '/';
      return { path, content: '', message: `"${file}" ${fs.isDir(parent) ? '[New File]' : '[New DIRECTORY]'}` };
    }
    return { path, content: '', message: `"${file}" [Permission Denied]`, error: true };
  }
}

/** Write through `write` (the session's recorder, so a rewind replays the save); vim's wording either way. */
export function saveFromEditor(lab: Lab, node: string, file: string, content: string, write: (path: string, content: string) => void): SaveReply {
  const path = absolute(lab, node, file);
  const fs = lab.host(node)!.fs;
  const existed = fs.exists(path);
  try {
    write(path, content);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    if (e.errno === 'EISDIR') return { path, ok: false, message: `"${file}" is a directory` };
    // A virtual file refusing the value (sysctl) fails at write(2), like `echo x > /proc/sys/...` in bash.
    if (e.errno === 'EINVAL') return { path, ok: false, message: `"${file}" E514: write error: ${STRERROR.EINVAL}` };
    return { path, ok: false, message: `"${file}" E212: Can't open file for writing: ${STRERROR[e.errno]}` };
  }
  return { path, ok: true, message: `"${file}" ${existed ? '' : '[New] '}${counts(content)} written` };
}
