/**
 * yum 3.4.3's text layout (output.py, urlgrabber/progress.py) for an 80-column
 * terminal: sizes, column widths, the transaction table, the `Installed:` lists.
 */
export const TERM_COLUMNS = 80;

/** urlgrabber format_number: 1024-based, `104 k`, `2.7 M`, `3.0 M` (float input). */
export function formatNumber(n: number): string {
  const symbols = [' ', 'k', 'M', 'G', 'T'];
  let depth = 0;
  let v = n;
  while (v > 999 && depth < symbols.length - 1) {
    depth++;
    v /= 1024;
  }
  const text = v < 9.95 ? v.toFixed(1) : v.toFixed(0);
  return `${text} ${symbols[depth]}`;
}

/** yum format_time with use_hours: `00:00:02`. */
export function formatTime(seconds: number): string {
  const s = Math.floor(seconds);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}

/**
 * output.py calcColumns: start every column at its minimum, then give the
 * spare width to whichever column it helps most rows fit, and split what is
 * left evenly (the remainder to `remainderColumn`). Python 2 integer division.
 */
export function calcColumns(data: Array<Map<number, number>>, opts: { columns?: number[]; remainderColumn?: number; totalWidth?: number; indent?: string } = {}): number[] {
  let total = opts.totalWidth ?? TERM_COLUMNS;
  let cols = data.length;
  const sorted = data.map((d) => [...d.entries()].sort((a, b) => a[0] - b[0]));
  const columns = opts.columns ? [...opts.columns] : [...new Array<number>(cols - 1).fill(1), 0];
  total -= columns.reduce((a, b) => a + b, 0) + (cols - 1) + (opts.indent ?? '').length;
  if (!columns[columns.length - 1]) total += 1;
  const helps = (current: number, tups: Array<[number, number]>, left: number): number => {
    let ret = 0;
    for (const [len, n] of tups) {
      if (left < len - current) break;
      ret += n;
    }
    return ret;
  };
  while (total > 0) {
    let best = 0;
    let val = 0;
    for (let d = 0; d < cols; d++) {
      const h = helps(columns[d], sorted[d], total);
      if (!h) continue;
      if (best && d === cols - 1 && Math.floor(h / 2) < best) continue;
      if (h < best) continue;
      best = h;
      val = d;
    }
    if (best) {
      const diff = sorted[val].shift()![0] - columns[val];
      if (!columns[val] && val === cols - 1) total -= 1;
      columns[val] += diff;
      total -= diff;
      continue;
    }
    const overflowed = sorted.filter((d) => d.length).length;
    if (overflowed) {
      const norm = Math.floor(total / overflowed);
      for (let d = 0; d < cols; d++) {
        if (!sorted[d].length) continue;
        columns[d] += norm;
        total -= norm;
      }
    }
    cols -= 1;
    const norm = Math.floor(total / cols);
    for (let d = 0; d < cols; d++) columns[d] += norm;
    columns[opts.remainderColumn ?? 0] += total - cols * norm;
    total = 0;
  }
  return columns;
}

/** output.py fmtColumns: negative width = left-aligned; an overflowing value wraps to the next line. */
export function fmtColumns(cols: Array<[string, number]>, msg = '', end = ''): string {
  let totalWidth = msg.length;
  let out = msg;
  for (const [val, w] of cols.slice(0, -1)) {
    const width = Math.abs(w);
    if (val.length <= width) {
      out += (w < 0 ? val + ' '.repeat(width - val.length) : ' '.repeat(width - val.length) + val) + ' ';
    } else {
      out += val + '\n' + ' '.repeat(totalWidth + width + 1);
    }
    totalWidth += width + 1;
  }
  const [val, w] = cols[cols.length - 1];
  const width = Math.abs(w);
  out += val.length >= width ? val : w < 0 ? val.padEnd(width) : val.padStart(width);
  return out + end;
}

/** postTransactionOutput's `_fits_in_cols`: how many columns of these names fit in the terminal. */
export function fitColumns(msgs: string[], num: number): number[] | undefined {
  if (msgs.length < num) return undefined;
  let left = TERM_COLUMNS - (num - 1 + 2);
  if (left <= 0) return undefined;
  const lens = new Array<number>(num).fill(0);
  let col = 0;
  for (const m of msgs) {
    if (m.length > lens[col]) {
      const diff = m.length - lens[col];
      if (left <= diff) return undefined;
      left -= diff;
      lens[col] = m.length;
    }
    col = (col + 1) % num;
  }
  return lens.map((l) => -(l + Math.floor(left / num)));
}

/** The `Installed:` / `Dependency Installed:` lists: as many columns as fit, two-space indent. */
export function packageColumns(msgs: string[]): string {
  let cols: number[] | undefined;
  for (const num of [8, 7, 6, 5, 4, 3, 2]) {
    cols = fitColumns(msgs, num);
    if (cols) break;
  }
  if (!cols) cols = [-(TERM_COLUMNS - 2)];
  let out = '';
  for (let i = 0; i < msgs.length; i += cols.length) {
    const row = msgs.slice(i, i + cols.length);
    out += '  ' + fmtColumns(row.map((m, k): [string, number] => [m, cols![k]]), '', '\n');
  }
  return out;
}

/** rpmtrans.py: `  Installing : apr-1.4.8-7.el7.x86_64        1/5 ` padded to the terminal. */
export function progressLine(action: string, name: string, current: number, total: number): string {
  const l = String(total).length;
  const done = `${String(current).padStart(l)}/${String(total).padStart(l)}`;
  const width = TERM_COLUMNS - (2 + 10 + 3) - done.length - 2;
  return `  ${action.padEnd(10)} : ${name.padEnd(width)} ${done} \n`;
}
