import { useEffect, useReducer, useRef, type ReactNode } from 'react';
import { relatedProps, type Related } from './related';
import { ScrollBox } from './ScrollBox';

/** One row: a stable key, its cells, and what it is about on the canvas. */
export interface TableRow {
  key: string;
  cells: ReactNode[];
  /** The row flashes when this changes (defaults to the cells' text); leave out counters that tick. */
  sig?: string;
  related?: Related;
  /** A row spanning every column (an IPVS virtual service above its real servers). */
  full?: boolean;
  className?: string;
}

/** How long a new or changed row stays highlighted. */
export const FLASH_MS = 1600;

const textOf = (n: ReactNode): string => (n === null || n === undefined || typeof n === 'boolean' ? '' : typeof n === 'string' || typeof n === 'number' ? String(n) : '');

/**
 * Rows that appeared or changed since the last render, highlighted for
 * FLASH_MS. The rows present when the table first shows do not flash.
 */
function useFlash(rows: readonly TableRow[]): Map<string, number> {
  const prev = useRef<Map<string, string> | null>(null);
  const flashes = useRef(new Map<string, number>());
  const counts = useRef(new Map<string, number>());
  const [, tick] = useReducer((x: number) => x + 1, 0);
  const now = performance.now();
  const sigs = new Map(rows.map((r) => [r.key, r.sig ?? r.cells.map(textOf).join('\u0001')]));
  if (prev.current) {
    for (const [k, s] of sigs) {
      if (prev.current.get(k) !== s) {
        flashes.current.set(k, now + FLASH_MS);
        counts.current.set(k, (counts.current.get(k) ?? 0) + 1);
      }
    }
  }
  const out = new Map<string, number>();
  for (const [k, until] of flashes.current) {
    if (until <= now || !sigs.has(k)) flashes.current.delete(k);
    else out.set(k, counts.current.get(k) ?? 1);
  }
  useEffect(() => {
    prev.current = sigs;
  });
  // Re-render when the earliest highlight ends.
  const next = Math.min(...flashes.current.values());
  useEffect(() => {
    if (!Number.isFinite(next)) return;
    const id = setTimeout(tick, Math.max(16, next - performance.now() + 10));
    return () => clearTimeout(id);
  }, [next]);
  return out;
}

/** A small table with a caption; `empty` is shown when there are no rows. Rows flash when they appear or change. */
export function Table({
  caption,
  head,
  rows,
  empty,
  testId,
  mono = true,
  note,
  extra,
}: {
  caption: string;
  head: string[];
  rows: TableRow[];
  empty: ReactNode;
  testId: string;
  mono?: boolean;
  /** A line under the table (`… 12 more`, a hint). */
  note?: ReactNode;
  /** Something beside the caption (a count). */
  extra?: ReactNode;
}) {
  const flash = useFlash(rows);
  return (
    <details className="insp-section fold" data-testid={`${testId}-section`} open>
      <summary>
        <h3>
          {caption}
          {extra}
        </h3>
      </summary>
      {rows.length === 0 ? (
        <p className="muted small" data-testid={testId} data-count={0}>
          {empty}
        </p>
      ) : (
        <ScrollBox label={caption}>
          <table className={`insp-table${mono ? ' mono' : ''}`} data-testid={testId} data-count={rows.length}>
            <thead>
              <tr>
                {head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const n = flash.get(r.key);
                return (
                  <tr
                    key={r.key}
                    data-key={r.key}
                    className={`${r.className ?? ''}${n ? ` flash flash-${n % 2 ? 'a' : 'b'}` : ''}${r.related ? ' has-related' : ''}`}
                    {...(n ? { 'data-flash': '1' } : {})}
                    {...relatedProps(r.related)}
                  >
                    {r.full ? (
                      <td colSpan={head.length}>{r.cells[0]}</td>
                    ) : (
                      r.cells.map((c, j) => <td key={j}>{c}</td>)
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {note}
    </details>
  );
}
