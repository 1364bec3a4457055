import type { Console } from '../state/terminal';
import type { Area } from './screen';

/** What a host's terminal model asks of the screens showing it. */
export interface TermView {
  /** Redraw: new scrollback and/or a changed area. */
  sync(): void;
  /** Ctrl-L: clear the screen, keep the line being edited. */
  clearScreen(): void;
  /** Terminal width in cells (for completion listings). */
  readonly cols: number;
}

/** What a screen reads from the model: the scrollback and the area under it. */
export interface ScreenSource {
  console(): Console | undefined;
  area(): Area | null;
}
