import { describe, expect, it } from 'vitest';
import { canvasSvg, xmlEscape, type SvgNode } from './canvas-svg';

const host = (id: string, x: number, y: number, extra: Partial<SvgNode> = {}): SvgNode => ({
  id,
  name: id,
  kind: 'host',
  x,
  y,
  w: 200,
  h: 80,
  roles: [],
  rows: [{ name: 'eth0', addrs: [`192.168.150.${x / 100 + 1}/24`] }],
  ...extra,
});

describe('canvas as SVG', () => {
  it('draws nodes with their names and addresses, cables with their interface names', () => {
    const { svg, width, height } = canvasSvg(
      [host('node01', 0, 0, { roles: ['DIRECTOR'] }), host('node02', 400, 0)],
      [{ id: 'node01:eth0--node02:eth0', a: { node: 'node01', iface: 'eth0' }, b: { node: 'node02', iface: 'eth0' }, up: true }],
      { title: 'Two hosts' },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="648"')).toBe(true);
    // Both boxes fit, with the padding and the title line.
    expect([width, height]).toEqual([648, 24 + 28 + 80 + 24]);
    expect(svg).toContain('>Two hosts</text>');
    expect(svg).toContain('>DIRECTOR</text>');
    expect(svg).toContain('192.168.150.1/24');
    expect(svg).toContain('192.168.150.5/24');
    // The cable runs border to border: from x=200 to x=400 at mid-height (40).
    expect(svg).toContain('<line x1="200" y1="40" x2="400" y2="40" stroke="#8a94a6" stroke-width="2">');
    expect(svg.match(/>eth0<\/text>/g)).toHaveLength(2);
  });

  it('a cut cable is dashed; markup in names stays text', () => {
    const evil = '<img src=x onerror="alert(1)">';
    const { svg } = canvasSvg(
      [host('node01', 0, 0, { name: evil }), host('node02', 0, 200)],
      [{ id: 'l1', a: { node: 'node01', iface: 'eth0' }, b: { node: 'node02', iface: 'eth0' }, up: false }],
    );
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).not.toContain('<img');
    expect(svg).toContain(xmlEscape(evil));
    expect(xmlEscape(evil)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('a node grows to fit a long address line', () => {
    const { svg } = canvasSvg([host('node01', 0, 0, { rows: [{ name: 'eth0', addrs: ['192.168.150.100/24 (eth0:2)'] }] })], []);
    const w = Number(/<rect width="([\d.]+)" height="[\d.]+" rx="8"/.exec(svg)![1]);
    expect(w).toBeGreaterThanOrEqual(62 + 27 * 6.7);
  });
});
