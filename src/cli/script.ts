import { UsageError } from './args';

/** One line of a `--script` file: at `at` seconds, type `line` into `node` (`^C` interrupts). */
export interface ScriptLine {
  at: number;
  node: string;
  line: string;
  /** 1-based line number in the file, for error messages. */
  lineNo: number;
}

/** Parse `<seconds> <node> <command line>` lines; blank lines and `#` comments are ignored. */
export function parseScript(text: string, file: string, nodes: Set<string>): ScriptLine[] {
  const out: ScriptLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1;
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const m = /^(\S+)\s+(\S+)\s+(.*)$/.exec(t);
    if (!m) throw new UsageError(`${file}:${lineNo}: expected '<seconds> <node> <command>', got '${t}'`);
    const at = Number(m[1]);
    if (!/^\d+(\.\d+)?$/.test(m[1]) || !Number.isFinite(at) || at > 86_400) {
      throw new UsageError(`${file}:${lineNo}: '${m[1]}' is not a time in seconds (0 to 86400)`);
    }
    if (!nodes.has(m[2])) throw new UsageError(`${file}:${lineNo}: unknown node '${m[2]}' (hosts: ${[...nodes].join(', ')})`);
    out.push({ at, node: m[2], line: m[3], lineNo });
  });
  return out;
}
