import type { Word } from './ast';

/** Values the shell substitutes: `$$`, `$?`, `$HOME`, ... */
export interface ExpandEnv {
  pid: number;
  status: number;
  vars: Map<string, string>;
}

const VAR = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|([$?#0!]))/g;

function expandVars(text: string, env: ExpandEnv): string {
  return text.replace(VAR, (_m, braced: string, plain: string, special: string) => {
    if (special === '$') return String(env.pid);
    if (special === '?') return String(env.status);
    if (special === '#') return '0';
    if (special === '0') return 'bash';
    if (special === '!') return env.vars.get('!') ?? '';
    return env.vars.get(braced ?? plain) ?? '';
  });
}

/**
 * Expand one word to one string: parameters in unquoted and double-quoted
 * parts, `~` at the start of an unquoted word. No word splitting and no
 * globbing (documented simplification).
 */
export function expandWord(word: Word, env: ExpandEnv): string {
  let s = '';
  word.forEach((part, i) => {
    if (part.single) s += part.text;
    else if (part.double) s += expandVars(part.text, env).replace(/\u0000\$/g, '$');
    else {
      let t = part.text;
      if (i === 0 && (t === '~' || t.startsWith('~/'))) t = (env.vars.get('HOME') ?? '/root') + t.slice(1);
      s += expandVars(t, env);
    }
  });
  return s;
}

/** A here-document body: parameters expand unless the delimiter was quoted. */
export function expandHeredoc(body: string, env: ExpandEnv, quoted: boolean): string {
  if (quoted) return body;
  // Unquoted delimiter: backslash quotes $, ` and \ (and joins lines); everything else is literal.
  const parts = body.replace(/\\\n/g, '').split(/(\\[$`\\])/);
  return parts.map((p) => (/^\\[$`\\]$/.test(p) ? p[1] : expandVars(p, env))).join('');
}
