/**
 * Envelopes on the cables. One SVG layer inside the viewport, drawn by a
 * requestAnimationFrame loop that moves pooled elements by attribute, so
 * hundreds of frames in flight cost no React renders. Each hop is placed at
 * `(now − t) / (arrive − t)` along its cable, `now` being the interpolated
 * virtual clock: the worker slows time while frames fly, so this is the
 * animation. With prefers-reduced-motion an envelope sits still at its
 * destination while it is in flight.
 */
import { useStoreApi, ViewportPortal } from '@xyflow/react';
import { useEffect, useRef, type MouseEvent } from 'react';
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import { virtualNow } from '../state/clock';
import { flights, type DropMark, type Flight } from '../state/packets';
import { selectPacket, useSelection } from '../state/selection';
import { useSession } from '../state/session';
import { along, cableSegment, parallelOffsets, type Segment } from './geometry';
import { rectOf } from './rects';
import type { LabNode } from './store';

/** How long (wall ms) a drop's ✕ stays on screen. */
const DROP_SHOW_MS = 2600;
const SVG_NS = 'http://www.w3.org/2000/svg';

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

type Pooled = SVGGElement & { _label?: string; _kind?: string; _seq?: number; _sel?: boolean };

function makeEnvelope(): Pooled {
  const g = document.createElementNS(SVG_NS, 'g') as Pooled;
  g.setAttribute('data-testid', 'envelope');
  const body = document.createElementNS(SVG_NS, 'rect');
  body.setAttribute('x', '-11');
  body.setAttribute('y', '-7.5');
  body.setAttribute('width', '22');
  body.setAttribute('height', '15');
  body.setAttribute('rx', '2.5');
  body.setAttribute('class', 'env-body');
  const flap = document.createElementNS(SVG_NS, 'path');
  flap.setAttribute('d', 'M -10 -6.5 L 0 1.5 L 10 -6.5');
  flap.setAttribute('class', 'env-flap');
  const label = document.createElementNS(SVG_NS, 'text');
  label.setAttribute('y', '-11');
  label.setAttribute('text-anchor', 'middle');
  label.setAttribute('class', 'env-label');
  g.append(body, flap, label);
  return g;
}

function makeDrop(): Pooled {
  const g = document.createElementNS(SVG_NS, 'g') as Pooled;
  g.setAttribute('data-testid', 'drop-mark');
  g.setAttribute('class', 'drop-mark');
  const c = document.createElementNS(SVG_NS, 'circle');
  c.setAttribute('r', '9');
  const x = document.createElementNS(SVG_NS, 'path');
  x.setAttribute('d', 'M -4 -4 L 4 4 M 4 -4 L -4 4');
  const title = document.createElementNS(SVG_NS, 'title');
  const label = document.createElementNS(SVG_NS, 'text');
  label.setAttribute('x', '13');
  label.setAttribute('y', '4');
  label.setAttribute('class', 'drop-reason');
  g.append(title, c, x, label);
  return g;
}

export function PacketLayer() {
  const store = useStoreApi<LabNode>();
  const svgRef = useRef<SVGSVGElement>(null);
  const envRef = useRef<SVGGElement>(null);
  const dropRef = useRef<SVGGElement>(null);

  useEffect(() => {
    const svg = svgRef.current!;
    const envLayer = envRef.current!;
    const dropLayer = dropRef.current!;
    const envPool: Pooled[] = [];
    const dropPool: Pooled[] = [];
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)');
    let raf = 0;
    let lastDoc: ScenarioDocV1 | null = null;
    let links = new Map<string, LinkGeo>();
    let lastCount = -1;
    let epoch = flights.epoch;

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

    /** Where a drop's ✕ goes: at the end of the cable it came in on, else the node's top-right corner. */
    const dropPoint = (d: DropMark): { x: number; y: number } | undefined => {
      const n = store.getState().nodeLookup.get(d.node);
      if (!n) return undefined;
      if (d.iface) {
        for (const [id, l] of links) {
          if ((l.a === d.node && l.aIface === d.iface) || (l.b === d.node && l.bIface === d.iface)) {
            const peer = l.a === d.node ? l.b : l.a;
            const s = segmentFor(id, peer);
            if (s) return along(s, 0.92);
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
      if (epoch !== flights.epoch) {
        epoch = flights.epoch;
        for (const g of dropPool) g.style.display = 'none';
      }
      const v = virtualNow();
      const wall = performance.now();
      const still = reduce.matches;
      const selected = useSelection.getState().packet;

      // Forget frames that have landed; keep lost ones until their ✕ has been shown.
      if (flights.hops.length && flights.hops[0].arrive <= v) flights.hops = flights.hops.filter((h) => h.arrive > v);

      let n = 0;
      const place = (h: Flight, f: number) => {
        const s = segmentFor(h.link, h.from);
        if (!s) return;
        const p = along(s, f);
        let g = envPool[n];
        if (!g) {
          g = makeEnvelope();
          envPool.push(g);
          envLayer.append(g);
        }
        n++;
        g.style.display = '';
        g.setAttribute('transform', `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`);
        if (g._kind !== h.kind) {
          g._kind = h.kind;
          g.setAttribute('data-kind', h.kind);
          g.setAttribute('class', `env env-${h.kind}${g._sel ? ' selected' : ''}`);
        }
        const sel = !!selected && selected.pid === h.pid;
        if (g._sel !== sel) {
          g._sel = sel;
          g.setAttribute('class', `env env-${h.kind}${sel ? ' selected' : ''}`);
        }
        if (g._seq !== h.seq) {
          g._seq = h.seq;
          g.setAttribute('data-seq', String(h.seq));
          g.setAttribute('data-pid', String(h.pid));
        }
        const label = h.tcpFlags ?? '';
        if (g._label !== label) {
          g._label = label;
          g.lastChild!.textContent = label;
        }
      };
      for (const h of flights.hops) {
        if (h.t > v) break; // hops come in time order
        const f = (v - h.t) / Math.max(1e-9, h.arrive - h.t);
        if (h.lost) {
          if (f >= 0.5) {
            // Lost on the cable: it vanishes half-way, and a ✕ says why.
            flights.drops.push({ seq: h.seq, pid: h.pid, t: h.t, node: h.from, kind: h.kind, reason: h.lost });
            h.arrive = -1;
            continue;
          }
        }
        place(h, still ? 1 : Math.min(1, Math.max(0, f)));
      }
      for (let i = n; i < envPool.length; i++) if (envPool[i].style.display !== 'none') envPool[i].style.display = 'none';
      if (n !== lastCount) {
        lastCount = n;
        svg.setAttribute('data-count', String(n));
      }

      // Drops: a ✕ at the node with the reason, for a little while.
      let m = 0;
      flights.drops = flights.drops.filter((d) => d.shownAt === undefined || wall - d.shownAt < DROP_SHOW_MS);
      for (const d of flights.drops) {
        if (d.t > v) continue;
        d.shownAt ??= wall;
        const p = dropPoint(d);
        if (!p) continue;
        let g = dropPool[m];
        if (!g) {
          g = makeDrop();
          dropPool.push(g);
          dropLayer.append(g);
        }
        m++;
        g.style.display = '';
        g.setAttribute('transform', `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`);
        const age = wall - d.shownAt;
        g.style.opacity = age > DROP_SHOW_MS - 500 ? String(Math.max(0, (DROP_SHOW_MS - age) / 500)) : '1';
        if (g._label !== d.reason) {
          g._label = d.reason;
          g.firstChild!.textContent = `Dropped: ${d.reason}`;
          g.lastChild!.textContent = d.reason;
          g.setAttribute('data-reason', d.reason);
        }
        if (g._seq !== d.seq) {
          g._seq = d.seq;
          g.setAttribute('data-seq', String(d.seq));
          g.setAttribute('data-pid', String(d.pid));
        }
      }
      for (let i = m; i < dropPool.length; i++) if (dropPool[i].style.display !== 'none') dropPool[i].style.display = 'none';
    };
    raf = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(raf);
  }, [store]);

  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    const g = (e.target as Element).closest('[data-seq]');
    if (!g) return;
    e.stopPropagation();
    selectPacket({ pid: Number(g.getAttribute('data-pid')), seq: Number(g.getAttribute('data-seq')) });
  };

  return (
    <ViewportPortal>
      <svg ref={svgRef} className="packet-layer nodrag nopan" data-testid="packet-layer" data-count="0" onClick={onClick} aria-hidden="true">
        <g ref={dropRef} />
        <g ref={envRef} />
      </svg>
    </ViewportPortal>
  );
}
