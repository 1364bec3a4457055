/**
 * The part of popt (1.13, as CentOS 7 ships it) that ipvsadm relies on:
 * poptGetNextOpt over an option table, poptGetArg for what is left, and
 * poptBadOption / poptStrerror for the error line.
 *
 * popt rules reproduced: long options must match exactly (no abbreviations),
 * `--name=value` or `--name value`; short options cluster (`-Ln`) and take
 * their argument from the rest of the cluster or the next word (a required
 * argument is taken even if it starts with `-`; an optional one only if it
 * does not); a non-option word is set aside as a leftover and parsing goes on;
 * `--` ends the options. The "bad option" reported is the argv word the
 * parser was on (`os->argv[os->next - 1]`), so an option that took its value
 * from the next word is reported as that value.
 */

export type PoptArg = 'none' | 'string' | 'optional';

export interface PoptOption {
  long?: string;
  short?: string;
  arg: PoptArg;
  /** What poptGetNextOpt returns for it (ipvsadm's switch value). */
  val: string;
}

/** popt's error codes that option parsing can end with, and poptStrerror's text. */
export const POPT_ERROR = {
  NOARG: 'missing argument',
  BADOPT: 'unknown option',
  UNWANTEDARG: 'option does not take an argument',
} as const;
export type PoptErrorCode = keyof typeof POPT_ERROR;

export type PoptEvent =
  | { kind: 'opt'; val: string; arg: string | null; raw: string }
  | { kind: 'error'; code: PoptErrorCode; raw: string };

export interface PoptResult {
  /** Options in order; the last one is an error if parsing stopped on one. */
  events: PoptEvent[];
  /** Non-option words (poptGetArg), in order. */
  leftovers: string[];
}

/** Run poptGetNextOpt to the end (or the first error) over `args` (argv without argv[0]). */
export function poptParse(args: readonly string[], table: readonly PoptOption[]): PoptResult {
  const events: PoptEvent[] = [];
  const leftovers: string[] = [];
  let i = 0;
  let rest = false;
  while (i < args.length) {
    const word = args[i++];
    if (rest || !word.startsWith('-') || word === '-') {
      leftovers.push(word);
      continue;
    }
    if (word === '--') {
      rest = true;
      continue;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      const inline = eq < 0 ? null : word.slice(eq + 1);
      const opt = table.find((o) => o.long === name);
      if (!opt) return done(events, leftovers, { kind: 'error', code: 'BADOPT', raw: word });
      if (opt.arg === 'none') {
        if (inline !== null) return done(events, leftovers, { kind: 'error', code: 'UNWANTEDARG', raw: word });
        events.push({ kind: 'opt', val: opt.val, arg: null, raw: word });
        continue;
      }
      if (inline !== null) {
        events.push({ kind: 'opt', val: opt.val, arg: inline, raw: word });
        continue;
      }
      const taken = takeNext(args, i, opt.arg);
      if (taken === 'noarg') return done(events, leftovers, { kind: 'error', code: 'NOARG', raw: word });
      if (taken === null) events.push({ kind: 'opt', val: opt.val, arg: null, raw: word });
      else {
        i++;
        events.push({ kind: 'opt', val: opt.val, arg: taken, raw: args[i - 1] });
      }
      continue;
    }
    // A cluster of short options: -Ln, -t192.168.1.1:80, -p360.
    let pos = 1;
    while (pos < word.length) {
      const ch = word[pos++];
      const opt = table.find((o) => o.short === ch);
      if (!opt) return done(events, leftovers, { kind: 'error', code: 'BADOPT', raw: word });
      if (opt.arg === 'none') {
        events.push({ kind: 'opt', val: opt.val, arg: null, raw: word });
        continue;
      }
      let remainder = word.slice(pos);
      if (remainder.startsWith('=')) remainder = remainder.slice(1);
      if (remainder !== '') {
        events.push({ kind: 'opt', val: opt.val, arg: remainder, raw: word });
        pos = word.length;
        break;
      }
      const taken = takeNext(args, i, opt.arg);
      if (taken === 'noarg') return done(events, leftovers, { kind: 'error', code: 'NOARG', raw: word });
      if (taken === null) events.push({ kind: 'opt', val: opt.val, arg: null, raw: word });
      else {
        i++;
        events.push({ kind: 'opt', val: opt.val, arg: taken, raw: args[i - 1] });
      }
    }
  }
  return { events, leftovers };
}

/** The next word as the option's argument: always for a required one, only if it is not an option for an optional one. */
function takeNext(args: readonly string[], i: number, kind: PoptArg): string | null | 'noarg' {
  if (i >= args.length) return kind === 'optional' ? null : 'noarg';
  if (kind === 'optional' && args[i].startsWith('-')) return null;
  return args[i];
}

function done(events: PoptEvent[], leftovers: string[], err: PoptEvent): PoptResult {
  events.push(err);
  return { events, leftovers };
}
