/**
 * GNU getopt_long as coreutils uses it: clustered short flags (`-la`), option
 * arguments glued (`-n5`) or separate, long options (`--lines=5`, `--lines 5`),
 * `--` ending options, and operands mixed with options (GNU permutation).
 */
export interface LongOpt {
  /** The short letter it stands for (so callers look at one name). */
  short: string;
  arg?: boolean;
}

export interface Parsed {
  /** Options in the order given: the letter (or long name) and its argument. */
  opts: Array<{ opt: string; arg?: string }>;
  operands: string[];
  /** glibc's message, without the program name: `invalid option -- 'z'`. */
  error?: string;
}

export function parseOpts(args: readonly string[], optstring: string, longs: Record<string, LongOpt> = {}): Parsed {
  const out: Parsed = { opts: [], operands: [] };
  const takesArg = (c: string): boolean | undefined => {
    const i = optstring.indexOf(c);
    if (i < 0 || c === ':') return undefined;
    return optstring[i + 1] === ':';
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const matches = Object.keys(longs).filter((k) => k === name || k.startsWith(name));
      const key = matches.includes(name) ? name : matches.length === 1 ? matches[0] : undefined;
      if (!key) return { ...out, error: matches.length > 1 ? `option '--${name}' is ambiguous` : `unrecognized option '${a}'` };
      const l = longs[key];
      if (l.arg) {
        if (eq >= 0) out.opts.push({ opt: l.short, arg: a.slice(eq + 1) });
        else if (i + 1 < args.length) out.opts.push({ opt: l.short, arg: args[++i] });
        else return { ...out, error: `option '--${key}' requires an argument` };
      } else {
        if (eq >= 0) return { ...out, error: `option '--${key}' doesn't allow an argument` };
        out.opts.push({ opt: l.short });
      }
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      out.operands.push(a);
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      const t = takesArg(c);
      if (t === undefined) return { ...out, error: `invalid option -- '${c}'` };
      if (!t) {
        out.opts.push({ opt: c });
        continue;
      }
      if (k + 1 < a.length) out.opts.push({ opt: c, arg: a.slice(k + 1) });
      else if (i + 1 < args.length) out.opts.push({ opt: c, arg: args[++i] });
      else return { ...out, error: `option requires an argument -- '${c}'` };
      break;
    }
  }
  return out;
}

/** Whether an option letter was given. */
export const has = (p: Parsed, c: string): boolean => p.opts.some((o) => o.opt === c);
/** The last argument given to an option letter. */
export const last = (p: Parsed, c: string): string | undefined => {
  for (let i = p.opts.length - 1; i >= 0; i--) if (p.opts[i].opt === c) return p.opts[i].arg;
  return undefined;
};
