import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { LadderSelect, LadderView } from '../../worker/protocol';
import type { LadderViewArrow } from '../../worker/ladder-query';
import { engine } from '../engine/client';
import { useT, type T } from '../i18n';
import { formatTime } from '../state/clock';
import { usePackets } from '../state/packets';
import { selectPacket, useSelection } from '../state/selection';
import { useSession } from '../state/session';
import { useTimeline } from '../state/timeline';
import { layoutLadder, type LaidArrow } from './ladder-layout';

/** How often, at most, the ladder is asked for again while frames flow (ms). */
const REFRESH_MS = 300;

function pick(a: LadderViewArrow): void {
  selectPacket({ pid: a.pid, seq: a.hops[0] ?? -1 });
}

function Arrow({ l, selected, t }: { l: LaidArrow<LadderViewArrow>; selected: boolean; t: T }) {
  const { a, y, x1, x2 } = l;
  const dirn = Math.sign(x2 - x1) || 1;
  const end = a.dropped || a.lost ? x2 : x2 - dirn * 2;
  const head = `${end},${y} ${end - dirn * 8},${y - 4} ${end - dirn * 8},${y + 4}`;
  const mid = (x1 + x2) / 2;
  const bad = a.dropped ?? a.lost;
  const title = `${t('ladder.arrowTitle', { label: a.label, from: a.from, to: a.to ?? '✕', t: formatTime(a.tSend) })}${a.via.length ? `\n${t('ladder.via', { via: a.via.join(', ') })}` : ''}${a.encap?.length ? `\nIPIP ${a.encap.join(' / ')}` : ''}${a.dropped ? `\n${t('ladder.dropped', { reason: a.dropped })}` : ''}${a.lost ? `\n${t('ladder.lost', { reason: a.lost })}` : ''}${a.flying ? `\n${t('ladder.flying')}` : ''}`;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      pick(a);
    }
  };
  return (
    <g
      className={`ld-arrow env-${a.kind}${bad ? ' bad' : ''}${a.flying ? ' flying' : ''}${selected ? ' selected' : ''}`}
      data-testid="ladder-arrow"
      data-label={a.label}
      data-from={a.from}
      data-to={a.to ?? ''}
      data-pid={a.pid}
      data-dropped={bad ? '1' : '0'}
      data-flying={a.flying ? '1' : '0'}
      role="button"
      tabIndex={0}
      aria-label={title}
      onClick={() => pick(a)}
      onKeyDown={onKey}
    >
      <title>{title}</title>
      <rect className="ld-hit" x={0} y={y - 15} width="100%" height={28} />
      <text className="ld-time" x={6} y={y + 4}>
        {formatTime(a.tSend)}
      </text>
      <line className="ld-line" x1={x1} y1={y} x2={end} y2={y} />
      {bad ? (
        <text className="ld-x" x={x2} y={y + 4} textAnchor="middle">
          ✕
        </text>
      ) : (
        <polygon className="ld-head" points={head} />
      )}
      <text className="ld-label" x={mid} y={y - 5} textAnchor="middle">
        {l.label}
      </text>
      {bad && (
        <text className="ld-why" x={x2 + dirn * 10} y={y + 4} textAnchor={dirn > 0 ? 'start' : 'end'}>
          {bad.length > 36 ? `${bad.slice(0, 35)}…` : bad}
        </text>
      )}
    </g>
  );
}

/**
 * A ladder (sequence) diagram: the selected packet's flow through every
 * rewrite, or everything between two chosen hosts. Hosts are columns, arrows
 * are labelled as tcpdump would, time goes down. Click an arrow to inspect it.
 */
export function Ladder({ active = true }: { active?: boolean }) {
  const t = useT();
  const sel = useSelection((s) => s.packet);
  const hops = usePackets((s) => s.hops);
  const cursor = useTimeline((s) => s.cursor);
  const hosts = useSession((s) => s.doc?.nodes.filter((n) => n.kind !== 'switch').map((n) => n.id).join(' ') ?? '');
  const [pair, setPair] = useState<[string, string]>(['', '']);
  const [byPair, setByPair] = useState(false);
  /** The packet whose flow is shown: the selection, unless the selection is an arrow of the ladder already shown. */
  const [subject, setSubject] = useState<number | null>(null);
  const [arp, setArp] = useState(false);
  const [result, setResult] = useState<{ key: string; view: LadderView | null } | null>(null);
  const [width, setWidth] = useState(600);
  const box = useRef<HTMLDivElement>(null);
  const last = useRef(0);
  const asked = useRef(0);
  const shown = useRef(0);

  const shownView = useRef<LadderView | null | undefined>(undefined);
  useEffect(() => {
    if (!sel) return;
    // Clicking an arrow selects its packet: the ladder keeps showing what it showed.
    if (shownView.current?.arrows.some((a) => a.pid === sel.pid)) return;
    setByPair(false);
    setSubject(sel.pid);
  }, [sel?.pid]);

  const flowPid = sel && !byPair ? (subject ?? sel.pid) : null;
  const select: LadderSelect | null = flowPid !== null ? { pid: flowPid } : pair[0] && pair[1] && pair[0] !== pair[1] ? { hosts: pair } : null;
  const key = select ? `${JSON.stringify(select)}${arp ? ' arp' : ''}` : '';

  useEffect(() => {
    if (!select || !active) return;
    const delay = Math.max(0, REFRESH_MS - (performance.now() - last.current));
    const id = setTimeout(() => {
      last.current = performance.now();
      const n = ++asked.current;
      void engine.ladder(select, arp).then((view) => {
        // Answers may overtake each other: only a newer one replaces what is shown.
        if (n < shown.current) return;
        shown.current = n;
        setResult({ key, view });
      });
    }, delay);
    return () => clearTimeout(id);
    // `select` is rebuilt each render; `key` stands for it. Hidden: no requests.
  }, [key, hops, cursor, active]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  const view = result && result.key === key ? result.view : undefined;
  shownView.current = view;
  // The flow's packet is gone (a rewind before it) but another is selected: show that one's.
  useEffect(() => {
    if (view === null && sel && subject !== sel.pid) setSubject(sel.pid);
  }, [view, sel, subject]);
  const layout = view ? layoutLadder(view.columns, view.arrows, width) : null;

  // A new ladder or a new selection: bring the selected packet's first arrow into view.
  const scrolledFor = useRef('');
  useLayoutEffect(() => {
    const el = box.current;
    // Hidden (another tab shown): scroll once it is shown.
    if (!el || !layout || el.clientHeight === 0) return;
    const want = `${key} ${sel?.pid ?? ''}`;
    if (scrolledFor.current === want) return;
    scrolledFor.current = want;
    const first = sel ? layout.arrows.find((l) => l.a.pid === sel.pid) : undefined;
    if (!first) return;
    const top = first.y + 24; // below the sticky names
    if (top - 40 < el.scrollTop || top + 20 > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, first.y - 60);
  });

  const hostList = hosts ? hosts.split(' ') : [];
  let body;
  if (!select) body = <p className="muted small log-empty">{t('ladder.empty')}</p>;
  else if (view === undefined) body = <p className="muted small log-empty">{t('ladder.loading')}</p>;
  else if (view === null) body = <p className="muted small log-empty">{t('ladder.unknown')}</p>;
  else if (!layout || layout.arrows.length === 0) body = <p className="muted small log-empty">{t('ladder.none')}</p>;
  else {
    const h = layout.height + 8;
    body = (
      <div className="ld-canvas" style={{ width: layout.width }}>
        <div className="ld-head-row" style={{ width: layout.width }}>
          <span className="ld-time-head muted">{t('ladder.time')}</span>
          {layout.columns.map((c) => (
            <span key={c.name} className="ld-col-name" style={{ left: c.x }} data-testid="ladder-column">
              {c.name}
            </span>
          ))}
        </div>
        {view.cut.before > 0 && <p className="muted small ld-cut">{t('ladder.cutBefore', { n: view.cut.before })}</p>}
        <svg className="ld-svg" width={layout.width} height={h} role="group" aria-label={view.title}>
          {layout.columns.map((c) => (
            <line key={c.name} className="ld-life" x1={c.x} y1={0} x2={c.x} y2={h} />
          ))}
          {layout.gaps.map((g) => (
            <g key={g.y} className="ld-gap">
              <line x1={0} y1={g.y} x2={layout.width} y2={g.y} />
              <text x={6} y={g.y + 12}>
                +{(g.us / 1e6).toFixed(3)} s
              </text>
            </g>
          ))}
          {layout.arrows.map((l, i) => (
            <Arrow key={`${l.a.pid}-${l.a.hops[0] ?? i}-${i}`} l={l} selected={sel?.pid === l.a.pid} t={t} />
          ))}
        </svg>
        {view.cut.after > 0 && <p className="muted small ld-cut">{t('ladder.cutAfter', { n: view.cut.after })}</p>}
      </div>
    );
  }

  return (
    <section className="ladder" aria-label={t('ladder.aria')} data-testid="ladder" data-count={view?.arrows.length ?? 0} data-flow={view?.flow ? '1' : '0'}>
      <div className="dock-head ld-controls">
        {sel && !byPair ? (
          <>
            <span className="field-label">{view?.flow === false ? t('ladder.hosts') : t('ladder.flowOf')}</span>
            <span className="mono small ld-title" data-testid="ladder-title" title={view?.title}>
              {view?.title ?? '…'}
            </span>
            <button
              className="btn small"
              data-testid="ladder-pair"
              onClick={() => {
                if (!(pair[0] && pair[1]) && view && view.columns.length >= 2) setPair([view.columns[0], view.columns[1]]);
                setByPair(true);
              }}
            >
              {t('ladder.clear')}
            </button>
          </>
        ) : (
          <>
            <span className="field-label">{t('ladder.hosts')}</span>
            <select data-testid="ladder-a" aria-label={t('ladder.pickA')} value={pair[0]} onChange={(e) => setPair([e.target.value, pair[1]])}>
              <option value="">—</option>
              {hostList.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
            <span className="muted small">{t('ladder.and')}</span>
            <select data-testid="ladder-b" aria-label={t('ladder.pickB')} value={pair[1]} onChange={(e) => setPair([pair[0], e.target.value])}>
              <option value="">—</option>
              {hostList.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </>
        )}
        <span className="spacer" />
        {(!byPair && sel) || !select || 'pid' in select ? (
          <label className="check small" title={t('ladder.arpTitle')}>
            <input type="checkbox" data-testid="ladder-arp" checked={arp} onChange={(e) => setArp(e.target.checked)} />
            {t('ladder.arp')}
          </label>
        ) : null}
      </div>
      <div ref={box} className="ld-scroll">
        {body}
      </div>
    </section>
  );
}
