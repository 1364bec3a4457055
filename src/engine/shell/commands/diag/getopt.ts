/**
 * getopt(3) as glibc does it for the real tools: short options from an
 * optstring (`c:` takes an argument), clustered flags (`-nq`), an argument
 * glued on (`-c3`) or in the next word, `--` ending the options, and GNU
 * permutation (operands may come before options: `ping host -c 3`).
 * Error texts are glibc's; the caller prints them with the program name.
 */
export interface GetoptResult {
  /** Options in order: the letter and its argument, if it takes one. */
  opts: Array<{ opt: string; arg?: string }>;
  operands: string[];
  /** `invalid option -- 'x'` or `option requires an argument -- 'c'` (without the program name). */
  error?: string;
  /** The option letter at fault (glibc's optopt). */
  optopt?: string;
}

export function getopt(args: readonly string[], optstring: string): GetoptResult {
  const takesArg = (c: string): boolean | undefined => {
    const i = optstring.indexOf(c);
    if (i < 0 || c === ':') return undefined;
    return optstring[i + 1] === ':';
  };
  const out: GetoptResult = { opts: [], operands: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      out.operands.push(a);
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      const t = takesArg(c);
      if (t === undefined) return { ...out, error: `invalid option -- '${c}'`, optopt: c };
      if (!t) {
        out.opts.push({ opt: c });
        continue;
      }
      if (k + 1 < a.length) out.opts.push({ opt: c, arg: a.slice(k + 1) });
      else if (i + 1 < args.length) out.opts.push({ opt: c, arg: args[++i] });
      else return { ...out, error: `option requires an argument -- '${c}'`, optopt: c };
      break;
    }
  }
  return out;
}

/** atoi(3): optional blanks and sign, then leading digits; anything else gives 0. */
export function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  if (!m) return 0;
  const v = Number(m[1]);
  // int overflow wraps in C; clamp to the 32-bit range instead.
  return Math.max(-2147483648, Math.min(2147483647, v));
}

/** strtod(3) over the whole string: the number, or undefined if any character is left over. */
export function strtodWhole(s: string): number | undefined {
  const t = s.replace(/^\s+/, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}
