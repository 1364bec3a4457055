/** A usage error: the CLI prints it on one line and exits 2. */
export class UsageError extends Error {}

export interface RunArgs {
  source: string;
  script?: string;
  until?: number;
  pcap?: string;
  events?: string;
  seed?: number;
}

const number = (flag: string, v: string | undefined, integer: boolean): number => {
  if (v === undefined) throw new UsageError(`${flag} needs a value`);
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (integer && (!Number.isInteger(n) || n > 0xffff_ffff))) {
    throw new UsageError(`${flag}: '${v}' is not a valid ${integer ? 'non-negative integer' : 'non-negative number'}`);
  }
  return n;
};

export function parseRunArgs(argv: string[]): RunArgs {
  let source: string | undefined;
  const out: Partial<RunArgs> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--script':
        out.script = next();
        break;
      case '--until':
        out.until = number(a, next(), false);
        break;
      case '--pcap':
        out.pcap = next();
        break;
      case '--events':
        out.events = next();
        break;
      case '--seed':
        out.seed = number(a, next(), true);
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (source) throw new UsageError(`unexpected argument '${a}' (one preset or file only)`);
        source = a;
    }
  }
  if (!source) throw new UsageError('run needs a preset id or a scenario file');
  return { ...out, source };
}
