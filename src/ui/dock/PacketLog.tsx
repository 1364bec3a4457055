import { memo, useEffect, useRef } from 'react';
import { useT } from '../i18n';
import { formatTime, virtualNow } from '../state/clock';
import { usePackets, type PacketRow } from '../state/packets';
import { selectPacket, useSelection } from '../state/selection';

const SHOWN = 150;

const Row = memo(function Row({ r, selected }: { r: PacketRow; selected: boolean }) {
  return (
    <li
      className={`log-row${selected ? ' selected' : ''}${r.dropped ? ' dropped' : ''}`}
      data-testid="packet-row"
      data-kind={r.kind}
      data-seq={r.seq}
      data-t={r.t}
      data-arrive={r.arrive ?? r.t}
    >
      <button className="log-btn" onClick={() => selectPacket({ pid: r.pid, seq: r.seq })} title={r.summary}>
        <span className={`swatch env-${r.kind}`} aria-hidden="true" />
        <span className="log-time">{formatTime(r.t)}</span>
        <span className="log-path" title={`${r.from} → ${r.to}`}>
          {r.dropped && r.arrive === undefined ? `✕ ${r.to}` : `${r.from.split(':')[0]} → ${r.to.split(':')[0]}`}
        </span>
        <span className="log-sum">
          {r.tcpFlags && <span className={`flag-chip env-${r.kind}`}>{r.tcpFlags}</span>}
          {r.dropped ? <strong className="drop-text">{r.dropped}: </strong> : null}
          {r.summary}
        </span>
      </button>
    </li>
  );
});

/**
 * Every frame on the wires, newest last. The rows of frames in flight are
 * highlighted (the animation for people who turned motion off).
 */
export function PacketLog() {
  const rows = usePackets((s) => s.rows);
  const total = usePackets((s) => s.hops);
  const drops = usePackets((s) => s.drops);
  const sel = useSelection((s) => s.packet);
  const list = useRef<HTMLOListElement>(null);
  const t = useT();
  const shown = rows.length > SHOWN ? rows.slice(rows.length - SHOWN) : rows;

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [rows]);

  // Highlight rows whose frame is on a cable right now.
  useEffect(() => {
    let raf = 0;
    const tick = () => {
      raf = requestAnimationFrame(tick);
      const el = list.current;
      if (!el) return;
      const v = virtualNow();
      for (const li of el.children as HTMLCollectionOf<HTMLElement>) {
        const t = Number(li.dataset.t);
        const a = Number(li.dataset.arrive);
        const on = v >= t && v < a;
        if ((li.dataset.active === '1') !== on) li.dataset.active = on ? '1' : '0';
      }
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, []);

  return (
    <section className="packet-log" aria-label={t('frames.aria')}>
      <div className="dock-head">
        <span className="field-label">{t('tab.frames')}</span>
        <span className="muted small" data-testid="packet-count" data-count={total} data-drops={drops}>
          {t('frames.count', { n: total })}
          {drops ? t('frames.drops', { n: drops }) : ''}
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="muted small log-empty" data-testid="packet-log" data-count={0}>
          {t('frames.empty')}
        </p>
      ) : (
        <ol ref={list} className="log-list mono" data-testid="packet-log" data-count={rows.length}>
          {shown.map((r) => (
            <Row key={r.seq} r={r} selected={sel?.pid === r.pid} />
          ))}
        </ol>
      )}
    </section>
  );
}
