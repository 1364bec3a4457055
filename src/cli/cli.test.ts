import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsharkAvailable, tsharkCheck } from '../test-support/tshark';

/** The CLI exactly as the README tells a user to run it. */
function lvslab(...args: string[]) {
  const r = spawnSync('npm', ['run', '-s', 'lvslab', '--', ...args], { encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'silent' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^npm warn.*\n/gm, '') };
}

const dir = mkdtempSync(join(tmpdir(), 'lvslab-cli-'));
const script = join(dir, 'script.txt');
writeFileSync(script, '# the DR lab\n\n1 client curl 192.168.150.100\n1.5 node01 ipvsadm -Ln\n2 client curl 192.168.150.100\n');

// Each case spawns `npm run` (and tsx) once or more: seconds each on a busy 2-core machine.
describe('lvslab CLI', { timeout: 180_000 }, () => {
  it('lists presets with ids and titles', () => {
    const r = lvslab('presets');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lvs-dr\tLVS direct routing \(DR\)$/m);
    expect(r.stdout).toMatch(/^lab-bare\t/m);
  });

  it('runs a script: each command line followed by exactly its output; writes pcaps and events', () => {
    const pcaps = join(dir, 'caps');
    const events = join(dir, 'events.jsonl');
    const r = lvslab('run', 'lvs-dr', '--script', script, '--pcap', pcaps, '--events', events);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '[1.000] client$ curl 192.168.150.100',
        'from node03 (192.168.150.13)',
        '[1.500] node01$ ipvsadm -Ln',
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port Scheduler Flags',
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
        'TCP  192.168.150.100:80 rr',
        '  -> 192.168.150.12:80            Route   1      0          0         ',
        '  -> 192.168.150.13:80            Route   1      0          1         ',
        '[2.000] client$ curl 192.168.150.100',
        'from node02 (192.168.150.12)',
        '',
      ].join('\n'),
    );
    const files = readdirSync(pcaps).sort();
    expect(files).toContain('client-eth0.pcap');
    expect(files).toContain('node01-eth0.pcap');
    expect(files).toContain('sw-p1.pcap');
    const lines = readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.some((l) => l.stream === 'packet' && l.type === 'hop' && typeof l.frame === 'string')).toBe(true);
    expect(lines.some((l) => l.stream === 'state' && l.kind === 'ipvs')).toBe(true);
    if (tsharkAvailable()) {
      for (const f of ['client-eth0.pcap', 'node01-eth0.pcap', 'node02-eth0.pcap']) {
        const c = tsharkCheck(join(pcaps, f));
        expect(c.packets).toBeGreaterThan(0);
        expect({ file: f, errors: c.errors, warnings: c.warnings }).toEqual({ file: f, errors: [], warnings: [] });
      }
    }
  });

  it('--until sets the end; the same seed gives the same run', () => {
    const a = lvslab('run', 'two-hosts', '--until', '2', '--seed', '7', '--events', join(dir, 'a.jsonl'));
    const b = lvslab('run', 'two-hosts', '--until', '2', '--seed', '7', '--events', join(dir, 'b.jsonl'));
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'b.jsonl'), 'utf8'));
  });

  it('bad input: exit 2 with one line naming the file, line or JSON path', () => {
    expect(lvslab('run', 'nope')).toMatchObject({ code: 2, stderr: "lvslab: unknown preset 'nope' (see: npm run -s lvslab -- presets)\n" });
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '1 client ping -c 1 192.168.150.12\nsoon client ls\n');
    expect(lvslab('run', 'lvs-dr', '--script', bad)).toMatchObject({ code: 2, stderr: `lvslab: ${bad}:2: 'soon' is not a time in seconds (0 to 86400)\n` });
    writeFileSync(bad, '1 ghost ls\n');
    expect(lvslab('run', 'lvs-dr', '--script', bad).stderr).toMatch(new RegExp(`^lvslab: ${bad}:1: unknown node 'ghost'`));
    const doc = join(dir, 'bad.json');
    writeFileSync(doc, JSON.stringify({ lvslab: 1, nodes: [{ id: 'a', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['10.0.0.300/24'] }] }], links: [] }));
    const r = lvslab('run', doc);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lvslab: .*bad\.json: invalid scenario at \$\.nodes\[0\]\.interfaces\[0\]\.addresses\[0\]: .*\n$/);
    expect(lvslab('run', 'lvs-dr', '--until', 'later')).toMatchObject({ code: 2 });
    expect(lvslab('frobnicate').code).toBe(2);
  });
});

