/**
 * Tab completion as bash does it without the bash-completion package
 * (readline's defaults, bash(1) "Completing"): the first word of a command
 * completes to builtins and the commands on $PATH, every other word to file
 * names relative to the working directory. Dotfiles only when the typed word
 * starts with a dot; directories are marked with `/` in listings.
 */
import { FsError, normalizePath } from '../os/vfs';
import { BUILTINS } from './builtins';
import { COMMANDS } from './registry';
import type { Shell } from './shell';

/** What completion reads of a shell: its host, working directory and variables (HOME). */
export type ShellState = Pick<Shell, 'host' | 'cwd' | 'vars'>;

export interface CompletionItem {
  /** The whole replacement for the word (directory part included), escaped for the shell. */
  text: string;
  /** What a listing shows: the last path component, `/` after a directory. */
  display: string;
  dir: boolean;
}

export interface Completion {
  /** Where the word being completed starts in the line; it runs to the cursor. */
  start: number;
  /** The word as typed (raw, escapes kept). */
  word: string;
  kind: 'command' | 'file';
  /** Sorted candidates. */
  items: CompletionItem[];
}

const BREAK = new Set([' ', '\t', '\n', ';', '|', '&', '<', '>', '(', ')']);
const SEPARATOR = new Set([';', '|', '&', '(', ')']);
/** Characters readline quotes with a backslash in a completed file name (bash's default filename quoting). */
const SPECIAL = /[ \t\n"'\\$`!&;|<>()*?[\]{}#]/g;

export const escapeWord = (s: string): string => s.replace(SPECIAL, (c) => `\\${c}`);

function unescapeWord(raw: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (c === quote) quote = null;
      else out += c;
    } else if (c === '\\' && i + 1 < raw.length) out += raw[++i];
    else if (c === '"' || c === "'") quote = c;
    else out += c;
  }
  return out;
}

/** Where the word at `cursor` starts and whether it is in command position. */
function locateWord(line: string, cursor: number): { start: number; command: boolean } {
  let start = 0;
  let quote: string | null = null;
  // What came before the current word: the line's start or a separator (command position), a redirection, or words.
  let prev: 'start' | 'sep' | 'redir' | 'word' = 'start';
  let wordsInCommand = 0;
  let inWord = false;
  const endWord = (from: number, to: number) => {
    if (!inWord) return;
    inWord = false;
    const w = line.slice(from, to);
    // `VAR=value` before the command name keeps the next word in command position.
    if (prev === 'redir') prev = 'word';
    else if (!(wordsInCommand === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w))) {
      wordsInCommand++;
      prev = 'word';
    }
  };
  for (let i = 0; i < cursor; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '\\') {
      if (!inWord) {
        inWord = true;
        start = i;
      }
      i++;
      continue;
    }
    if (BREAK.has(c)) {
      endWord(start, i);
      if (SEPARATOR.has(c)) {
        prev = 'sep';
        wordsInCommand = 0;
      } else if (c === '<' || c === '>') prev = 'redir';
      start = i + 1;
      continue;
    }
    if (!inWord) {
      inWord = true;
      start = i;
    }
    if (c === '"' || c === "'") quote = c;
  }
  if (!inWord) start = cursor;
  const command = (prev === 'start' || prev === 'sep') && wordsInCommand === 0;
  return { start, command };
}

function commandItems(shell: ShellState, word: string): CompletionItem[] {
  const names = new Set<string>();
  for (const n of BUILTINS.keys()) if (n.startsWith(word)) names.add(n);
  for (const [n, spec] of COMMANDS) {
    if (n.startsWith(word) && (!spec.pkg || shell.host.packages.has(spec.pkg))) names.add(n);
  }
  return [...names].sort().map((n) => ({ text: escapeWord(n), display: n, dir: false }));
}

function fileItems(shell: ShellState, raw: string): CompletionItem[] {
  const word = unescapeWord(raw);
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const base = word.slice(slash + 1);
  const home = shell.vars.get('HOME') ?? '/root';
  const expanded = dirPart.startsWith('~/') || dirPart === '~' ? home + dirPart.slice(1) : dirPart;
  const fs = shell.host.fs;
  const dir = normalizePath(expanded || '.', shell.cwd);
  let entries;
  try {
    entries = fs.list(dir);
  } catch (e) {
    if (e instanceof FsError) return [];
    throw e;
  }
  const typedDir = dirPart.startsWith('~') ? `~${escapeWord(dirPart.slice(1))}` : escapeWord(dirPart);
  return entries
    .filter((e) => e.name.startsWith(base) && (base.startsWith('.') || !e.name.startsWith('.')))
    .map((e) => {
      const isDir = e.type === 'dir' || (e.type === 'link' && fs.isDir(normalizePath(e.name, dir)));
      return { text: typedDir + escapeWord(e.name), display: isDir ? `${e.name}/` : e.name, dir: isDir };
    })
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

/** Candidates for the word before `cursor` in `line`, as bash's Tab would find them on this shell's host. */
export function complete(shell: ShellState, line: string, cursor = line.length): Completion {
  const at = Math.max(0, Math.min(cursor, line.length));
  const { start, command } = locateWord(line, at);
  const word = line.slice(start, at);
  const plain = unescapeWord(word);
  if (command && !plain.includes('/')) return { start, word, kind: 'command', items: commandItems(shell, plain) };
  return { start, word, kind: 'file', items: fileItems(shell, word) };
}

/** The longest prefix all candidates share (what a first Tab inserts when there are several). */
export function commonPrefix(texts: string[]): string {
  if (!texts.length) return '';
  let p = texts[0];
  for (const t of texts) {
    let i = 0;
    while (i < p.length && i < t.length && p[i] === t[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}
