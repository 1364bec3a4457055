import { describe, expect, it } from 'vitest';
import { presetById } from '../presets';
import type { Batch, FromWorker } from './protocol';
import { Session } from './session';

const S = 1_000_000;

/** A session on a preset, as the worker drives it; `ask` sends a message and returns what came back. */
function session(preset = 'lvs-dr') {
  const out: FromWorker[] = [];
  const s = new Session({ post: (m) => out.push(m), now: () => 0, testHooks: true, crash: () => {} });
  s.handle({ type: 'load', doc: presetById(preset), seed: 3 });
  out.length = 0;
  const ask = (m: Parameters<Session['handle']>[0]) => {
    s.handle(m);
    return out.splice(0);
  };
  const advance = (us: number) => ask({ type: 'advance', us, token: 0 });
  const termText = (msgs: FromWorker[], node: string) =>
    msgs
      .filter((m): m is Batch => m.type === 'batch')
      .flatMap((b) => b.term)
      .filter((t) => t.node === node)
      .map((t) => t.text)
      .join('');
  return { s, ask, advance, termText, lab: () => s.currentLab! };
}

describe('Session: what a terminal asks', () => {
  it('a terminal opening gets the prompt, without starting a shell', () => {
    const t = session();
    expect(t.ask({ type: 'term-open', node: 'client' })).toEqual([{ type: 'prompt', node: 'client', prompt: '[root@client ~]# ' }]);
    expect(t.lab().existingConsole('client')).toBeUndefined();
    t.ask({ type: 'type', node: 'node02', line: 'cd /var/www/html' });
    t.advance(S);
    expect(t.ask({ type: 'term-open', node: 'node02' })).toEqual([{ type: 'prompt', node: 'node02', prompt: '[root@node02 html]# ' }]);
    expect(t.ask({ type: 'term-open', node: 'sw' })).toEqual([]);
  });

  it('Tab: commands of the installed packages, paths from the shell directory', () => {
    const t = session();
    const [m] = t.ask({ type: 'complete', token: 5, node: 'node01', line: 'ipvs', cursor: 4 });
    expect(m).toMatchObject({ type: 'completions', token: 5, completion: { start: 0, word: 'ipvs', kind: 'command' } });
    expect(m.type === 'completions' && m.completion!.items.map((i) => i.text)).toEqual(['ipvsadm', 'ipvsadm-restore', 'ipvsadm-save']);
    t.ask({ type: 'type', node: 'node02', line: 'cd /var/www' });
    t.advance(S);
    const [c] = t.ask({ type: 'complete', token: 6, node: 'node02', line: 'cat ht', cursor: 6 });
    expect(c.type === 'completions' && c.completion!.items).toEqual([{ text: 'html', display: 'html/', dir: true }]);
  });

  it('vi: reads a file relative to the shell, saves it through the recording, words both as vim does', () => {
    const t = session();
    const [f] = t.ask({ type: 'read-file', token: 1, node: 'node02', path: '/var/www/html/index.html' });
    expect(f).toEqual({ type: 'file', token: 1, file: { path: '/var/www/html/index.html', content: 'from node02 (192.168.150.12)\n', message: '"/var/www/html/index.html" 1L, 29C' } });
    t.advance(S);
    const saved = t.ask({ type: 'write-file', token: 2, node: 'node02', path: '/var/www/html/index.html', content: 'edited\n' });
    expect(saved[0]).toEqual({ type: 'file-saved', token: 2, saved: { path: '/var/www/html/index.html', ok: true, message: '"/var/www/html/index.html" 1L, 7C written' } });
    expect(t.lab().host('node02')!.fs.read('/var/www/html/index.html')).toBe('edited\n');
    // New files, missing directories, directories, values the kernel refuses.
    const msg = (path: string, content = 'x\n') => {
      const [m] = t.ask({ type: 'write-file', token: 3, node: 'node02', path, content });
      return m.type === 'file-saved' ? m.saved!.message : '';
    };
    expect(msg('/root/notes.txt', 'a\nb\n')).toBe('"/root/notes.txt" [New] 2L, 4C written');
    expect(msg('/nowhere/x')).toBe('"/nowhere/x" E212: Can\'t open file for writing: No such file or directory');
    expect(msg('/etc')).toBe('"/etc" is a directory');
    expect(msg('/proc/sys/net/ipv4/ip_forward', 'nine\n')).toBe('"/proc/sys/net/ipv4/ip_forward" E514: write error: Invalid argument');
    expect(msg('/proc/sys/net/ipv4/ip_forward', '1\n')).toBe('"/proc/sys/net/ipv4/ip_forward" 1L, 2C written');
    expect(t.lab().host('node02')!.fs.read('/proc/sys/net/ipv4/ip_forward')).toBe('1\n');
    const read = (path: string) => {
      const [m] = t.ask({ type: 'read-file', token: 4, node: 'node02', path });
      return m.type === 'file' ? m.file!.message : '';
    };
    expect(read('/tmp/new.conf')).toBe('"/tmp/new.conf" [New File]');
    expect(read('/etc')).toBe('"/etc" is a directory');
    expect(read('~/notes.txt')).toBe('"~/notes.txt" 2L, 4C');

    // A rewind to before the save brings the old page back; going forward replays the save.
    t.advance(S);
    t.ask({ type: 'seek', t: S / 2 });
    expect(t.lab().host('node02')!.fs.read('/var/www/html/index.html')).toBe('from node02 (192.168.150.12)\n');
    t.ask({ type: 'seek', t: 2 * S });
    expect(t.lab().host('node02')!.fs.read('/var/www/html/index.html')).toBe('edited\n');
  });

  it('Ctrl-C: ping says ^C itself; a command killed by it gets ^C and a new line; nothing when idle', () => {
    const t = session();
    t.ask({ type: 'type', node: 'client', line: 'ping 192.168.150.11' });
    t.advance(1.5 * S);
    const ping = t.termText(t.ask({ type: 'interrupt', node: 'client' }), 'client');
    expect(ping).toMatch(/^\^C\n--- 192\.168\.150\.11 ping statistics ---\n2 packets transmitted, 2 received/);
    t.ask({ type: 'type', node: 'client', line: 'sleep 10' });
    t.advance(S);
    expect(t.termText(t.ask({ type: 'interrupt', node: 'client' }), 'client')).toBe('^C\n');
    expect(t.lab().records.at(-1)!.status).toBe(130);
    expect(t.termText(t.ask({ type: 'interrupt', node: 'client' }), 'client')).toBe('');
  });
});
