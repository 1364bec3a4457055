import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturesByInterface } from '../engine/capture';
import { parsePcap } from '../engine/pcap/pcap';
import { transcript } from '../test-support/transcript';
import { tsharkAvailable, tsharkCheck } from '../test-support/tshark';
import { captureFileName, zipCaptures } from './zip';

function labCaptures(): Map<string, Uint8Array> {
  const { lab } = transcript('lvs-dr', '1 client curl -s 192.168.150.100');
  return new Map([...capturesByInterface(lab.world.trace.packets)].map(([k, w]) => [k, w.toBytes()]));
}

describe('zipCaptures', () => {
  it('round-trips every interface of a lab, named <node>-<iface>.pcap, deflated and stored', () => {
    const caps = labCaptures();
    expect([...caps.keys()]).toContain('node01-eth0');
    for (const level of [0, 6] as const) {
      const zip = zipCaptures(caps, { level });
      const files = unzipSync(zip);
      expect(Object.keys(files).sort()).toEqual([...caps.keys()].map((k) => `${k}.pcap`).sort());
      for (const [k, bytes] of caps) {
        expect(files[`${k}.pcap`]).toEqual(bytes);
        expect(parsePcap(files[`${k}.pcap`]).ok).toBe(true);
      }
    }
    const stored = zipCaptures(caps, { level: 0 }).length;
    const deflated = zipCaptures(caps).length;
    expect(deflated).toBeLessThan(stored);
  });

  it('is deterministic (no wall-clock time in the archive)', () => {
    const caps = labCaptures();
    expect(zipCaptures(caps)).toEqual(zipCaptures(new Map([...caps].reverse())));
  });

  it('cleans names and keeps colliding ones apart', () => {
    expect(captureFileName('node01:eth0')).toBe('node01-eth0.pcap');
    expect(captureFileName('../../etc/passwd')).toBe('__.._etc_passwd.pcap');
    expect(captureFileName('')).toBe('capture.pcap');
    const files = unzipSync(zipCaptures(new Map([['a:b', Uint8Array.of(1)], ['a-b', Uint8Array.of(2)]])));
    expect(files).toEqual({ 'a-b.pcap': Uint8Array.of(2), 'a-b-2.pcap': Uint8Array.of(1) });
  });

  it.runIf(tsharkAvailable() && hasUnzip())('unzip(1) and tshark read the archive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvslab-zip-'));
    writeFileSync(join(dir, 'caps.zip'), zipCaptures(labCaptures()));
    execFileSync('unzip', ['-q', 'caps.zip'], { cwd: dir });
    const check = tsharkCheck(join(dir, 'node01-eth0.pcap'));
    expect(check.errors).toEqual([]);
    expect(check.packets).toBeGreaterThan(5);
  });
});

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
