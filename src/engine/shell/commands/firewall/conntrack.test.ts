import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../../../test-support/transcript';

/** Both clients of snat-home ping the web server; the router's table then holds two ICMP flows. */
const PINGS = ['1 client1 ping -c 1 61.135.169.125', '1 client2 ping -c 1 61.135.169.125'];
const run = (...lines: string[]) => transcript('snat-home', [...PINGS, ...lines.map((l) => `3 router ${l}`)].join('\n'));
const SUMMARY = (n: number) => `conntrack v1.4.4 (conntrack-tools): ${n} flow entries have been shown.\n`;

describe('conntrack (conntrack-tools 1.4.4)', () => {
  it('-L, filters, -o extended, -C; /proc/net/nf_conntrack in the kernel format', () => {
    const { text } = run('conntrack -L -p icmp -s 192.168.150.3', 'conntrack -L -o extended', 'conntrack -L -g', 'conntrack -L -n -d 61.135.169.125 -q 123.112.0.2', 'conntrack -C', 'cat /proc/net/nf_conntrack');
    const id = /id=(\d+)/.exec(blockOf(text, 'router$ conntrack -L -o extended'))![1];
    const f1 = `icmp     1 28 src=192.168.150.1 dst=61.135.169.125 type=8 code=0 id=${id} src=61.135.169.125 dst=123.112.0.2 type=0 code=0 id=${id} mark=0`;
    // Both pings used the same identifier: the second mapping moved to id 0 (icmp_unique_tuple).
    const f2 = `icmp     1 28 src=192.168.150.3 dst=61.135.169.125 type=8 code=0 id=${id} src=61.135.169.125 dst=123.112.0.2 type=0 code=0 id=0 mark=0`;
    expect(blockOf(text, 'router$ conntrack -L -p icmp -s 192.168.150.3')).toBe(`${f2} use=1\n${SUMMARY(1)}`);
    expect(blockOf(text, 'router$ conntrack -L -o extended')).toBe(`ipv4     2 ${f1} use=1\nipv4     2 ${f2} use=1\n${SUMMARY(2)}`);
    expect(blockOf(text, 'router$ conntrack -L -g')).toBe(SUMMARY(0));
    expect(blockOf(text, 'router$ conntrack -L -n -d 61.135.169.125 -q 123.112.0.2')).toBe(`${f1} use=1\n${f2} use=1\n${SUMMARY(2)}`);
    expect(blockOf(text, 'router$ conntrack -C')).toBe('2\n');
    expect(blockOf(text, 'router$ cat /proc/net/nf_conntrack')).toBe(`ipv4     2 ${f1} zone=0 use=2\nipv4     2 ${f2} zone=0 use=2\n`);
  });

  it('-F empties the table; -D deletes what matches and prints it', () => {
    const { text } = run('conntrack -D -s 192.168.150.1', 'conntrack -C', 'conntrack -F', 'conntrack -L');
    expect(blockOf(text, 'router$ conntrack -D -s 192.168.150.1')).toMatch(/^icmp {5}1 28 src=192\.168\.150\.1 .* use=1\nconntrack v1\.4\.4 \(conntrack-tools\): 1 flow entries have been deleted\.\n$/);
    expect(blockOf(text, 'router$ conntrack -C')).toBe('1\n');
    expect(blockOf(text, 'router$ conntrack -F')).toBe('conntrack v1.4.4 (conntrack-tools): connection tracking table has been emptied.\n');
    expect(blockOf(text, 'router$ conntrack -L')).toBe(SUMMARY(0));
  });

  it('errors: exit status 2 and the tool\'s wording', () => {
    const { text } = run('conntrack; echo $?', 'conntrack -L -p foo; echo $?', 'conntrack -L -s 1.2.3; echo $?', 'conntrack -X; echo $?');
    const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n2\n";
    expect(blockOf(text, 'router$ conntrack; echo $?')).toBe(`conntrack v1.4.4 (conntrack-tools): no command specified\n${TRY}`);
    expect(blockOf(text, 'router$ conntrack -L -p foo; echo $?')).toBe(`conntrack v1.4.4 (conntrack-tools): \`foo' unsupported protocol\n${TRY}`);
    expect(blockOf(text, 'router$ conntrack -L -s 1.2.3; echo $?')).toBe(`conntrack v1.4.4 (conntrack-tools): Invalid IP address \`1.2.3'\n${TRY}`);
    expect(blockOf(text, 'router$ conntrack -X; echo $?')).toBe(`conntrack v1.4.4 (conntrack-tools): unknown option \`-X'\n${TRY}`);
  });

  it('is a package of its own: not found on a client that did not install it', () => {
    const { text } = transcript('snat-home', '1 client1 conntrack -L');
    expect(text).toBe('[1.000] client1$ conntrack -L\n-bash: conntrack: command not found\n');
  });
});
