/**
 * Test support (Node only): run Wireshark's `tshark` over a pcap file and
 * collect its expert information — the ground truth that our frames are
 * well-formed and their checksums right.
 *
 * IPv4, TCP and UDP checksum validation is off by default in Wireshark; we turn
 * it on. ICMP, IGMP and VRRP checksums are always validated by their dissectors.
 *
 * Usage in a test:
 *   it.skipIf(!tsharkAvailable())('is clean in tshark', () => {
 *     const r = tsharkCheck(path);
 *     expect(r.errors).toEqual([]);
 *     expect(r.warnings).toEqual([]);
 *   });
 */
import { spawnSync } from 'node:child_process';

let available: boolean | undefined;

/** True when a working `tshark` is on PATH (checked once per process). */
export function tsharkAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync('tshark', ['--version'], { encoding: 'utf8', timeout: 20_000 });
    available = r.status === 0;
  }
  return available;
}

/** Preferences that make tshark check what Wireshark skips by default. */
export const TSHARK_CHECK_PREFS: readonly string[] = [
  'ip.check_checksum:TRUE',
  'tcp.check_checksum:TRUE',
  'udp.check_checksum:TRUE',
];

export interface TsharkCheck {
  /** Packets tshark read from the file. */
  packets: number;
  /** Expert items of severity Warning, as `#<frame> <message>`, e.g. `#2 Bad checksum [should be 0x1c46]`. */
  warnings: string[];
  /**
   * Expert items of severity Error, malformed packets, and anything tshark
   * itself printed to stderr or a non-zero exit (an unreadable file).
   */
  errors: string[];
}

// epan/proto.h: PI_SEVERITY_MASK values.
const PI_WARN = 0x00600000;
const PI_ERROR = 0x00800000;
// Separators that cannot appear in expert messages.
const AGG = '\u001f';

/**
 * Dissect `pcapPath` and report expert warnings and errors per frame.
 * Notes and chats (e.g. "Echo (ping) request", TCP "Connection establish request")
 * are normal protocol commentary and are not reported.
 */
export function tsharkCheck(pcapPath: string, extraPrefs: readonly string[] = []): TsharkCheck {
  const args = ['-r', pcapPath, '-n'];
  for (const p of [...TSHARK_CHECK_PREFS, ...extraPrefs]) args.push('-o', p);
  args.push(
    '-T', 'fields',
    '-E', 'separator=/t',
    '-E', 'occurrence=a',
    '-E', `aggregator=${AGG}`,
    '-e', 'frame.number',
    '-e', '_ws.expert.severity',
    '-e', '_ws.expert.message',
    '-e', '_ws.malformed',
  );
  const r = spawnSync('tshark', args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  const out: TsharkCheck = { packets: 0, warnings: [], errors: [] };
  if (r.error) {
    out.errors.push(`tshark failed to run: ${r.error.message}`);
    return out;
  }
  // tshark warns about running as root on stderr; that is not about the file.
  const stderr = (r.stderr ?? '')
    .split('\n')
    .filter((l) => l.trim() !== '' && !/Running as user "root"|could be dangerous/.test(l));
  for (const l of stderr) out.errors.push(`tshark: ${l.trim()}`);
  if (r.status !== 0) out.errors.push(`tshark exited with status ${r.status}`);

  for (const line of (r.stdout ?? '').split('\n')) {
    if (line === '') continue;
    out.packets++;
    const [frame, severities = '', messages = '', malformed = ''] = line.split('\t');
    const sev = severities === '' ? [] : severities.split(AGG);
    const msg = messages === '' ? [] : messages.split(AGG);
    for (let i = 0; i < sev.length; i++) {
      const level = parseSeverity(sev[i]);
      const text = `#${frame} ${msg[i] ?? '(no message)'}`;
      if (level >= PI_ERROR) out.errors.push(text);
      else if (level >= PI_WARN) out.warnings.push(text);
    }
    if (malformed !== '' && !out.errors.some((e) => e.startsWith(`#${frame} `) && /Malformed/i.test(e))) {
      out.errors.push(`#${frame} Malformed Packet`);
    }
  }
  return out;
}

/** tshark prints the severity as a number (4.x) or a name (some builds). */
function parseSeverity(s: string): number {
  const n = Number(s);
  if (Number.isFinite(n) && s.trim() !== '') return n;
  switch (s.trim().toLowerCase()) {
    case 'error':
      return PI_ERROR;
    case 'warning':
    case 'warn':
      return PI_WARN;
    default:
      return 0;
  }
}
