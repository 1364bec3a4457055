import { describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { loadScenario } from '../engine/scenario';
import type { NodeDoc, Scenario, ScenarioDocV1 } from '../engine/scenario/types';
import { PRESETS, presetById } from '../presets';
import { transcript } from '../test-support/transcript';
import { base64urlEncode } from './base64';
import { packV1 } from './migrate';
import { decodeShareLink, encodeShareLink, hasShareLink, shareUrl } from './link';

const PREFIX = 'https://example.edu/course/lvslab/';
const lvsDr = presetById('lvs-dr')!;

const normalised = (doc: unknown): Scenario => {
  const r = loadScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
};

const ok = (link: string) => {
  const r = decodeShareLink(link);
  if (!r.ok) throw new Error(r.error);
  return r;
};

/** A format-1 link around an arbitrary envelope (as an editor or an attacker could make one). */
const v1Link = (envelope: unknown): string => `#lab=1.${base64urlEncode(packV1(strToU8(JSON.stringify(envelope))))}`;

/** 50 hosts on 5 switches behind a router: addresses, a gateway, a package and three boot lines each. */
export function fiftyHosts(): ScenarioDocV1 {
  const nodes: NodeDoc[] = [];
  const links: ScenarioDocV1['links'] = [];
  const SW = 5;
  const PER = 10;
  nodes.push({ id: 'router', kind: 'router', position: { x: 480, y: 0 }, interfaces: Array.from({ length: SW }, (_, k) => ({ name: `eth${k}`, addresses: [`10.0.${k}.1/24`] })) });
  for (let k = 0; k < SW; k++) {
    nodes.push({ id: `sw${k + 1}`, kind: 'switch', position: { x: 220 * k, y: 160 }, interfaces: Array.from({ length: PER + 1 }, (_, i) => ({ name: `p${i + 1}` })) });
    links.push({ a: { node: 'router', iface: `eth${k}` }, b: { node: `sw${k + 1}`, iface: `p${PER + 1}` } });
    for (let i = 0; i < PER; i++) {
      const id = `host${String(k * PER + i + 1).padStart(2, '0')}`;
      const ip = `10.0.${k}.${10 + i}`;
      nodes.push({
        id,
        kind: 'host',
        // Hand-placed look: not on a grid.
        position: { x: 220 * k + ((i * 37) % 101), y: 320 + i * 53 + ((k * 17) % 29) },
        interfaces: [{ name: 'eth0', addresses: [`${ip}/24`] }],
        gateway: `10.0.${k}.1`,
        packages: ['httpd'],
        boot: [`echo 'hello from ${id} (${ip})' > /var/www/html/index.html`, 'service httpd start', `ping -c 1 10.0.${k}.1`],
      });
      links.push({ a: { node: id, iface: 'eth0' }, b: { node: `sw${k + 1}`, iface: `p${i + 1}` } });
    }
  }
  return { lvslab: 1, id: 'campus', title: { en: 'Fifty hosts on five switches', zh: '五台交换机上的五十台主机' }, nodes, links };
}

describe('share link: round trip', () => {
  it.each(PRESETS.map((p) => [p.id!, p] as const))('%s opens as exactly the same lab', (_id, preset) => {
    const r = ok(encodeShareLink(preset));
    expect(r.doc).toEqual(normalised(preset));
    expect(r.format).toBe(1);
    expect(r.t).toBeUndefined();
  });

  it('carries the virtual time, in µs', () => {
    const r = ok(encodeShareLink(lvsDr, { t: 12_345_678 }));
    expect(r.t).toBe(12_345_678);
    expect(() => encodeShareLink(lvsDr, { t: 1.5 })).toThrow(RangeError);
    expect(() => encodeShareLink(lvsDr, { t: -1 })).toThrow(RangeError);
  });

  it('keeps every non-default setting, rounds positions, restores defaults', () => {
    const doc: ScenarioDocV1 = {
      lvslab: 1,
      seed: 99,
      nodes: [
        { id: 'a', kind: 'host', name: 'Alice <b>', position: { x: 10.4, y: -3.6 }, interfaces: [{ name: 'eth0', mac: '00:0c:29:00:00:0a', addresses: ['10.0.0.1/24', '10.0.0.9/24'], mtu: 1400, up: false }], dns: ['10.0.0.53'], hosts: { www: '10.0.0.2' }, sysctl: { 'net.ipv4.conf.all.arp_ignore': 1 }, files: { '/var/www/html/index.html': 'hi\n' } },
        { id: 'r', kind: 'router', interfaces: [{ name: 'eth0', addresses: ['10.0.0.254/24'] }], sysctl: { 'net.ipv4.ip_forward': 0 } },
        { id: 'b', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['10.0.0.2/24'] }], gateway: '10.0.0.254' },
      ],
      links: [
        { id: 'x', a: { node: 'a', iface: 'eth0' }, b: { node: 'b', iface: 'eth0' }, latencyUs: 5000, loss: 0.25, up: false },
      ],
      timeline: [{ at: 2, link: 'x', set: 'up' }, { at: 1, node: 'a', run: 'ping -c 1 10.0.0.2' }, { at: 3, node: 'b', power: 'off' }],
    };
    const r = ok(encodeShareLink(doc));
    const want = normalised(doc);
    want.nodes[0].position = { x: 10, y: -4 };
    expect(r.doc).toEqual(want);
    expect(r.doc.nodes[1].sysctl).toEqual({ 'net.ipv4.ip_forward': 0 });
  });

  it('is deterministic to the packet: the shared lab runs the same transcript', () => {
    const script = '1 client curl -s 192.168.150.100\n2 client curl -s 192.168.150.100\n3 node01 ipvsadm -Ln --stats';
    const original = transcript('lvs-dr', script);
    const shared = transcript(ok(encodeShareLink(lvsDr)).doc, script);
    expect(shared.text).toBe(original.text);
    expect(shared.text).toContain('from node02');
    expect(shared.lab.world.trace.packets.length).toBe(original.lab.world.trace.packets.length);
  });

  it('refers to a preset\'s own texts instead of copying them; an edited text travels in full', () => {
    const plain = encodeShareLink({ ...lvsDr, id: 'my-dr' });
    const short = encodeShareLink(lvsDr);
    expect(short.length).toBeLessThan(plain.length / 5);
    const edited = { ...lvsDr, title: { en: 'My DR lab <i>' } };
    const r = ok(encodeShareLink(edited));
    expect(r.doc.title).toEqual({ en: 'My DR lab <i>' });
    expect(r.doc.description).toEqual(lvsDr.description);
    // A link that names texts of a preset that no longer exists still opens, without them.
    const orphan = ok(v1Link({ texts: ['title', 'description'], d: { lvslab: 1, id: 'gone-preset', nodes: [], links: [] } }));
    expect(orphan.doc.title).toBeUndefined();
  });

  it('accepts a whole URL, the fragment, or the bare value', () => {
    const frag = encodeShareLink(lvsDr);
    const url = shareUrl(`${PREFIX}?lang=zh#old`, lvsDr);
    expect(url).toBe(`${PREFIX}?lang=zh${frag}`);
    for (const form of [url, frag, frag.slice(1), frag.slice('#lab='.length), `#embed=1&${frag.slice(1)}&x=y`]) {
      expect(ok(form).doc.id).toBe('lvs-dr');
    }
    expect(hasShareLink(url)).toBe(true);
    expect(hasShareLink(PREFIX)).toBe(false);
  });

  it('link lengths (reported, not timed)', () => {
    const campus = fiftyHosts();
    expect(loadScenario(campus).ok).toBe(true);
    const drNoPreset = { ...lvsDr, id: 'my-dr' };
    const drMoved = JSON.parse(JSON.stringify(lvsDr).replace(/192\.168\.150\./g, '10.1.2.')) as ScenarioDocV1;
    const rows: Array<[string, string]> = [
      ['lvs-dr preset (texts by reference)', shareUrl(PREFIX, lvsDr)],
      ['lvs-dr with texts carried (id my-dr)', shareUrl(PREFIX, drNoPreset)],
      ['lvs-dr on other addresses (10.1.2.0/24)', shareUrl(PREFIX, drMoved)],
      ['lvs-dr at t=42.5 s', shareUrl(PREFIX, lvsDr, { t: 42_500_000 })],
      ['50 hosts, 5 switches, router', shareUrl(PREFIX, campus)],
    ];
    console.log(`share link lengths (with the prefix ${PREFIX}#lab=):\n` + rows.map(([k, v]) => `  ${String(v.length).padStart(5)}  ${k}`).join('\n'));
    for (const [name, url] of rows) {
      expect(ok(url).doc.nodes.length, name).toBeGreaterThan(0);
      expect(url.length, name).toBeLessThanOrEqual(name.startsWith('50') ? 4000 : 1000);
    }
  });
});
