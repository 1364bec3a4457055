import { describe, expect, it } from 'vitest';
import type { IpStack } from '../../src/engine/net/ip/stack';
import { blockOf, transcript } from '../../src/test-support/transcript';
import { formatIpv4, formatMac, readIpv4, readMac } from '../../src/engine/wire/addr';
import { hopLines } from './hops';

/** Lab L2 (LABS.md; notes 001, 002, 003): the notes' commands on the client of the next-hop preset. */
const L2 = `
1 client cat /etc/sysconfig/network-scripts/ifcfg-eth0
1 client route -n
1 client arp -a
2 client ping www.baidu.com
4.5 client ^C
5 client arp -a
5 client route
6 client ping -c 1 1.2.3.4
`;

describe('lab L2: next hop, routing by bitwise AND', () => {
  const { text, lab } = transcript('next-hop', L2);

  it("ifcfg-eth0 in the notes' layout: IPADDR AND NETMASK gives the network, GATEWAY is the next hop", () => {
    expect(blockOf(text, 'client$ cat /etc/sysconfig/network-scripts/ifcfg-eth0')).toBe(
      ['DEVICE=eth0', '#HWADDR=00:0C:29:4D:71:CB', 'TYPE=Ethernet', 'ONBOOT=yes', 'NM_CONTROLLED=yes', 'BOOTPROTO=static', 'IPADDR=192.168.150.1', 'NETMASK=255.255.255.0', 'GATEWAY=192.168.150.2', 'DNS1=223.5.5.5', ''].join('\n'),
    );
  });

  it('route -n: the LAN route (Gateway 0.0.0.0: no next hop) and the default route 0.0.0.0/0 via the gateway', () => {
    expect(blockOf(text, 'client$ route -n')).toBe(
      [
        'Kernel IP routing table',
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
        '0.0.0.0         192.168.150.2   0.0.0.0         UG    0      0        0 eth0',
        '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0',
        '',
      ].join('\n'),
    );
    // The notes' computation: 61.135.169.125 AND 255.255.255.0 = 61.135.169.0 ≠ 192.168.150.0; AND 0.0.0.0 = 0.0.0.0 → the default gateway.
    const r = (lab.host('client')!.stack as IpStack).routes.lookup(0x3d87a97d);
    expect(r.found && formatIpv4(r.route.gateway)).toBe('192.168.150.2');
  });

  it('ping www.baidu.com prints what note 002 shows (the CNAME, ttl=58), until ^C', () => {
    const out = blockOf(text, 'client$ ping www.baidu.com').split('\n');
    expect(out[0]).toBe('PING www.a.shifen.com (61.135.169.125) 56(84) bytes of data.');
    expect(out.slice(1, 4)).toEqual([1, 2, 3].map((n) => expect.stringMatching(new RegExp(`^64 bytes from 61\\.135\\.169\\.125 \\(61\\.135\\.169\\.125\\): icmp_seq=${n} ttl=58 time=\\d\\.\\d\\d ms$`))));
    // The tty echoes ^C; ping's own newline ends that line (iputils finish()).
    expect(out.slice(4, 6)).toEqual(['^C', '--- www.a.shifen.com ping statistics ---']);
    expect(out[6]).toBe('3 packets transmitted, 3 received, 0% packet loss, time 2002ms');
  });

  it('arp -a: empty at boot; afterwards only the gateway — the one-hop neighbourhood, never baidu or the DNS server', () => {
    expect(text).toContain('[1.000] client$ arp -a\n[2.000]');
    const mac = formatMac(lab.world.node('router')!.nic('eth0')!.mac);
    expect(text).toContain(`[5.000] client$ arp -a\ngateway (192.168.150.2) at ${mac} [ether] on eth0\n[5.000]`);
    expect(blockOf(text, 'client$ route')).toContain('default         gateway         0.0.0.0         UG    0      0        0 eth0\n');
  });

  it('along the path the destination IP never changes, the MACs change at every hop, the TTL drops by one per router', () => {
    const first = hopLines(lab).find((h) => h.from === 'client' && /ICMP echo request, id \d+, seq 1,/.test(h.line))!;
    const pid = lab.world.trace.packets.find((p) => p.type === 'hop' && p.frame === first.frame)!.pid;
    const path = lab.world.trace.packets.filter((p) => p.type === 'hop' && p.pid === pid).map((p) => p.frame);
    expect(new Set(path.map((f) => formatIpv4(readIpv4(f, 30))))).toEqual(new Set(['61.135.169.125']));
    expect(path.map((f) => f[22])).toEqual([64, 64, 63, 62, 61, 60, 59, 58]);
    const segments = path.map((f) => `${formatMac(readMac(f, 6))}>${formatMac(readMac(f, 0))}`);
    // client>sw and sw>router are one Ethernet segment (the switch rewrites nothing); every router starts a new one
    expect(segments[0]).toBe(segments[1]);
    expect(new Set(segments.slice(1)).size).toBe(7);
  });

  it('an address nobody routes: the backbone answers Destination Net Unreachable', () => {
    expect(blockOf(text, 'client$ ping -c 1 1.2.3.4')).toBe(
      [
        'PING 1.2.3.4 (1.2.3.4) 56(84) bytes of data.',
        'From 202.96.12.2 icmp_seq=1 Destination Net Unreachable',
        '',
        '--- 1.2.3.4 ping statistics ---',
        '1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms',
        '',
        '',
      ].join('\n'),
    );
  });
});
