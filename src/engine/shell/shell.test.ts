import { describe, expect, it } from 'vitest';
import { World } from '../world';
import { Host } from '../os/host';
import { parseLine, ShellSyntaxError } from './parse';
import './commands/coreutils';

function hostShell() {
  const world = new World(1);
  const host = world.addNode(new Host(world, 'node01'));
  let out = '';
  const sh = host.openShell((t) => (out += t));
  const run = (line: string): string => {
    out = '';
    let done = false;
    sh.submit(line, () => (done = true));
    while (!done && world.sim.step());
    return out;
  };
  return { world, host, sh, run };
}

describe('shell parsing', () => {
  it('splits lists, pipelines and redirections', () => {
    const l = parseLine(`echo -e 'GET / HTTP/1.0\\n' >& 8; cat <& 8 | head -n 2 && exec 8<& -`);
    expect(l.items.map((i) => i.op)).toEqual([';', '&&', ';']);
    expect(l.items[0].pipeline.commands[0].redirs[0]).toMatchObject({ fd: 1, op: '>&' });
    expect(l.items[1].pipeline.commands).toHaveLength(2);
    expect(l.items[2].pipeline.commands[0].redirs[0]).toMatchObject({ fd: 8, op: '<&' });
  });

  it('reports syntax errors as bash words them', () => {
    expect(() => parseLine('echo hi |')).toThrow(ShellSyntaxError);
    expect(() => parseLine('; ls')).toThrow("syntax error near unexpected token `;'");
    expect(() => parseLine("echo 'open")).toThrow("unexpected EOF while looking for matching `''");
  });
});

describe('shell', () => {
  it('echo, quoting and variables', () => {
    const { run, sh } = hostShell();
    expect(run('echo hello   world')).toBe('hello world\n');
    expect(run(`echo "a  b" 'c  $HOME' "$HOME"`)).toBe('a  b c  $HOME /root\n');
    expect(run('echo -n x; echo y')).toBe('xy\n');
    expect(run(`echo -e 'GET / HTTP/1.0\\n'`)).toBe('GET / HTTP/1.0\n\n');
    expect(run('echo $$')).toBe(`${sh.pid}\n`);
    expect(run('X=5; echo "x=$X" \\$X')).toBe('x=5 $X\n');
  });

  it('answers an unknown command as bash does, with status 127', () => {
    const { run } = hostShell();
    expect(run('foo --bar')).toBe('-bash: foo: command not found\n');
    expect(run('echo $?')).toBe('127\n');
    expect(run('false || echo rescued')).toBe('rescued\n');
    expect(run('false && echo never')).toBe('');
    expect(run('! false && echo negated')).toBe('negated\n');
  });

  it('redirects to files and reads them back', () => {
    const { run, host } = hostShell();
    expect(run("echo '<h1>node02</h1>' > /var/www/html/index.html")).toBe('');
    expect(host.fs.read('/var/www/html/index.html')).toBe('<h1>node02</h1>\n');
    run('echo more >> /var/www/html/index.html');
    expect(host.fs.read('/var/www/html/index.html')).toBe('<h1>node02</h1>\nmore\n');
    expect(run('echo x > /nonexistent/dir/file')).toBe('-bash: /nonexistent/dir/file: No such file or directory\n');
  });

  it('cd and pwd, with the prompt following the directory', () => {
    const { run, sh } = hostShell();
    expect(sh.prompt()).toBe('[root@node01 ~]# ');
    run('cd /etc/sysconfig');
    expect(run('pwd')).toBe('/etc/sysconfig\n');
    expect(sh.prompt()).toBe('[root@node01 sysconfig]# ');
    expect(run('cd /nope')).toBe('-bash: cd: /nope: No such file or directory\n');
  });

  it('feeds here-documents to the command', () => {
    const { run, host } = hostShell();
    expect(run('X=world\ncat > /tmp/a <<EOF\nhello $X\n  $HOME\nEOF')).toBe('');
    expect(host.fs.read('/tmp/a')).toBe('hello world\n  /root\n');
    // A quoted delimiter keeps the body as typed; <<- strips leading tabs.
    expect(run("cat <<'EOF'\nhello $X\nEOF")).toBe('hello $X\n');
    expect(run('cat <<-EOF\n\tindented $X\n\tEOF')).toBe('indented world\n');
  });
});

describe('command substitution', () => {
  it('replaces $(...) and backquotes with the output, split into words when unquoted', () => {
    const { run } = hostShell();
    expect(run(`echo $(echo 'a   b') "$(echo 'a   b')"`)).toBe('a b a   b\n');
    expect(run('X=$(echo hi); echo "[$X]" `echo there`')).toBe('[hi] there\n');
    expect(run('echo $(echo nested $(echo deep))')).toBe('nested deep\n');
    expect(run('echo $(nosuchcmd)x')).toBe('-bash: nosuchcmd: command not found\nx\n');
  });

  it('reports an unclosed substitution as bash does', () => {
    const { run } = hostShell();
    expect(run('echo $(echo hi')).toBe("-bash: unexpected EOF while looking for matching `)'\n");
  });
});

describe('here-document escapes', () => {
  it('\\$ stays literal in an unquoted here-document; $X expands', () => {
    const { run, host } = hostShell();
    run('X=1\ncat > /tmp/h <<EOF\na \\$X b $X c \\\\ d\nEOF');
    expect(host.fs.read('/tmp/h')).toBe('a $X b 1 c \\ d\n');
  });
});

describe('descriptors a command opens for itself', () => {
  /** A device at /dev/fake that counts opens and closes (like a /dev/tcp socket). */
  function withFakeDevice() {
    const h = hostShell();
    const log: string[] = [];
    h.host.addDevice((path) => {
      if (path !== '/dev/fake') return undefined;
      // eslint-disable-next-line require-yield
      return (function* () {
        log.push('open');
        return { target: 'socket:[1]', output: { write: (t: string) => log.push(`write ${t}`) }, close: () => log.push('close'), refs: { n: 1 } };
      })();
    });
    return { ...h, log };
  }

  it('`echo 8<> /dev/fake` opens fd 8 for the echo only and closes it when the echo ends', () => {
    const { run, log } = withFakeDevice();
    expect(run('echo 8<> /dev/fake')).toBe('\n');
    expect(log).toEqual(['open', 'close']);
    expect(run('echo hi >& 8')).toBe('-bash: 8: Bad file descriptor\n');
  });

  it('`echo hi > /dev/fake` writes then closes; a redirection alone opens and closes', () => {
    const { run, log } = withFakeDevice();
    run('echo hi > /dev/fake');
    run('8<> /dev/fake');
    expect(log).toEqual(['open', 'write hi\n', 'close', 'open', 'close']);
  });

  it('`exec 8<> /dev/fake` keeps it open until `exec 8<& -`; a command using it via >& 8 does not close it', () => {
    const { run, log } = withFakeDevice();
    run('exec 8<> /dev/fake');
    run('echo hi >& 8');
    expect(log).toEqual(['open', 'write hi\n']);
    run('exec 8<& -');
    expect(log).toEqual(['open', 'write hi\n', 'close']);
  });
});
