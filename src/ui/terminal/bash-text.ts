/**
 * Bits of bash's interactive behaviour the terminal needs before a line is
 * sent: which here-documents a line opens, and how readline lays out a list
 * of completions.
 */
import { parseLine, pendingHeredocs, wordLiteral } from '../../engine/shell/parse';

export interface HeredocWanted {
  delim: string;
  /** `<<-`: leading tabs are stripped from the body lines and the delimiter line. */
  stripTabs: boolean;
}

/** The here-documents `line` opens (`cat > f <<EOF`), in order; none when the line does not parse. */
export function heredocsOf(line: string): HeredocWanted[] {
  if (!line.includes('<<')) return [];
  try {
    return pendingHeredocs(parseLine(line)).map((r) => ({ delim: wordLiteral(r.target), stripTabs: !!r.stripTabs }));
  } catch {
    return [];
  }
}

/** Whether a body line ends the here-document. */
export const endsHeredoc = (line: string, h: HeredocWanted): boolean => (h.stripTabs ? line.replace(/^\t+/, '') : line) === h.delim;

/** readline asks before listing this many completions or more (completion-query-items). */
export const QUERY_ITEMS = 100;

/**
 * Completions in columns, sorted down the columns as readline prints them
 * (rl_display_match_list: each entry padded to the longest plus two).
 */
export function formatColumns(names: string[], cols: number): string {
  if (!names.length) return '';
  const max = Math.max(...names.map((n) => [...n].length)) + 2;
  let limit = Math.floor(cols / max);
  if (limit > 1 && limit * max === cols) limit--;
  if (limit < 1) limit = 1;
  const rows = Math.ceil(names.length / limit);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < limit; c++) {
      const i = c * rows + r;
      if (i >= names.length) break;
      const last = i + rows >= names.length;
      line += last ? names[i] : names[i].padEnd(max);
    }
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/** `vi FILE` / `vim FILE` typed alone: the page opens its editor instead of running it. */
export function viTarget(line: string): { file: string | null } | null {
  const m = /^\s*(vi|vim)(\s+[^;&|<>`$()]*)?\s*$/.exec(line);
  if (!m) return null;
  const args = (m[2] ?? '').trim().split(/\s+/).filter(Boolean);
  const file = args.find((a) => !a.startsWith('-') && !a.startsWith('+')) ?? null;
  return { file };
}
