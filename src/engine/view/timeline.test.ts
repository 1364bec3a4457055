import { describe, expect, it } from 'vitest';
import { transcript } from '../../test-support/transcript';
import { frameInfo } from './frame-info';
import { buildTimeline, entryOfPacket, filterTimeline, timelineFacets, type TimelineEntry } from './timeline';
import { isDrop } from './packets';

function drTimeline(): { entries: TimelineEntry[]; packets: number; states: number } {
  const { lab } = transcript('lvs-dr', '1 client curl 192.168.150.100');
  const { packets, states } = lab.world.trace;
  return { entries: buildTimeline(packets, states), packets: packets.length, states: states.length };
}

describe('timeline', () => {
  it('merges both streams in trace order, one line per event', () => {
    const { entries, packets, states } = drTimeline();
    expect(entries).toHaveLength(packets + states);
    for (let i = 1; i < entries.length; i++) expect(entries[i].seq).toBe(entries[i - 1].seq + 1);
    const first = entries.find((e) => e.kind === 'packet')!;
    expect(first).toMatchObject({ nodes: ['client', 'sw'], protocol: 'arp', text: 'ARP, Request who-has 192.168.150.100 tell 192.168.150.1, length 46' });
    const curl = entries.find((e) => e.stateKind === 'shell.command' && e.text === 'curl 192.168.150.100')!;
    expect(curl).toMatchObject({ kind: 'state', protocol: 'shell', nodes: ['client'], t: 1_000_000 });
    const drop = entries.find((e) => e.kind === 'drop')!;
    expect(drop.text).toBe(
      `dropped at ${drop.nodes[0]}:eth0: ARP ignored: who-has 192.168.150.100 (arp_ignore=1 on eth0) — ARP, Request who-has 192.168.150.100 tell 192.168.150.1, length 46`,
    );
  });

  it('filters by node, protocol, kind and text (case-insensitive)', () => {
    const { entries } = drTimeline();
    // ARP: the frames and the neighbour-table changes alike.
    const arp = filterTimeline(entries, { protocols: ['arp'] });
    expect(new Set(arp.map((e) => e.kind))).toEqual(new Set(['packet', 'drop', 'state']));
    expect(arp.filter((e) => e.kind === 'state').map((e) => e.text)[0]).toBe('192.168.150.100 incomplete on eth0 (resolving)');
    // The director's IPVS table: one connection, three state changes.
    const ipvs = filterTimeline(entries, { nodes: ['node01'], protocols: ['ipvs'], from: 1_000_000 });
    expect(ipvs.map((e) => e.text.replace(/\d{5}/, 'PORT').replace(/192\.168\.150\.1[23]/, 'RIP'))).toEqual([
      'connection TCP 192.168.150.1:PORT → 192.168.150.100:80 → RIP:80 (rr)',
      'TCP 192.168.150.1:PORT → 192.168.150.100:80 NONE → SYN_RECV',
      'TCP 192.168.150.1:PORT → 192.168.150.100:80 SYN_RECV → ESTABLISHED',
      'TCP 192.168.150.1:PORT → 192.168.150.100:80 ESTABLISHED → FIN_WAIT',
    ]);
    const get = filterTimeline(entries, { text: 'get / http/1.1', kinds: ['packet'] });
    expect(get.map((e) => e.nodes.join('>'))).toEqual(['client>sw', 'sw>node01', 'node01>sw', expect.stringMatching(/^sw>node0[23]$/)]);
    expect(filterTimeline(entries, { text: 'HTTP/1.1 200 OK', nodes: ['client'] })).toHaveLength(1);
    expect(filterTimeline(entries, { kinds: ['drop'], nodes: ['node01'] }).map((e) => e.text.split(' — ')[0])).toEqual([
      "dropped at node01:eth0: who-has 192.168.150.1: not this host's address",
    ]);
    // Searching a node's name finds what touched it.
    const named = filterTimeline(entries, { text: 'NODE01' });
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((e) => e.nodes.includes('node01') || e.text.toLowerCase().includes('node01'))).toBe(true);
    expect(filterTimeline(entries, {})).toHaveLength(entries.length);
    const facets = timelineFacets(entries);
    expect(facets.nodes).toEqual(['client', 'node01', 'node02', 'node03', 'sw']);
    expect(facets.protocols).toEqual(expect.arrayContaining(['addr', 'arp', 'ipvs', 'shell', 'switch', 'tcp']));
  });

  it('reuses what the worker computed for a frame instead of dissecting again', () => {
    const { lab } = transcript('lvs-dr', '1 client curl 192.168.150.100');
    const hop = lab.world.trace.packets.find((p) => !isDrop(p))!;
    const info = frameInfo(hop.frame);
    const msg = { ...hop, kind: info.kind, summary: 'precomputed line' };
    expect(entryOfPacket(msg)).toMatchObject({ text: 'precomputed line', protocol: 'arp' });
  });

  it('filters 100k entries without re-dissecting (time reported, not asserted)', () => {
    const { entries } = drTimeline();
    const big: TimelineEntry[] = [];
    for (let i = 0; big.length < 100_000; i++) big.push({ ...entries[i % entries.length], seq: big.length });
    const t0 = performance.now();
    const hits = filterTimeline(big, { text: 'http/1.1 200', protocols: ['tcp'] });
    const t1 = performance.now();
    const byNode = filterTimeline(big, { nodes: ['node01'], kinds: ['packet', 'drop'] });
    const t2 = performance.now();
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((e) => e.text.includes('HTTP/1.1 200 OK'))).toBe(true);
    expect(byNode.length).toBeGreaterThan(0);
    console.log(`timeline: text filter over 100k entries ${(t1 - t0).toFixed(1)} ms, node+kind filter ${(t2 - t1).toFixed(1)} ms`);
  });
});
