import { create } from 'zustand';

const MAX_CHARS = 200_000;
const HISTORY = 100;

export interface Console {
  /** Everything shown so far: prompts, typed lines and output (the scrollback; the line being edited is not in it). */
  text: string;
  prompt: string;
  /** Lines typed and not finished yet. */
  running: number;
  history: string[];
  /** Characters ever appended (text keeps only the last MAX_CHARS); absent on a console rebuilt after a rewind. */
  total?: number;
  /** Identity of this scrollback: a new id means "redraw from scratch", not "append". */
  id?: number;
}

interface TerminalState {
  consoles: Record<string, Console>;
  /** Hosts with a terminal tab in the dock, in tab order. */
  open: string[];
  /** The tab shown. */
  active: string | null;
  /** Bumped to ask the shown terminal to take the keyboard focus. */
  focusSeq: number;
  /** The user closed every tab: do not open one by itself again. */
  closedAll: boolean;
}

export const useTerminal = create<TerminalState>()(() => ({ consoles: {}, open: [], active: null, focusSeq: 0, closedAll: false }));

let ids = 0;
export const defaultPrompt = (node: string): string => `[root@${node} ~]# `;
const blank = (node: string): Console => ({ text: '', prompt: defaultPrompt(node), running: 0, history: [], total: 0, id: ++ids });

function update(node: string, f: (c: Console) => Console): void {
  useTerminal.setState((s) => {
    const before = s.consoles[node] ?? blank(node);
    const c = f(before);
    const added = c.text.length - before.text.length;
    const text = c.text.length > MAX_CHARS ? c.text.slice(c.text.length - MAX_CHARS) : c.text;
    const total = (before.total ?? before.text.length) + Math.max(0, added);
    return { consoles: { ...s.consoles, [node]: { ...c, text, total, id: before.id ?? ++ids } } };
  });
}

/** A fresh lab: every scrollback starts over; what was typed stays in the history (↑ still finds it). */
export function resetTerminals(): void {
  useTerminal.setState((s) => {
    const consoles: Record<string, Console> = {};
    for (const [node, c] of Object.entries(s.consoles)) if (c.history.length) consoles[node] = { ...blank(node), history: c.history };
    return { consoles };
  });
}

/** Show a host's terminal tab if it is open (selecting a host on the canvas). */
export const showTerminalIfOpen = (node: string | null): void =>
  useTerminal.setState((s) => (node && s.open.includes(node) && s.active !== node ? { active: node } : s));

/** Show a host's terminal, opening its tab if needed, without taking the keyboard focus. */
export const setActiveConsole = (node: string | null): void => {
  if (node) openTerminal(node, false);
};

/** Open (or show) a host's terminal and give it the keyboard. */
export function openTerminal(node: string, focus = true): void {
  useTerminal.setState((s) => ({
    open: s.open.includes(node) ? s.open : [...s.open, node],
    active: node,
    focusSeq: focus ? s.focusSeq + 1 : s.focusSeq,
    closedAll: false,
  }));
}

/** Close a tab; the host's shell and scrollback live on (reopening shows them). */
export function closeTerminal(node: string): void {
  useTerminal.setState((s) => {
    const i = s.open.indexOf(node);
    if (i < 0) return s;
    const open = s.open.filter((n) => n !== node);
    const active = s.active === node ? (open[Math.min(i, open.length - 1)] ?? null) : s.active;
    return { open, active, closedAll: open.length === 0 };
  });
}

/** Keep only the tabs of hosts that still exist. */
export function keepTerminals(hosts: string[]): void {
  useTerminal.setState((s) => {
    const open = s.open.filter((n) => hosts.includes(n));
    if (open.length === s.open.length) return s;
    return { open, active: s.active && open.includes(s.active) ? s.active : (open[0] ?? null) };
  });
}

/**
 * The user typed a line: echo it as the terminal showed it (by default after
 * the prompt) and count it as running until the shell says it finished.
 */
export function echoTyped(node: string, line: string, shown?: string): void {
  update(node, (c) => ({
    ...c,
    text: c.text + (shown ?? `${c.prompt}${line}\n`),
    running: c.running + 1,
    history: line.trim() ? addHistory(c.history, line) : c.history,
  }));
}

/** Text the terminal itself shows (an echoed line that runs nothing, ^C, a completion list). */
export function appendOutput(node: string, text: string): void {
  update(node, (c) => ({ ...c, text: c.text + text }));
}

/** Remember a line in a host's history without running it through the shell (vi, handled by the page). */
export function rememberLine(node: string, line: string): void {
  if (line.trim()) update(node, (c) => ({ ...c, history: addHistory(c.history, line) }));
}

export function commandDone(node: string, prompt: string): void {
  update(node, (c) => ({ ...c, prompt, running: Math.max(0, c.running - 1) }));
}

/** The shell's prompt as it is now (the worker's answer when a terminal opens). */
export function setPrompt(node: string, prompt: string): void {
  update(node, (c) => (c.prompt === prompt ? c : { ...c, prompt }));
}

/** bash's HISTCONTROL=ignoredups (CentOS default): the same line twice in a row is kept once. */
function addHistory(h: string[], line: string): string[] {
  if (h[h.length - 1] === line) return h;
  return [...h.slice(-(HISTORY - 1)), line];
}

/**
 * After a rewind (src/worker/recording.ts): every scrollback as it stood at the
 * new moment, rebuilt from the lab's command records. Each console gets a new
 * `id`, so a terminal redraws it from scratch instead of appending; hosts not
 * listed had typed nothing yet by then (blank, their ↑ history kept).
 */
export function restoreConsoles(views: Record<string, { text: string; prompt: string; running: number; history: string[] }>): void {
  useTerminal.setState((s) => {
    const consoles: Record<string, Console> = {};
    for (const node of new Set([...Object.keys(s.consoles), ...Object.keys(views)])) {
      const v = views[node];
      const old = s.consoles[node];
      const text = v ? (v.text.length > MAX_CHARS ? v.text.slice(v.text.length - MAX_CHARS) : v.text) : '';
      consoles[node] = v
        ? { text, prompt: v.prompt, running: v.running, history: v.history.length ? v.history : (old?.history ?? []), id: ++ids }
        : { ...blank(node), history: old?.history ?? [] };
    }
    return { consoles };
  });
}
