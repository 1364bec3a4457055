/**
 * Keeps an xterm showing one host's console: the scrollback from the store
 * (appended as it grows, redrawn when it is replaced) and, under it, the
 * model's area (prompt + line being edited), erased and redrawn around every
 * change with cursor movements (see screen.ts).
 */
import type { Console } from '../state/terminal';
import type { ScreenSource, TermView } from './types';
import { advanceColumn, drawArea, eraseArea, type Area } from './screen';

/** The part of an xterm (the browser's or @xterm/headless) a screen uses. */
export interface TermLike {
  readonly cols: number;
  write(data: string, callback?: () => void): void;
  readonly buffer: {
    readonly active: {
      readonly length: number;
      getLine(y: number): { readonly isWrapped: boolean; translateToString(trimRight?: boolean): string } | undefined;
    };
  };
}

export class XtermScreen implements TermView {
  /** Characters of the console's text already written (its `total` then). */
  private written = 0;
  private consoleId: number | undefined = -1;
  /** The console text last drawn (to notice a replacement that keeps no count). */
  private lastText = '';
  /** Logical column where the output stands (where the area starts). */
  private col = 0;
  /** The area as drawn now (null: none on screen). */
  private shown: Area | null = null;
  private resizing = false;

  constructor(
    private readonly term: TermLike,
    private readonly model: ScreenSource,
  ) {}

  get cols(): number {
    return this.term.cols;
  }

  sync(): void {
    if (this.resizing) return;
    const c = this.model.console();
    let out = '';
    const fresh = this.freshText(c);
    const want = this.model.area();
    if (fresh === null) {
      // Replaced (a new lab, a rewind): draw everything again, after a full reset (RIS) in the stream itself.
      out += '\x1bc';
      this.shown = null;
      this.col = 0;
      this.consoleId = c?.id;
      this.written = c ? (c.total ?? c.text.length) : 0;
      out += c?.text ?? '';
      this.col = advanceColumn(0, c?.text ?? '', this.term.cols);
    } else if (fresh || !sameArea(want, this.shown)) {
      if (this.shown) out += eraseArea(this.col, this.shown, this.term.cols);
      this.shown = null;
      if (fresh) {
        out += fresh;
        this.col = advanceColumn(this.col, fresh, this.term.cols);
        this.written = c!.total ?? c!.text.length;
      }
    } else return;
    this.lastText = c?.text ?? '';
    if (want) {
      out += drawArea(this.col, want, this.term.cols);
      this.shown = want;
    }
    if (out) this.term.write(out);
  }

  /** New text since the last sync; null when the scrollback was replaced rather than appended to. */
  private freshText(c: Console | undefined): string | null {
    if (!c) return this.written === 0 ? '' : null;
    if (c.id !== this.consoleId) return null;
    if (c.total === undefined) return c.text === this.lastText ? '' : null;
    const n = c.total - this.written;
    if (n < 0) return null;
    if (n === 0) return '';
    return n > c.text.length ? null : c.text.slice(c.text.length - n);
  }

  clearScreen(): void {
    let out = '';
    if (this.shown) out += eraseArea(this.col, this.shown, this.term.cols);
    // Scroll what is on the screen up into the scrollback, as bash's clear-screen does in a terminal that keeps it.
    out += '\x1b[H\x1b[2J';
    this.col = 0;
    this.shown = null;
    const want = this.model.area();
    if (want) {
      out += drawArea(0, want, this.term.cols);
      this.shown = want;
    }
    this.term.write(out);
  }

  /** Resize without garbling the line being edited: erase it, let the terminal reflow, draw it again. */
  resize(fit: () => void): void {
    if (this.resizing) return;
    this.resizing = true;
    const erase = this.shown ? eraseArea(this.col, this.shown, this.term.cols) : '';
    this.shown = null;
    this.term.write(erase, () => {
      fit();
      this.resizing = false;
      this.sync();
    });
  }

  /** The screen and scrollback as text (wrapped rows joined), for tests and screen readers. */
  text(): string {
    const b = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const l = b.getLine(i);
      if (!l) continue;
      const s = l.translateToString(true);
      if (l.isWrapped && lines.length) lines[lines.length - 1] += s;
      else lines.push(s);
    }
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }
}

const sameArea = (a: Area | null, b: Area | null): boolean => a === b || (!!a && !!b && a.text === b.text && a.cursor === b.cursor);
