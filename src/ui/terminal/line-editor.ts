/**
 * The line being typed at a bash prompt, edited as readline's emacs mode does
 * (readline(3) "Commands for Moving", "Killing and Yanking", "Commands for
 * Manipulating the History"). Pure state: the terminal draws it.
 */
export class LineEditor {
  buffer = '';
  cursor = 0;
  /** Index into the history while walking it with ↑/↓; null on the new line. */
  private histIndex: number | null = null;
  /** The new line as it was before ↑ (↓ past the newest entry brings it back). */
  private saved = '';
  private killed = '';

  /** Start a fresh line (after Enter or Ctrl-C). */
  reset(): void {
    this.buffer = '';
    this.cursor = 0;
    this.histIndex = null;
    this.saved = '';
  }

  set(text: string, cursor = text.length): void {
    this.buffer = text;
    this.cursor = Math.max(0, Math.min(cursor, text.length));
  }

  insert(text: string): void {
    this.buffer = this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor);
    this.cursor += text.length;
  }

  /** Replace `from`..cursor with `text` (a completion). */
  replaceBeforeCursor(from: number, text: string): void {
    this.buffer = this.buffer.slice(0, from) + text + this.buffer.slice(this.cursor);
    this.cursor = from + text.length;
  }

  backspace(): void {
    if (this.cursor === 0) return;
    this.buffer = this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor);
    this.cursor--;
  }

  /** Delete the character under the cursor (Delete, Ctrl-D on a non-empty line). */
  deleteChar(): void {
    this.buffer = this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1);
  }

  left(): void {
    if (this.cursor > 0) this.cursor--;
  }

  right(): void {
    if (this.cursor < this.buffer.length) this.cursor++;
  }

  home(): void {
    this.cursor = 0;
  }

  end(): void {
    this.cursor = this.buffer.length;
  }

  /** backward-word: to the start of this or the previous word (letters and digits). */
  wordLeft(): void {
    let i = this.cursor;
    while (i > 0 && !isWordChar(this.buffer[i - 1])) i--;
    while (i > 0 && isWordChar(this.buffer[i - 1])) i--;
    this.cursor = i;
  }

  /** forward-word: to the end of this or the next word. */
  wordRight(): void {
    let i = this.cursor;
    const n = this.buffer.length;
    while (i < n && !isWordChar(this.buffer[i])) i++;
    while (i < n && isWordChar(this.buffer[i])) i++;
    this.cursor = i;
  }

  private kill(from: number, to: number): void {
    if (from >= to) return;
    this.killed = this.buffer.slice(from, to);
    this.buffer = this.buffer.slice(0, from) + this.buffer.slice(to);
    this.cursor = from;
  }

  /** Ctrl-U (unix-line-discard): kill from the line's start to the cursor. */
  killToStart(): void {
    this.kill(0, this.cursor);
  }

  /** Ctrl-K (kill-line): kill from the cursor to the end. */
  killToEnd(): void {
    this.kill(this.cursor, this.buffer.length);
  }

  /** Ctrl-W (unix-word-rubout): kill back to the previous whitespace. */
  killWhitespaceWord(): void {
    let i = this.cursor;
    while (i > 0 && /\s/.test(this.buffer[i - 1])) i--;
    while (i > 0 && !/\s/.test(this.buffer[i - 1])) i--;
    this.kill(i, this.cursor);
  }

  /** Alt-Backspace (backward-kill-word): kill back to the start of the word. */
  killWordBack(): void {
    const end = this.cursor;
    this.wordLeft();
    const start = this.cursor;
    this.cursor = end;
    this.kill(start, end);
  }

  /** Alt-D (kill-word): kill to the end of the word. */
  killWordForward(): void {
    const start = this.cursor;
    this.wordRight();
    const end = this.cursor;
    this.cursor = start;
    this.kill(start, end);
  }

  /** Ctrl-Y: put back the last killed text. */
  yank(): void {
    if (this.killed) this.insert(this.killed);
  }

  /** ↑: the previous history entry (the new line is kept for ↓). */
  up(history: readonly string[]): void {
    if (!history.length) return;
    if (this.histIndex === null) {
      this.saved = this.buffer;
      this.histIndex = history.length;
    }
    if (this.histIndex === 0) return;
    this.histIndex--;
    this.set(history[this.histIndex]);
  }

  /** ↓: the next history entry, then the new line again. */
  down(history: readonly string[]): void {
    if (this.histIndex === null) return;
    this.histIndex++;
    if (this.histIndex >= history.length) {
      this.histIndex = null;
      this.set(this.saved);
      return;
    }
    this.set(history[this.histIndex]);
  }
}

const isWordChar = (c: string): boolean => /[\p{L}\p{N}]/u.test(c);
