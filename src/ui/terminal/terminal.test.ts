import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import type { Console } from '../state/terminal';
import { endsHeredoc, formatColumns, heredocsOf, viTarget } from './bash-text';
import { parseKeys } from './keys';
import { LineEditor } from './line-editor';
import { advanceColumn, textWidth, type Area } from './screen';
import { XtermScreen } from './xterm-screen';

describe('keys from the terminal', () => {
  it('reads text, controls and cursor sequences (normal and application mode)', () => {
    expect(parseKeys('ls -l\r')).toEqual([{ k: 'text', text: 'ls -l' }, { k: 'enter' }]);
    expect(parseKeys('\x1b[A\x1bOB\x1b[D\x1b[C').map((k) => k.k)).toEqual(['up', 'down', 'left', 'right']);
    expect(parseKeys('\x1b[H\x1b[F\x1bOH\x1b[3~\x7f\t').map((k) => k.k)).toEqual(['home', 'end', 'home', 'delete', 'backspace', 'tab']);
    expect(parseKeys('\x01\x05\x15\x0b\x17\x03\x0c').map((k) => k.k)).toEqual(['ctrl-a', 'ctrl-e', 'ctrl-u', 'ctrl-k', 'ctrl-w', 'ctrl-c', 'ctrl-l']);
    // A pasted block: CR LF is one Enter, each line stays one text key.
    expect(parseKeys('echo 1\r\necho 2\r')).toEqual([{ k: 'text', text: 'echo 1' }, { k: 'enter' }, { k: 'text', text: 'echo 2' }, { k: 'enter' }]);
    expect(parseKeys('\x1b[1;5D\x1bb').map((k) => k.k)).toEqual(['word-left', 'word-left']);
    expect(parseKeys('\x1b[15~x')).toEqual([{ k: 'other' }, { k: 'text', text: 'x' }]);
  });
});

describe('line editing (readline emacs keys)', () => {
  it('moves, inserts and deletes', () => {
    const e = new LineEditor();
    e.insert('ifconfig eth0');
    e.home();
    e.right();
    e.right();
    e.insert('X');
    expect([e.buffer, e.cursor]).toEqual(['ifXconfig eth0', 3]);
    e.backspace();
    e.deleteChar();
    expect(e.buffer).toBe('ifonfig eth0');
    e.end();
    e.left();
    e.insert(':2');
    expect(e.buffer).toBe('ifonfig eth:20');
  });

  it('kills and yanks: Ctrl-U, Ctrl-K, Ctrl-W, Ctrl-Y', () => {
    const e = new LineEditor();
    e.set('ping -c 1 192.168.150.12');
    e.killWhitespaceWord();
    expect(e.buffer).toBe('ping -c 1 ');
    e.yank();
    expect(e.buffer).toBe('ping -c 1 192.168.150.12');
    e.set('ipvsadm -Ln', 7);
    e.killToEnd();
    expect(e.buffer).toBe('ipvsadm');
    e.set('abc def', 4);
    e.killToStart();
    expect([e.buffer, e.cursor]).toEqual(['def', 0]);
    e.set('curl 192.168.150.100', 20);
    e.wordLeft();
    expect(e.cursor).toBe(17);
    e.killWordBack();
    expect(e.buffer).toBe('curl 192.168.100');
  });

  it('walks the history with ↑/↓ and keeps the new line', () => {
    const e = new LineEditor();
    const h = ['ifconfig', 'route -n'];
    e.insert('pi');
    e.up(h);
    expect(e.buffer).toBe('route -n');
    e.up(h);
    e.up(h);
    expect(e.buffer).toBe('ifconfig');
    e.down(h);
    expect(e.buffer).toBe('route -n');
    e.down(h);
    expect([e.buffer, e.cursor]).toEqual(['pi', 2]);
    e.down(h);
    expect(e.buffer).toBe('pi');
  });
});

describe('bash text', () => {
  it('finds the here-documents a line opens', () => {
    expect(heredocsOf('cat > /var/www/html/index.html <<EOF')).toEqual([{ delim: 'EOF', stripTabs: false }]);
    expect(heredocsOf("cat <<-'END' > x")).toEqual([{ delim: 'END', stripTabs: true }]);
    expect(heredocsOf('echo "<<EOF"')).toEqual([]);
    expect(heredocsOf('ls')).toEqual([]);
    expect(endsHeredoc('\tEND', { delim: 'END', stripTabs: true })).toBe(true);
    expect(endsHeredoc(' EOF', { delim: 'EOF', stripTabs: false })).toBe(false);
  });

  it('lists completions in columns as readline does', () => {
    expect(formatColumns(['ipvsadm', 'ipvsadm-restore', 'ipvsadm-save'], 80)).toBe('ipvsadm          ipvsadm-restore  ipvsadm-save\n');
    expect(formatColumns(['a', 'bb', 'ccc', 'dd', 'e'], 11)).toBe('a    dd\nbb   e\nccc\n');
    // Two columns of 5 would fill the line exactly: readline keeps one cell free.
    expect(formatColumns(['a', 'bb', 'ccc', 'dd', 'e'], 10)).toBe('a\nbb\nccc\ndd\ne\n');
  });

  it('knows when the page opens its editor for vi', () => {
    expect(viTarget('vim /etc/keepalived/keepalived.conf')).toEqual({ file: '/etc/keepalived/keepalived.conf' });
    expect(viTarget('vi')).toEqual({ file: null });
    expect(viTarget('vi -n +3 index.html')).toEqual({ file: 'index.html' });
    expect(viTarget('vi a; ls')).toBeNull();
    expect(viTarget('view x')).toBeNull();
  });
});

describe('screen arithmetic', () => {
  it('measures wide characters and follows output columns', () => {
    expect(textWidth('[root@node01 ~]# ')).toBe(17);
    expect(textWidth('负载均衡')).toBe(8);
    expect(advanceColumn(0, 'abc\nde', 80)).toBe(2);
    expect(advanceColumn(5, '\r', 80)).toBe(0);
    expect(advanceColumn(0, 'x'.repeat(100), 80)).toBe(100);
    expect(advanceColumn(3, '\x1b[31mred\x1b[0m', 80)).toBe(6);
    expect(advanceColumn(0, 'a\tb', 80)).toBe(9);
  });
});

/** A screen over a headless xterm: the real terminal's parser checks the cursor arithmetic. */
function screenOn(cols: number) {
  const term = new Terminal({ cols, rows: 10, convertEol: true, allowProposedApi: true, scrollback: 100 });
  let c: Console = { text: '', prompt: '$ ', running: 0, history: [], total: 0, id: 1 };
  let area: Area | null = { text: '$ ', cursor: 2 };
  const screen = new XtermScreen(term, { console: () => c, area: () => area });
  const flush = () => new Promise<void>((r) => term.write('', r));
  return {
    term,
    screen,
    append(text: string) {
      c = { ...c, text: c.text + text, total: (c.total ?? 0) + text.length };
      screen.sync();
    },
    replace(text: string) {
      c = { ...c, text, total: undefined, id: (c.id ?? 0) + 1 };
      screen.sync();
    },
    setArea(a: Area | null) {
      area = a;
      screen.sync();
    },
    async view() {
      await flush();
      const b = term.buffer.active;
      return { text: screen.text(), x: b.cursorX, y: b.cursorY + b.baseY };
    },
  };
}

describe('the line under the output (xterm)', () => {
  it('redraws the prompt line in place as it is edited', async () => {
    const s = screenOn(40);
    s.append('hello\n');
    s.setArea({ text: '$ ifconfig', cursor: 10 });
    s.setArea({ text: '$ ifconfig eth0', cursor: 6 });
    expect(await s.view()).toEqual({ text: 'hello\n$ ifconfig eth0', x: 6, y: 1 });
    // Enter: the line becomes output, the area goes while the command runs.
    s.setArea(null);
    s.append('$ ifconfig eth0\neth0: flags=4163<UP>\n');
    expect(await s.view()).toEqual({ text: 'hello\n$ ifconfig eth0\neth0: flags=4163<UP>', x: 0, y: 3 });
    s.setArea({ text: '$ ', cursor: 2 });
    expect(await s.view()).toMatchObject({ text: 'hello\n$ ifconfig eth0\neth0: flags=4163<UP>\n$ ', x: 2, y: 3 });
  });

  it('wraps a long line over several rows and moves the cursor back into it', async () => {
    const s = screenOn(20);
    const line = `$ ${'x'.repeat(30)}`;
    s.setArea({ text: line, cursor: 5 });
    expect(await s.view()).toEqual({ text: line, x: 5, y: 0 });
    // Exactly two rows: no pending wrap is left behind.
    const full = `$ ${'y'.repeat(38)}`;
    s.setArea({ text: full, cursor: full.length });
    expect(await s.view()).toEqual({ text: full, x: 0, y: 2 });
    s.setArea({ text: '$ short', cursor: 7 });
    expect(await s.view()).toEqual({ text: '$ short', x: 7, y: 0 });
  });

  it('output arriving while a line is being edited goes above it', async () => {
    const s = screenOn(30);
    s.append('no newline at the end');
    s.setArea({ text: '$ abc', cursor: 5 });
    expect(await s.view()).toEqual({ text: 'no newline at the end$ abc', x: 26, y: 0 });
    s.append('\nlater\n');
    expect(await s.view()).toEqual({ text: 'no newline at the end\nlater\n$ abc', x: 5, y: 2 });
  });

  it('a replaced scrollback (rewind) is drawn again from scratch; Ctrl-L keeps the line', async () => {
    const s = screenOn(30);
    s.append('one\ntwo\n');
    s.replace('three\n');
    expect((await s.view()).text).toBe('three\n$ ');
    s.setArea({ text: '$ ls', cursor: 4 });
    s.screen.clearScreen();
    const v = await s.view();
    expect(v.text.endsWith('$ ls')).toBe(true);
    expect(v.x).toBe(4);
    expect(s.term.buffer.active.cursorY).toBe(0);
  });
});
