/**
 * Ground truth from Wireshark: a pcap written by PcapWriter opens in tshark, every
 * frame dissects cleanly, and checksum validation (switched on) finds nothing.
 * The frames are built by hand here so this test depends on nothing but the writer.
 * Skipped when tshark is not installed (`apt-get install tshark`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapWriter } from './pcap';
import { tsharkAvailable, tsharkCheck } from '../../test-support/tshark';

const hex = (s: string): number[] => (s.replace(/[\s:.]/g, '').match(/../g) ?? []).map((b) => parseInt(b, 16));
const ip = (s: string): number[] => s.split('.').map(Number);

/** RFC 1071, written out again here so the test does not trust the engine's copy. */
function checksum(bytes: number[]): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const CLIENT_MAC = '00:0c:29:00:00:01';
const DIRECTOR_MAC = '00:0c:29:00:00:0b';

/** Who has 192.168.150.11? Tell 192.168.150.1 — broadcast. */
function arpRequest(): Uint8Array {
  return Uint8Array.from([
    ...hex('ff:ff:ff:ff:ff:ff'), ...hex(CLIENT_MAC), 0x08, 0x06,
    0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01, // Ethernet, IPv4, hlen, plen, request
    ...hex(CLIENT_MAC), ...ip('192.168.150.1'),
    ...hex('00:00:00:00:00:00'), ...ip('192.168.150.11'),
  ]);
}

/** 192.168.150.1 → 192.168.150.11 ICMP echo request, id 0x1234 seq `seq`, 56 bytes of data like ping. */
function echoRequest(seq: number, corruptIcmp = false): Uint8Array {
  const data = Array.from({ length: 56 }, (_, i) => i & 0xff);
  const icmp = [8, 0, 0, 0, 0x12, 0x34, seq >> 8, seq & 0xff, ...data];
  const ic = checksum(icmp) ^ (corruptIcmp ? 0x0101 : 0);
  icmp[2] = ic >> 8;
  icmp[3] = ic & 0xff;
  const total = 20 + icmp.length;
  const ipHeader = [
    0x45, 0x00, total >> 8, total & 0xff,
    0xab, 0xcd, 0x40, 0x00, // id, DF
    64, 1, 0, 0, // TTL, ICMP, checksum placeholder
    ...ip('192.168.150.1'), ...ip('192.168.150.11'),
  ];
  const hc = checksum(ipHeader);
  ipHeader[10] = hc >> 8;
  ipHeader[11] = hc & 0xff;
  return Uint8Array.from([...hex(DIRECTOR_MAC), ...hex(CLIENT_MAC), 0x08, 0x00, ...ipHeader, ...icmp]);
}

const dir = mkdtempSync(join(tmpdir(), 'lvslab-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCapture(name: string, frames: [number, Uint8Array][]): string {
  const w = new PcapWriter();
  for (const [t, f] of frames) w.add(t, f);
  const path = join(dir, name);
  writeFileSync(path, w.toBytes());
  return path;
}

describe.skipIf(!tsharkAvailable())('tshark reads our pcap files', () => {
  it('hand-built ARP and ICMP frames dissect with no warnings, errors or malformed packets', () => {
    const path = writeCapture('clean.pcap', [
      [0, arpRequest()],
      [1_500, echoRequest(1)],
      [1_001_500, echoRequest(2)],
    ]);
    const r = tsharkCheck(path);
    expect(r).toEqual({ packets: 3, warnings: [], errors: [] });

    // The expert summary agrees (the form a person would run by hand).
    const z = spawnSync(
      'tshark',
      ['-r', path, '-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-z', 'expert,note', '-q'],
      { encoding: 'utf8' },
    );
    expect(z.status).toBe(0);
    expect(z.stdout).not.toMatch(/Warns \(\d+\)|Warnings \(\d+\)|Errors \(\d+\)|Malformed/);
  });

  it('timestamps and protocols are what we wrote', () => {
    const path = writeCapture('fields.pcap', [
      [0, arpRequest()],
      [1_500, echoRequest(1)],
      [1_001_500, echoRequest(2)],
    ]);
    const r = spawnSync(
      'tshark',
      ['-r', path, '-n', '-T', 'fields', '-E', 'separator=,', '-e', 'frame.time_epoch', '-e', 'frame.protocols', '-e', 'frame.len'],
      { encoding: 'utf8' },
    );
    expect(r.stdout.trim().split('\n')).toEqual([
      '0.000000000,eth:ethertype:arp,42',
      '0.001500000,eth:ethertype:ip:icmp:data,98',
      '1.001500000,eth:ethertype:ip:icmp:data,98',
    ]);
  });

  it('the checker does see a bad checksum (so a clean result means something)', () => {
    const path = writeCapture('bad.pcap', [[0, arpRequest()], [10, echoRequest(1, true)]]);
    const r = tsharkCheck(path);
    expect(r.packets).toBe(2);
    expect(r.warnings.join('\n')).toMatch(/^#2 .*[Cc]hecksum/);
  });

  it('the checker reports a truncated (malformed) frame', () => {
    const path = writeCapture('short.pcap', [[0, arpRequest().subarray(0, 20)]]);
    const r = tsharkCheck(path);
    expect(r.packets).toBe(1);
    expect(r.errors.join('\n')).toMatch(/#1 .*(Malformed|[Tt]runcated)/);
  });
});
