import { describe, expect, it } from 'vitest';
import type { Lab } from '../lab';
import { transcript } from '../../test-support/transcript';
import { formatMac } from '../wire/addr';
import { tcpFlagsLabel } from '../wire/summary';
import { ipvsNodes, type FieldDiff } from './diff';
import { inspectPacket, type OutView, type PacketInspection } from './inspect';
import { isDrop, PacketIndex, type HopLike } from './packets';
import { snapshotNode } from './snapshot';
import type { HostSnapshot } from './types';

function run(preset: string, script: string, until?: number): { lab: Lab; index: PacketIndex; hops: HopLike[]; directors: Set<string> } {
  const { lab } = transcript(preset, script, until ? { until } : {});
  const packets = lab.world.trace.packets;
  return { lab, index: new PacketIndex(packets), hops: packets.filter((p) => !isDrop(p)) as HopLike[], directors: ipvsNodes(lab.world.trace.states) };
}

/** Field statuses of one out's diff by path: `same`, or `old → new`. */
function statuses(o: OutView): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (fs: FieldDiff[]) => {
    for (const f of fs) {
      out[f.path] = f.status === 'changed' && f.old !== f.new ? `${f.old} → ${f.new}` : f.status;
      if (f.children) walk(f.children);
    }
  };
  for (const l of o.diff?.layers ?? []) walk(l.fields);
  return out;
}

const focused = (r: PacketInspection) => {
  const v = r.visits[r.focus!.visit];
  return { visit: v, out: v.outs[r.focus!.out] };
};
const mac = (lab: Lab, node: string, iface = 'eth0') => formatMac(lab.world.node(node)!.nic(iface)!.mac);

describe('inspectPacket: the inspector picture of one packet', () => {
  it('a router hop: MACs, TTL and checksum change, the IP addresses do not; the home router S-NATs', () => {
    const { lab, index, hops, directors } = run('next-hop', '1 client ping -c 1 61.135.169.125');
    const out = hops.find((h) => h.from.node === 'isp1' && h.to.node === 'isp2' && h.frame[23] === 1 && h.frame[34] === 8)!;
    expect(out).toBeDefined();
    const r = inspectPacket(index, out.pid, out.seq!, { directors });
    const { visit, out: o } = focused(r);
    expect(visit.node).toBe('isp1');
    expect(visit.in).toMatchObject({ iface: 'eth0', from: 'router' });
    expect(o.seq).toBe(out.seq);
    expect(o.identical).toBe(false);
    expect(o.diff!.changed).toEqual(['eth.dst', 'eth.src', 'ip.ttl', 'ip.checksum']);
    const s = statuses(o);
    expect(s['eth.src']).toBe(`${mac(lab, 'router', 'eth1')} → ${mac(lab, 'isp1', 'eth1')}`);
    expect(s['ip.src']).toBe('same');
    expect(s['ip.dst']).toBe('same');
    expect(s['ip.ttl']).toBe('63 → 62');
    expect(o.summary.en).toBe('Router hop: source and destination MAC changed, TTL 63 → 62, header checksum updated; IP addresses unchanged');
    // The whole path, node by node, from the client that made it to the web server that answered.
    expect(r.visits.map((v) => v.node)).toEqual(['client', 'sw', 'router', 'isp1', 'isp2', 'bb1', 'bb2', 'idc', 'web']);
    expect(r.visits[0]).toMatchObject({ origin: true, depth: 0 });
    expect(r.visits.at(-1)).toMatchObject({ node: 'web', delivered: true, outs: [] });
    expect(r.visits[1].outs[0]).toMatchObject({ identical: true, summary: { en: 'Switch: forwarded unchanged' } });
    // The home router's MASQUERADE: the source address changes there.
    const home = r.visits[2].outs[0];
    expect(home.diff!.changed).toContain('ip.src');
    expect(home.summary.en).toMatch(/^S-NAT: source 192\.168\.150\.1 → 123\.112\.0\.2/);
    // The selected frame: its layers and bytes.
    expect(r.selected!.layers.map((l) => l.key)).toEqual(['eth', 'ip', 'icmp', 'data']);
    expect(r.selected!.bytes).toEqual(out.frame);
    expect(r.frames.every((f) => f.hop || f.drop)).toBe(true);
    expect(r.truncated).toBe(false);
  });

  it('the DR director: only the MAC addresses (and TTL, checksum) change', () => {
    const { lab, index, hops, directors } = run('lvs-dr', '1 client curl 192.168.150.100');
    const syn = hops.find((h) => h.from.node === 'node01' && tcpFlagsLabel(h.frame) === 'SYN')!;
    const r = inspectPacket(index, syn.pid, syn.seq!, { directors });
    const { visit, out } = focused(r);
    expect(visit.node).toBe('node01');
    expect(out.diff!.changed).toEqual(['eth.dst', 'eth.src', 'ip.ttl', 'ip.checksum']);
    const s = statuses(out);
    expect(s['eth.dst']).toMatch(new RegExp(`^${mac(lab, 'node01')} → `));
    for (const p of ['ip.src', 'ip.dst', 'tcp.srcport', 'tcp.dstport', 'tcp.seq']) expect(s[p]).toBe('same');
    expect(out.summary.en).toMatch(/^DR director: destination MAC .*; IP addresses and ports unchanged$/);
  });

  it('a frame on the client’s own cable focuses the next node that changes it', () => {
    const { index, hops, directors } = run('lvs-dr', '1 client curl 192.168.150.100');
    const first = hops.find((h) => h.from.node === 'client' && tcpFlagsLabel(h.frame) === 'SYN')!;
    const r = inspectPacket(index, first.pid, first.seq!, { directors });
    // Made at the client: the switch is the first node to handle it.
    expect(r.visits[0]).toMatchObject({ node: 'client', origin: true });
    expect(r.visits[r.focus!.visit].node).toBe('sw');
    expect(r.visits[r.focus!.visit].summary.en).toBe('Switch: forwarded unchanged');
  });

  it('an ARP broadcast fans out: one visit per port, the hosts it was not for drop it', () => {
    const { index, hops } = run('lvs-dr', '1 client ping -c 1 192.168.150.12');
    const who = hops.find((h) => h.from.node === 'client' && h.frame[12] === 0x08 && h.frame[13] === 0x06)!;
    const r = inspectPacket(index, who.pid, who.seq!);
    const sw = r.visits.find((v) => v.node === 'sw')!;
    expect(sw.outs.length).toBe(3);
    expect(sw.summary.en).toMatch(/^Switch: flooded unchanged out of 3 ports/);
    const leaves = r.visits.filter((v) => v.parent === r.visits.indexOf(sw));
    expect(leaves.map((v) => v.depth)).toEqual([2, 2, 2]);
    expect(leaves.filter((v) => v.drop).length).toBe(2);
  });
});

describe('snapshot tables: what the inspector lists for a node', () => {
  it('IPVS services, real servers and connections on the director; sockets on a real server', () => {
    const { lab } = run('lvs-dr', '1 client curl 192.168.150.100');
    const dir = snapshotNode(lab.world.node('node01')!) as HostSnapshot;
    expect(dir.roles).toContain('DIRECTOR');
    expect(dir.ipvs!.services).toEqual([
      {
        proto: 'TCP',
        vip: '192.168.150.100:80',
        scheduler: 'rr',
        flags: '',
        dests: [
          { addr: '192.168.150.12:80', forward: 'Route', weight: 1, active: expect.any(Number), inactive: expect.any(Number) },
          { addr: '192.168.150.13:80', forward: 'Route', weight: 1, active: expect.any(Number), inactive: expect.any(Number) },
        ],
      },
    ]);
    expect(dir.ipvs!.connCount).toBe(1);
    expect(dir.ipvs!.conns[0]).toMatchObject({ proto: 'TCP', source: expect.stringMatching(/^192\.168\.150\.1:\d+$/), virtual: '192.168.150.100:80', destination: expect.stringMatching(/^192\.168\.150\.1[23]:80$/) });
    expect(dir.ipvs!.conns[0].expire).toMatch(/^\d\d:\d\d$/);
    const rs = snapshotNode(lab.world.node('node02')!) as HostSnapshot;
    expect(rs.sockets!.find((s) => s.state === 'LISTEN' && s.local === '0.0.0.0:80')).toMatchObject({ proto: 'tcp', foreign: '0.0.0.0:*', program: expect.stringMatching(/^\d+\/httpd$/) });
    expect(rs.socketCount).toBe(rs.sockets!.length);
    expect(rs.nat).toBeUndefined();
  });

  it('the home router’s NAT translations', () => {
    const { lab } = run('next-hop', '1 client ping -c 1 61.135.169.125');
    const r = snapshotNode(lab.world.node('router')!) as HostSnapshot;
    const icmp = r.nat!.find((n) => n.proto === 'icmp')!;
    expect(icmp).toMatchObject({ snat: true, dnat: false, origSrc: expect.stringMatching(/^192\.168\.150\.1:/), replyDst: expect.stringMatching(/^123\.112\.0\.2:/) });
  });

  it('keepalived: the VRRP instances and the MASTER / BACKUP badges', () => {
    const { lab } = run('keepalived-ha', '', 8);
    const a = snapshotNode(lab.world.node('node01')!) as HostSnapshot;
    const b = snapshotNode(lab.world.node('node04')!) as HostSnapshot;
    expect(a.vrrp![0]).toMatchObject({ state: 'MASTER', vrid: expect.any(Number), iface: 'eth0', vips: ['192.168.150.100/24'] });
    expect(b.vrrp![0]).toMatchObject({ state: 'BACKUP', master: expect.stringMatching(/^192\.168\.150\./) });
    expect(a.roles).toContain('MASTER');
    expect(b.roles).toContain('BACKUP');
  });
});
