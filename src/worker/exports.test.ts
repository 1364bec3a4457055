import { strFromU8, unzipSync } from 'fflate';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturesByInterface } from '../engine/capture';
import { presetById } from '../presets';
import { tsharkAvailable, tsharkCheck } from '../test-support/tshark';
import type { ExportRequest, ExportResult, FromWorker } from './protocol';
import { Session } from './session';

function lab() {
  const out: FromWorker[] = [];
  const s = new Session({ post: (m) => out.push(m), now: () => 0, testHooks: false, crash: () => {} });
  s.handle({ type: 'load', doc: presetById('lvs-dr') });
  let token = 0;
  const ask = (request: ExportRequest): ExportResult => {
    const mine = ++token;
    s.handle({ type: 'export', token: mine, request });
    const m = out.find((x) => x.type === 'exported' && x.token === mine);
    if (!m || m.type !== 'exported') throw new Error('no answer');
    return m.result;
  };
  return { s, out, ask };
}

const file = (r: ExportResult) => {
  if (!r.ok || !('file' in r)) throw new Error(`expected a file, got ${JSON.stringify(r)}`);
  return r.file;
};

describe('worker exports', () => {
  it('run-until moves the clock to exactly t (not a test hook: share links use it)', () => {
    const t = lab();
    t.s.handle({ type: 'run-until', us: 2_500_000 });
    expect(t.s.status.v).toBe(2_500_000);
    expect(t.s.status.state).toBe('paused');
  });

  it('lists the interfaces that saw frames and the hosts, with IPVS where it is loaded', () => {
    const t = lab();
    t.s.handle({ type: 'type', node: 'client', line: 'curl 192.168.150.100' });
    t.s.handle({ type: 'run-until', us: 3_000_000 });
    const r = t.ask({ kind: 'inventory' });
    if (!r.ok || !('inventory' in r)) throw new Error('no inventory');
    expect(r.inventory.captures.map((c) => c.key)).toEqual(['client-eth0', 'node01-eth0', 'node02-eth0', 'node03-eth0', 'sw-p1', 'sw-p2', 'sw-p3', 'sw-p4']);
    expect(r.inventory.captures.find((c) => c.key === 'client-eth0')!.frames).toBeGreaterThan(8);
    // The counts are the frames each file holds.
    const caps = capturesByInterface(t.s.currentLab!.world.trace.packets);
    for (const c of r.inventory.captures) expect(c.frames, c.key).toBe(caps.get(c.key)!.count);
    expect(r.inventory.hosts).toEqual([
      { id: 'client', ipvs: false },
      { id: 'node01', ipvs: true },
      { id: 'node02', ipvs: false },
      { id: 'node03', ipvs: false },
    ]);
    expect(r.inventory.t).toBe(3_000_000);
  });

  it('one interface as a pcap (clean in tshark), all of them as a zip', () => {
    const t = lab();
    t.s.handle({ type: 'type', node: 'client', line: 'curl 192.168.150.100' });
    t.s.handle({ type: 'run-until', us: 3_000_000 });
    const pcap = file(t.ask({ kind: 'pcap', iface: 'client-eth0' }));
    expect(pcap.name).toBe('client-eth0.pcap');
    // libpcap magic, microsecond timestamps, little-endian.
    expect([...pcap.bytes.slice(0, 4)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
    if (tsharkAvailable()) {
      const path = join(mkdtempSync(join(tmpdir(), 'lvslab-exp-')), pcap.name);
      writeFileSync(path, pcap.bytes);
      const r = tsharkCheck(path);
      expect(r.errors).toEqual([]);
      expect(r.packets).toBeGreaterThan(8);
    }
    const zip = file(t.ask({ kind: 'pcap-zip' }));
    expect(zip.name).toBe('lvs-dr-captures.zip');
    const files = unzipSync(zip.bytes);
    expect(Object.keys(files)).toContain('client-eth0.pcap');
    expect(files['client-eth0.pcap']).toEqual(pcap.bytes);
    expect(t.ask({ kind: 'pcap', iface: 'nobody-eth9' })).toEqual({ ok: false, error: 'no frames were seen on nobody-eth9' });
  });

  it("a host's configuration as commands; the director's rules as ipvsadm -S -n prints them", () => {
    const t = lab();
    t.s.handle({ type: 'run-until', us: 1_000_000 });
    const sh = file(t.ask({ kind: 'host-script', node: 'node01' }));
    expect(sh.name).toBe('node01.sh');
    const script = strFromU8(sh.bytes);
    expect(script.startsWith('#!/bin/bash\n# node01: its configuration at t=1.000 s')).toBe(true);
    expect(script).toContain('ipvsadm -A -t 192.168.150.100:80 -s rr\n');
    const save = strFromU8(file(t.ask({ kind: 'ipvs-save', node: 'node01' })).bytes);
    expect(save).toBe('-A -t 192.168.150.100:80 -s rr\n-a -t 192.168.150.100:80 -r 192.168.150.12:80 -g -w 1\n-a -t 192.168.150.100:80 -r 192.168.150.13:80 -g -w 1\n');
    expect(t.ask({ kind: 'ipvs-save', node: 'client' })).toEqual({ ok: false, error: 'client has no IPVS rules (the ip_vs module is not loaded)' });
    expect(t.ask({ kind: 'host-script', node: 'sw' })).toEqual({ ok: false, error: 'sw is not a Linux host' });
  });
});
