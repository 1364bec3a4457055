import { describe, expect, it } from 'vitest';
import { buildIcmp } from '../../wire/icmp';
import { TCP_FLAG } from '../../wire/tcp';
import { CT_STATE } from './rules';
import { xtablesOf } from './xtables';
import { A, drops, masquerade, natTestbed, rule, SEC, sendTcp, wire } from './testbed';
import type { IpStack } from '../ip/stack';

const ping = (st: IpStack, dst: string, id = 7) =>
  st.sendIp({ proto: 1, dst: A(dst), payload: buildIcmp({ type: 8, identifier: id, sequence: 1, data: new Uint8Array(56) }) });

describe('filter table', () => {
  it('DROP: the packet ends at the rule, and the trace says which', () => {
    const tb = natTestbed();
    const filter = xtablesOf(tb.router).table('filter');
    const input = filter.chain('INPUT')!;
    input.rules.push(rule({ kind: 'verdict', name: 'ACCEPT' }, { proto: 17 }));
    input.rules.push(rule({ kind: 'verdict', name: 'DROP' }, { dst: A('192.168.150.2'), dmsk: 0xffffffff }));
    ping(tb.client, '192.168.150.2');
    tb.world.sim.runUntil(SEC);
    expect(wire(tb.world, 'lan')).toEqual(['client>router 192.168.150.1>192.168.150.2 icmp 8 id=7']);
    expect(drops(tb.world)).toEqual(['router: firewall: DROP by filter INPUT rule 2']);
    expect([input.rules[0].pkts, input.rules[1].pkts, input.rules[1].bytes, input.pkts]).toEqual([0, 1, 84, 0]);
  });

  it('a DROP policy drops what no rule accepted', () => {
    const tb = natTestbed();
    xtablesOf(tb.router).table('filter').chain('FORWARD')!.policy = 'DROP';
    ping(tb.client, '100.64.0.9');
    tb.world.sim.runUntil(SEC);
    expect(drops(tb.world)).toEqual(['router: firewall: DROP by filter FORWARD policy']);
    expect(wire(tb.world, 'wan')).toEqual([]);
  });

  it('REJECT answers ICMP port unreachable by default', () => {
    const tb = natTestbed();
    xtablesOf(tb.router).table('filter').chain('FORWARD')!.rules.push(rule({ kind: 'REJECT', with: 'icmp-port-unreachable' }));
    ping(tb.client, '100.64.0.9');
    tb.world.sim.runUntil(SEC);
    expect(wire(tb.world, 'lan')).toEqual(['client>router 192.168.150.1>100.64.0.9 icmp 8 id=7', 'router>client 192.168.150.2>192.168.150.1 icmp 3/3']);
    expect(drops(tb.world)).toEqual(['router: firewall: REJECT by filter FORWARD rule 1']);
  });

  it('REJECT --reject-with tcp-reset answers a SYN with RST,ACK from the destination', () => {
    const tb = natTestbed();
    xtablesOf(tb.router).table('filter').chain('FORWARD')!.rules.push(rule({ kind: 'REJECT', with: 'tcp-reset' }, { proto: 6 }));
    tb.client.protocols.set(6, () => {});
    sendTcp(tb.client, '192.168.150.1', 41234, '100.64.0.9', 80, TCP_FLAG.SYN, 1000);
    tb.world.sim.runUntil(SEC);
    expect(wire(tb.world, 'lan')).toEqual(['client>router 192.168.150.1>100.64.0.9 tcp 41234>80 [SYN]', 'router>client 100.64.0.9>192.168.150.1 tcp 80>41234 [RST, ACK]']);
    const rst = tb.world.trace.packets.filter((p) => p.type === 'hop').at(-1)!.frame;
    // ack = seq + 1 (the SYN), IP id 0, DF, window 0 (ipt_REJECT send_reset)
    const dv = new DataView(rst.buffer, rst.byteOffset);
    expect([dv.getUint32(14 + 20 + 8), dv.getUint16(14 + 4), dv.getUint16(14 + 6), dv.getUint16(14 + 20 + 14)]).toEqual([1001, 0, 0x4000, 0]);
  });

  it('a stateful firewall: ESTABLISHED,RELATED back in, only NEW from the LAN out; the state match loads conntrack', () => {
    const tb = natTestbed();
    const x = xtablesOf(tb.router);
    const fwd = x.table('filter').chain('FORWARD')!;
    fwd.policy = 'DROP';
    fwd.rules.push(rule({ kind: 'verdict', name: 'ACCEPT' }, { matches: [{ name: 'state', mask: CT_STATE.ESTABLISHED | CT_STATE.RELATED }] }));
    fwd.rules.push(rule({ kind: 'verdict', name: 'ACCEPT' }, { inIface: 'eth0' }));
    x.conntrack();
    masquerade(tb.router);
    const got: string[] = [];
    tb.client.protocols.set(1, () => got.push('reply'));
    ping(tb.client, '100.64.0.9');
    tb.world.sim.runUntil(SEC);
    expect(got).toEqual(['reply']);
    expect([fwd.rules[0].pkts, fwd.rules[1].pkts]).toEqual([1, 1]);
    // The server cannot start anything towards the LAN (it does not even know the way; the router's own address is NEW).
    tb.server.addRoute({ table: 'main', type: 'unicast', dst: A('192.168.150.0'), prefixLen: 24, gateway: A('100.64.0.2'), dev: 'eth0', proto: 'static', scope: 'global', prefsrc: 0, metric: 0 });
    ping(tb.server, '192.168.150.1', 99);
    tb.world.sim.runUntil(2 * SEC);
    expect(drops(tb.world)).toEqual(['router: firewall: DROP by filter FORWARD policy']);
  });
});
