/**
 * getopt_long(3) as iptables drives it: an optstring starting with "-:"
 * (non-options are returned in place as code 1, a missing argument as ':'),
 * clustered short options, optional arguments only when attached ("-Lchain",
 * "--list=chain"), and long options that may be abbreviated to a unique
 * prefix. The set of long options can grow while parsing (extensions add
 * theirs when they are loaded), so it is read anew for every option.
 */

export interface LongOpt {
  name: string;
  /** 0 none, 1 required, 2 optional. */
  hasArg: 0 | 1 | 2;
  /** What next() returns for it. */
  val: string;
}

export interface GetoptResult {
  /** An option character or a long option's val; 1 for a non-option; '?' unknown; ':' missing argument. */
  c: string | 1;
  optarg?: string;
}

export class Getopt {
  /** Index of the next argv element to look at (as getopt's optind). */
  optind = 1;
  private nextchar = '';

  constructor(
    readonly argv: string[],
    private readonly shorts: string,
    private readonly longs: () => readonly LongOpt[],
  ) {}

  /** How a short option takes an argument: 0, 1, 2, or undefined when unknown. */
  private shortArg(ch: string): 0 | 1 | 2 | undefined {
    const spec = this.shorts.replace(/^[-+]?:?/, '');
    const i = spec.indexOf(ch);
    if (i < 0 || ch === ':') return undefined;
    if (spec[i + 1] !== ':') return 0;
    return spec[i + 2] === ':' ? 2 : 1;
  }

  next(): GetoptResult | null {
    const argv = this.argv;
    if (this.nextchar === '') {
      if (this.optind >= argv.length) return null;
      const a = argv[this.optind];
      if (a === '--') {
        this.optind++;
        return null;
      }
      if (a.length < 2 || a[0] !== '-') {
        this.optind++;
        return { c: 1, optarg: a };
      }
      if (a.startsWith('--')) return this.long(a.slice(2));
      this.nextchar = a.slice(1);
      this.optind++;
    }
    const ch = this.nextchar[0];
    this.nextchar = this.nextchar.slice(1);
    const kind = this.shortArg(ch);
    if (kind === undefined) return { c: '?' };
    if (kind === 0) return { c: ch };
    if (this.nextchar !== '') {
      const optarg = this.nextchar;
      this.nextchar = '';
      return { c: ch, optarg };
    }
    if (kind === 2) return { c: ch };
    if (this.optind >= argv.length) return { c: ':' };
    return { c: ch, optarg: argv[this.optind++] };
  }

  private long(body: string): GetoptResult {
    this.optind++;
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const attached = eq < 0 ? undefined : body.slice(eq + 1);
    const all = this.longs();
    let opt = all.find((o) => o.name === name);
    if (!opt) {
      const cands = all.filter((o) => o.name.startsWith(name));
      // glibc: several prefix matches are fine when they all mean the same option.
      if (cands.length === 0 || cands.some((o) => o.val !== cands[0].val || o.hasArg !== cands[0].hasArg)) return { c: '?' };
      opt = cands[0];
    }
    if (opt.hasArg === 0) return attached === undefined ? { c: opt.val } : { c: '?' };
    if (attached !== undefined) return { c: opt.val, optarg: attached };
    if (opt.hasArg === 2) return { c: opt.val };
    if (this.optind >= this.argv.length) return { c: ':' };
    return { c: opt.val, optarg: this.argv[this.optind++] };
  }
}
