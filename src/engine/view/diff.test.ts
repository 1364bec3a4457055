import { describe, expect, it } from 'vitest';
import type { Lab } from '../lab';
import { transcript } from '../../test-support/transcript';
import { formatMac } from '../wire/addr';
import { tcpFlagsLabel } from '../wire/summary';
import { diffFrames, hopDiff, hopsOfPacket, inOutAt, ipvsNodes, senderDiff, type FieldDiff, type FrameDiff } from './diff';
import { isDrop, PacketIndex, type HopLike } from './packets';

const CURL = '1 client curl 192.168.150.100';

function run(preset: string, script = CURL): { lab: Lab; index: PacketIndex; hops: HopLike[]; directors: Set<string> } {
  const { lab } = transcript(preset, script);
  const packets = lab.world.trace.packets;
  return { lab, index: new PacketIndex(packets), hops: packets.filter((p) => !isDrop(p)) as HopLike[], directors: ipvsNodes(lab.world.trace.states) };
}

const macOf = (lab: Lab, node: string, iface = 'eth0'): string => formatMac(lab.world.node(node)!.nic(iface)!.mac);

/** The first hop into `node` whose TCP flags are `flags`. */
const tcpInto = (hops: HopLike[], node: string, flags: string): HopLike => hops.find((h) => h.to.node === node && tcpFlagsLabel(h.frame) === flags)!;

/** Every field of a diff by path, with its status (and old → new when changed). */
function statuses(d: FrameDiff): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (fs: FieldDiff[]) => {
    for (const f of fs) {
      out[f.path] = f.status === 'changed' && f.old !== f.new ? `${f.old} → ${f.new}` : f.status;
      if (f.children) walk(f.children);
    }
  };
  for (const l of d.layers) walk(l.fields);
  return out;
}

describe('hopDiff: what a node did to the frame that entered it', () => {
  it('DR director: only the MAC addresses (and TTL) change; the real server gets the VIP packet', () => {
    const { lab, index, hops, directors } = run('lvs-dr');
    expect([...directors]).toEqual(['node01']);
    const syn = tcpInto(hops, 'node01', 'SYN');
    const d = hopDiff(index, syn, { directors })!;
    expect(d.node).toBe('node01');
    expect(d.outs).toHaveLength(1);
    const rs = d.outs[0].out.to.node === 'sw' ? hops.find((h) => h.pid === syn.pid && h.from.node === 'sw' && h.seq! > d.outs[0].out.seq!)!.to.node : '';
    expect(['node02', 'node03']).toContain(rs);
    const change = d.outs[0];
    expect(change.summary.en).toBe(`DR director: destination MAC ${macOf(lab, 'node01')} → ${macOf(lab, rs)}, source MAC now the director's, TTL 64 → 63; IP addresses and ports unchanged`);
    expect(change.summary.zh).toBe(`DR 调度器：目标 MAC ${macOf(lab, 'node01')} → ${macOf(lab, rs)}，源 MAC 换成调度器自己的，TTL 64 → 63；IP 地址和端口不变`);
    expect(change.diff.changed).toEqual(['eth.dst', 'eth.src', 'ip.ttl', 'ip.checksum']);
    const s = statuses(change.diff);
    expect(s['eth.dst']).toBe(`${macOf(lab, 'node01')} → ${macOf(lab, rs)}`);
    expect(s['eth.src']).toBe(`${macOf(lab, 'client')} → ${macOf(lab, 'node01')}`);
    expect(s['ip.src']).toBe('same');
    expect(s['ip.dst']).toBe('same');
    expect(s['tcp.dstport']).toBe('same');
    expect(s['tcp.seq']).toBe('same');
    expect(d.delivered).toBe(false);
    expect(d.summary).toEqual(change.summary);
  });

  it('NAT director: the destination VIP:80 becomes the RIP on the way in, the source goes back to the VIP on the way out', () => {
    const { index, hops, directors } = run('lvs-nat');
    const inward = hopDiff(index, tcpInto(hops, 'node01', 'SYN'), { directors })!;
    expect(inward.outs).toHaveLength(1);
    const rip = inward.outs[0].diff.layers.find((l) => l.key === 'ip')!.fields.find((f) => f.key === 'dst')!.new!;
    expect(['10.0.0.12', '10.0.0.13']).toContain(rip);
    expect(inward.summary.en).toBe(`NAT director: destination 192.168.150.100:80 → ${rip}:80`);
    expect(inward.summary.zh).toBe(`NAT 调度器：目标地址 192.168.150.100:80 → ${rip}:80`);
    expect(inward.outs[0].diff.changed).toEqual(['eth.dst', 'eth.src', 'ip.ttl', 'ip.checksum', 'ip.dst', 'tcp.checksum']);
    const reply = hops.find((h) => h.to.node === 'node01' && h.from.node === 'sw2' && tcpFlagsLabel(h.frame) === 'SYN-ACK')!;
    const outward = hopDiff(index, reply, { directors })!;
    const cport = statuses(outward.outs[0].diff)['tcp.dstport'];
    expect(cport).toBe('same');
    expect(outward.summary.en).toMatch(new RegExp(`^NAT director: source ${rip.replace(/\./g, '\\.')}:80 → 192\\.168\\.150\\.100:80$`));
    // Without knowing node01 runs IPVS, the same rewrites read as plain NAT.
    expect(hopDiff(index, tcpInto(hops, 'node01', 'SYN'))!.summary.en).toBe(`D-NAT: destination 192.168.150.100:80 → ${rip}:80`);
  });

  it('TUN: an outer IPv4 header is added; the inner packet is the original except TTL', () => {
    const { index, hops, directors } = run('lvs-tun');
    const d = hopDiff(index, tcpInto(hops, 'node01', 'SYN'), { directors })!;
    const change = d.outs[0];
    expect(change.out.pid).toBe(d.in.pid);
    const rip = change.diff.layers[1].fields.find((f) => f.key === 'dst')!.new;
    expect(change.summary.en).toBe(`TUN: outer IPv4 header 192.168.150.11 → ${rip} added; the inner packet is unchanged except TTL 64 → 63`);
    expect(change.summary.zh).toBe(`TUN：添加了外层 IPv4 首部 192.168.150.11 → ${rip}；内层数据包除 TTL 64 → 63 外不变`);
    expect(change.diff.layers.map((l) => [l.key, l.oldKey ?? '', l.status])).toEqual([
      ['eth', '', 'changed'],
      ['ip', '', 'added'],
      ['ip.inner', 'ip', 'changed'],
      ['tcp', '', 'same'],
    ]);
    expect(change.diff.changed).toEqual(['eth.dst', 'eth.src', 'ip.inner.ttl', 'ip.inner.checksum']);
    const s = statuses(change.diff);
    expect(s['ip.proto']).toBe('added');
    expect(s['ip.inner.src']).toBe('same');
    expect(s['ip.inner.dst']).toBe('same');
    // The reverse comparison reads as decapsulation.
    const back = diffFrames(change.out.frame, d.in.frame);
    expect(back.layers.map((l) => [l.key, l.oldKey ?? '', l.status])).toEqual([
      ['eth', '', 'changed'],
      ['ip', '', 'removed'],
      ['ip', 'ip.inner', 'changed'],
      ['tcp', '', 'same'],
    ]);
  });

  it('S-NAT at a home router, and the reply translated back', () => {
    const { index, hops } = run('snat-home', '1 client1 curl 61.135.169.125');
    const out = hopDiff(index, tcpInto(hops, 'router', 'SYN'))!;
    const port = statuses(out.outs[0].diff)['tcp.srcport'];
    expect(port).toBe('same'); // MASQUERADE keeps the port when it is free
    const sport = out.outs[0].diff.layers.find((l) => l.key === 'tcp')!.fields.find((f) => f.key === 'srcport')!.new;
    expect(out.summary.en).toBe(`S-NAT: source 192.168.150.1:${sport} → 123.112.0.2:${sport}`);
    expect(out.summary.zh).toBe(`源地址转换（S-NAT）：源地址 192.168.150.1:${sport} → 123.112.0.2:${sport}`);
    // The answer comes back to the public address; the router restores the client's.
    const back = hopDiff(index, hops.find((h) => h.to.node === 'router' && h.from.node === 'isp1' && tcpFlagsLabel(h.frame) !== undefined)!)!;
    expect(back.summary.en).toBe(`S-NAT reply: destination 123.112.0.2:${sport} → 192.168.150.1:${sport} (translated back)`);
    // A router in the middle of the internet: MACs and TTL only.
    const mid = hopDiff(index, tcpInto(hops, 'isp1', 'SYN'))!;
    expect(mid.summary.en).toBe('Router hop: source and destination MAC changed, TTL 63 → 62, header checksum updated; IP addresses unchanged');
    expect(mid.summary.zh).toBe('路由转发：源和目标 MAC 地址改变，TTL 63 → 62，首部校验和更新；IP 地址不变');
  });

  it('a switch floods an unknown destination unchanged; hosts drop or keep the copies', () => {
    const { index, hops } = run('lvs-dr');
    const who = hops[hops.findIndex((h) => h.from.node === 'client')];
    const d = hopDiff(index, who)!;
    expect(d.node).toBe('sw');
    expect(d.outs.map((o) => [o.out.to.node, o.diff.identical])).toEqual([
      ['node01', true],
      ['node02', true],
      ['node03', true],
    ]);
    expect(d.summary.en).toBe('Switch: flooded unchanged out of 3 ports (p2, p3, p4)');
    const atRs = hopDiff(index, d.outs[1].out)!;
    expect(atRs.drop?.reason).toBe('ARP ignored: who-has 192.168.150.100 (arp_ignore=1 on eth0)');
    expect(atRs.summary.en).toBe('Dropped at node02: ARP ignored: who-has 192.168.150.100 (arp_ignore=1 on eth0)');
    const atDirector = hopDiff(index, d.outs[0].out)!;
    expect(atDirector.delivered).toBe(true);
    expect(atDirector.summary.en).toBe('Delivered to node01 itself');
    // senderDiff: the copy leaving the switch, against what entered it.
    expect(senderDiff(index, d.outs[2].out)!.summary.en).toBe('Switch: forwarded unchanged');
    expect(senderDiff(index, who)).toBeUndefined(); // the client made it
  });

  it('hopsOfPacket and inOutAt follow one packet node by node', () => {
    const { index, hops } = run('lvs-dr');
    const syn = hops.find((h) => h.from.node === 'client' && tcpFlagsLabel(h.frame) === 'SYN')!;
    const path = hopsOfPacket(index, syn.pid);
    expect(path.map((s) => `${s.node}${s.inIface ? `<${s.inIface}` : ''}${s.out.map((o) => `>${o.iface}`).join('')}`)).toEqual([
      'client>eth0',
      'sw<p1>p2',
      'node01<eth0>eth0',
      expect.stringMatching(/^sw<p2>p[34]$/),
      expect.stringMatching(/^node0[23]<eth0$/),
    ]);
    expect(path.map((s) => s.parent)).toEqual([undefined, 0, 1, 2, 3]);
    const io = inOutAt(index, syn.pid, 'node01');
    expect(io.in).toHaveLength(1);
    expect(io.out).toHaveLength(1);
    expect(io.drops).toEqual([]);
    expect(io.in[0].arrive).toBeLessThanOrEqual(io.out[0].t);
    // Works on the plain array as well as on an index.
    expect(hopsOfPacket([...index.packets], syn.pid)).toEqual(path);
  });

  it('a frame compared with itself is identical; a lost hop has no diff', () => {
    const { index, hops } = run('lvs-dr');
    const ack = hops.find((h) => tcpFlagsLabel(h.frame) === 'ACK')!;
    const d = diffFrames(ack.frame, ack.frame.slice());
    expect(d.identical).toBe(true);
    expect(d.changed).toEqual([]);
    const tcp = d.layers.find((l) => l.key === 'tcp')!;
    const opts = tcp.fields.find((f) => f.key === 'options')!.children!.map((c) => c.path);
    expect(opts).toEqual(['tcp.options.nop', 'tcp.options.nop#2', 'tcp.options.timestamp']);
    expect(hopDiff(index, { ...ack, seq: -5, lost: 'lost on the link' })).toBeUndefined();
  });
});
