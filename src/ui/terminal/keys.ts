/**
 * What a terminal sends for each key (xterm's `onData`), read back into keys:
 * printable text, control characters and the VT escape sequences for the
 * cursor and editing keys (normal and application cursor mode).
 */
export type KeyName =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'home'
  | 'end'
  | 'word-left'
  | 'word-right'
  | 'tab'
  | 'ctrl-a'
  | 'ctrl-b'
  | 'ctrl-c'
  | 'ctrl-d'
  | 'ctrl-e'
  | 'ctrl-f'
  | 'ctrl-k'
  | 'ctrl-l'
  | 'ctrl-u'
  | 'ctrl-w'
  | 'ctrl-y'
  | 'alt-backspace'
  | 'alt-d'
  | 'other';

export type Key = { k: 'text'; text: string } | { k: KeyName };

const ESCAPES: Record<string, KeyName> = {
  '\x1b[A': 'up',
  '\x1b[B': 'down',
  '\x1b[C': 'right',
  '\x1b[D': 'left',
  '\x1bOA': 'up',
  '\x1bOB': 'down',
  '\x1bOC': 'right',
  '\x1bOD': 'left',
  '\x1b[H': 'home',
  '\x1b[F': 'end',
  '\x1bOH': 'home',
  '\x1bOF': 'end',
  '\x1b[1~': 'home',
  '\x1b[4~': 'end',
  '\x1b[7~': 'home',
  '\x1b[8~': 'end',
  '\x1b[3~': 'delete',
  '\x1b[1;5D': 'word-left',
  '\x1b[1;5C': 'word-right',
  '\x1b[1;3D': 'word-left',
  '\x1b[1;3C': 'word-right',
  '\x1bb': 'word-left',
  '\x1bf': 'word-right',
  '\x1bd': 'alt-d',
  '\x1b\x7f': 'alt-backspace',
  '\x1b\b': 'alt-backspace',
};

const CONTROLS: Record<string, KeyName> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
  '\x01': 'ctrl-a',
  '\x02': 'ctrl-b',
  '\x03': 'ctrl-c',
  '\x04': 'ctrl-d',
  '\x05': 'ctrl-e',
  '\x06': 'ctrl-f',
  '\x0b': 'ctrl-k',
  '\x0c': 'ctrl-l',
  '\x15': 'ctrl-u',
  '\x17': 'ctrl-w',
  '\x19': 'ctrl-y',
};

/** An escape sequence's length at `i`: CSI (`ESC [ params final`), SS3 (`ESC O x`) or `ESC x`. */
function escapeLength(s: string, i: number): number {
  if (s[i + 1] === '[') {
    let j = i + 2;
    while (j < s.length && /[0-9;?]/.test(s[j])) j++;
    return Math.min(s.length, j + 1) - i;
  }
  if (s[i + 1] === 'O') return Math.min(3, s.length - i);
  return Math.min(2, s.length - i);
}

/** Split what the terminal sent into keys; runs of printable characters (a paste) stay together. */
export function parseKeys(data: string): Key[] {
  const out: Key[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ k: 'text', text });
    text = '';
  };
  for (let i = 0; i < data.length; ) {
    const c = data[i];
    if (c === '\x1b') {
      flush();
      const n = escapeLength(data, i);
      out.push({ k: ESCAPES[data.slice(i, i + n)] ?? 'other' });
      i += n;
      continue;
    }
    // A pasted CR LF is one Enter.
    if (c === '\r' && data[i + 1] === '\n') {
      flush();
      out.push({ k: 'enter' });
      i += 2;
      continue;
    }
    const ctl = CONTROLS[c];
    if (ctl) {
      flush();
      out.push({ k: ctl });
    } else if (c < ' ') {
      flush();
      out.push({ k: 'other' });
    } else text += c;
    i++;
  }
  flush();
  return out;
}
