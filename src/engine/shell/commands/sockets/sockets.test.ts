import { describe, expect, it } from 'vitest';
import { Lab } from '../../../lab';
import { loadScenario } from '../../../scenario';
import { renderTranscript } from '../../../transcript';
import { presetById } from '../../../../presets';
import { Task, type Program } from '../../../os/task';
import { tcpListen } from '../../../transport/tcp/socket';
import { udpSockets } from '../../../transport/udp';
import type { IpStack } from '../../../net/ip/stack';
import { blockOf } from '../../../../test-support/transcript';

/**
 * two-hosts (node01 192.168.150.11, node02 192.168.150.12) with a tiny web
 * server on node02:80 owned by a process `httpd` (pid 1240): it answers one
 * request per connection and closes first, as HTTP/1.0 does.
 */
function lab(script: Array<[number, string, string]>, until: number, opts: { keepOpen?: boolean; udp?: boolean } = {}) {
  const res = loadScenario(presetById('two-hosts')!);
  if (!res.ok) throw new Error('bad preset');
  const l = new Lab(res.scenario);
  const node02 = l.host('node02')!;
  node02.procs.spawn({ pid: 1240, ppid: 1, comm: 'httpd', args: '/usr/sbin/httpd -DFOREGROUND', user: 'root', start: 0 });
  const listener = tcpListen(node02, 80, { owner: { pid: 1240, comm: 'httpd', fd: 4 } });
  if (typeof listener === 'string') throw new Error(listener);
  const prog = function* (): Program {
    for (;;) {
      const c = yield* listener.accept();
      if (!c) return 0;
      const req = yield* c.recv();
      if (!req) continue;
      c.send('HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 16\r\n\r\n<h1>node02</h1>\n');
      if (!opts.keepOpen) c.close();
    }
  };
  new Task(l.world.sim, prog(), () => {}).start();
  if (opts.udp) {
    // chronyd's command socket and a DNS server's, as UDP rows
    node02.procs.spawn({ pid: 640, ppid: 1, comm: 'chronyd', args: '/usr/sbin/chronyd', user: 'chrony', start: 0 });
    const u = udpSockets(node02.stack as IpStack);
    u.open({ pid: 640, comm: 'chronyd' }).bind(0x7f000001, 323);
    u.open({ pid: 640, comm: 'chronyd' }).bind(0, 123);
  }
  for (const [t, node, line] of script) l.world.sim.at(Math.round(t * 1e6), () => l.type(node, line));
  l.world.sim.runUntil(Math.round(until * 1e6));
  return renderTranscript(l.records);
}

/** The outputs of every run of `header` (`node02$ netstat -natp`), in order. */
function blocksOf(text: string, header: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    if (l.replace(/^\[[\d.]+\] /, '') !== header) return;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length && !/^\[\d+\.\d{3}\] \S+\$ /.test(lines[j]); j++) body.push(lines[j]);
    out.push(body.join('\n').replace(/\n$/, '') + (body.length ? '\n' : ''));
  });
  return out;
}

describe('netstat (net-tools 2.0)', () => {
  it('-natp: listeners of the boot daemons and httpd, an ESTABLISHED connection with its process, TIME_WAIT without one', () => {
    const t = lab(
      [
        [1, 'node01', 'exec 8<> /dev/tcp/192.168.150.12/80'],
        [2, 'node01', 'netstat -natp'],
        [2, 'node02', 'netstat -natp'],
        [3, 'node01', "echo -e 'GET / HTTP/1.0\\n' >& 8"],
        [4, 'node01', 'cat <& 8'],
        [5, 'node01', 'exec 8<& -'],
        [6, 'node02', 'netstat -natp'],
        [6, 'node01', 'netstat -natp'],
      ],
      10,
    );
    expect(blockOf(t, 'node01$ netstat -natp')).toBe(
      'Active Internet connections (servers and established)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n' +
        'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      970/sshd            \n' +
        'tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN      1228/master         \n' +
        'tcp        0      0 192.168.150.11:60741    192.168.150.12:80       ESTABLISHED 1404/-bash          \n',
    );
    const blocks = blocksOf(t, 'node02$ netstat -natp');
    expect(blocks[0]).toBe(
      'Active Internet connections (servers and established)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n' +
        'tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      1240/httpd          \n' +
        'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      970/sshd            \n' +
        'tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN      1228/master         \n' +
        'tcp        0      0 192.168.150.12:80       192.168.150.11:60741    ESTABLISHED 1240/httpd          \n',
    );
    expect(blocks[1]).toBe(
      'Active Internet connections (servers and established)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n' +
        'tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      1240/httpd          \n' +
        'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      970/sshd            \n' +
        'tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN      1228/master         \n' +
        'tcp        0      0 192.168.150.12:80       192.168.150.11:60741    TIME_WAIT   -                   \n',
    );
    expect(blockOf(t, "node01$ echo -e 'GET / HTTP/1.0\\n' >& 8")).toBe('');
    expect(blockOf(t, 'node01$ cat <& 8')).toBe('HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 16\r\n\r\n<h1>node02</h1>\n');
  });

  it('variants: -ntlp (servers only), -tn (connections only), -nat (no PID column), -an (with the UNIX section), -e, -o', () => {
    const t = lab(
      [
        [1, 'node01', 'exec 8<> /dev/tcp/192.168.150.12/80'],
        [2, 'node02', 'netstat -ntlp'],
        [2, 'node02', 'netstat -tn'],
        [2, 'node02', 'netstat -nat'],
        [2, 'node02', 'netstat -an'],
        [2, 'node02', 'netstat -ntle'],
        [2, 'node02', 'netstat -tno'],
        [2, 'node02', 'netstat -at'],
      ],
      3,
      { keepOpen: true },
    );
    expect(blockOf(t, 'node02$ netstat -ntlp')).toBe(
      'Active Internet connections (only servers)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n' +
        'tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      1240/httpd          \n' +
        'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      970/sshd            \n' +
        'tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN      1228/master         \n',
    );
    expect(blockOf(t, 'node02$ netstat -tn')).toBe(
      'Active Internet connections (w/o servers)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n' +
        'tcp        0      0 192.168.150.12:80       192.168.150.11:60741    ESTABLISHED\n',
    );
    expect(blockOf(t, 'node02$ netstat -nat')).toBe(
      'Active Internet connections (servers and established)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n' +
        'tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN     \n' +
        'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     \n' +
        'tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN     \n' +
        'tcp        0      0 192.168.150.12:80       192.168.150.11:60741    ESTABLISHED\n',
    );
    expect(blockOf(t, 'node02$ netstat -an')).toBe(
      'Active Internet connections (servers and established)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n' +
        'tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN     \n' +
        'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     \n' +
        'tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN     \n' +
        'tcp        0      0 192.168.150.12:80       192.168.150.11:60741    ESTABLISHED\n' +
        'Active UNIX domain sockets (servers and established)\n' +
        'Proto RefCnt Flags       Type       State         I-Node   Path\n',
    );
    expect(blockOf(t, 'node02$ netstat -ntle')).toMatch(
      /^Active Internet connections \(only servers\)\nProto Recv-Q Send-Q Local Address {11}Foreign Address {9}State {7}User {7}Inode {5}\ntcp {8}0 {6}0 0\.0\.0\.0:80 {14}0\.0\.0\.0:\* {15}LISTEN {6}root {7}\d+ {5}\n/,
    );
    expect(blockOf(t, 'node02$ netstat -tno')).toBe(
      'Active Internet connections (w/o servers)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       Timer\n' +
        'tcp        0      0 192.168.150.12:80       192.168.150.11:60741    ESTABLISHED off (0.00/0/0)\n',
    );
    expect(blockOf(t, 'node02$ netstat -at')).toBe(
      'Active Internet connections (servers and established)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n' +
        'tcp        0      0 0.0.0.0:http            0.0.0.0:*               LISTEN     \n' +
        'tcp        0      0 0.0.0.0:ssh             0.0.0.0:*               LISTEN     \n' +
        'tcp        0      0 localhost:smtp          0.0.0.0:*               LISTEN     \n' +
        'tcp        0      0 node02:http             192.168.150.11:60741    ESTABLISHED\n',
    );
  });

  it('answers a bad option as net-tools does: the message, the usage, status 4', () => {
    const t = lab([[1, 'node01', 'netstat -z'], [2, 'node01', 'echo $?']], 3);
    const out = blockOf(t, 'node01$ netstat -z');
    expect(out.startsWith("netstat: invalid option -- 'z'\nusage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n")).toBe(true);
    expect(blockOf(t, 'node01$ echo $?')).toBe('4\n');
  });
});

describe('ss (iproute2 4.11)', () => {
  it('-tanp and -tln in an 80-column terminal', () => {
    const t = lab(
      [
        [1, 'node01', 'exec 8<> /dev/tcp/192.168.150.12/80'],
        [2, 'node02', 'ss -tanp'],
        [2, 'node02', 'ss -tln'],
        [2, 'node01', 'ss -tnp'],
        [2, 'node02', 'ss -ta'],
        [2, 'node02', 'ss -tano state established'],
      ],
      3,
      { keepOpen: true },
    );
    expect(blockOf(t, 'node02$ ss -tanp')).toBe(
      'State      Recv-Q Send-Q Local Address:Port               Peer Address:Port              \n' +
        'LISTEN     0      128          *:80                       *:*                   users:(("httpd",pid=1240,fd=4))\n' +
        'LISTEN     0      128          *:22                       *:*                   users:(("sshd",pid=970,fd=3))\n' +
        'LISTEN     0      128    127.0.0.1:25                       *:*                   users:(("master",pid=1228,fd=13))\n' +
        'ESTAB      0      0      192.168.150.12:80                 192.168.150.11:60741               users:(("httpd",pid=1240,fd=5))\n',
    );
    expect(blockOf(t, 'node02$ ss -tln')).toBe(
      'State      Recv-Q Send-Q Local Address:Port               Peer Address:Port              \n' +
        'LISTEN     0      128          *:80                       *:*                  \n' +
        'LISTEN     0      128          *:22                       *:*                  \n' +
        'LISTEN     0      128    127.0.0.1:25                       *:*                  \n',
    );
    expect(blockOf(t, 'node01$ ss -tnp')).toBe(
      'State      Recv-Q Send-Q Local Address:Port               Peer Address:Port              \n' +
        'ESTAB      0      0      192.168.150.11:60741              192.168.150.12:80                  users:(("bash",pid=1404,fd=8))\n',
    );
    expect(blockOf(t, 'node02$ ss -ta')).toBe(
      'State      Recv-Q Send-Q Local Address:Port                 Peer Address:Port                \n' +
        'LISTEN     0      128        *:http                     *:*                    \n' +
        'LISTEN     0      128        *:ssh                      *:*                    \n' +
        'LISTEN     0      128    127.0.0.1:smtp                     *:*                    \n' +
        'ESTAB      0      0      192.168.150.12:http                 192.168.150.11:60741                \n',
    );
    // one state asked for: no State column
    expect(blockOf(t, 'node02$ ss -tano state established')).toBe(
      'Recv-Q Send-Q Local Address:Port               Peer Address:Port              \n' +
        '0      0      192.168.150.12:80                 192.168.150.11:60741              \n',
    );
  });
});

describe('UDP rows', () => {
  it('netstat -nau and -anup list unconnected UDP sockets with an empty State; ss -uan shows UNCONN', () => {
    const t = lab([[1, 'node02', 'netstat -nau'], [1, 'node02', 'netstat -nulp'], [1, 'node02', 'ss -uan'], [1, 'node02', 'netstat -nu']], 2, { udp: true });
    expect(blockOf(t, 'node02$ netstat -nau')).toBe(
      'Active Internet connections (servers and established)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n' +
        'udp        0      0 0.0.0.0:123             0.0.0.0:*                          \n' +
        'udp        0      0 127.0.0.1:323           0.0.0.0:*                          \n',
    );
    expect(blockOf(t, 'node02$ netstat -nulp')).toBe(
      'Active Internet connections (only servers)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n' +
        'udp        0      0 0.0.0.0:123             0.0.0.0:*                           640/chronyd         \n' +
        'udp        0      0 127.0.0.1:323           0.0.0.0:*                           640/chronyd         \n',
    );
    expect(blockOf(t, 'node02$ ss -uan')).toBe(
      'State      Recv-Q Send-Q Local Address:Port               Peer Address:Port              \n' +
        'UNCONN     0      0            *:123                      *:*                  \n' +
        'UNCONN     0      0      127.0.0.1:323                      *:*                  \n',
    );
    expect(blockOf(t, 'node02$ netstat -nu')).toBe('Active Internet connections (w/o servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n');
  });
});
