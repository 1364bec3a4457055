import { describe, expect, it } from 'vitest';
import { transcript } from '../../test-support/transcript';
import { ipvsNodes } from '../../engine/view/diff';
import { inspectPacket } from '../../engine/view/inspect';
import { PacketIndex, type HopLike } from '../../engine/view/packets';
import { snapshotNode } from '../../engine/view/snapshot';
import type { NodeSnapshot } from '../../engine/view/types';
import { formatMac } from '../../engine/wire/addr';
import { dissectFrame } from '../../engine/wire/dissect';
import { tcpFlagsLabel } from '../../engine/wire/summary';
import { branchDepths, byteRange, changedRanges, diffRows, fieldAtByte, findField, Lookup, uniqueKeys } from './pure';

function drCurl() {
  const { lab } = transcript('lvs-dr', '1 client curl 192.168.150.100');
  const packets = lab.world.trace.packets;
  const index = new PacketIndex(packets);
  const hops = packets.filter((p) => p.type === 'hop') as HopLike[];
  return { lab, index, hops, directors: ipvsNodes(lab.world.trace.states) };
}

describe('the per-hop diff rows', () => {
  it('show the key fields (even unchanged) and every change; all of them on demand', () => {
    const { index, hops, directors } = drCurl();
    const syn = hops.find((h) => h.from.node === 'node01' && tcpFlagsLabel(h.frame) === 'SYN')!;
    const r = inspectPacket(index, syn.pid, syn.seq!, { directors });
    const out = r.visits[r.focus!.visit].outs[0];
    const shown = out.diff!.layers.flatMap((l) => diffRows(l, false).map((f) => f.path));
    expect(shown).toEqual(['eth.dst', 'eth.src', 'ip.ttl', 'ip.proto', 'ip.checksum', 'ip.src', 'ip.dst', 'tcp.srcport', 'tcp.dstport']);
    const all = out.diff!.layers.flatMap((l) => diffRows(l, true).map((f) => f.path));
    expect(all.length).toBeGreaterThan(shown.length + 10);
    expect(all).toContain('tcp.seq');
    // The bytes that changed: both MACs, the TTL and the header checksum.
    expect(changedRanges(out.diff!.layers.flatMap((l) => l.fields))).toEqual([
      [0, 6],
      [6, 12],
      [22, 23],
      [24, 26],
    ]);
  });
});

describe('layers and bytes', () => {
  it('a byte belongs to the smallest field over it; a field covers whole bytes', () => {
    const { hops } = drCurl();
    const layers = dissectFrame(hops.find((h) => tcpFlagsLabel(h.frame) === 'SYN')!.frame);
    expect(fieldAtByte(layers, 0)).toMatchObject({ layer: 'eth', field: { key: 'dst' } });
    expect(fieldAtByte(layers, 22)).toMatchObject({ layer: 'ip', field: { key: 'ttl' } });
    expect(fieldAtByte(layers, 31)).toMatchObject({ layer: 'ip', field: { key: 'dst' } });
    expect(fieldAtByte(layers, 36)).toMatchObject({ layer: 'tcp', field: { key: 'dstport' } });
    // IPv4 flags (3 bits) and fragment offset (13 bits) share two bytes: the flags win the first.
    expect(fieldAtByte(layers, 20)).toMatchObject({ field: { key: 'flags' } });
    expect(byteRange(findField(layers, { layer: 'ip', key: 'flags' })!)).toEqual([20, 21]);
    expect(byteRange(findField(layers, { layer: 'ip', key: 'frag_offset' })!)).toEqual([20, 22]);
    expect(findField(layers, { layer: 'tcp', key: 'flags.syn' })?.value).toBe('Set');
    expect(fieldAtByte(layers, 9999)).toBeUndefined();
  });
});

describe('the path and the canvas', () => {
  it('indents a step only below a flood', () => {
    const outs = (n: number) => Array.from({ length: n }, () => ({}) as never);
    expect(branchDepths([{ outs: outs(1) }, { parent: 0, outs: outs(1) }, { parent: 1, outs: outs(3) }, { parent: 2, outs: [] }, { parent: 2, outs: [] }, { parent: 2, outs: outs(1) }, { parent: 5, outs: [] }])).toEqual([0, 0, 0, 1, 1, 1, 1]);
  });

  it('finds who owns an address, a MAC and a cable; a VIP belongs to the director, not to the real servers hiding it on lo', () => {
    const { lab } = drCurl();
    const snaps: Record<string, NodeSnapshot> = {};
    for (const n of lab.world.nodes.values()) snaps[n.id] = snapshotNode(n);
    const doc = { lvslab: 1 as const, id: 'x', nodes: [], links: [...lab.world.links.values()].map((l) => ({ id: l.id, a: { node: l.a.node.id, iface: l.a.name }, b: { node: l.b.node.id, iface: l.b.name } })) };
    const look = new Lookup(snaps, doc);
    expect(look.node('192.168.150.12:80')).toEqual(['node02']);
    expect(look.node('192.168.150.100')).toEqual(['node01']);
    expect(look.node('10.9.9.9')).toEqual([]);
    expect(look.mac(formatMac(lab.world.node('node03')!.nic('eth0')!.mac))).toEqual(['node03']);
    expect(look.link('node01', 'eth0:2')).toEqual([[...lab.world.links.values()].find((l) => l.a.node.id === 'node01' || l.b.node.id === 'node01')!.id]);
  });

  it('numbers repeated row keys', () => {
    expect(uniqueKeys(['a', 'b', 'a'], (x) => x).map(([k]) => k)).toEqual(['a', 'b', 'a #1']);
  });
});
