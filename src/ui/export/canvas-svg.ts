/**
 * The canvas as a standalone SVG for slides: built from the nodes' positions
 * and sizes on the canvas, their names, roles and addresses, and the cables —
 * not a copy of the DOM, so it needs no fonts or styles from the page and
 * opens the same everywhere. Pure: no DOM (unit-tested in Node).
 */
import { cableSegment, parallelOffsets, type Rect } from '../canvas/geometry';

export interface SvgNode {
  id: string;
  name: string;
  kind: 'host' | 'router' | 'switch';
  /** Position and size on the canvas (flow coordinates). */
  x: number;
  y: number;
  w: number;
  h: number;
  roles: string[];
  /** Hosts: one row per interface with its addresses; switches: the ports. */
  rows: Array<{ name: string; addrs: string[] }>;
}

export interface SvgLink {
  id: string;
  a: { node: string; iface: string };
  b: { node: string; iface: string };
  up: boolean;
}

export interface CanvasSvg {
  svg: string;
  width: number;
  height: number;
}

const PAD = 24;
const HEAD = 26;
const ROLE_ROW = 20;
const ROW = 17;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const MONO = "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace";
const ROLE_COLOURS: Record<string, string> = { DIRECTOR: '#2f5fd0', RS: '#0e7c66', ROUTER: '#7a5af0', MASTER: '#15803d', BACKUP: '#b45309', FAULT: '#c2410c' };

/** Text for XML content and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** Height a node needs for its content (the canvas size wins when larger). */
function contentHeight(n: SvgNode): number {
  if (n.kind === 'switch') return HEAD + ROW + 8;
  const rows = n.rows.reduce((k, r) => k + Math.max(1, r.addrs.length), 0);
  return HEAD + (n.roles.length ? ROLE_ROW : 0) + rows * ROW + 8;
}

/** Width a node needs for its text (monospace rows at about 6.7 px a character). */
function contentWidth(n: SvgNode): number {
  const head = 20 + (n.name.length + (n.name !== n.id ? n.id.length + 1 : 0)) * 8 + n.kind.length * 6;
  if (n.kind === 'switch') return Math.max(head, 20 + n.rows.map((r) => r.name).join('  ').length * 6.7);
  const longest = Math.max(0, ...n.rows.flatMap((r) => r.addrs.map((a) => a.length)));
  return Math.max(head, 62 + longest * 6.7 + 12);
}

export function canvasSvg(nodes: SvgNode[], links: SvgLink[], opts: { title?: string } = {}): CanvasSvg {
  const boxes = new Map<string, Rect>(nodes.map((n) => [n.id, { x: n.x, y: n.y, w: Math.max(n.w, 80, Math.ceil(contentWidth(n))), h: Math.max(n.h, contentHeight(n)) }]));
  const all = [...boxes.values()];
  const minX = all.length ? Math.min(...all.map((b) => b.x)) : 0;
  const minY = all.length ? Math.min(...all.map((b) => b.y)) : 0;
  const maxX = all.length ? Math.max(...all.map((b) => b.x + b.w)) : 200;
  const maxY = all.length ? Math.max(...all.map((b) => b.y + b.h)) : 100;
  const titleH = opts.title ? 28 : 0;
  const width = Math.ceil(maxX - minX + 2 * PAD);
  const height = Math.ceil(maxY - minY + 2 * PAD + titleH);
  const dx = PAD - minX;
  const dy = PAD + titleH - minY;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlEscape(FONT)}">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  if (opts.title) out.push(`<text x="${PAD}" y="${PAD + 12}" font-size="16" font-weight="600" fill="#1d2530">${xmlEscape(opts.title)}</text>`);
  out.push(`<g transform="translate(${r1(dx)} ${r1(dy)})">`);

  // Cables under the nodes, with the interface names near each end.
  const offsets = parallelOffsets(links.map((l) => ({ id: l.id, a: l.a.node, b: l.b.node })));
  out.push('<g class="cables">');
  for (const l of links) {
    const a = boxes.get(l.a.node);
    const b = boxes.get(l.b.node);
    if (!a || !b) continue;
    const s = cableSegment(a, b, offsets.get(l.id) ?? 0);
    const colour = l.up ? '#8a94a6' : '#c2410c';
    out.push(`<line x1="${r1(s.x1)}" y1="${r1(s.y1)}" x2="${r1(s.x2)}" y2="${r1(s.y2)}" stroke="${colour}" stroke-width="2"${l.up ? '' : ' stroke-dasharray="6 4"'}><title>${xmlEscape(l.id)}</title></line>`);
    const len = Math.hypot(s.x2 - s.x1, s.y2 - s.y1) || 1;
    const ux = (s.x2 - s.x1) / len;
    const uy = (s.y2 - s.y1) / len;
    const at = Math.min(22, len / 3);
    for (const [end, x, y, sign] of [
      [l.a.iface, s.x1, s.y1, 1],
      [l.b.iface, s.x2, s.y2, -1],
    ] as const) {
      const px = x + ux * at * sign;
      const py = y + uy * at * sign;
      out.push(`<text x="${r1(px)}" y="${r1(py - 4)}" font-size="10" text-anchor="middle" fill="#5d6877" font-family="${xmlEscape(MONO)}" paint-order="stroke" stroke="#ffffff" stroke-width="3">${xmlEscape(end)}</text>`);
    }
  }
  out.push('</g>');

  out.push('<g class="nodes">');
  for (const n of nodes) {
    const b = boxes.get(n.id)!;
    const sw = n.kind === 'switch';
    out.push(`<g transform="translate(${r1(b.x)} ${r1(b.y)})">`);
    out.push(`<rect width="${r1(b.w)}" height="${r1(b.h)}" rx="8" fill="${sw ? '#f7f8fa' : '#ffffff'}" stroke="${n.kind === 'router' ? '#7a5af0' : '#c6ccd6'}" stroke-width="1.2"/>`);
    let y = 18;
    out.push(`<text x="10" y="${y}" font-size="13" font-weight="600" fill="#1d2530">${xmlEscape(n.name)}${n.name !== n.id ? `<tspan font-weight="400" fill="#5d6877" font-size="11"> ${xmlEscape(n.id)}</tspan>` : ''}<tspan font-weight="400" fill="#5d6877" font-size="10"> ${n.kind}</tspan></text>`);
    y = HEAD;
    if (!sw && n.roles.length) {
      let x = 10;
      for (const r of n.roles) {
        const w = r.length * 6.4 + 10;
        out.push(`<rect x="${r1(x)}" y="${y - 2}" width="${r1(w)}" height="15" rx="7.5" fill="${ROLE_COLOURS[r] ?? '#5d6877'}"/>`);
        out.push(`<text x="${r1(x + w / 2)}" y="${y + 9}" font-size="9.5" font-weight="700" text-anchor="middle" fill="#ffffff">${xmlEscape(r)}</text>`);
        x += w + 4;
      }
      y += ROLE_ROW;
    }
    if (sw) {
      out.push(`<text x="10" y="${y + 12}" font-size="11" fill="#5d6877" font-family="${xmlEscape(MONO)}">${xmlEscape(n.rows.map((r) => r.name).join('  '))}</text>`);
    } else {
      for (const row of n.rows) {
        const addrs = row.addrs.length ? row.addrs : [''];
        addrs.forEach((a, i) => {
          out.push(
            `<text x="10" y="${y + 12}" font-size="11" font-family="${xmlEscape(MONO)}"><tspan fill="#5d6877">${i === 0 ? xmlEscape(row.name) : ''}</tspan><tspan x="62" fill="#1d2530">${xmlEscape(a)}</tspan></text>`,
          );
          y += ROW;
        });
      }
    }
    out.push('</g>');
  }
  out.push('</g></g></svg>');
  return { svg: out.join('\n'), width, height };
}
