import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TimelineEntry, TimelineFilter, TimelineKind } from '../../engine/view/timeline';
import { engine } from '../engine/client';
import { useT, type T } from '../i18n';
import { clock, formatTime } from '../state/clock';
import { selectPacket, useSelection } from '../state/selection';
import { useSession } from '../state/session';
import { timeline, useTimeline } from '../state/timeline';
import { selectNode } from './select';
import { FilteredTimeline, firstFrom, visibleRange } from './timeline-view';

const ROW = 22;

function nodesText(e: TimelineEntry): string {
  if (e.kind === 'packet') return `${e.nodes[0]} → ${e.nodes[1]}`;
  return e.nodes[0] === '*' ? '' : e.nodes[0];
}

/** Go to the entry's moment (a rewind, or forward along the recording) and select what it is about. */
function go(e: TimelineEntry): void {
  if (e.pid !== undefined) selectPacket({ pid: e.pid, seq: e.seq });
  else if (e.nodes[0] && e.nodes[0] !== '*') selectNode(e.nodes[0]);
  const cursor = useTimeline.getState().cursor;
  // Already there: the entry happened at the current instant, and it is not in the future.
  if (e.seq < cursor && Math.floor(clock.now) === e.t) return;
  engine.seek(e.t);
}

const Row = memo(function Row({ e, top, future, selected, t }: { e: TimelineEntry; top: number; future: boolean; selected: boolean; t: T }) {
  return (
    <div
      className={`tl-row tl-${e.kind}${future ? ' future' : ''}${selected ? ' selected' : ''}`}
      style={{ top }}
      role="listitem"
      data-testid="tl-row"
      data-seq={e.seq}
      data-kind={e.kind}
      data-protocol={e.protocol}
      data-future={future ? '1' : '0'}
    >
      <button className="tl-btn" onClick={() => go(e)} title={`${future ? t('tl.future') : t('tl.entryTitle')}\n${formatTime(e.t)} ${nodesText(e)}\n${e.text}`}>
        <span className={`tl-mark env-${e.protocol}`} aria-hidden="true" />
        <span className="tl-time">{formatTime(e.t)}</span>
        <span className="tl-nodes">{nodesText(e)}</span>
        <span className="tl-text">
          {e.kind === 'drop' && <strong className="drop-text">✕ </strong>}
          {e.stateKind && <span className="tl-state-kind">{e.stateKind} </span>}
          {e.text}
        </span>
      </button>
    </div>
  );
});

/**
 * Every hop, drop and state change, filterable by node, protocol, kind and
 * text, in a virtual list (only the rows in view exist). Clicking an entry
 * moves the clock there and selects its packet or node.
 */
export function Timeline() {
  const t = useT();
  const version = useTimeline((s) => s.version);
  const epoch = useTimeline((s) => s.epoch);
  const cursor = useTimeline((s) => s.cursor);
  const docNodes = useSession((s) => s.doc?.nodes);
  const selPid = useSelection((s) => s.packet?.pid);
  const [node, setNode] = useState('');
  const [protocol, setProtocol] = useState('');
  const [kind, setKind] = useState<TimelineKind | ''>('');
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(true);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(200);
  const box = useRef<HTMLDivElement>(null);
  const view = useRef(new FilteredTimeline());

  const filter = useMemo<TimelineFilter>(
    () => ({ ...(node ? { nodes: [node] } : {}), ...(protocol ? { protocols: [protocol] } : {}), ...(kind ? { kinds: [kind] } : {}), ...(text.trim() ? { text: text.trim() } : {}) }),
    [node, protocol, kind, text],
  );
  // `version` changes when entries were added: the same list object grows.
  const list = useMemo(() => view.current.update(timeline.entries, filter, epoch), [filter, epoch, version]);
  const count = list.length;
  const total = timeline.entries.length;
  const futureAt = firstFrom(list, cursor);
  const facets = view.current.facets();
  const nodes = docNodes ? docNodes.map((n) => n.id) : facets.nodes;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // Following: the latest past entry stays at the bottom of the view (after a rewind, a little
  // above it, with the first entries of the recorded future below the "now" line).
  const followTop = (el: HTMLElement) => Math.max(0, futureAt * ROW - el.clientHeight * (futureAt < count ? 0.7 : 1));
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !follow) return;
    const want = followTop(el);
    if (Math.abs(el.scrollTop - want) > 1) el.scrollTop = want;
    setScrollTop(el.scrollTop);
  }, [follow, futureAt, count, height]);

  const onScroll = useCallback(() => {
    const el = box.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    setFollow(Math.abs(el.scrollTop - followTop(el)) <= ROW);
  }, [futureAt, count]);

  const { start, end } = visibleRange(scrollTop, height, ROW, count);
  const rows = [];
  for (let i = start; i < end; i++) {
    const e = list[i];
    rows.push(<Row key={e.seq} e={e} top={i * ROW} future={e.seq >= cursor} selected={e.pid !== undefined && e.pid === selPid} t={t} />);
  }

  return (
    <section className="timeline" aria-label={t('tl.aria')} data-testid="timeline" data-count={count} data-total={total}>
      <div className="dock-head tl-filters">
        <div className="tl-filter-row">
          <select data-testid="tl-node" aria-label={t('tl.node')} value={node} onChange={(e) => setNode(e.target.value)}>
            <option value="">{t('tl.allNodes')}</option>
            {nodes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <select data-testid="tl-protocol" aria-label={t('tl.protocol')} value={protocol} onChange={(e) => setProtocol(e.target.value)}>
            <option value="">{t('tl.allProtocols')}</option>
            {facets.protocols.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <select data-testid="tl-kind" aria-label={t('tl.kind')} value={kind} onChange={(e) => setKind(e.target.value as TimelineKind | '')}>
            <option value="">{t('tl.allKinds')}</option>
            <option value="packet">{t('tl.kindPacket')}</option>
            <option value="drop">{t('tl.kindDrop')}</option>
            <option value="state">{t('tl.kindState')}</option>
          </select>
        </div>
        <div className="tl-filter-row">
          <input
            type="search"
            className="tl-search"
            data-testid="tl-search"
            aria-label={t('tl.search')}
            placeholder={t('tl.searchPlaceholder')}
            value={text}
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
          />
          <span className="muted small tl-count" data-testid="tl-count">
            {t('tl.count', { shown: count, total })}
          </span>
          <label className="check small" title={t('tl.followTitle')}>
            <input type="checkbox" data-testid="tl-follow" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
            {t('tl.follow')}
          </label>
        </div>
      </div>
      <div ref={box} className="tl-list mono" onScroll={onScroll} role="list" data-testid="tl-list">
        {count === 0 ? (
          <p className="muted small log-empty">{total === 0 ? t('tl.empty') : t('tl.noMatch')}</p>
        ) : (
          <div className="tl-space" style={{ height: count * ROW }}>
            {rows}
            {futureAt < count && <div className="tl-now" style={{ top: futureAt * ROW }} aria-hidden="true" />}
          </div>
        )}
      </div>
    </section>
  );
}
