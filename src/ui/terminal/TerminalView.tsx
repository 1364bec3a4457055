/**
 * One host's terminal: an xterm.js screen showing the console kept in the
 * store, typing into the host's engine shell through its TermModel. Loaded
 * lazily (xterm is not part of the initial bundle).
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { useT } from '../i18n';
import { useTerminal } from '../state/terminal';
import { Editor } from './Editor';
import { useEditors } from './editor-state';
import { modelFor } from './model';
import { mountedTerminals } from './registry';
import { XtermScreen } from './xterm-screen';

const FONT = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace";

const THEME = {
  background: '#11161d',
  foreground: '#d8dee8',
  cursor: '#8fd18f',
  cursorAccent: '#11161d',
  selectionBackground: '#3a5a8c',
};

/** Keys the browser should handle instead of the terminal: copy with a selection, paste, leaving with Shift+Tab. */
function browserKeys(term: Terminal) {
  return (e: KeyboardEvent): boolean => {
    if (e.type !== 'keydown') return true;
    const k = e.key.toLowerCase();
    // Ctrl/Cmd-C with a selection copies (xterm fills the clipboard on the copy event); without one it is ^C.
    if ((e.ctrlKey || e.metaKey) && !e.altKey && k === 'c' && term.hasSelection()) return false;
    // Ctrl-V, Ctrl-Shift-V, Cmd-V: the browser pastes, xterm types what was pasted.
    if ((e.ctrlKey || e.metaKey) && !e.altKey && k === 'v') return false;
    // Shift+Tab moves the focus out of the terminal (Tab itself completes).
    if (e.key === 'Tab' && e.shiftKey && !e.ctrlKey && !e.altKey) return false;
    return true;
  };
}

/** The last focus request (useTerminal's focusSeq) a terminal acted on. */
let focusHandled = 0;

export default function TerminalView({ node }: { node: string }) {
  const host = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const focusSeq = useTerminal((s) => s.focusSeq);
  const editing = useEditors((s) => !!s.editors[node]);
  const t = useT();

  useEffect(() => {
    const el = host.current!;
    const term = new Terminal({
      convertEol: true,
      cursorBlink: true,
      fontFamily: FONT,
      fontSize: 12,
      lineHeight: 1.15,
      scrollback: 5000,
      reflowCursorLine: true,
      scrollOnEraseInDisplay: true,
      theme: THEME,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    const ta = term.textarea;
    if (ta) {
      ta.setAttribute('aria-label', t('term.input', { node }));
      ta.dataset.testid = 'terminal-input';
    }
    try {
      fit.fit();
    } catch {
      // Not laid out yet: the resize observer fits it.
    }
    const model = modelFor(node);
    const screen = new XtermScreen(term, model);
    const detach = model.attach(screen);
    const onData = term.onData((d) => model.input(d));
    term.attachCustomKeyEventHandler(browserKeys(term));
    termRef.current = term;
    mountedTerminals.set(node, screen);
    let timer = 0;
    const ro = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        const dims = fit.proposeDimensions();
        if (!dims || (dims.cols === term.cols && dims.rows === term.rows)) return;
        screen.resize(() => fit.fit());
      }, 50);
    });
    ro.observe(el);
    return () => {
      clearTimeout(timer);
      ro.disconnect();
      if (mountedTerminals.get(node) === screen) mountedTerminals.delete(node);
      onData.dispose();
      detach();
      term.dispose();
      termRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [node]);

  useEffect(() => {
    termRef.current?.textarea?.setAttribute('aria-label', t('term.input', { node }));
  }, [t, node]);

  useEffect(() => {
    // Only a new request takes the focus (not a tab shown because a host was selected on the canvas).
    if (focusSeq > focusHandled && !editing) {
      focusHandled = focusSeq;
      termRef.current?.focus();
    }
  }, [focusSeq, editing]);

  return (
    <div className="term-view" data-testid={`terminal-${node}`} data-node={node}>
      <div className="term-screen" ref={host} />
      {editing && <Editor node={node} onClosed={() => termRef.current?.focus()} />}
    </div>
  );
}
