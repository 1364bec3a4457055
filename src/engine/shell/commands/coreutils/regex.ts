/**
 * POSIX regular expressions (grep's BRE and ERE, GNU extensions \< \> \w \s \b)
 * translated to a JavaScript RegExp source. Errors are worded as GNU grep
 * (regcomp) words them.
 */
export class RegexError extends Error {}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  word: 'A-Za-z0-9_',
};

/** A bracket expression starting at `pat[i] === '['`: its JS form and the index after it. */
function bracket(pat: string, i: number): { src: string; end: number } {
  let j = i + 1;
  let out = '[';
  if (pat[j] === '^') {
    out += '^';
    j++;
  }
  let firstChar = true;
  for (;;) {
    if (j >= pat.length) throw new RegexError('Unmatched [ or [^');
    const c = pat[j];
    if (c === ']' && !firstChar) return { src: out + ']', end: j + 1 };
    firstChar = false;
    if (c === '[' && pat[j + 1] === ':') {
      const close = pat.indexOf(':]', j + 2);
      if (close < 0) throw new RegexError('Unmatched [ or [^');
      const name = pat.slice(j + 2, close);
      if (!(name in CLASSES)) throw new RegexError('Invalid character class name');
      out += CLASSES[name];
      j = close + 2;
      continue;
    }
    out += c === '\\' || c === ']' || c === '[' ? `\\${c}` : c;
    j++;
  }
}

/** Translate a BRE (`ere` false) or ERE pattern to a JavaScript RegExp source. */
export function posixToJs(pat: string, ere: boolean): string {
  let out = '';
  let depth = 0;
  let atStart = true; // where `*` is literal in a BRE and `^` is an anchor
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    const wasStart = atStart;
    atStart = false;
    if (c === '[') {
      const b = bracket(pat, i);
      out += b.src;
      i = b.end - 1;
      continue;
    }
    if (c === '\\') {
      const d = pat[++i];
      if (d === undefined) throw new RegexError('Trailing backslash');
      if (!ere && '(){}|+?'.includes(d)) {
        if (d === '(') {
          depth++;
          atStart = true;
        } else if (d === ')') {
          if (depth-- <= 0) throw new RegexError('Unmatched ) or \\)');
        } else if (d === '|') atStart = true;
        out += d;
        continue;
      }
      if (d === '<') out += '\\b(?=\\w)';
      else if (d === '>') out += '\\b(?<=\\w)';
      else if ('wWsSbB'.includes(d) || /\d/.test(d)) out += `\\${d}`;
      else out += /[.*+?^${}()|[\]\\/]/.test(d) ? `\\${d}` : d;
      continue;
    }
    if (ere) {
      if (c === '(') {
        depth++;
        atStart = true;
      } else if (c === ')') {
        if (depth-- <= 0) throw new RegexError('Unmatched ) or \\)');
      } else if (c === '|') atStart = true;
      if (c === '{' && !/^\{\d*(,\d*)?\}/.test(pat.slice(i))) {
        out += '\\{';
        continue;
      }
      if ((c === '*' || c === '+' || c === '?') && wasStart) {
        out += `\\${c}`;
        continue;
      }
      out += c === '/' ? '\\/' : c;
      if (c === '^') atStart = true;
      continue;
    }
    // BRE: ( ) { } | + ? are ordinary characters.
    if ('(){}|+?'.includes(c)) {
      out += `\\${c}`;
      continue;
    }
    if (c === '*' && wasStart) {
      out += '\\*';
      continue;
    }
    if (c === '^') {
      if (wasStart) {
        out += '^';
        atStart = true;
      } else out += '\\^';
      continue;
    }
    if (c === '$') {
      const rest = pat.slice(i + 1);
      out += rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|') ? '$' : '\\$';
      continue;
    }
    out += c === '/' ? '\\/' : c;
  }
  if (depth > 0) throw new RegexError('Unmatched ( or \\(');
  return out;
}

/** A fixed string (grep -F) as a RegExp source. */
export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
