import type { ReactNode } from 'react';

/** A small table with a caption; `empty` is shown when there are no rows. */
export function Table({ caption, head, rows, empty, testId, mono = true }: { caption: string; head: string[]; rows: ReactNode[][]; empty: string; testId: string; mono?: boolean }) {
  return (
    <section className="insp-section">
      <h3>{caption}</h3>
      {rows.length === 0 ? (
        <p className="muted small" data-testid={testId} data-count={0}>
          {empty}
        </p>
      ) : (
        <div className="table-scroll">
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
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}
