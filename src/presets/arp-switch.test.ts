import { describe, expect, it } from 'vitest';
import { transcript } from '../test-support/transcript';
import type { HopEvent } from '../engine/sim/trace';
import type { Switch } from '../engine/net/switch';
import type { IpStack } from '../engine/net/ip/stack';
import { formatMac, parseIpv4 } from '../engine/wire/addr';
import { summarizeFrame } from '../engine/wire/summary';

describe('arp-switch (lab L3)', () => {
  it('boots with empty ARP caches and an empty MAC table', () => {
    const { lab } = transcript('arp-switch', '', { until: 1 });
    expect((lab.world.node('sw') as Switch).macTable()).toEqual([]);
    for (const id of ['node01', 'node02', 'node03']) expect((lab.host(id)!.stack as IpStack).neigh.list()).toEqual([]);
  });

  it('the first ping: who-has flooded, the switch learns, only the owner answers, the reply goes out of one port', () => {
    const { lab } = transcript('arp-switch', '1 node01 ping -c 1 192.168.150.12');
    const sw = lab.world.node('sw') as Switch;
    const mac = (id: string) => lab.world.node(id)!.nic('eth0')!.mac;
    const wire = (lab.world.trace.packets.filter((p) => p.type === 'hop') as HopEvent[]).map((h) => `${h.from.node}>${h.to.node} ${summarizeFrame(h.frame)}`);
    expect(wire).toEqual([
      'node01>sw ARP, Request who-has 192.168.150.12 tell 192.168.150.11, length 46',
      // flooded out of every port but the one it came in on
      'sw>node02 ARP, Request who-has 192.168.150.12 tell 192.168.150.11, length 46',
      'sw>node03 ARP, Request who-has 192.168.150.12 tell 192.168.150.11, length 46',
      // only the owner of the address answers; the switch knows node01's port by now: one port
      `node02>sw ARP, Reply 192.168.150.12 is-at ${formatMac(mac('node02'))}, length 46`,
      `sw>node01 ARP, Reply 192.168.150.12 is-at ${formatMac(mac('node02'))}, length 46`,
      expect.stringMatching(/^node01>sw IP 192\.168\.150\.11 > 192\.168\.150\.12: ICMP echo request, id \d+, seq 1, length 64$/),
      expect.stringMatching(/^sw>node02 IP 192\.168\.150\.11 > 192\.168\.150\.12: ICMP echo request/),
      expect.stringMatching(/^node02>sw IP 192\.168\.150\.12 > 192\.168\.150\.11: ICMP echo reply/),
      expect.stringMatching(/^sw>node01 IP 192\.168\.150\.12 > 192\.168\.150\.11: ICMP echo reply/),
    ]);
    // learned in order: node01 on p1 (from the broadcast), node02 on p2 (from its reply); node03 never spoke
    const learned = lab.world.trace.states.filter((s) => s.kind === 'switch.learn').map((s) => s.text);
    expect(learned).toEqual([`learned ${formatMac(mac('node01'))} on p1`, `learned ${formatMac(mac('node02'))} on p2`]);
    expect(sw.macTable().map((e) => [formatMac(e.mac), e.port])).toEqual([
      [formatMac(mac('node01')), 'p1'],
      [formatMac(mac('node02')), 'p2'],
    ]);
    // both ends cache each other; node03 heard the question and learned nothing
    const neigh = (id: string) => (lab.host(id)!.stack as IpStack).neigh.list().map((e) => `${e.ip === parseIpv4('192.168.150.11') ? 'node01' : 'node02'} ${formatMac(e.mac)} ${e.state}`);
    expect(neigh('node01')).toEqual([`node02 ${formatMac(mac('node02'))} REACHABLE`]);
    // node02 learned node01 from the request (STALE), then used it for the reply (DELAY, NUD)
    expect(neigh('node02')).toEqual([`node01 ${formatMac(mac('node01'))} DELAY`]);
    expect(neigh('node03')).toEqual([]);
  });

  it('a second ping needs no ARP and is never flooded', () => {
    const { lab } = transcript('arp-switch', '1 node01 ping -c 1 192.168.150.12\n3 node01 ping -c 1 192.168.150.12');
    const later = (lab.world.trace.packets.filter((p) => p.type === 'hop' && p.t >= 3_000_000) as HopEvent[]).map((h) => `${h.from.node}>${h.to.node}`);
    expect(later).toEqual(['node01>sw', 'sw>node02', 'node02>sw', 'sw>node01']);
  });
});
