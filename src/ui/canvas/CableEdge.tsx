import { useInternalNode, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useT } from '../i18n';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';
import { along, cableSegment, type Segment } from './geometry';
import { rectOf } from './rects';
import type { CableEdge } from './store';

/** Where an interface label sits: a little way in from the cable's end, nudged off the line. */
function endLabel(s: Segment, atStart: boolean): { x: number; y: number; anchor: 'start' | 'end' | 'middle' } {
  const len = Math.hypot(s.x2 - s.x1, s.y2 - s.y1) || 1;
  const f = Math.min(0.45, 22 / len);
  const p = along(s, atStart ? f : 1 - f);
  const nx = -(s.y2 - s.y1) / len;
  const ny = (s.x2 - s.x1) / len;
  return { x: p.x + nx * 9, y: p.y + ny * 9 + 3, anchor: 'middle' };
}

/** A cable drawn between node borders, its interface names at both ends, a ✂ mark when cut. */
export const CableEdgeView = memo(function CableEdgeView({ id, source, target, sourceHandleId, targetHandleId, selected, data }: EdgeProps<CableEdge>) {
  const a = useInternalNode(source);
  const b = useInternalNode(target);
  const liveUp = useLab((s) => s.links[id]?.up);
  const docUp = useSession((s) => s.doc?.links.find((l) => l.id === id)?.up !== false);
  const t = useT();
  if (!a || !b) return null;
  const up = liveUp ?? docUp;
  const seg = cableSegment(rectOf(a), rectOf(b), data?.offset ?? 0);
  const path = `M ${seg.x1},${seg.y1} L ${seg.x2},${seg.y2}`;
  const la = endLabel(seg, true);
  const lb = endLabel(seg, false);
  const mid = along(seg, 0.5);
  return (
    <g className={`cable${up ? '' : ' cut'}${selected ? ' selected' : ''}`} data-testid={`cable-${id}`} data-state={up ? 'up' : 'cut'}>
      <path d={path} className="cable-halo" />
      <path d={path} className="cable-line" />
      <path d={path} className="react-flow__edge-interaction" fill="none" strokeOpacity={0} strokeWidth={18} />
      <text x={la.x} y={la.y} textAnchor={la.anchor} className="cable-label">
        {sourceHandleId}
      </text>
      <text x={lb.x} y={lb.y} textAnchor={lb.anchor} className="cable-label">
        {targetHandleId}
      </text>
      {!up && (
        <g transform={`translate(${mid.x},${mid.y})`} className="cable-cut-mark">
          <title>{t('cable.cutTitle')}</title>
          <circle r="10" />
          <text y="4" textAnchor="middle">
            ✂
          </text>
        </g>
      )}
    </g>
  );
});
