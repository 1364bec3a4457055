import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../../../test-support/transcript';
import { columns, collate, humanSize } from './ls';
import { ONE_HOST, script } from './testing';

const run = (...lines: string[]) => transcript(ONE_HOST, script(...lines));
const L = '\u2018';
const R = '\u2019';

describe('cat', () => {
  it('prints files, standard input and numbered lines', () => {
    const { text } = run('cat /etc/hostname', 'echo hi | cat', 'cat -n /etc/hostname /etc/hosts', 'cat /etc/hostname - < /etc/hostname');
    expect(blockOf(text, 'node01$ cat /etc/hostname')).toBe('node01\n');
    expect(blockOf(text, 'node01$ echo hi | cat')).toBe('hi\n');
    expect(blockOf(text, 'node01$ cat -n /etc/hostname /etc/hosts')).toBe(
      '     1\tnode01\n' +
        '     2\t127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n' +
        '     3\t::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n',
    );
    expect(blockOf(text, 'node01$ cat /etc/hostname - < /etc/hostname')).toBe('node01\nnode01\n');
  });

  it('words its errors as coreutils and exits 1', () => {
    const { text } = run('cat x', 'echo $?', 'cat /etc', 'cat /etc/hostname nope');
    expect(blockOf(text, 'node01$ cat x')).toBe('cat: x: No such file or directory\n');
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
    expect(blockOf(text, 'node01$ cat /etc')).toBe('cat: /etc: Is a directory\n');
    expect(blockOf(text, 'node01$ cat /etc/hostname nope')).toBe('node01\ncat: nope: No such file or directory\n');
  });
});

describe('ls', () => {
  it("lists root's home as CentOS 7 has it, sorted as en_US.UTF-8 collates", () => {
    const { text } = run('ls', 'ls -a', 'ls -la');
    expect(blockOf(text, 'node01$ ls')).toBe('anaconda-ks.cfg\n');
    expect(blockOf(text, 'node01$ ls -a')).toBe('.  ..  anaconda-ks.cfg\t.bash_logout  .bash_profile  .bashrc\n');
    expect(blockOf(text, 'node01$ ls -la')).toBe(
      'total 24\n' +
        'dr-xr-x---  2 root root 4096 Mar 27 10:00 .\n' +
        'dr-xr-xr-x 17 root root 4096 Mar 27 10:00 ..\n' +
        '-rw-------  1 root root  874 Mar 27 10:00 anaconda-ks.cfg\n' +
        '-rw-r--r--  1 root root   18 Mar 27 10:00 .bash_logout\n' +
        '-rw-r--r--  1 root root  176 Mar 27 10:00 .bash_profile\n' +
        '-rw-r--r--  1 root root  176 Mar 27 10:00 .bashrc\n',
    );
  });

  it('-l shows times from the virtual clock, -d the directory itself, errors exit 2', () => {
    const { text } = run('sleep 61', 'touch /tmp/late', 'ls -l /tmp/late /etc/hostname', 'ls -ld /tmp /root', 'ls /nope /tmp', 'echo $?');
    expect(blockOf(text, 'node01$ ls -l /tmp/late /etc/hostname')).toBe('-rw-r--r-- 1 root root 7 Mar 27 10:00 /etc/hostname\n-rw-r--r-- 1 root root 0 Mar 27 10:01 /tmp/late\n');
    expect(blockOf(text, 'node01$ ls -ld /tmp /root')).toBe('dr-xr-x--- 2 root root 4096 Mar 27 10:00 /root\ndrwxrwxrwt 2 root root 4096 Mar 27 10:01 /tmp\n');
    expect(blockOf(text, 'node01$ ls /nope /tmp')).toBe('ls: cannot access /nope: No such file or directory\n/tmp:\nlate\n');
    expect(blockOf(text, 'node01$ echo $?')).toBe('2\n');
  });

  it("lists the shell's descriptors under /proc/$$/fd as links, 8 → the file `exec 8<>` opened", () => {
    const { text, lab } = run('exec 8<> /tmp/x', 'ls -l /proc/$$/fd', 'cd /proc/$$/fd', 'pwd', 'ls', 'exec 8<& -', 'ls');
    const pid = lab.console('node01').shell.pid;
    expect(blockOf(text, 'node01$ ls -l /proc/$$/fd')).toBe(
      'total 0\n' +
        'lrwx------ 1 root root 64 Mar 27 10:00 0 -> /dev/pts/0\n' +
        'lrwx------ 1 root root 64 Mar 27 10:00 1 -> /dev/pts/0\n' +
        'lrwx------ 1 root root 64 Mar 27 10:00 2 -> /dev/pts/0\n' +
        'lrwx------ 1 root root 64 Mar 27 10:00 255 -> /dev/pts/0\n' +
        'lrwx------ 1 root root 64 Mar 27 10:00 8 -> /tmp/x\n',
    );
    expect(blockOf(text, 'node01$ pwd')).toBe(`/proc/${pid}/fd\n`);
    expect(blockOf(text, 'node01$ ls')).toBe('0  1  2  255  8\n');
    expect(text.endsWith('[6.000] node01$ ls\n0  1  2  255\n')).toBe(true);
  });

  it('fills columns top to bottom, with tabs to each 8th column where they fit (coreutils 8.22)', () => {
    const names = Array.from({ length: 30 }, (_, i) => `f${String(i + 1).padStart(2, '0')}`);
    const row = (from: number) => names.filter((_, i) => i % 2 === from);
    // 15 columns of two rows; the gap after the 8th name crosses a tab stop.
    const line = (r: string[]) => r.slice(0, 7).join('  ') + '  ' + r[7] + '\t' + r.slice(8).join('  ') + '\n';
    expect(columns(names)).toBe(line(row(0)) + line(row(1)));
    expect(columns(['abcdef', 'x'])).toBe('abcdef\tx\n');
  });

  it('collates and sizes as GNU ls does', () => {
    expect(['b', '.bashrc', 'anaconda-ks.cfg', '..', '.', 'B', 'a'].sort(collate)).toEqual(['.', '..', 'a', 'anaconda-ks.cfg', 'b', 'B', '.bashrc']);
    expect([0, 176, 1024, 1241, 4096, 10 * 1024 * 1024 + 1].map(humanSize)).toEqual(['0', '176', '1.0K', '1.3K', '4.0K', '11M']);
  });
});

describe('head, tail', () => {
  it('take lines from the start or the end, with headers for several files', () => {
    const { text } = run('seq 12 > /tmp/n', 'head -3 /tmp/n', 'tail -n 2 /tmp/n', 'tail -2 /tmp/n', 'head -2 /tmp/n /etc/hostname', 'tail -n +11 /tmp/n', 'cat /tmp/n | head -n 1');
    expect(blockOf(text, 'node01$ head -3 /tmp/n')).toBe('1\n2\n3\n');
    expect(blockOf(text, 'node01$ tail -n 2 /tmp/n')).toBe('11\n12\n');
    expect(blockOf(text, 'node01$ tail -2 /tmp/n')).toBe('11\n12\n');
    expect(blockOf(text, 'node01$ head -2 /tmp/n /etc/hostname')).toBe('==> /tmp/n <==\n1\n2\n\n==> /etc/hostname <==\nnode01\n');
    expect(blockOf(text, 'node01$ tail -n +11 /tmp/n')).toBe('11\n12\n');
    expect(blockOf(text, 'node01$ cat /tmp/n | head -n 1')).toBe('1\n');
  });

  it('word bad counts and missing files as coreutils 8.22', () => {
    const { text } = run('head -n x /etc/hosts', 'tail /nope', 'echo $?');
    expect(blockOf(text, 'node01$ head -n x /etc/hosts')).toBe(`head: invalid number of lines: ${L}x${R}\n`);
    expect(blockOf(text, 'node01$ tail /nope')).toBe(`tail: cannot open ${L}/nope${R} for reading: No such file or directory\n`);
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
  });

  it('tail -f keeps printing what is appended until Ctrl-C', () => {
    const { text } = transcript(ONE_HOST, '0 node01 echo one > /tmp/log\n1 node01 tail -f /tmp/log\n2.5 node01 ^C\n3 node01 echo $?');
    expect(blockOf(text, 'node01$ tail -f /tmp/log')).toBe('one\n');
    expect(blockOf(text, 'node01$ echo $?')).toBe('130\n');
    const { lab } = transcript(ONE_HOST, '0 node01 echo one > /tmp/log\n1 node01 tail -f /tmp/log', { until: 5 });
    lab.host('node01')!.fs.write('/tmp/log', 'two\n', true);
    lab.world.sim.runUntil(7_000_000);
    expect(lab.records.find((r) => r.line === 'tail -f /tmp/log')!.output).toBe('one\ntwo\n');
  });
});

describe('grep', () => {
  it('matches basic and extended expressions, -i -v -c -n -w, several files', () => {
    const { text } = run('seq 12 > /tmp/n', "grep -E '^(1|2)$' /tmp/n", "grep '^1\\(0\\|1\\)$' /tmp/n", 'grep -w 1 /tmp/n /etc/hostname', 'grep -v 1 /tmp/n | wc -l', 'grep -ic NODE /etc/hostname', 'grep -n local /etc/hosts');
    expect(blockOf(text, "node01$ grep -E '^(1|2)$' /tmp/n")).toBe('1\n2\n');
    expect(blockOf(text, "node01$ grep '^1\\(0\\|1\\)$' /tmp/n")).toBe('10\n11\n');
    expect(blockOf(text, 'node01$ grep -w 1 /tmp/n /etc/hostname')).toBe('/tmp/n:1\n');
    expect(blockOf(text, 'node01$ grep -v 1 /tmp/n | wc -l')).toBe('8\n');
    expect(blockOf(text, 'node01$ grep -ic NODE /etc/hostname')).toBe('1\n');
    expect(blockOf(text, 'node01$ grep -n local /etc/hosts')).toBe(
      '1:127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n2:::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n',
    );
  });

  it('exits 1 when nothing matched and 2 on a missing file', () => {
    const { text } = run('grep zzz /etc/hostname', 'echo $?', 'grep node /nope /etc/hostname', 'echo $?', "grep '[a' /etc/hostname");
    expect(blockOf(text, 'node01$ grep zzz /etc/hostname')).toBe('');
    expect(text).toContain('[1.000] node01$ echo $?\n1\n');
    expect(blockOf(text, 'node01$ grep node /nope /etc/hostname')).toBe('grep: /nope: No such file or directory\n/etc/hostname:node01\n');
    expect(text).toContain('[3.000] node01$ echo $?\n2\n');
    expect(blockOf(text, "node01$ grep '[a' /etc/hostname")).toBe('grep: Unmatched [ or [^\n');
  });
});

describe('wc', () => {
  it('pads to the width of the total size, 7 for standard input, none for one count of one file', () => {
    const { text } = run('wc /etc/hosts', 'wc -l /etc/hosts', 'cat /etc/hosts | wc', 'wc -l < /etc/hosts', 'wc /etc/hostname /etc/hosts', 'wc nope');
    expect(blockOf(text, 'node01$ wc /etc/hosts')).toBe('  2  10 158 /etc/hosts\n');
    expect(blockOf(text, 'node01$ wc -l /etc/hosts')).toBe('2 /etc/hosts\n');
    expect(blockOf(text, 'node01$ cat /etc/hosts | wc')).toBe('      2      10     158\n');
    expect(blockOf(text, 'node01$ wc -l < /etc/hosts')).toBe('2\n');
    expect(blockOf(text, 'node01$ wc /etc/hostname /etc/hosts')).toBe('  1   1   7 /etc/hostname\n  2  10 158 /etc/hosts\n  3  11 165 total\n');
    expect(blockOf(text, 'node01$ wc nope')).toBe('wc: nope: No such file or directory\n');
  });
});

describe('mkdir, touch, chmod, rm, cp, mv', () => {
  it('manage files and directories, refusing what coreutils refuses', () => {
    const { text, lab } = run(
      'mkdir /tmp/a/b',
      'mkdir -p /tmp/a/b',
      'mkdir /tmp/a',
      'touch /tmp/a/f',
      'chmod 755 /tmp/a/f',
      'chmod u-x,go-rx /tmp/a/f',
      'ls -l /tmp/a',
      'rm /tmp/a',
      'cp /tmp/a /tmp/c',
      'cp -r /tmp/a /tmp/c',
      'mv /tmp/c/f /tmp/g',
      'rm -r /tmp/a',
      'ls /tmp /tmp/c',
      'rm /nope',
      'rm -f /nope',
      'echo $?',
      'touch /nope/x',
      'chmod abc /tmp/g',
      'chmod 644 /nope',
      'cp /nope /tmp',
      'cp /tmp',
      'mv',
      'mkdir',
    );
    expect(blockOf(text, 'node01$ mkdir /tmp/a/b')).toBe(`mkdir: cannot create directory ${L}/tmp/a/b${R}: No such file or directory\n`);
    expect(blockOf(text, 'node01$ mkdir -p /tmp/a/b')).toBe('');
    expect(blockOf(text, 'node01$ mkdir /tmp/a')).toBe(`mkdir: cannot create directory ${L}/tmp/a${R}: File exists\n`);
    expect(blockOf(text, 'node01$ ls -l /tmp/a')).toBe('total 4\ndrwxr-xr-x 2 root root 4096 Mar 27 10:00 b\n-rw------- 1 root root    0 Mar 27 10:00 f\n');
    expect(blockOf(text, 'node01$ rm /tmp/a')).toBe(`rm: cannot remove ${L}/tmp/a${R}: Is a directory\n`);
    expect(blockOf(text, 'node01$ cp /tmp/a /tmp/c')).toBe(`cp: omitting directory ${L}/tmp/a${R}\n`);
    expect(blockOf(text, 'node01$ ls /tmp /tmp/c')).toBe('/tmp:\nc  g\n\n/tmp/c:\nb\n');
    expect(lab.host('node01')!.fs.mode('/tmp/g')).toBe(0o600);
    expect(blockOf(text, 'node01$ rm /nope')).toBe(`rm: cannot remove ${L}/nope${R}: No such file or directory\n`);
    expect(blockOf(text, 'node01$ rm -f /nope')).toBe('');
    expect(blockOf(text, 'node01$ echo $?')).toBe('0\n');
    expect(blockOf(text, 'node01$ touch /nope/x')).toBe(`touch: cannot touch ${L}/nope/x${R}: No such file or directory\n`);
    expect(blockOf(text, 'node01$ chmod abc /tmp/g')).toBe(`chmod: invalid mode: ${L}abc${R}\nTry 'chmod --help' for more information.\n`);
    expect(blockOf(text, 'node01$ chmod 644 /nope')).toBe(`chmod: cannot access ${L}/nope${R}: No such file or directory\n`);
    expect(blockOf(text, 'node01$ cp /nope /tmp')).toBe(`cp: cannot stat ${L}/nope${R}: No such file or directory\n`);
    expect(blockOf(text, 'node01$ cp /tmp')).toBe(`cp: missing destination file operand after ${L}/tmp${R}\nTry 'cp --help' for more information.\n`);
    expect(blockOf(text, 'node01$ mv')).toBe("mv: missing file operand\nTry 'mv --help' for more information.\n");
    expect(blockOf(text, 'node01$ mkdir')).toBe("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
  });

  it('refuses rm -r / (preserve-root) and leaves the tree alone', () => {
    const { text, lab } = run('rm -rf /');
    expect(blockOf(text, 'node01$ rm -rf /')).toBe(`rm: it is dangerous to operate recursively on ${L}/${R}\nrm: use --no-preserve-root to override this failsafe\n`);
    expect(lab.host('node01')!.fs.exists('/etc/hosts')).toBe(true);
  });
});

describe('text tools', () => {
  it('tee, sort, uniq, seq, printf', () => {
    const { text, lab } = run(
      'echo hi | tee /tmp/t',
      'echo more | tee -a /tmp/t',
      'printf "b\\na\\nb\\n10\\n9\\n" > /tmp/s',
      'sort /tmp/s',
      'sort -n /tmp/s',
      'sort /tmp/s | uniq -c',
      'sort -ru /tmp/s',
      'seq 3',
      'seq 2 2 7',
      'seq -s , 1 4',
      'printf "%s-%d\\n" a 1 b 2',
      'printf "%5s|%-4d|%03d|%.2f|%x\\n" ab 7 5 3.14159 255',
      'printf "%d\\n" abc',
      'tee /nope/x',
    );
    expect(blockOf(text, 'node01$ echo hi | tee /tmp/t')).toBe('hi\n');
    expect(lab.host('node01')!.fs.read('/tmp/t')).toBe('hi\nmore\n');
    expect(blockOf(text, 'node01$ sort /tmp/s')).toBe('10\n9\na\nb\nb\n');
    expect(blockOf(text, 'node01$ sort -n /tmp/s')).toBe('a\nb\nb\n9\n10\n');
    expect(blockOf(text, 'node01$ sort /tmp/s | uniq -c')).toBe('      1 10\n      1 9\n      1 a\n      2 b\n');
    expect(blockOf(text, 'node01$ sort -ru /tmp/s')).toBe('b\na\n9\n10\n');
    expect(blockOf(text, 'node01$ seq 3')).toBe('1\n2\n3\n');
    expect(blockOf(text, 'node01$ seq 2 2 7')).toBe('2\n4\n6\n');
    expect(blockOf(text, 'node01$ seq -s , 1 4')).toBe('1,2,3,4\n');
    expect(blockOf(text, 'node01$ printf "%s-%d\\n" a 1 b 2')).toBe('a-1\nb-2\n');
    expect(blockOf(text, 'node01$ printf "%5s|%-4d|%03d|%.2f|%x\\n" ab 7 5 3.14159 255')).toBe('   ab|7   |005|3.14|ff\n');
    expect(blockOf(text, 'node01$ printf "%d\\n" abc')).toBe('-bash: printf: abc: invalid number\n0\n');
    expect(blockOf(text, 'node01$ tee /nope/x')).toBe('tee: /nope/x: No such file or directory\n');
  });
});

describe('ls into a pipe', () => {
  it('prints one name per line when standard output is not a terminal', () => {
    const { text } = transcript(ONE_HOST, '0 node01 ls /etc/sysconfig/network-scripts | wc -l\n1 node01 ls / | head -n 2');
    expect(text).toContain('[0.000] node01$ ls /etc/sysconfig/network-scripts | wc -l\n2\n');
    expect(text).toContain('[1.000] node01$ ls / | head -n 2\nboot\ndev\n');
  });
});
