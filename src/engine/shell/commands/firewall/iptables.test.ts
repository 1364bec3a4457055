import { describe, expect, it } from 'vitest';
import type { ScenarioDocV1 } from '../../../scenario/types';
import { transcript } from '../../../../test-support/transcript';
import type { IpStack } from '../../../net/ip/stack';
import { peekXtables } from '../../../net/netfilter/xtables';
import { drops } from '../../../net/netfilter/testbed';

/** Two hosts on a cable; fw knows node02 by name (/etc/hosts). */
const DOC: ScenarioDocV1 = {
  lvslab: 1,
  id: 'fw-test',
  nodes: [
    { id: 'fw', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24'] }], hosts: { node02: '192.168.150.12' } },
    { id: 'node02', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.12/24'] }] },
  ],
  links: [{ id: 'cable', a: { node: 'fw', iface: 'eth0' }, b: { node: 'node02', iface: 'eth0' } }],
};

/** Run `fw` command lines at t=1 s and return what they printed, headers included. */
const run = (...lines: string[]) => transcript(DOC, lines.map((l) => `1 fw ${l}`).join('\n'));
const T = (s: string) => s.replace(/^\n/, '');

// print_header's columns, trailing spaces included ("%-19s " for destination).
const HDR = 'target     prot opt source               destination         ';
const VHDR = ' pkts bytes target     prot opt in     out     source               destination         ';

describe('iptables -L', () => {
  it('an empty filter table', () => {
    expect(run('iptables -L -n').text).toBe(T(`
[1.000] fw$ iptables -L -n
Chain INPUT (policy ACCEPT)
${HDR}

Chain FORWARD (policy ACCEPT)
${HDR}

Chain OUTPUT (policy ACCEPT)
${HDR}
`));
  });

  it('a DROP rule for the VIP, exactly as iptables 1.4.21 lays it out', () => {
    const { text } = run('iptables -A INPUT -d 192.168.150.100 -j DROP', 'iptables -L INPUT -n');
    expect(text).toBe(
      '[1.000] fw$ iptables -A INPUT -d 192.168.150.100 -j DROP\n' +
        '[1.000] fw$ iptables -L INPUT -n\n' +
        'Chain INPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'DROP       all  --  0.0.0.0/0            192.168.150.100     \n',
    );
  });

  it('matches and targets print after the addresses; without -n: anywhere, host and service names', () => {
    const { text } = run(
      'iptables -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT',
      'iptables -A INPUT -s 10.0.0.0/8 -p tcp --dport 80 -j ACCEPT',
      'iptables -A INPUT -s node02 -p icmp --icmp-type echo-request -j REJECT --reject-with icmp-host-prohibited',
      'iptables -A FORWARD -p udp ! --dport 53 -m conntrack --ctstate NEW -j DROP',
      'iptables -L -n',
      'iptables -L FORWARD',
      'iptables -L INPUT 3',
    );
    expect(text).toBe(T(`
[1.000] fw$ iptables -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
[1.000] fw$ iptables -A INPUT -s 10.0.0.0/8 -p tcp --dport 80 -j ACCEPT
[1.000] fw$ iptables -A INPUT -s node02 -p icmp --icmp-type echo-request -j REJECT --reject-with icmp-host-prohibited
[1.000] fw$ iptables -A FORWARD -p udp ! --dport 53 -m conntrack --ctstate NEW -j DROP
[1.000] fw$ iptables -L -n
Chain INPUT (policy ACCEPT)
${HDR}
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            state RELATED,ESTABLISHED
ACCEPT     tcp  --  10.0.0.0/8           0.0.0.0/0            tcp dpt:80
REJECT     icmp --  192.168.150.12       0.0.0.0/0            icmptype 8 reject-with icmp-host-prohibited

Chain FORWARD (policy ACCEPT)
${HDR}
DROP       udp  --  0.0.0.0/0            0.0.0.0/0            udp dpt:!53 ctstate NEW

Chain OUTPUT (policy ACCEPT)
${HDR}
[1.000] fw$ iptables -L FORWARD
Chain FORWARD (policy ACCEPT)
${HDR}
DROP       udp  --  anywhere             anywhere             udp dpt:!domain ctstate NEW
[1.000] fw$ iptables -L INPUT 3
REJECT     icmp --  node02               anywhere             icmp echo-request reject-with icmp-host-prohibited
`));
  });

  it('-v counts packets and bytes per rule and per policy; --line-numbers; -x prints exact numbers', () => {
    const { text, lab } = transcript(
      DOC,
      [
        '1 fw iptables -N blk',
        '1 fw iptables -A blk -p icmp -j DROP',
        '1 fw iptables -A blk -j RETURN',
        '1 fw iptables -A INPUT -s node02 -j blk',
        '2 node02 ping -c 1 -W 1 192.168.150.11',
        '5 fw iptables -L -n -v',
        '5 fw iptables -vnL blk --line-numbers',
        '5 fw iptables -x -v -n -L INPUT',
      ].join('\n'),
    );
    expect(text.slice(text.indexOf('[5.000]'))).toBe(T(`
[5.000] fw$ iptables -L -n -v
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
${VHDR}
    1    84 blk        all  --  *      *       192.168.150.12       0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
${VHDR}

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
${VHDR}

Chain blk (1 references)
${VHDR}
    1    84 DROP       icmp --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
[5.000] fw$ iptables -vnL blk --line-numbers
Chain blk (1 references)
num   pkts bytes target     prot opt in     out     source               destination         
1        1    84 DROP       icmp --  *      *       0.0.0.0/0            0.0.0.0/0           
2        0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
[5.000] fw$ iptables -x -v -n -L INPUT
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       1       84 blk        all  --  *      *       192.168.150.12       0.0.0.0/0           
`));
    // the drop is the user chain's rule, and the trace says so
    expect(drops(lab.world)).toContain('fw: firewall: DROP by filter blk rule 1');
  });
});

describe('iptables -t nat', () => {
  const script = [
    'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE',
    'iptables -t nat -A PREROUTING -p tcp -d 192.168.150.11 --dport 8080 -j DNAT --to-destination 192.168.150.12:80',
    'iptables -t nat -A POSTROUTING -s 10.1.0.0/16 -p udp -j SNAT --to 192.168.150.11:2000-3000',
  ];

  it('-t nat -L -n', () => {
    const { text } = run(...script, 'iptables -t nat -L -n');
    expect(text.slice(text.indexOf('[1.000] fw$ iptables -t nat -L -n'))).toBe(T(`
[1.000] fw$ iptables -t nat -L -n
Chain PREROUTING (policy ACCEPT)
${HDR}
DNAT       tcp  --  0.0.0.0/0            192.168.150.11       tcp dpt:8080 to:192.168.150.12:80

Chain INPUT (policy ACCEPT)
${HDR}

Chain OUTPUT (policy ACCEPT)
${HDR}

Chain POSTROUTING (policy ACCEPT)
${HDR}
MASQUERADE  all  --  0.0.0.0/0            0.0.0.0/0           
SNAT       udp  --  10.1.0.0/16          0.0.0.0/0            to:192.168.150.11:2000-3000
`));
  });

  it('-S and iptables-save (tables most recently loaded first)', () => {
    const { text } = run('iptables -A INPUT -i eth0 -p tcp -m tcp --sport 1024:65535 -j ACCEPT', ...script, 'iptables -t nat -S', 'iptables -S INPUT', 'iptables-save');
    expect(text.slice(text.indexOf('[1.000] fw$ iptables -t nat -S'))).toBe(T(`
[1.000] fw$ iptables -t nat -S
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-A PREROUTING -d 192.168.150.11/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.150.12:80
-A POSTROUTING -o eth0 -j MASQUERADE
-A POSTROUTING -s 10.1.0.0/16 -p udp -j SNAT --to-source 192.168.150.11:2000-3000
[1.000] fw$ iptables -S INPUT
-P INPUT ACCEPT
-A INPUT -i eth0 -p tcp -m tcp --sport 1024:65535 -j ACCEPT
[1.000] fw$ iptables-save
# Generated by iptables-save v1.4.21 on Sat Mar 27 10:00:01 2021
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 192.168.150.11/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.150.12:80
-A POSTROUTING -o eth0 -j MASQUERADE
-A POSTROUTING -s 10.1.0.0/16 -p udp -j SNAT --to-source 192.168.150.11:2000-3000
COMMIT
# Completed on Sat Mar 27 10:00:01 2021
# Generated by iptables-save v1.4.21 on Sat Mar 27 10:00:01 2021
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i eth0 -p tcp -m tcp --sport 1024:65535 -j ACCEPT
COMMIT
# Completed on Sat Mar 27 10:00:01 2021
`));
  });

  it('a nat rule loads connection tracking; a filter rule alone does not', () => {
    const { lab } = run('iptables -A INPUT -j ACCEPT');
    const stack = lab.host('fw')!.stack as IpStack;
    expect(peekXtables(stack)!.tracker).toBeNull();
    const { lab: lab2 } = run('iptables -t nat -L -n');
    expect(peekXtables(lab2.host('fw')!.stack as IpStack)!.tracker).not.toBeNull();
  });
});

describe('editing rules and chains', () => {
  it('-I at a position, -R, -D by number and by specification, -F, -Z, -N/-E/-X, -P', () => {
    const { text } = run(
      'iptables -A INPUT -s 1.1.1.1 -j DROP',
      'iptables -A INPUT -s 2.2.2.2 -j DROP',
      'iptables -I INPUT 2 -s 3.3.3.3 -j ACCEPT',
      'iptables -I INPUT -s 4.4.4.4 -j ACCEPT',
      'iptables -R INPUT 1 -s 5.5.5.5 -j REJECT',
      'iptables -D INPUT -s 2.2.2.2 -j DROP',
      'iptables -D INPUT 2',
      'iptables -N web',
      'iptables -E web www',
      'iptables -A INPUT -j www',
      'iptables -P FORWARD DROP',
      'iptables -S',
      'iptables -F INPUT',
      'iptables -X',
      'iptables -Z',
      'iptables -S',
    );
    expect(text.slice(text.indexOf('[1.000] fw$ iptables -S'))).toBe(T(`
[1.000] fw$ iptables -S
-P INPUT ACCEPT
-P FORWARD DROP
-P OUTPUT ACCEPT
-N www
-A INPUT -s 5.5.5.5/32 -j REJECT --reject-with icmp-port-unreachable
-A INPUT -s 3.3.3.3/32 -j ACCEPT
-A INPUT -j www
[1.000] fw$ iptables -F INPUT
[1.000] fw$ iptables -X
[1.000] fw$ iptables -Z
[1.000] fw$ iptables -S
-P INPUT ACCEPT
-P FORWARD DROP
-P OUTPUT ACCEPT
`));
  });
});

describe('errors are worded as iptables words them, with its exit status, and change nothing', () => {
  const before = ['iptables -N blk', 'iptables -A INPUT -s node02 -j blk', 'iptables -A blk -p icmp -j DROP'];
  const cases: Array<[string, string]> = [
    ['iptables -A INPUT -s 300.1.1.1 -j DROP', "iptables v1.4.21: host/network `300.1.1.1' not found\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -A INPUT foo -j DROP', "Bad argument `foo'\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -A FOO -j DROP', 'iptables: No chain/target/match by that name.\n1'],
    ['iptables -A INPUT -j FOO', "iptables v1.4.21: Couldn't load target `FOO':No such file or directory\n\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -A INPUT --dport 80 -j DROP', 'iptables v1.4.21: unknown option "--dport"\nTry `iptables -h\' or \'iptables --help\' for more information.\n2'],
    ['iptables -A INPUT -p tcp --dport 99999 -j DROP', "iptables v1.4.21: invalid port/service `99999' specified\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -A INPUT -s 10.0.0.0/33 -j DROP', "iptables v1.4.21: invalid mask `33' specified\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -A INPUT -p bar -j DROP', 'iptables v1.4.21: unknown protocol "bar" specified\nTry `iptables -h\' or \'iptables --help\' for more information.\n2'],
    ['iptables -A INPUT -m foo -j DROP', "iptables v1.4.21: Couldn't load match `foo':No such file or directory\n\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -A INPUT -n -j DROP', "iptables v1.4.21: Illegal option `-n' with this command\n\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -A INPUT -o eth0 -j DROP', "iptables v1.4.21: Can't use -o with INPUT\n\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -L -A INPUT', "iptables v1.4.21: Cannot use -A with -L\n\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -A', 'iptables v1.4.21: option "-A" requires an argument\nTry `iptables -h\' or \'iptables --help\' for more information.\n2'],
    ['iptables -A INPUT -s 1.1.1.1 -s 2.2.2.2', "iptables v1.4.21: multiple -s flags not allowed\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -A INPUT ! ! -s 1.1.1.1', "iptables v1.4.21: multiple consecutive ! not allowed\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables', "iptables v1.4.21: no command specified\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -D INPUT 9', 'iptables: Index of deletion too big.\n1'],
    ['iptables -I INPUT 5 -j DROP', 'iptables: Index of insertion too big.\n1'],
    ['iptables -D INPUT -s 1.2.3.4 -j DROP', 'iptables: Bad rule (does a matching rule exist in that chain?).\n1'],
    ['iptables -N blk', 'iptables: Chain already exists.\n1'],
    ['iptables -N ACCEPT', "iptables v1.4.21: chain name may not clash with target name\n\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -X blk', "iptables: Can't delete chain with references left.\n1"],
    ['iptables -X INPUT', "iptables: Can't delete built-in chain. Run `dmesg' for more information.\n1"],
    ['iptables -P blk DROP', 'iptables: Bad built-in chain name.\n1'],
    ['iptables -P INPUT FOO', "iptables: Bad policy name. Run `dmesg' for more information.\n1"],
    ['iptables -A blk -j blk', 'iptables: Too many levels of symbolic links.\n1'],
    ['iptables -A INPUT -j MASQUERADE', "iptables: Invalid argument. Run `dmesg' for more information.\n1"],
    ['iptables -A INPUT -p udp -j REJECT --reject-with tcp-reset', "iptables: Invalid argument. Run `dmesg' for more information.\n1"],
    ['iptables -t nat -A POSTROUTING -j DROP', 'iptables v1.4.21: \nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n\nTry `iptables -h\' or \'iptables --help\' for more information.\n2'],
    ['iptables -t nat -A PREROUTING -j DNAT --to 1.2.3.4:80', "iptables v1.4.21: Need TCP, UDP, SCTP or DCCP with port specification\nTry `iptables -h' or 'iptables --help' for more information.\n2"],
    ['iptables -t nat -A PREROUTING -p tcp -j DNAT', 'iptables v1.4.21: DNAT: option "--to-destination" must be specified\n\nTry `iptables -h\' or \'iptables --help\' for more information.\n2'],
    ['iptables -t mangle -L', "iptables v1.4.21: can't initialize iptables table `mangle': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n3"],
  ];
  for (const [cmd, want] of cases) {
    it(cmd, () => {
      const { text, lab } = run(...before, 'iptables-save > /tmp/a', `${cmd}; echo $?`, 'iptables-save > /tmp/b');
      expect(text.slice(text.indexOf(`[1.000] fw$ ${cmd}; echo $?`))).toBe(`[1.000] fw$ ${cmd}; echo $?\n${want}\n[1.000] fw$ iptables-save > /tmp/b\n`);
      const fs = lab.host('fw')!.fs;
      expect(fs.read('/tmp/b')).toBe(fs.read('/tmp/a'));
      expect(fs.read('/tmp/a')).toContain('-A blk -p icmp -j DROP\n');
    });
  }

  it('the kernel says why in dmesg', () => {
    const { text } = run('iptables -A INPUT -j MASQUERADE', 'iptables -t nat -A POSTROUTING -j DNAT --to 1.2.3.4', 'dmesg | tail -n 3');
    expect(text.split('\n').slice(-4, -1)).toEqual([
      expect.stringMatching(/^\[ +\d+\.\d{6}\] x_tables: ip_tables: MASQUERADE target: only valid in nat table, not filter$/),
      // the nat table needs connection tracking: loading it says so
      expect.stringMatching(/^\[ +\d+\.\d{6}\] nf_conntrack version 0\.5\.0 \(16384 buckets, 65536 max\)$/),
      expect.stringMatching(/^\[ +\d+\.\d{6}\] x_tables: ip_tables: DNAT target: used from hooks POSTROUTING, but only usable from PREROUTING\/OUTPUT$/),
    ]);
  });

  it('-h and -V', () => {
    const { text } = run('iptables -V', 'iptables -h | head -n 3');
    expect(text).toBe('[1.000] fw$ iptables -V\niptables v1.4.21\n[1.000] fw$ iptables -h | head -n 3\niptables v1.4.21\n\nUsage: iptables -[ACD] chain rule-specification [options]\n');
  });
});
