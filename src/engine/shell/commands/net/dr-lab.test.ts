import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../../../test-support/transcript';
import { netLab } from '../../../../test-support/net-lab';

/** LABS.md L5, steps 1–3, typed as the notes type them. */
const DR_SETUP = `
1 node01 ifconfig eth0:2 192.168.150.100/24
2 node02 echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore
2 node02 echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce
2 node02 echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore
2 node02 echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce
3 node02 ifconfig lo:1 192.168.150.100 netmask 255.255.255.255
2 node03 echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore
2 node03 echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce
2 node03 echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore
2 node03 echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce
3 node03 ifconfig lo:1 192.168.150.100 netmask 255.255.255.255
`;

describe('the DR lab setup (LABS.md L5 steps 1–3)', () => {
  it('gives the interfaces, routes and ARP behaviour the notes describe', () => {
    const { text } = transcript(
      netLab,
      DR_SETUP +
        `
4 node01 ifconfig eth0:2
4 node02 ifconfig lo:1
4 node02 route -n
4 node02 sysctl net.ipv4.conf.all.arp_ignore net.ipv4.conf.all.arp_announce
5 client ping -c 1 192.168.150.100
7 node02 arp -an
7 client arp -an
`,
    );
    expect(blockOf(text, 'node01$ ifconfig eth0:2 192.168.150.100/24')).toBe('');
    expect(blockOf(text, 'node01$ ifconfig eth0:2')).toBe(
      'eth0:2: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n' +
        '        inet 192.168.150.100  netmask 255.255.255.0  broadcast 192.168.150.255\n' +
        '        ether 00:0c:29:3a:1b:2c  txqueuelen 1000  (Ethernet)\n',
    );
    expect(blockOf(text, 'node02$ ifconfig lo:1')).toBe(
      'lo:1: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n' + '        inet 192.168.150.100  netmask 255.255.255.255\n' + '        loop  txqueuelen 1000  (Local Loopback)\n',
    );
    // (blockOf drops the blank line that ends an ifconfig block.)
    // The /32 on lo adds no route: the real server still reaches its LAN through eth0.
    expect(blockOf(text, 'node02$ route -n')).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        '0.0.0.0         192.168.150.2   0.0.0.0         UG    0      0        0 eth0\n' +
        '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n',
    );
    expect(blockOf(text, 'node02$ sysctl net.ipv4.conf.all.arp_ignore net.ipv4.conf.all.arp_announce')).toBe(
      'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n',
    );
    expect(blockOf(text, 'client$ ping -c 1 192.168.150.100')).toContain('1 packets transmitted, 1 received');
    // Only the director answered the who-has for the VIP: the client caches node01's MAC for it.
    expect(blockOf(text, 'client$ arp -an')).toBe('? (192.168.150.100) at 00:0c:29:3a:1b:2c [ether] on eth0\n');
    // The real server saw the broadcast who-has but, with arp_ignore=1, neither answered nor learned from it.
    expect(blockOf(text, 'node02$ arp -an')).toBe('');
  });

  it('without arp_ignore the real servers answer for the VIP too (the mistake the notes warn about)', () => {
    const { text, lab } = transcript(
      netLab,
      `
1 node01 ifconfig eth0:2 192.168.150.100/24
1 node02 ifconfig lo:1 192.168.150.100 netmask 255.255.255.255
2 client ping -c 1 192.168.150.100
4 client arp -an
`,
    );
    void text;
    const replies = lab.world.trace.packets.filter((p) => p.type === 'hop' && p.from.node === 'node02' && p.frame[12] === 0x08 && p.frame[13] === 0x06 && p.frame[21] === 2);
    expect(replies.length).toBeGreaterThan(0);
  });

  it('lo:1 VIP/24 captures the subnet: the real server can no longer reach its neighbours', () => {
    const { text } = transcript(
      netLab,
      `
1 node02 ifconfig lo:1 192.168.150.100/24
2 node02 ip route get 192.168.150.13
2 node02 route -n
2 node02 ping -c 1 -W 1 192.168.150.13
`,
    );
    expect(blockOf(text, 'node02$ ip route get 192.168.150.13')).toBe('local 192.168.150.13 dev lo src 192.168.150.100 \n    cache <local> \n');
    expect(blockOf(text, 'node02$ route -n')).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        '0.0.0.0         192.168.150.2   0.0.0.0         UG    0      0        0 eth0\n' +
        '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n',
    );
    // The ping is answered by node02 itself over lo, never reaching node03.
    expect(blockOf(text, 'node02$ ping -c 1 -W 1 192.168.150.13')).toContain('64 bytes from 192.168.150.13');
  });

  it('invalid input changes nothing', () => {
    const { text, lab } = transcript(
      netLab,
      `
1 node01 ifconfig eth0 300.1.1.1
1 node01 route add default gw 10.9.9.9
2 node01 ifconfig eth0
2 node01 route -n
`,
    );
    expect(blockOf(text, 'node01$ ifconfig eth0 300.1.1.1')).toBe("300.1.1.1: Unknown host\nifconfig: `--help' gives usage information.\n");
    expect(blockOf(text, 'node01$ route add default gw 10.9.9.9')).toBe('SIOCADDRT: Network is unreachable\n');
    expect(blockOf(text, 'node01$ ifconfig eth0').split('\n')[1]).toBe('        inet 192.168.150.11  netmask 255.255.255.0  broadcast 192.168.150.255');
    expect(blockOf(text, 'node01$ route -n').split('\n')).toHaveLength(5);
    expect(lab.records.filter((r) => !r.boot).map((r) => r.status)).toEqual([1, 7, 0, 0]);
  });

  it('is deterministic: the same script gives the same transcript and trace', () => {
    const a = transcript(netLab, DR_SETUP + '5 client ping -c 2 192.168.150.100\n7 client arp -an\n');
    const b = transcript(netLab, DR_SETUP + '5 client ping -c 2 192.168.150.100\n7 client arp -an\n');
    expect(a.text).toBe(b.text);
    expect(JSON.stringify(a.lab.world.trace.states)).toBe(JSON.stringify(b.lab.world.trace.states));
  });
});
