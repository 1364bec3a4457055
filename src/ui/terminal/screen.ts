/**
 * Drawing the editable line (prompt + what is typed) under the output, with
 * VT100 cursor movement only. Positions are *logical* columns: the offset from
 * the start of the current output line, which may wrap over several rows of
 * `cols` cells. The cursor is never left in the "pending wrap" state (after a
 * character in the last column), so row = floor(offset / cols) always holds.
 */

/** Cells a code point takes (East Asian wide and fullwidth: 2; combining marks: 0). */
export function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if ((cp >= 0x300 && cp < 0x370) || (cp >= 0x200b && cp <= 0x200f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** The logical column after `text` is written at `col` (newlines and carriage returns start over). */
export function advanceColumn(col: number, text: string, cols: number): number {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') col = 0;
    else if (c === '\b') {
      if (col % cols !== 0) col--;
    } else if (c === '\t') {
      const inRow = col % cols;
      if (inRow !== 0 || col === 0) col += Math.min(cols - 1, (Math.floor(inRow / 8) + 1) * 8) - inRow;
    } else if (c === '\x1b') {
      // Skip a CSI sequence (ESC [ ... final) or a two-character escape.
      if (text[i + 1] === '[') {
        i += 2;
        while (i < text.length && !/[@-~]/.test(text[i])) i++;
      } else i++;
    } else {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      col += charWidth(cp);
    }
  }
  return col;
}

/** Text shown at the bottom: a prompt and the line being edited, with the cursor at `cursor` (an index into `text`). */
export interface Area {
  text: string;
  cursor: number;
}

const up = (n: number): string => (n > 0 ? `\x1b[${n}A` : '');
const toColumn = (c: number): string => `\r${c > 0 ? `\x1b[${c}C` : ''}`;

/** Move from the area's cursor back to where the area starts (`col`) and erase everything below. */
export function eraseArea(col: number, area: Area, cols: number): string {
  const at = col + textWidth(area.text.slice(0, area.cursor));
  return `${up(Math.floor(at / cols) - Math.floor(col / cols))}${toColumn(col % cols)}\x1b[J`;
}

/** Write the area at the cursor (which stands at logical column `col`) and put the cursor where it belongs. */
export function drawArea(col: number, area: Area, cols: number): string {
  let out = area.text;
  const end = col + textWidth(area.text);
  // Leave no pending wrap: step onto the next row as the terminal would on the next character.
  if (area.text && end % cols === 0) out += ' \r\x1b[K';
  const at = col + textWidth(area.text.slice(0, area.cursor));
  if (at !== end) out += `${up(Math.floor(end / cols) - Math.floor(at / cols))}${toColumn(at % cols)}`;
  return out;
}
