/**
 * `ipvsadm -S` writes the table as ipvsadm command lines (list_all with
 * FMT_RULE: no header, no title); `ipvsadm -R` reads such lines back from
 * standard input with config_stream_read() (config_stream.c), reproduced
 * here token for token:
 *
 * - a line is split on spaces, tabs and CRs; the word `ipvsadm` is dropped
 *   wherever it appears, so `ipvsadm -A …` lines work as well as `-A …`;
 * - a blank line gives no words and is skipped;
 * - `#` is not a comment (the check looks at the separator, never at the word),
 *   so a comment line is parsed as arguments and fails;
 * - whitespace running into the end of the input drops the words read on
 *   that last line (the fgetc() loop returns NULL on EOF).
 */
import type { Ipvs } from '../../../lvs/ipvs';
import { FMT } from './options';
import { listAll, type Emit, type Namer } from './format';
import type { Block, Wake } from '../../../os/task';

/** -S [-n]: the rules, services sorted as -L sorts them. */
export function* saveRules(ipvs: Ipvs, format: number, namer: Namer, emit: Emit): Generator<Block, void, Wake> {
  yield* listAll(ipvs, format | FMT.RULE, namer, emit);
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Every argv that config_stream_read() returns for `text`, each starting with
 * `program` (argv[0]); restore_table() runs those with more than one word.
 */
export function configStreamLines(text: string, program: string): string[][] {
  const lines: string[][] = [];
  let pos = 0;
  const read = (): string[] | null => {
    const a = [program];
    let ntoken = 0;
    while (pos < text.length) {
      if (isSpace(text[pos])) {
        // fscanf matched nothing: skip blanks up to the newline.
        for (;;) {
          if (pos >= text.length) return null;
          const c = text[pos++];
          if (c === '\n') return a;
          if (c === '\t' || c === '\r' || c === ' ') continue;
          pos--;
          break;
        }
        continue;
      }
      let end = pos;
      while (end < text.length && !isSpace(text[end])) end++;
      const token = text.slice(pos, end);
      pos = end;
      const tail = pos < text.length ? text[pos++] : '';
      if (token !== 'ipvsadm') {
        ntoken++;
        a.push(token);
      }
      if (tail === '\n') return a;
    }
    return ntoken === 0 ? null : a;
  };
  for (let a = read(); a !== null; a = read()) lines.push(a);
  return lines;
}
