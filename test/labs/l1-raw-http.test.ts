import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../src/test-support/transcript';
import { hopLines } from './hops';

/**
 * Lab L1 (LABS.md; notes 001, 002, 003): an HTTP request typed by hand over
 * bash's /dev/tcp, in the raw-http preset (the client behind its home router,
 * www.baidu.com six routers away).
 */
const L1 = `
1 client cd /proc/$$/fd
2 client exec 8<> /dev/tcp/www.baidu.com/80
3 client ls -l /proc/$$/fd
3 client netstat -natp
4 client echo -e 'GET / HTTP/1.0\\n' >& 8
5 client cat <& 8
6 client exec 8<& -
7 client ll
7 client netstat -natp
`;

describe('lab L1: a raw HTTP request over a socket (notes 003, typed as written)', () => {
  const { text, lab } = transcript('raw-http', L1);
  const client = hopLines(lab).filter((h) => h.from === 'client' || h.to === 'client');
  const tcp = client.filter((h) => / > 61\.135\.169\.125\.80:| 61\.135\.169\.125\.80 > /.test(h.line));

  it('every command succeeded', () => {
    expect(lab.records.filter((r) => !r.boot && r.status !== 0).map((r) => r.line)).toEqual([]);
  });

  it('exec: DNS first, then the three-way handshake — before any data', () => {
    const at2 = client.filter((h) => h.t >= 2 && h.t < 3).map((h) => `${h.from}>${h.to} ${h.line.replace(/(seq|ack|val|ecr) \d+/g, '$1 N').replace(/\.\d{5}\b/g, '.PORT').replace(/\b\d{4,5}\+? /, 'ID ')}`);
    expect(at2).toEqual([
      'client>sw ARP, Request who-has 192.168.150.2 tell 192.168.150.1, length 46',
      'sw>client ARP, Reply 192.168.150.2 is-at 00:0c:29:70:4d:1f, length 46',
      'client>sw IP 192.168.150.1.PORT > 223.5.5.5.53: ID A? www.baidu.com. (31)',
      'sw>client IP 223.5.5.5.53 > 192.168.150.1.PORT: ID 2/0/0 CNAME www.a.shifen.com., A 61.135.169.125 (74)',
      'client>sw IP 192.168.150.1.PORT > 61.135.169.125.80: Flags [S], seq N, win 29200, options [mss 1460,sackOK,TS val N ecr N,nop,wscale 7], length 0',
      'sw>client IP 61.135.169.125.80 > 192.168.150.1.PORT: Flags [S.], seq N, ack N, win 28960, options [mss 1460,sackOK,TS val N ecr N,nop,wscale 7], length 0',
      'client>sw IP 192.168.150.1.PORT > 61.135.169.125.80: Flags [.], ack N, win 229, options [nop,nop,TS val N ecr N], length 0',
    ]);
  });

  it('fd 8 is a socket, and netstat shows it ESTABLISHED, owned by the shell: local IP:port + remote IP:port', () => {
    expect(blockOf(text, 'client$ ls -l /proc/$$/fd').replace(/socket:\[\d+\]/, 'socket:[N]')).toBe(
      [
        'total 0',
        'lrwx------ 1 root root 64 Mar 27 10:00 0 -> /dev/pts/0',
        'lrwx------ 1 root root 64 Mar 27 10:00 1 -> /dev/pts/0',
        'lrwx------ 1 root root 64 Mar 27 10:00 2 -> /dev/pts/0',
        'lrwx------ 1 root root 64 Mar 27 10:00 255 -> /dev/pts/0',
        'lrwx------ 1 root root 64 Mar 27 10:00 8 -> socket:[N]',
        '',
      ].join('\n'),
    );
    const est = blockOf(text, 'client$ netstat -natp').split('\n').filter((l) => l.includes('ESTABLISHED'));
    expect(est).toHaveLength(1);
    expect(est[0]).toMatch(/^tcp {8}0 {6}0 192\.168\.150\.1:\d{5} {5}61\.135\.169\.125:80 {7}ESTABLISHED \d+\/-bash {10}$/);
    const pid = lab.console('client').shell.pid;
    expect(est[0]).toContain(` ${pid}/-bash`);
  });

  it('echo: only now does the request leave, one segment carrying GET / HTTP/1.0', () => {
    const data = tcp.filter((h) => h.from === 'client' && / length [1-9]\d*/.test(h.line));
    expect(data).toHaveLength(1);
    expect(data[0].t).toBe(4);
    expect(data[0].line).toMatch(/Flags \[P\.\], seq \d+:\d+, ack \d+, .* length 16: HTTP: GET \/ HTTP\/1\.0$/);
  });

  it('cat: status line, headers, then the page (the kernel had buffered it since the reply arrived)', () => {
    // The headers end in CRLF, as on the wire.
    const page = blockOf(text, 'client$ cat <& 8').split('\n');
    expect(page[0]).toBe('HTTP/1.1 200 OK\r');
    expect(page.slice(0, 10).map((l) => l.replace(/\r$/, ''))).toEqual([
      'HTTP/1.1 200 OK',
      'Date: Sat, 27 Mar 2021 02:00:04 GMT',
      'Server: Apache/2.4.6 (CentOS)',
      'Last-Modified: Sat, 27 Mar 2021 02:00:00 GMT',
      expect.stringMatching(/^ETag: "[0-9a-f]+-[0-9a-f]+"$/),
      'Accept-Ranges: bytes',
      expect.stringMatching(/^Content-Length: \d+$/),
      'Connection: close',
      'Content-Type: text/html; charset=UTF-8',
      '',
    ]);
    expect(page.slice(10).join('\n')).toContain('<title>百度一下，你就知道</title>');
    // The response and the server's FIN (HTTP/1.0: the server closes first) came right after the request.
    const fromServer = tcp.filter((h) => h.to === 'client' && h.t >= 4 && h.t < 5).map((h) => h.line.replace(/^.*Flags (\[[^\]]+\]).*?(length \d+).*$/, '$1 $2'));
    expect(fromServer).toEqual(['[.] length 0', expect.stringMatching(/^\[P\.\] length \d{3}$/), '[F.] length 0']);
  });

  it('exec 8<& -: the client closes its half (FIN), the server acknowledges; fd 8 and the socket are gone', () => {
    const at6 = tcp.filter((h) => h.t >= 6 && h.t < 7).map((h) => `${h.from}>${h.to} ${h.line.replace(/^.*Flags (\[[^\]]+\]).*$/, '$1')}`);
    expect(at6).toEqual(['client>sw [F.]', 'sw>client [.]']);
    expect(blockOf(text, 'client$ ll')).not.toContain('socket:');
    expect(text.split('[7.000] client$ netstat -natp')[1]).not.toMatch(/61\.135\.169\.125:80/);
  });
});

/** The notes' typos, each as real bash 4.2 answers it. */
describe("lab L1: the notes' typos", () => {
  const { text, lab } = transcript(
    'raw-http',
    [
      // note 001
      '1 client cd /prod/$$/fd',
      '1 client echo $?',
      '2 client exec 8<> /dev/www.baidu.com/80',
      '2 client echo $?',
      "3 client echo -e 'GET /HTTP/1.0\\n' >& 8",
      // note 002: `echo` instead of `exec`, and `> & 8` / `< & 8` with a space
      '4 client echo 8<> /dev/tcp/www.baidu.com/80',
      '5 client ls /proc/$$/fd',
      "5 client echo -e 'GET / HTTP1.0\\n' > & 8",
      '5 client echo $?',
      '6 client cat < & 8',
      // note 001's request on a real socket: `GET /HTTP/1.0` is an HTTP/0.9 request
      '8 client exec 8<> /dev/tcp/www.baidu.com/80',
      "9 client echo -e 'GET /HTTP/1.0\\n' >& 8",
      // note 003: `cat  0<& 8`
      '10 client cat  0<& 8',
      '11 client exec 8<& -',
      // note 002's `HTTP1.0` on a real socket
      '12 client exec 8<> /dev/tcp/www.baidu.com/80',
      "13 client echo -e 'GET / HTTP1.0\\n' >& 8",
      '14 client cat <& 8',
      '15 client exec 8<& -',
    ].join('\n'),
  );

  it('cd /prod/$$/fd and /dev/www.baidu.com/80: No such file or directory, status 1', () => {
    const pid = lab.console('client').shell.pid;
    expect(blockOf(text, 'client$ cd /prod/$$/fd')).toBe(`-bash: cd: /prod/${pid}/fd: No such file or directory\n`);
    expect(blockOf(text, 'client$ exec 8<> /dev/www.baidu.com/80')).toBe('-bash: /dev/www.baidu.com/80: No such file or directory\n');
    expect(text).toContain('[2.000] client$ echo $?\n1\n');
    expect(text).toContain("[3.000] client$ echo -e 'GET /HTTP/1.0\\n' >& 8\n-bash: 8: Bad file descriptor\n");
  });

  it('`> & 8` and `< & 8` are syntax errors (status 2)', () => {
    expect(blockOf(text, "client$ echo -e 'GET / HTTP1.0\\n' > & 8")).toBe("-bash: syntax error near unexpected token `&'\n");
    expect(text).toContain('[5.000] client$ echo $?\n2\n');
    expect(blockOf(text, 'client$ cat < & 8')).toBe("-bash: syntax error near unexpected token `&'\n");
  });

  it('`echo 8<> /dev/tcp/...` connects for the echo only: an empty line, fd 8 is not kept, the socket closes at once', () => {
    expect(blockOf(text, 'client$ echo 8<> /dev/tcp/www.baidu.com/80')).toBe('\n');
    expect(blockOf(text, 'client$ ls /proc/$$/fd')).toBe('0  1  2  255\n');
    const fins = hopLines(lab).filter((h) => h.from === 'client' && h.t >= 4 && h.t < 5 && /> 61\.135\.169\.125\.80: Flags \[F\.\]/.test(h.line));
    expect(fins).toHaveLength(1);
  });

  it('GET /HTTP/1.0 is an HTTP/0.9 request: Apache answers with the 404 page alone — no status line, no headers', () => {
    expect(blockOf(text, 'client$ cat  0<& 8')).toBe(
      [
        '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">',
        '<html><head>',
        '<title>404 Not Found</title>',
        '</head><body>',
        '<h1>Not Found</h1>',
        '<p>The requested URL /HTTP/1.0 was not found on this server.</p>',
        '</body></html>',
        '',
      ].join('\n'),
    );
    expect(lab.host('web')!.fs.read('/var/log/httpd/access_log')).toMatch(/^123\.112\.0\.2 - - \[27\/Mar\/2021:10:00:09 \+0800\] "GET \/HTTP\/1\.0" 404 206 "-" "-"$/m);
  });

  it('GET / HTTP1.0 (no slash): 400 Bad Request', () => {
    const r = blockOf(text, 'client$ cat <& 8').split('\n');
    expect(r[0]).toBe('HTTP/1.1 400 Bad Request\r');
    expect(r).toContain('<p>Your browser sent a request that this server could not understand.<br />');
  });
});
