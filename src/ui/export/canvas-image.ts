/**
 * "Export the canvas": the nodes as the canvas shows them (positions and sizes
 * measured by xyflow, names, roles, live addresses) turned into an SVG
 * (canvas-svg.ts), and a PNG drawn from that SVG at twice its size.
 */
import type { HostSnapshot } from '../../engine/view/types';
import { linkIdOf } from '../../worker/edits';
import { useCanvas } from '../canvas/store';
import { pickText, useLang } from '../i18n';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';
import { canvasSvg, type CanvasSvg, type SvgLink, type SvgNode } from './canvas-svg';

/** The open lab's canvas as an SVG document, or null when nothing is open. */
export function currentCanvasSvg(): CanvasSvg | null {
  const doc = useSession.getState().doc;
  if (!doc) return null;
  const placed = new Map(useCanvas.getState().nodes.map((n) => [n.id, n]));
  const snaps = useLab.getState().snapshots;
  const links = useLab.getState().links;
  const nodes: SvgNode[] = doc.nodes.map((d, i) => {
    const n = placed.get(d.id);
    const pos = n?.position ?? d.position ?? { x: (i % 4) * 240, y: Math.floor(i / 4) * 180 };
    const snap = snaps[d.id] as HostSnapshot | undefined;
    const live = snap && 'interfaces' in snap ? snap.interfaces : undefined;
    const rows: SvgNode['rows'] = (d.interfaces ?? []).map((iface) => {
      const l = live?.find((x) => x.name === iface.name);
      const addrs = l ? l.addresses.map((a) => (a.label && a.label !== iface.name ? `${a.cidr} (${a.label})` : a.cidr)) : (iface.addresses ?? []);
      return { name: iface.name, addrs };
    });
    // A VIP on lo (DR real servers), tunl0: shown as the canvas shows them.
    for (const l of live ?? []) {
      if (rows.some((r) => r.name === l.name)) continue;
      const addrs = l.addresses.filter((a) => !a.cidr.startsWith('127.')).map((a) => (a.label && a.label !== l.name ? `${a.cidr} (${a.label})` : a.cidr));
      if (addrs.length) rows.push({ name: l.name, addrs });
    }
    return {
      id: d.id,
      name: d.name ?? d.id,
      kind: d.kind,
      x: pos.x,
      y: pos.y,
      w: n?.measured?.width ?? n?.width ?? 200,
      h: n?.measured?.height ?? n?.height ?? 80,
      roles: snap?.roles ?? [],
      rows,
    };
  });
  const cables: SvgLink[] = doc.links.map((l) => {
    const id = l.id ?? linkIdOf(l);
    return { id, a: l.a, b: l.b, up: links[id]?.up ?? l.up !== false };
  });
  const title = pickText(doc.title, useLang.getState().lang) ?? doc.id;
  return canvasSvg(nodes, cables, title ? { title } : {});
}

/** Draw an SVG document onto a canvas and return it as a PNG. */
export function svgToPng({ svg, width, height }: CanvasSvg, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    const img = new Image();
    img.onload = () => {
      try {
        const canvas = document.createElement('canvas');
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('no 2D canvas');
        ctx.scale(scale, scale);
        ctx.drawImage(img, 0, 0, width, height);
        canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture could not be encoded'))), 'image/png');
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      } finally {
        URL.revokeObjectURL(url);
      }
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('the SVG could not be drawn'));
    };
    img.src = url;
  });
}
