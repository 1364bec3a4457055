/**
 * keepalived's configuration reader (keepalived/core/parser.c read_line and
 * alloc_strvec): physical lines become word vectors.
 *
 * - `!` and `#` start a comment anywhere outside "quotes", also right after a
 *   word (`weight 1#x` is `weight 1`).
 * - A `{` or `}` inside a line is split off so every brace ends up at the
 *   start of a line of its own: `vrrp_instance VI_1 {` is read as
 *   `vrrp_instance VI_1` then `{`; `url { path / }` as `url`, `{`, `path /`, `}`.
 * - "double quotes" make one word without the quotes.
 * - `$NAME=value` defines a parameter, `$NAME` / `${NAME}` expands it.
 * - `@id` lines apply only to the host with that config_id (lvslab has none),
 *   `@^id` lines to every other host.
 * - `include FILE` reads another file in place.
 */

const WHITE = ' \t\f\n\r\v';
const COMMENT = '!#';

export interface ConfLine {
  words: string[];
  /** 1-based line number in `file`. */
  line: number;
  file: string;
}

/** Opens an included file: its text, or null after logging why it was skipped. */
export type IncludeOpener = (path: string, log: (m: string) => void) => string | null;

/** alloc_strvec_r: split one line into words. */
export function splitWords(s: string, log: (m: string) => void): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && WHITE.includes(s[i])) i++;
    if (i >= s.length || COMMENT.includes(s[i])) break;
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1);
      if (end < 0) {
        log(`Unmatched quote: '${s}'`);
        break;
      }
      out.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !WHITE.includes(s[j]) && !COMMENT.includes(s[j]) && s[j] !== '"') j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

interface Frame {
  lines: string[];
  next: number;
  file: string;
}

/**
 * A stream of word vectors over a file and what it includes. `next()` is
 * what process_stream and alloc_value_block both read from, so a value
 * block and the keyword parser share the position.
 */
export class ConfReader {
  private frames: Frame[];
  private residue: { text: string; line: number; file: string } | null = null;
  private readonly defs = new Map<string, string>();

  constructor(
    text: string,
    file: string,
    private readonly log: (m: string) => void,
    private readonly include: IncludeOpener = () => null,
  ) {
    this.frames = [{ lines: text.split('\n'), next: 0, file }];
  }

  /** The next non-empty word vector, or null at the end of everything. */
  next(): ConfLine | null {
    for (;;) {
      const raw = this.readLine();
      if (!raw) return null;
      const words = splitWords(raw.text, this.log);
      if (words.length === 0) continue;
      if (words[0] === 'include' && words.length === 2) {
        const text = this.include(words[1], this.log);
        if (text !== null) this.frames.push({ lines: text.split('\n'), next: 0, file: words[1] });
        continue;
      }
      return { words, line: raw.line, file: raw.file };
    }
  }

  /** read_line: one logical line (braces split off), with definitions expanded. */
  private readLine(): { text: string; line: number; file: string } | null {
    let text: string;
    let line: number;
    let file: string;
    if (this.residue) {
      ({ text, line, file } = this.residue);
      this.residue = null;
    } else {
      for (;;) {
        const f = this.frames[this.frames.length - 1];
        if (!f) return null;
        if (f.next >= f.lines.length) {
          this.frames.pop();
          continue;
        }
        line = f.next + 1;
        file = f.file;
        text = f.lines[f.next++].replace(/[\r\n]+$/, '');
        let start = text.search(/[^ \t]/);
        if (start < 0) continue;
        if (text[start] === '@') {
          // No config_id in lvslab: `@id` lines are dropped, `@^id` lines kept.
          const rev = text[start + 1] === '^';
          const sp = text.slice(start).search(/[ \t]/);
          if (sp < 0 || !rev) continue;
          text = text.slice(start + sp);
          start = text.search(/[^ \t]/);
          if (start < 0) continue;
        }
        if (text[start] === '$') {
          const def = /^\$([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text.slice(start));
          if (def) {
            this.defs.set(def[1], def[2]);
            continue;
          }
        }
        if (this.defs.size && text.includes('$')) text = this.expand(text);
        break;
      }
    }
    return this.splitBraces(text!, line!, file!);
  }

  /** replace_param: `$NAME` and `${NAME}`. */
  private expand(text: string): string {
    return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a: string | undefined, b: string | undefined) => {
      const v = this.defs.get((a ?? b)!);
      return v === undefined ? m : v;
    });
  }

  /** The end of read_line: cut at the first `{`/`}` not in quotes and before a comment. */
  private splitBraces(text: string, line: number, file: string): { text: string; line: number; file: string } {
    const start = text.search(/[^ \t]/);
    if (start < 0) return { text, line, file };
    let p = start;
    if (text[p] !== '{' && text[p] !== '}') {
      let found = -1;
      for (let i = start; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
          const end = text.indexOf('"', i + 1);
          if (end < 0) break;
          i = end;
          continue;
        }
        if (c === '{' || c === '}' || c === '!' || c === '#') {
          found = i;
          break;
        }
      }
      if (found < 0) return { text, line, file };
      p = found;
    }
    if (text[p] !== '{' && text[p] !== '}') return { text, line, file };
    let skip = 0;
    if (p === start) {
      skip = 1;
      while (text[p + skip] === ' ' || text[p + skip] === '\t') skip++;
    }
    const rest = text[p + skip];
    if (rest !== undefined && rest !== '#' && rest !== '!') {
      this.residue = { text: text.slice(p + skip), line, file };
      return { text: text.slice(0, p + skip), line, file };
    }
    return { text, line, file };
  }
}
