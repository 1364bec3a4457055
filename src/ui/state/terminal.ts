import { create } from 'zustand';

const MAX_CHARS = 200_000;

export interface Console {
  /** Everything shown so far: prompts, typed lines and output. */
  text: string;
  prompt: string;
  /** Lines typed and not finished yet. */
  running: number;
  history: string[];
}

interface TerminalState {
  consoles: Record<string, Console>;
  /** The host the command line types into. */
  active: string | null;
}

export const useTerminal = create<TerminalState>()(() => ({ consoles: {}, active: null }));

const defaultPrompt = (node: string) => `[root@${node} ~]# `;
const blank = (node: string): Console => ({ text: '', prompt: defaultPrompt(node), running: 0, history: [] });

function update(node: string, f: (c: Console) => Console): void {
  useTerminal.setState((s) => {
    const c = f(s.consoles[node] ?? blank(node));
    const text = c.text.length > MAX_CHARS ? c.text.slice(c.text.length - MAX_CHARS) : c.text;
    return { consoles: { ...s.consoles, [node]: { ...c, text } } };
  });
}

export function resetTerminals(): void {
  useTerminal.setState({ consoles: {} });
}

export const setActiveConsole = (node: string | null): void => useTerminal.setState({ active: node });

/** The user typed a line: echo it after the prompt, as a terminal does. */
export function echoTyped(node: string, line: string): void {
  update(node, (c) => ({ ...c, text: `${c.text}${c.prompt}${line}\n`, running: c.running + 1, history: line.trim() ? [...c.history.slice(-99), line] : c.history }));
}

export function appendOutput(node: string, text: string): void {
  update(node, (c) => ({ ...c, text: c.text + text }));
}

export function commandDone(node: string, prompt: string): void {
  update(node, (c) => ({ ...c, prompt, running: Math.max(0, c.running - 1) }));
}
