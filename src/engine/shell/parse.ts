import type { List, ListOp, Pipeline, Redir, RedirOp, SimpleCommand, Word, WordPart } from './ast';

/** A syntax error worded as bash words it. */
export class ShellSyntaxError extends Error {}

/** Index of the `)` closing a `$(` that starts at `open` (the `(`), honouring quotes and nesting; -1 if none. */
function closingParen(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const q = line.indexOf("'", i + 1);
      if (q < 0) return -1;
      i = q;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

type Token =
  | { t: 'word'; word: Word; raw: string }
  | { t: 'op'; op: ListOp | '|' | '!' }
  | { t: 'redir'; fd: number | null; op: RedirOp; dash?: boolean };

const REDIR_OPS: RedirOp[] = ['&>', '<<', '>>', '<>', '>&', '<&', '>', '<'];

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break; // comment to end of line
    if (c === ';') {
      out.push({ t: 'op', op: ';' });
      i++;
      continue;
    }
    if (c === '&' && line[i + 1] === '&') {
      out.push({ t: 'op', op: '&&' });
      i += 2;
      continue;
    }
    if (c === '|' && line[i + 1] === '|') {
      out.push({ t: 'op', op: '||' });
      i += 2;
      continue;
    }
    if (c === '|') {
      out.push({ t: 'op', op: '|' });
      i++;
      continue;
    }
    if (c === '&' && line[i + 1] !== '>') {
      out.push({ t: 'op', op: '&' });
      i++;
      continue;
    }
    // Redirection, optionally preceded by a file descriptor number: 2> 8<> 8<&
    const fdMatch = /^(\d+)(?=[<>])/.exec(line.slice(i));
    const at = fdMatch ? i + fdMatch[1].length : i;
    const op = REDIR_OPS.find((o) => line.startsWith(o, at));
    if (op && (fdMatch || c === '<' || c === '>' || c === '&')) {
      let end = at + op.length;
      let dash = false;
      if (op === '<<' && line[end] === '-') {
        dash = true;
        end++;
      }
      out.push({ t: 'redir', fd: fdMatch ? Number(fdMatch[1]) : null, op, dash });
      i = end;
      continue;
    }
    if (c === '!' && (i + 1 >= n || line[i + 1] === ' ') && (out.length === 0 || out[out.length - 1].t === 'op')) {
      out.push({ t: 'op', op: '!' });
      i++;
      continue;
    }
    // A word: runs of unquoted, 'single' and "double" quoted text.
    const parts: WordPart[] = [];
    const start = i;
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ text: lit });
      lit = '';
    };
    while (i < n) {
      const d = line[i];
      if (d === ' ' || d === '\t' || d === ';' || d === '|' || d === '&' || d === '<' || d === '>') break;
      if (d === '\\') {
        if (i + 1 < n) {
          // An escaped character is literal: keep it as a single-quoted part so it never expands.
          flush();
          parts.push({ text: line[i + 1], single: true });
          i += 2;
        } else i++;
        continue;
      }
      if ((d === '$' && line[i + 1] === '(') || d === '`') {
        const close = d === '`' ? line.indexOf('`', i + 1) : closingParen(line, i + 1);
        if (close < 0) throw new ShellSyntaxError(d === '`' ? "unexpected EOF while looking for matching ``'" : "unexpected EOF while looking for matching `)'");
        flush();
        parts.push({ text: line.slice(i + (d === '`' ? 1 : 2), close), subst: true });
        i = close + 1;
        continue;
      }
      if (d === "'") {
        const close = line.indexOf("'", i + 1);
        if (close < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
        flush();
        parts.push({ text: line.slice(i + 1, close), single: true });
        i = close + 1;
        continue;
      }
      if (d === '"') {
        flush();
        let j = i + 1;
        let text = '';
        while (j < n && line[j] !== '"') {
          if ((line[j] === '$' && line[j + 1] === '(') || line[j] === '`') {
            const close = line[j] === '`' ? line.indexOf('`', j + 1) : closingParen(line, j + 1);
            if (close < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `)'");
            if (text) parts.push({ text, double: true });
            text = '';
            parts.push({ text: line.slice(j + (line[j] === '`' ? 1 : 2), close), subst: true, double: true });
            j = close + 1;
            continue;
          }
          if (line[j] === '\\' && j + 1 < n && '$`"\\'.includes(line[j + 1])) {
            // \$ stays literal: mark it so expansion skips it.
            text += line[j + 1] === '$' ? '\u0000$' : line[j + 1];
            j += 2;
          } else text += line[j++];
        }
        if (j >= n) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
        if (text || !parts.some((p) => p.double)) parts.push({ text, double: true });
        i = j + 1;
        continue;
      }
      lit += d;
      i++;
    }
    flush();
    out.push({ t: 'word', word: parts, raw: line.slice(start, i) });
  }
  return out;
}

const near = (tok: Token | undefined): string => {
  if (!tok) return 'newline';
  if (tok.t === 'op') return tok.op;
  if (tok.t === 'redir') return tok.op;
  return tok.raw;
};

const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * Parse one command line. Here-document bodies are not on this line: the
 * caller collects them and fills `Redir.heredoc` (see `pendingHeredocs`).
 */
export function parseLine(line: string): List {
  const toks = tokenize(line);
  const items: List['items'] = [];
  let i = 0;
  const syntax = (tok: Token | undefined) => new ShellSyntaxError(`syntax error near unexpected token \`${near(tok)}'`);

  const parseCommand = (): SimpleCommand => {
    const cmd: SimpleCommand = { assigns: [], words: [], redirs: [] };
    while (i < toks.length) {
      const tok = toks[i];
      if (tok.t === 'op') break;
      if (tok.t === 'redir') {
        const target = toks[i + 1];
        if (!target || target.t !== 'word') throw syntax(target);
        const redir: Redir = { fd: tok.fd ?? (tok.op.startsWith('<') ? 0 : 1), op: tok.op, target: target.word };
        if (tok.op === '<<') {
          redir.stripTabs = !!tok.dash;
          redir.quotedDelimiter = target.word.some((p) => p.single || p.double);
        }
        cmd.redirs.push(redir);
        i += 2;
        continue;
      }
      const first = tok.word[0];
      if (cmd.words.length === 0 && first && !first.single && !first.double && ASSIGN.test(first.text)) {
        const eq = first.text.indexOf('=');
        const rest: Word = [{ text: first.text.slice(eq + 1) }, ...tok.word.slice(1)].filter((p) => p.text !== '' || p.single || p.double);
        cmd.assigns.push({ name: first.text.slice(0, eq), value: rest });
      } else cmd.words.push(tok.word);
      i++;
    }
    return cmd;
  };

  while (i < toks.length) {
    const pipeline: Pipeline = { negate: false, commands: [] };
    if (toks[i].t === 'op' && (toks[i] as { op: string }).op === '!') {
      pipeline.negate = true;
      i++;
    }
    for (;;) {
      const cmd = parseCommand();
      if (cmd.words.length === 0 && cmd.redirs.length === 0 && cmd.assigns.length === 0) throw syntax(toks[i]);
      pipeline.commands.push(cmd);
      const tok = toks[i];
      if (tok && tok.t === 'op' && tok.op === '|') {
        i++;
        if (i >= toks.length) throw new ShellSyntaxError('syntax error: unexpected end of file');
        continue;
      }
      break;
    }
    const tok = toks[i];
    let op: ListOp = ';';
    if (tok && tok.t === 'op') {
      if (tok.op === '|' || tok.op === '!') throw syntax(tok);
      op = tok.op;
      i++;
      if ((op === '&&' || op === '||') && i >= toks.length) throw new ShellSyntaxError('syntax error: unexpected end of file');
    }
    items.push({ pipeline, op });
  }
  return { items };
}

/** The here-documents a parsed line is waiting for, in order: their delimiters. */
export function pendingHeredocs(list: List): Redir[] {
  const out: Redir[] = [];
  for (const it of list.items) for (const c of it.pipeline.commands) for (const r of c.redirs) if (r.op === '<<') out.push(r);
  return out;
}

/** The literal text of a word with quotes removed (for here-doc delimiters). */
export const wordLiteral = (w: Word): string => w.map((p) => p.text).join('');
