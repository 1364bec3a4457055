import { describe, expect, it } from 'vitest';
import { Lab } from '../../lab';
import { loadScenario } from '../../scenario';
import { renderTranscript } from '../../transcript';
import { presetById } from '../../../presets';
import { Task, type Program } from '../../os/task';
import { tcpListen } from './socket';
import { blockOf, transcript } from '../../../test-support/transcript';
import { flow } from './flow.test-util';
import type { World } from '../../world';

/** two-hosts with a tiny HTTP-ish server on node02:80 (one request per connection, then it closes). */
function labWithServer(script: Array<[number, string, string]>, until: number): { text: string; world: World } {
  const res = loadScenario(presetById('two-hosts')!);
  if (!res.ok) throw new Error('bad preset');
  const lab = new Lab(res.scenario);
  const node02 = lab.host('node02')!;
  node02.fs.write('/etc/hosts', '192.168.150.12   www.node02.lab\n', true);
  lab.host('node01')!.fs.write('/etc/hosts', '192.168.150.12   www.node02.lab\n', true);
  const l = tcpListen(node02, 80, { owner: { pid: 1240, comm: 'httpd', fd: 4 } });
  if (typeof l === 'string') throw new Error(l);
  const serve = function* (): Program {
    for (;;) {
      const c = yield* l.accept();
      if (!c) return 0;
      const req = yield* c.recv();
      if (!req) continue;
      const line = String.fromCharCode(...req).split('\n')[0].trim();
      c.send(`HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nyou asked: ${line}\n`);
      c.close();
    }
  };
  new Task(lab.world.sim, serve(), () => {}).start();
  for (const [t, node, line] of script) lab.world.sim.at(Math.round(t * 1e6), () => lab.type(node, line));
  lab.world.sim.runUntil(Math.round(until * 1e6));
  return { text: renderTranscript(lab.records), world: lab.world };
}

describe('bash /dev/tcp/HOST/PORT', () => {
  it('exec connects (the handshake happens there), echo sends, cat reads to EOF, exec 8<&- closes', () => {
    const { text, world } = labWithServer(
      [
        [1, 'node01', 'exec 8<> /dev/tcp/192.168.150.12/80'],
        [2, 'node01', "echo -e 'GET / HTTP/1.0\\n' >& 8"],
        [3, 'node01', 'cat <& 8'],
        [4, 'node01', 'exec 8<& -'],
      ],
      5,
    );
    expect(text).toBe(
      '[1.000] node01$ exec 8<> /dev/tcp/192.168.150.12/80\n' +
        "[2.000] node01$ echo -e 'GET / HTTP/1.0\\n' >& 8\n" +
        '[3.000] node01$ cat <& 8\n' +
        'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nyou asked: GET / HTTP/1.0\n' +
        '[4.000] node01$ exec 8<& -\n',
    );
    const segs = flow(world).map((l) => l.replace(/^(\S+) > (\S+): /, '$1 ').replace(/, win \d+/, ''));
    expect(segs).toEqual([
      // exec: the three-way handshake, before any data
      'node01 Flags [S], seq 0, length 0',
      'node02 Flags [S.], seq 0, ack 1, length 0',
      'node01 Flags [.], ack 1, length 0',
      // echo: the request (16 bytes: `GET / HTTP/1.0` and two newlines), ACKed at once, answered, closed by the server
      'node01 Flags [P.], seq 1:17, ack 1, length 16',
      'node02 Flags [.], ack 17, length 0',
      'node02 Flags [P.], seq 1:72, ack 17, length 71',
      'node02 Flags [F.], seq 72, ack 17, length 0',
      'node01 Flags [.], ack 72, length 0',
      // the FIN's ACK was held back (delayed ACK) and went out 40 ms later, long before `exec 8<&-`
      'node01 Flags [.], ack 73, length 0',
      // exec 8<&-: our FIN; the server, in TIME-WAIT, ACKs it
      'node01 Flags [F.], seq 17, ack 73, length 0',
      'node02 Flags [.], ack 18, length 0',
    ]);
    const times = flow(world).length;
    expect(times).toBe(11);
  });

  it('fails as bash does: connection refused, unknown host, no route to host, bad service; names come from /etc/hosts', () => {
    const { text } = labWithServer(
      [
        [1, 'node01', 'exec 8<> /dev/tcp/192.168.150.12/81'],
        [1, 'node01', 'echo $?'],
        [2, 'node01', 'exec 8<> /dev/tcp/www.nowhere.lab/80'],
        [3, 'node01', 'exec 8<> /dev/tcp/192.168.150.99/80'],
        [10, 'node01', 'exec 8<> /dev/tcp/192.168.150.12/www-http'],
        [11, 'node01', 'exec 8<> /dev/tcp/www.node02.lab/http'],
        [11.5, 'node01', "echo -e 'GET /by-name HTTP/1.0\\n' >&8"],
        [12, 'node01', 'cat <&8'],
      ],
      13,
    );
    expect(blockOf(text, 'node01$ exec 8<> /dev/tcp/192.168.150.12/81')).toBe('-bash: connect: Connection refused\n-bash: /dev/tcp/192.168.150.12/81: Connection refused\n');
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
    expect(blockOf(text, 'node01$ exec 8<> /dev/tcp/www.nowhere.lab/80')).toBe('-bash: www.nowhere.lab: Name or service not known\n-bash: /dev/tcp/www.nowhere.lab/80: Invalid argument\n');
    expect(blockOf(text, 'node01$ exec 8<> /dev/tcp/192.168.150.99/80')).toBe('-bash: connect: No route to host\n-bash: /dev/tcp/192.168.150.99/80: No route to host\n');
    expect(blockOf(text, 'node01$ exec 8<> /dev/tcp/192.168.150.12/www-http')).toBe('-bash: www-http: Servname not supported for ai_socktype\n-bash: /dev/tcp/192.168.150.12/www-http: Invalid argument\n');
    expect(blockOf(text, 'node01$ exec 8<> /dev/tcp/www.node02.lab/http')).toBe('');
    expect(blockOf(text, 'node01$ cat <&8')).toBe('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nyou asked: GET /by-name HTTP/1.0\n');
  });

  it('the notes’ lab L1 on raw-http: DNS for www.baidu.com, the handshake at exec, the page at cat, netstat shows the socket', () => {
    const { text } = transcript(
      'raw-http',
      [
        '1 client cd /proc/$$/fd',
        '1 client exec 8<> /dev/tcp/www.baidu.com/80',
        '2 client netstat -natp',
        "3 client echo -e 'GET / HTTP/1.0\\n' >& 8",
        '4 client cat <& 8',
        '5 client exec 8<& -',
      ].join('\n'),
      { until: 8 },
    );
    expect(blockOf(text, 'client$ exec 8<> /dev/tcp/www.baidu.com/80')).toBe('');
    expect(blockOf(text, 'client$ netstat -natp')).toMatch(/^tcp {8}0 {6}0 192\.168\.150\.1:\d+ +\d+\.\d+\.\d+\.\d+:80 +ESTABLISHED \d+\/-bash +$/m);
    const page = blockOf(text, 'client$ cat <& 8');
    expect(page).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(page).toContain('<title>百度一下，你就知道</title>');
  });
});
