import { describe, expect, it } from 'vitest';
import { lvsDr } from '../presets/lvs-dr';
import type { HostSnapshot } from '../engine/view/types';
import type { Batch, FromWorker, InspectionMsg } from './protocol';
import { Session } from './session';

function session() {
  let wall = 0;
  const out: Array<{ m: FromWorker; transfer?: ArrayBuffer[] }> = [];
  const s = new Session({ post: (m, transfer) => out.push({ m, transfer }), now: () => wall, testHooks: true, crash: () => {} });
  const take = () => out.splice(0);
  const inspection = (token: number) => out.map((o) => o.m).find((m): m is InspectionMsg => m.type === 'inspection' && m.token === token);
  return { s, out, take, inspection, tick: () => ((wall += 33), s.tick()) };
}

describe('Session: the packet inspector’s questions', () => {
  it('answers `inspect` from the full trace: the path, the DR director’s diff, the selected frame’s layers and bytes', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: lvsDr });
    t.s.handle({ type: 'type', node: 'client', line: 'curl 192.168.150.100' });
    t.s.handle({ type: 'advance', us: 2_000_000, token: 1 });
    const packets = t.s.currentLab!.world.trace.packets;
    // The SYN as the director sent it on.
    const syn = packets.find((p) => p.type === 'hop' && p.from.node === 'node01' && p.frame[12] === 0x08 && p.frame[23] === 6 && (p.frame[47] & 0x12) === 0x02)!;
    t.take();
    t.s.handle({ type: 'inspect', token: 7, pid: syn.pid, seq: syn.seq! });
    const [{ m, transfer }] = t.take();
    const r = (m as InspectionMsg).inspection!;
    expect(m).toMatchObject({ type: 'inspection', token: 7 });
    expect(r.visits.map((v) => v.node)).toEqual(['client', 'sw', 'node01', 'sw', expect.stringMatching(/^node0[23]$/)]);
    const v = r.visits[r.focus!.visit];
    expect(v.node).toBe('node01');
    expect(v.outs[0].diff!.changed).toEqual(['eth.dst', 'eth.src', 'ip.ttl', 'ip.checksum']);
    expect(v.outs[0].summary.en).toMatch(/^DR director: /);
    expect(r.selected!.layers.map((l) => l.key)).toEqual(['eth', 'ip', 'tcp']);
    // The bytes travel as a transferred buffer.
    expect(transfer).toEqual([r.selected!.bytes.buffer]);
    expect([...r.selected!.bytes]).toEqual([...syn.frame]);
  });

  it('an unknown packet is answered with null', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: lvsDr });
    t.take();
    t.s.handle({ type: 'inspect', token: 3, pid: 999_999, seq: 1 });
    expect(t.inspection(3)).toEqual({ type: 'inspection', token: 3, inspection: null });
  });

  it('node snapshots carry the live tables: IPVS services and connections, sockets', () => {
    const t = session();
    t.s.handle({ type: 'load', doc: lvsDr });
    t.s.handle({ type: 'type', node: 'client', line: 'curl 192.168.150.100' });
    t.s.handle({ type: 'advance', us: 2_000_000, token: 1 });
    const snaps = t
      .take()
      .map((o) => o.m)
      .filter((m): m is Batch => m.type === 'batch')
      .flatMap((b) => b.snapshots);
    const dir = snaps.filter((n) => n.id === 'node01').at(-1) as HostSnapshot;
    expect(dir.ipvs!.services[0]).toMatchObject({ proto: 'TCP', vip: '192.168.150.100:80', scheduler: 'rr' });
    expect(dir.ipvs!.conns).toHaveLength(1);
    expect(dir.ipvs!.conns[0]).toMatchObject({ virtual: '192.168.150.100:80', source: expect.stringMatching(/^192\.168\.150\.1:/) });
    const rs = snaps.filter((n) => n.id === 'node02').at(-1) as HostSnapshot;
    expect(rs.sockets!.some((s) => s.state === 'LISTEN' && s.local === '0.0.0.0:80')).toBe(true);
  });
});
