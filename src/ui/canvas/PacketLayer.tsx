/**
 * Envelopes on the cables, drawn on one <canvas> over the flow by a
 * requestAnimationFrame loop: hundreds of frames in flight cost no React
 * renders and no DOM updates. Each hop is placed at `(now − t) / (arrive − t)`
 * along its cable, `now` being the interpolated virtual clock: the worker
 * slows time while frames fly, so this is the animation. With
 * prefers-reduced-motion an envelope sits still at its destination while it
 * is in flight. Clicks are hit-tested here (the canvas lets pointer events
 * through to the flow); what was drawn is readable by tests (`drawnEnvelopes`).
 */
import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import type { FrameKind } from '../../engine/wire/summary';
import { virtualNow } from '../state/clock';
import { flights, type DropMark } from '../state/packets';
import { selectPacket, useSelection } from '../state/selection';
import { useSession } from '../state/session';
import { along, cableSegment, parallelOffsets, type Segment } from './geometry';
import { rectOf } from './rects';
import type { LabNode } from './store';

/** How long (wall ms) a drop's ✕ stays on screen. */
const DROP_SHOW_MS = 2600;
/** Envelope size in flow pixels (it scales with zoom, but never below MIN_SCALE). */
const ENV_W = 22;
const ENV_H = 15;
const MIN_SCALE = 0.55;

export interface DrawnEnvelope {
  seq: number;
  pid: number;
  kind: FrameKind;
  tcpFlags?: string;
  /** Centre in client (page) coordinates. */
  x: number;
  y: number;
}

export interface DrawnDrop {
  seq: number;
  pid: number;
  node: string;
  reason: string;
  x: number;
  y: number;
}

/** What the last animation frame drew (tests and hit-testing read it). */
export const drawn = { envelopes: [] as DrawnEnvelope[], drops: [] as DrawnDrop[] };

interface LinkGeo {
  a: string;
  b: string;
  aIface: string;
  bIface: string;
  offset: number;
}

function linkMap(doc: ScenarioDocV1 | null): Map<string, LinkGeo> {
  const out = new Map<string, LinkGeo>();
  if (!doc) return out;
  const offsets = parallelOffsets(doc.links.map((l) => ({ id: l.id!, a: l.a.node, b: l.b.node })));
  for (const l of doc.links) out.set(l.id!, { a: l.a.node, b: l.b.node, aIface: l.a.iface, bIface: l.b.iface, offset: offsets.get(l.id!) ?? 0 });
  return out;
}

/** Envelope colours, from the CSS variables (--k-arp, ...), read once per theme. */
function palette(el: Element): Record<string, string> {
  const cs = getComputedStyle(el);
  const get = (k: string, d: string) => cs.getPropertyValue(`--k-${k}`).trim() || d;
  return {
    arp: get('arp', '#e08a00'),
    icmp: get('icmp', '#10a36e'),
    tcp: get('tcp', '#2f6fe4'),
    udp: get('udp', '#8b5cf6'),
    dns: get('dns', '#8b5cf6'),
    vrrp: get('vrrp', '#e0457b'),
    ipip: get('ipip', '#0e9fb8'),
    other: get('other', '#7a8494'),
    danger: cs.getPropertyValue('--danger').trim() || '#c2410c',
    muted: cs.getPropertyValue('--muted').trim() || '#5d6877',
    bg: cs.getPropertyValue('--bg').trim() || '#f4f6f9',
    text: cs.getPropertyValue('--text').trim() || '#1d2530',
  };
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

export function PacketLayer() {
  const store = useStoreApi<LabNode>();
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = ref.current!;
    const ctx = canvas.getContext('2d')!;
    const host = canvas.parentElement!;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)');
    const colours = palette(canvas);
    let raf = 0;
    let lastDoc: ScenarioDocV1 | null = null;
    let links = new Map<string, LinkGeo>();
    let lastCount = -1;
    let cleared = true;
    let cssW = 0;
    let cssH = 0;
    let dpr = 1;

    const resize = () => {
      dpr = window.devicePixelRatio || 1;
      cssW = host.clientWidth;
      cssH = host.clientHeight;
      canvas.width = Math.round(cssW * dpr);
      canvas.height = Math.round(cssH * dpr);
      canvas.style.width = `${cssW}px`;
      canvas.style.height = `${cssH}px`;
      cleared = false;
    };
    resize();
    const ro = new ResizeObserver(resize);
    ro.observe(host);

    const segmentFor = (linkId: string, fromNode: string): Segment | undefined => {
      const l = links.get(linkId);
      if (!l) return undefined;
      const { nodeLookup } = store.getState();
      const na = nodeLookup.get(l.a);
      const nb = nodeLookup.get(l.b);
      if (!na || !nb) return undefined;
      const s = cableSegment(rectOf(na), rectOf(nb), l.offset);
      return fromNode === l.a ? s : { x1: s.x2, y1: s.y2, x2: s.x1, y2: s.y1 };
    };

    /** Where a drop's ✕ goes: near the end of the cable it came in on, else the node's top-right corner. */
    const dropPoint = (d: DropMark): { x: number; y: number } | undefined => {
      const n = store.getState().nodeLookup.get(d.node);
      if (!n) return undefined;
      if (d.iface) {
        for (const [id, l] of links) {
          if ((l.a === d.node && l.aIface === d.iface) || (l.b === d.node && l.bIface === d.iface)) {
            const s = segmentFor(id, l.a === d.node ? l.b : l.a);
            if (s) return along(s, 0.9);
          }
        }
      }
      const r = rectOf(n);
      return { x: r.x + r.w - 4, y: r.y + 4 };
    };

    const draw = () => {
      raf = requestAnimationFrame(draw);
      const doc = useSession.getState().doc;
      if (doc !== lastDoc) {
        lastDoc = doc;
        links = linkMap(doc);
      }
      const v = virtualNow();
      const wall = performance.now();
      const still = reduce.matches;
      const selected = useSelection.getState().packet;
      // Forget frames that have landed.
      if (flights.hops.length && flights.hops[0].arrive <= v) flights.hops = flights.hops.filter((h) => h.arrive > v);
      flights.drops = flights.drops.filter((d) => d.shownAt === undefined || wall - d.shownAt < DROP_SHOW_MS);

      const envs: DrawnEnvelope[] = [];
      const drops: DrawnDrop[] = [];
      const [tx, ty, zoom] = store.getState().transform;
      const box = canvas.getBoundingClientRect();
      const toScreen = (p: { x: number; y: number }) => ({ x: p.x * zoom + tx, y: p.y * zoom + ty });

      if (!flights.hops.length && !flights.drops.length) {
        if (!cleared) {
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.clearRect(0, 0, canvas.width, canvas.height);
          cleared = true;
        }
        drawn.envelopes = envs;
        drawn.drops = drops;
        if (lastCount !== 0) {
          lastCount = 0;
          canvas.setAttribute('data-count', '0');
        }
        return;
      }
      cleared = false;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, cssW, cssH);
      const s = Math.max(zoom, MIN_SCALE);
      const w = ENV_W * s;
      const h = ENV_H * s;

      // Drops first, under the envelopes.
      for (const d of flights.drops) {
        if (d.t > v) continue;
        d.shownAt ??= wall;
        const fp = dropPoint(d);
        if (!fp) continue;
        const p = toScreen(fp);
        const age = wall - d.shownAt;
        ctx.globalAlpha = age > DROP_SHOW_MS - 500 ? Math.max(0, (DROP_SHOW_MS - age) / 500) : 1;
        const r = (d.broadcast ? 6 : 9) * s;
        const c = d.broadcast ? colours.muted : colours.danger;
        ctx.beginPath();
        ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
        ctx.fillStyle = '#fff';
        ctx.fill();
        ctx.lineWidth = 2 * s;
        ctx.strokeStyle = c;
        ctx.stroke();
        const k = r * 0.45;
        ctx.beginPath();
        ctx.moveTo(p.x - k, p.y - k);
        ctx.lineTo(p.x + k, p.y + k);
        ctx.moveTo(p.x + k, p.y - k);
        ctx.lineTo(p.x - k, p.y + k);
        ctx.stroke();
        // A broadcast a host ignores is routine: a quiet ✕ without a label (the log says why).
        if (!d.broadcast) {
          const text = d.reason.length > 42 ? `${d.reason.slice(0, 40)}…` : d.reason;
          ctx.font = `600 ${Math.round(10 * s)}px system-ui, sans-serif`;
          ctx.textAlign = 'left';
          ctx.textBaseline = 'middle';
          ctx.lineWidth = 3;
          ctx.strokeStyle = '#fff';
          ctx.strokeText(text, p.x + r + 4, p.y);
          ctx.fillStyle = c;
          ctx.fillText(text, p.x + r + 4, p.y);
        }
        ctx.globalAlpha = 1;
        drops.push({ seq: d.seq, pid: d.pid, node: d.node, reason: d.reason, x: box.left + p.x, y: box.top + p.y });
      }

      for (const hop of flights.hops) {
        if (hop.t > v) break; // hops come in time order
        const f = (v - hop.t) / Math.max(1e-9, hop.arrive - hop.t);
        if (hop.lost && f >= 0.5) {
          // Lost on the cable: it vanishes half-way, and a ✕ says why.
          flights.drops.push({ seq: hop.seq, pid: hop.pid, t: hop.t, node: hop.from, kind: hop.kind, reason: hop.lost });
          hop.arrive = -1;
          continue;
        }
        const seg = segmentFor(hop.link, hop.from);
        if (!seg) continue;
        const p = toScreen(along(seg, still ? 1 : Math.min(1, Math.max(0, f))));
        if (p.x < -w || p.y < -h || p.x > cssW + w || p.y > cssH + h) continue;
        const col = colours[hop.kind] ?? colours.other;
        const x = p.x - w / 2;
        const y = p.y - h / 2;
        roundRect(ctx, x, y, w, h, 2.5 * s);
        ctx.fillStyle = col;
        ctx.fill();
        const sel = !!selected && selected.pid === hop.pid;
        ctx.lineWidth = sel ? 2 : 0.8;
        ctx.strokeStyle = sel ? colours.text : 'rgba(0,0,0,0.25)';
        ctx.stroke();
        ctx.beginPath();
        ctx.moveTo(x + 1.2 * s, y + 1.2 * s);
        ctx.lineTo(p.x, p.y + 1.5 * s);
        ctx.lineTo(x + w - 1.2 * s, y + 1.2 * s);
        ctx.lineWidth = 1.4 * s;
        ctx.strokeStyle = 'rgba(255,255,255,0.85)';
        ctx.stroke();
        if (hop.tcpFlags) {
          ctx.font = `700 ${Math.round(9 * s)}px ui-monospace, monospace`;
          ctx.textAlign = 'center';
          ctx.textBaseline = 'alphabetic';
          ctx.lineWidth = 3;
          ctx.strokeStyle = colours.bg;
          ctx.strokeText(hop.tcpFlags, p.x, y - 3 * s);
          ctx.fillStyle = col;
          ctx.fillText(hop.tcpFlags, p.x, y - 3 * s);
        }
        envs.push({ seq: hop.seq, pid: hop.pid, kind: hop.kind, ...(hop.tcpFlags ? { tcpFlags: hop.tcpFlags } : {}), x: box.left + p.x, y: box.top + p.y });
      }
      drawn.envelopes = envs;
      drawn.drops = drops;
      if (envs.length !== lastCount) {
        lastCount = envs.length;
        canvas.setAttribute('data-count', String(envs.length));
      }
    };
    raf = requestAnimationFrame(draw);

    // The canvas lets pointer events through; clicks on an envelope select its packet.
    const hit = (e: MouseEvent): DrawnEnvelope | undefined => {
      const zoom = store.getState().transform[2];
      const s = Math.max(zoom, MIN_SCALE);
      const hw = (ENV_W * s) / 2 + 3;
      const hh = (ENV_H * s) / 2 + 3;
      for (let i = drawn.envelopes.length - 1; i >= 0; i--) {
        const d = drawn.envelopes[i];
        if (Math.abs(e.clientX - d.x) <= hw && Math.abs(e.clientY - d.y) <= hh) return d;
      }
      return undefined;
    };
    const onClick = (e: MouseEvent) => {
      const d = hit(e);
      if (!d) return;
      e.stopPropagation();
      e.preventDefault();
      selectPacket({ pid: d.pid, seq: d.seq });
    };
    const onMove = (e: MouseEvent) => {
      const over = !!hit(e);
      if (over !== (host.dataset.overEnvelope === '1')) host.dataset.overEnvelope = over ? '1' : '0';
    };
    host.addEventListener('click', onClick, true);
    host.addEventListener('mousemove', onMove);
    return () => {
      cancelAnimationFrame(raf);
      ro.disconnect();
      host.removeEventListener('click', onClick, true);
      host.removeEventListener('mousemove', onMove);
    };
  }, [store]);

  return <canvas ref={ref} className="packet-layer" data-testid="packet-layer" data-count="0" aria-hidden="true" />;
}
