/**
 * One host's terminal as the page keeps it, whether or not its tab is open:
 * the line being edited, keys typed ahead while a command runs, a
 * here-document being collected, a pending Tab completion, the vi editor.
 * The shell itself lives in the engine; this is the readline and the tty in
 * front of it. Views (xterm) draw `area()` under the console's scrollback.
 */
import type { Completion } from '../../engine/shell/complete';
import { commonPrefix } from '../../engine/shell/complete';
import { engine } from '../engine/client';
import { appendOutput, rememberLine, useTerminal, type Console } from '../state/terminal';
import { endsHeredoc, formatColumns, heredocsOf, QUERY_ITEMS, viTarget, type HeredocWanted } from './bash-text';
import { openEditor, useEditors } from './editor-state';
import { parseKeys, type Key } from './keys';
import { LineEditor } from './line-editor';
import type { Area } from './screen';
import type { ScreenSource, TermView } from './types';

interface Heredoc {
  first: string;
  lines: string[];
  wanted: HeredocWanted[];
}

export class TermModel implements ScreenSource {
  readonly editor = new LineEditor();
  private readonly views = new Set<TermView>();
  private ahead: Key[] = [];
  private heredoc: Heredoc | null = null;
  /** "Display all N possibilities? (y or n)" waiting for an answer. */
  private query: { names: string[] } | null = null;
  private pending: number | null = null;
  private lastWasTab = false;
  private consoleId: number | undefined;
  private running = 0;
  private unsub: () => void;

  constructor(readonly node: string) {
    const c = this.console();
    this.consoleId = c?.id;
    this.running = c?.running ?? 0;
    const offTerm = useTerminal.subscribe((s, prev) => {
      if (s.consoles[node] !== prev.consoles[node]) this.consoleChanged(s.consoles[node]);
    });
    const offEditor = useEditors.subscribe((s, prev) => {
      if (prev.editors[node] && !s.editors[node]) this.editorClosed();
    });
    this.unsub = () => {
      offTerm();
      offEditor();
    };
    engine.send({ type: 'term-open', node });
  }

  dispose(): void {
    this.unsub();
    this.views.clear();
  }

  attach(v: TermView): () => void {
    this.views.add(v);
    v.sync();
    return () => this.views.delete(v);
  }

  console(): Console | undefined {
    return useTerminal.getState().consoles[this.node];
  }

  prompt(): string {
    return this.console()?.prompt ?? `[root@${this.node} ~]# `;
  }

  /** A command runs, a completion is on its way or the editor is open: keys wait. */
  get busy(): boolean {
    return this.running > 0 || this.pending !== null || !!useEditors.getState().editors[this.node];
  }

  /** What shows under the scrollback: the prompt and the line, or nothing while a command runs. */
  area(): Area | null {
    if (this.running > 0 || useEditors.getState().editors[this.node]) return null;
    if (this.query) {
      const text = `Display all ${this.query.names.length} possibilities? (y or n)`;
      return { text, cursor: text.length };
    }
    const p = this.heredoc ? '> ' : this.prompt();
    return { text: p + this.editor.buffer, cursor: p.length + this.editor.cursor };
  }

  private sync(): void {
    for (const v of this.views) v.sync();
  }

  private consoleChanged(c: Console | undefined): void {
    if (c?.id !== this.consoleId) {
      // A new lab (or a rewind): the shell starts over; what was queued for the old one is dropped.
      this.consoleId = c?.id;
      this.ahead = [];
      this.heredoc = null;
      this.query = null;
      this.pending = null;
      if (!c || c.text === '') engine.send({ type: 'term-open', node: this.node });
    }
    const was = this.running;
    this.running = c?.running ?? 0;
    this.sync();
    if (was > 0 && this.running === 0) this.replayAhead();
  }

  /** The command finished (or the editor closed): keys typed meanwhile now reach the prompt. */
  replayAhead(): void {
    if (this.busy || !this.ahead.length) return;
    const keys = this.ahead;
    this.ahead = [];
    this.keys(keys);
  }

  // ------------------------------------------------------------------ input

  /** Data from the terminal: typed keys or a paste. */
  input(data: string): void {
    this.keys(parseKeys(data), true);
  }

  private keys(keys: Key[], fresh = false): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key.k === 'ctrl-c') {
        this.ctrlC();
        continue;
      }
      if (this.busy) {
        this.typeAhead(keys.slice(i), fresh);
        break;
      }
      this.key(key);
    }
    this.sync();
  }

  /** Keys while busy wait; the terminal echoes them as a tty in cooked mode does (once, when typed). */
  private typeAhead(keys: Key[], echo: boolean): void {
    this.ahead.push(...keys);
    if (!echo || this.running === 0) return;
    let text = '';
    for (const k of keys) {
      if (k.k === 'text') text += k.text;
      else if (k.k === 'enter') text += '\n';
    }
    if (text) appendOutput(this.node, text);
  }

  private ctrlC(): void {
    if (this.running > 0) {
      // The tty discards typed-ahead input on SIGINT; the worker echoes ^C with the command's last words.
      this.ahead = [];
      engine.send({ type: 'interrupt', node: this.node });
      return;
    }
    if (useEditors.getState().editors[this.node]) return;
    this.pending = null;
    this.ahead = [];
    const a = this.area();
    if (this.query) this.query = null;
    // readline: ^C ends the line where it stands; a here-document being typed is abandoned.
    appendOutput(this.node, `${a ? a.text : ''}^C\n`);
    this.heredoc = null;
    this.editor.reset();
    this.lastWasTab = false;
  }

  private key(key: Key): void {
    const wasTab = this.lastWasTab;
    this.lastWasTab = key.k === 'tab';
    if (this.query) return this.answerQuery(key);
    const e = this.editor;
    const history = this.console()?.history ?? [];
    switch (key.k) {
      case 'text':
        return e.insert(key.text);
      case 'enter':
        return this.enter();
      case 'backspace':
        return e.backspace();
      case 'delete':
        return e.deleteChar();
      case 'ctrl-d':
        if (e.buffer) return e.deleteChar();
        if (this.heredoc) return this.endOfFile();
        return;
      case 'left':
      case 'ctrl-b':
        return e.left();
      case 'right':
      case 'ctrl-f':
        return e.right();
      case 'home':
      case 'ctrl-a':
        return e.home();
      case 'end':
      case 'ctrl-e':
        return e.end();
      case 'word-left':
        return e.wordLeft();
      case 'word-right':
        return e.wordRight();
      case 'ctrl-u':
        return e.killToStart();
      case 'ctrl-k':
        return e.killToEnd();
      case 'ctrl-w':
        return e.killWhitespaceWord();
      case 'alt-backspace':
        return e.killWordBack();
      case 'alt-d':
        return e.killWordForward();
      case 'ctrl-y':
        return e.yank();
      case 'up':
        return e.up(history);
      case 'down':
        return e.down(history);
      case 'ctrl-l':
        for (const v of this.views) v.clearScreen();
        return;
      case 'tab':
        return this.complete(wasTab);
      case 'other':
        return;
    }
  }

  private enter(): void {
    const line = this.editor.buffer;
    const node = this.node;
    this.editor.reset();
    if (this.heredoc) {
      const h = this.heredoc;
      appendOutput(node, `> ${line}\n`);
      h.lines.push(line);
      if (endsHeredoc(line, h.wanted[0])) h.wanted.shift();
      if (!h.wanted.length) this.sendHeredoc();
      return;
    }
    const shown = `${this.prompt()}${line}\n`;
    if (!line.trim()) {
      appendOutput(node, shown);
      return;
    }
    const wanted = heredocsOf(line);
    if (wanted.length) {
      appendOutput(node, shown);
      this.heredoc = { first: line, lines: [], wanted };
      return;
    }
    const vi = viTarget(line);
    if (vi) {
      appendOutput(node, shown);
      rememberLine(node, line);
      openEditor(node, vi.file);
      return;
    }
    engine.type(node, line);
  }

  /** Ctrl-D on an empty line inside a here-document: bash runs what it has and warns. */
  private endOfFile(): void {
    this.sendHeredoc();
  }

  private sendHeredoc(): void {
    const h = this.heredoc!;
    this.heredoc = null;
    engine.type(this.node, [h.first, ...h.lines].join('\n'), { shown: '', history: h.first });
  }

  // ------------------------------------------------------------------ completion

  private complete(wasTab: boolean): void {
    const line = this.editor.buffer;
    const cursor = this.editor.cursor;
    const token = engine.nextToken();
    this.pending = token;
    void engine.complete(this.node, line, cursor, token).then((c) => {
      if (this.pending !== token) return;
      this.pending = null;
      if (c && this.editor.buffer === line && this.editor.cursor === cursor) this.applyCompletion(c, wasTab);
      this.sync();
      this.replayAhead();
    });
  }

  private applyCompletion(c: Completion, wasTab: boolean): void {
    const e = this.editor;
    if (c.items.length === 1) {
      const it = c.items[0];
      e.replaceBeforeCursor(c.start, it.text + (it.dir ? '/' : ' '));
      return;
    }
    if (!c.items.length) return;
    const prefix = commonPrefix(c.items.map((i) => i.text));
    if (prefix.length > c.word.length) {
      e.replaceBeforeCursor(c.start, prefix);
      return;
    }
    // Ambiguous and nothing more to insert: the second Tab lists the candidates.
    if (!wasTab) return;
    const names = c.items.map((i) => i.display);
    const a = this.area()!;
    if (names.length >= QUERY_ITEMS) {
      this.query = { names };
      appendOutput(this.node, `${a.text}\n`);
      return;
    }
    appendOutput(this.node, `${a.text}\n${formatColumns(names, this.cols())}`);
  }

  private answerQuery(key: Key): void {
    const q = this.query!;
    const question = `Display all ${q.names.length} possibilities? (y or n)`;
    const yes = key.k === 'text' && /^[yY ]/.test(key.text);
    const no = (key.k === 'text' && /^[nN]/.test(key.text)) || key.k === 'backspace';
    if (!yes && !no) return;
    this.query = null;
    appendOutput(this.node, `${question}\n${yes ? formatColumns(q.names, this.cols()) : ''}`);
  }

  private cols(): number {
    let cols = 80;
    for (const v of this.views) cols = v.cols;
    return cols;
  }

  /** The vi editor closed: the prompt comes back. */
  private editorClosed(): void {
    this.sync();
    this.replayAhead();
  }
}

const models = new Map<string, TermModel>();

/** The model of a host's terminal (created on first use, kept while the page lives). */
export function modelFor(node: string): TermModel {
  let m = models.get(node);
  if (!m) {
    m = new TermModel(node);
    models.set(node, m);
  }
  return m;
}
