import { describe, expect, it } from 'vitest';
import type { Switch } from '../../src/engine/net/switch';
import { formatMac } from '../../src/engine/wire/addr';
import { blockOf, transcript } from '../../src/test-support/transcript';
import { dropLines, hopLines } from './hops';

/** Lab L3 (LABS.md; notes 001, 002, 004): `arp -a` and the first packet after boot, in the arp-switch preset. */
const L3 = `
1 node01 arp -a
1 node02 arp -a
2 node01 ping -c 1 192.168.150.12
3 node01 arp -a
3 node02 arp -a
3 node03 arp -a
3 node01 arp -n
`;

describe('lab L3: ARP and the switch', () => {
  const { text, lab } = transcript('arp-switch', L3);
  const mac = (id: string) => formatMac(lab.world.node(id)!.nic('eth0')!.mac);
  const at2 = hopLines(lab).filter((h) => h.t >= 2 && h.t < 3);

  it('just booted: arp -a prints nothing', () => {
    expect(text).toContain('[1.000] node01$ arp -a\n[1.000] node02$ arp -a\n[2.000]');
  });

  it('the who-has goes to ff:ff:ff:ff:ff:ff and the switch floods it out of every port but the one it came in on', () => {
    const req = at2.filter((h) => h.line === 'ARP, Request who-has 192.168.150.12 tell 192.168.150.11, length 46');
    expect(req.map((h) => `${h.from}>${h.to}`)).toEqual(['node01>sw', 'sw>node02', 'sw>node03']);
    expect(formatMac(req[0].frame.subarray(0, 6).reduce((a, b) => a * 256 + b, 0))).toBe('ff:ff:ff:ff:ff:ff');
  });

  it('only the owner of the target IP replies; node03 drops the question; the reply leaves the switch by one port', () => {
    expect(dropLines(lab).filter((d) => d.t >= 2 && d.t < 3)).toEqual([
      { t: 2.0002, node: 'node03', iface: 'eth0', reason: "who-has 192.168.150.12: not this host's address" },
    ]);
    const reply = at2.filter((h) => h.line === `ARP, Reply 192.168.150.12 is-at ${mac('node02')}, length 46`);
    expect(reply.map((h) => `${h.from}>${h.to}`)).toEqual(['node02>sw', 'sw>node01']);
  });

  it('the switch learned each source MAC on its port (node03 never spoke)', () => {
    expect((lab.world.node('sw') as Switch).macTable().map((e) => `${formatMac(e.mac)} ${e.port}`)).toEqual([`${mac('node01')} p1`, `${mac('node02')} p2`]);
  });

  it('both ends cached the mapping; node03 heard the broadcast and cached nothing', () => {
    expect(text).toContain(`[3.000] node01$ arp -a\n? (192.168.150.12) at ${mac('node02')} [ether] on eth0\n`);
    expect(text).toContain(`[3.000] node02$ arp -a\n? (192.168.150.11) at ${mac('node01')} [ether] on eth0\n`);
    expect(text).toContain('[3.000] node03$ arp -a\n[3.000] node01$ arp -n\n');
    expect(blockOf(text, 'node01$ arp -n')).toBe(
      ['Address                  HWtype  HWaddress           Flags Mask            Iface', `192.168.150.12           ether   ${mac('node02')}   C                     eth0`, ''].join('\n'),
    );
  });

  it('the echo request that waited for ARP then goes out unicast, straight to node02', () => {
    const icmp = at2.filter((h) => /ICMP echo/.test(h.line)).map((h) => `${h.from}>${h.to}`);
    expect(icmp).toEqual(['node01>sw', 'sw>node02', 'node02>sw', 'sw>node01']);
  });
});

describe('lab L3: ARP is per LAN, DNS is global (next-hop preset)', () => {
  const { text, lab } = transcript('next-hop', '1 client ping -c 1 www.baidu.com\n3 client arp -a\n3 web arp -a');

  it('the client resolved baidu by DNS across the internet but only ever ARPed its gateway; baidu ARPed its own router', () => {
    const arps = hopLines(lab).filter((h) => h.line.startsWith('ARP, Request')).map((h) => `${h.from}: ${h.line}`);
    expect(arps.filter((l) => l.startsWith('client:'))).toEqual(['client: ARP, Request who-has 192.168.150.2 tell 192.168.150.1, length 46']);
    expect(blockOf(text, 'client$ arp -a')).toBe(`gateway (192.168.150.2) at ${formatMac(lab.world.node('router')!.nic('eth0')!.mac)} [ether] on eth0\n`);
    expect(blockOf(text, 'web$ arp -a')).toBe(`gateway (61.135.169.1) at ${formatMac(lab.world.node('idc')!.nic('eth1')!.mac)} [ether] on eth0\n`);
  });
});
