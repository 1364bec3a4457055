import type { PacketInspection, VisitView } from '../../../engine/view/inspect';
import { useLang, useT } from '../../i18n';
import { relatedProps, related } from '../related';
import { branchDepths, pick } from '../pure';

/** A few words for what happened at a node, beside its name: the role the diff names (`Router hop`, `DR director`, `S-NAT`). */
function verdict(v: VisitView, t: ReturnType<typeof useT>, lang: string): { text: string; kind: string } {
  if (v.origin) return { text: t('path.made'), kind: 'made' };
  if (v.drop && !v.outs.length) return { text: t('path.dropped'), kind: 'drop' };
  if (v.delivered) return { text: t('path.delivered'), kind: 'delivered' };
  if (v.outs.length && v.outs.every((o) => o.identical)) return { text: v.outs.length > 1 ? t('path.flooded', { n: v.outs.length }) : t('path.forwarded'), kind: 'same' };
  const changed = v.outs.find((o) => !o.identical);
  const role = changed ? pick(changed.summary, lang).split(/[:：]/)[0] : '';
  return { text: role && role.length < 30 ? role : t('path.changed'), kind: 'changed' };
}

/**
 * The packet's path, node by node (a tree where a switch floods it): each
 * step says what the node did, and picks that node's diff when clicked.
 */
export function PathView({ data, focus, onPick }: { data: PacketInspection; focus: number | null; onPick: (visit: number) => void }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const depth = branchDepths(data.visits);
  return (
    <section className="insp-section">
      <h3>{t('path.title')}</h3>
      <ol className="path-list" data-testid="packet-path" data-count={data.visits.length}>
        {data.visits.map((v, i) => {
          const w = verdict(v, t, lang);
          const s = pick(v.summary, lang);
          return (
            <li key={i} className={`path-step${i === focus ? ' current' : ''}`} style={{ paddingLeft: `${Math.min(depth[i], 6) * 14}px` }}>
              <button
                type="button"
                className="path-btn"
                data-testid="path-step"
                data-node={v.node}
                data-visit={i}
                data-kind={w.kind}
                aria-current={i === focus ? 'step' : undefined}
                title={s}
                onClick={() => onPick(i)}
                {...relatedProps(related([v.node]))}
              >
                <span className="path-node">{v.node}</span>
                <span className={`path-verdict verdict-${w.kind}`}>{w.text}</span>
                {v.in && <span className="path-iface muted">{t('path.in', { iface: v.in.iface })}</span>}
                {v.outs.length > 0 && <span className="path-iface muted">{t('path.out', { iface: v.outs.map((o) => o.iface).join(', ') })}</span>}
                {v.drop && <span className="path-reason">{v.drop.reason}</span>}
              </button>
            </li>
          );
        })}
      </ol>
      {data.truncated && <p className="muted small">{t('path.truncated')}</p>}
    </section>
  );
}
