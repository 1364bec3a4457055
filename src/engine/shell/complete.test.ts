import { describe, expect, it } from 'vitest';
import { transcript } from '../../test-support/transcript';
import { commonPrefix, complete } from './complete';

function shellOf(preset: string, node: string) {
  const { lab } = transcript(preset, '', { until: 1 });
  return lab.console(node).shell;
}

const texts = (c: { items: Array<{ text: string }> }) => c.items.map((i) => i.text);

describe('tab completion', () => {
  it('completes command names from builtins and installed packages only', () => {
    const director = shellOf('lvs-dr', 'node01');
    // The ipvsadm package brings ipvsadm, ipvsadm-restore and ipvsadm-save.
    expect(texts(complete(director, 'ipvs'))).toEqual(['ipvsadm', 'ipvsadm-restore', 'ipvsadm-save']);
    expect(complete(director, 'ipvs')).toMatchObject({ start: 0, word: 'ipvs', kind: 'command' });
    // The client has no ipvsadm package: nothing to complete.
    const client = shellOf('lvs-dr', 'client');
    expect(texts(complete(client, 'ipvs'))).toEqual([]);
    expect(texts(complete(client, 'ifcon'))).toEqual(['ifconfig']);
    // Builtins are commands too.
    expect(texts(complete(client, 'hist'))).toContain('history');
  });

  it('the first word after ; | && is a command, the others are files', () => {
    const sh = shellOf('lvs-dr', 'node01');
    expect(complete(sh, 'echo hi; ipvs')).toMatchObject({ start: 9, kind: 'command' });
    expect(texts(complete(sh, 'echo hi && ipvsadm-s'))).toEqual(['ipvsadm-save']);
    expect(complete(sh, 'cat ipvs')).toMatchObject({ start: 4, kind: 'file', items: [] });
    expect(complete(sh, 'ipvsadm -Ln | gr')).toMatchObject({ start: 14, kind: 'command' });
    expect(complete(sh, 'LANG=C ipvs')).toMatchObject({ start: 7, kind: 'command' });
  });

  it('completes paths: directories marked, relative to the working directory, dotfiles hidden', () => {
    const sh = shellOf('lvs-dr', 'node02');
    const c = complete(sh, 'cat /var/www/ht');
    expect(c.items).toEqual([{ text: '/var/www/html', display: 'html/', dir: true }]);
    expect(texts(complete(sh, 'cat /var/www/html/ind'))).toEqual(['/var/www/html/index.html']);
    expect(texts(complete(sh, 'cat /proc/sys/net/ipv4/conf/all/arp_ig'))).toEqual(['/proc/sys/net/ipv4/conf/all/arp_ignore']);
    sh.cwd = '/var/www';
    expect(texts(complete(sh, 'ls h'))).toEqual(['html']);
    sh.cwd = '/root';
    expect(complete(sh, 'ls ').items.every((i) => !i.display.startsWith('.'))).toBe(true);
    expect(texts(complete(sh, 'cat /nowhere/x'))).toEqual([]);
  });

  it('completes in the middle of a line (up to the cursor)', () => {
    const sh = shellOf('lvs-dr', 'node01');
    expect(complete(sh, 'ifconf -a', 6)).toMatchObject({ start: 0, word: 'ifconf', items: [{ text: 'ifconfig' }] });
  });

  it('finds the common prefix of several candidates', () => {
    expect(commonPrefix(['ifconfig', 'ifdown', 'ifup'])).toBe('if');
    expect(commonPrefix(['ipvsadm'])).toBe('ipvsadm');
    expect(commonPrefix([])).toBe('');
  });
});

describe('vi and vim in the CLI', () => {
  it('say there is no editor and how to write a file instead', () => {
    const { text, lab } = transcript('lab-bare', '0 node01 vim /etc/keepalived/keepalived.conf\n0.1 node01 vi /tmp/x');
    expect(text).toContain('node01$ vim /etc/keepalived/keepalived.conf\nvim: interactive editor not available in the CLI; use cat > FILE <<EOF\n');
    expect(text).toContain('vi: interactive editor not available in the CLI; use cat > FILE <<EOF\n');
    expect(lab.records.map((r) => r.status)).toEqual([1, 1]);
  });
});
