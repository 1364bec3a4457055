import { useMemo, useState } from 'react';
import { useT } from '../i18n';
import { formatTime } from '../state/clock';
import { usePackets } from '../state/packets';
import { selectPacket, type PacketRef } from '../state/selection';
import { focusVisit, useInspect, useInspection } from './inspection';
import { HexDump, type HexMarks } from './packet/HexDump';
import { HopDiff } from './packet/HopDiff';
import { LayerTree } from './packet/LayerTree';
import { PathView } from './packet/PathView';
import { byteRange, changedRanges, fieldAtByte, findField, frameOfVisit, type FieldPick } from './pure';

/**
 * The selected packet: what changed at the node that handled it (the per-hop
 * diff), its path node by node, every header field by layer, and the bytes.
 */
export function PacketView({ packet }: { packet: PacketRef }) {
  const t = useT();
  useInspect(packet);
  const data = useInspection((s) => (s.data?.pid === packet.pid ? s.data : null));
  const missing = useInspection((s) => s.missing && s.ref?.seq === packet.seq);
  const override = useInspection((s) => (s.focus?.seq === packet.seq ? s.focus : null));
  const row = usePackets((s) => s.rows.find((r) => r.seq === packet.seq));
  const [fieldPick, setPick] = useState<{ seq: number; pick: FieldPick } | null>(null);

  const current = data && data.seq === packet.seq ? data : null;
  const focus = override ?? current?.focus ?? null;
  const visit = focus && data ? data.visits[focus.visit] : undefined;
  const selected = current?.selected ?? null;
  const kind = selected?.ref.kind ?? row?.kind ?? 'other';
  const pickNow = fieldPick?.seq === packet.seq ? fieldPick.pick : null;

  const marks = useMemo<HexMarks>(() => {
    const m: HexMarks = {};
    const f = selected && findField(selected.layers, pickNow);
    if (f) m.selected = byteRange(f);
    const o = visit?.outs[focus?.out ?? 0];
    if (o?.diff && o.seq === packet.seq) {
      m.changed = o.diff.layers.flatMap((l) => changedRanges(l.fields));
    }
    return m;
  }, [selected, pickNow, visit, focus?.out, packet.seq]);

  const pickVisit = (i: number) => {
    const v = data?.visits[i];
    if (!v) return;
    const seq = frameOfVisit(v) ?? packet.seq;
    focusVisit(seq, i, 0);
    if (seq !== packet.seq) selectPacket({ pid: packet.pid, seq });
  };

  const hop = selected?.ref.hop;
  const drop = selected?.ref.drop;
  return (
    <div className="insp-body packet-view" data-testid="inspector-packet" data-pid={packet.pid} data-seq={packet.seq} data-ready={current ? 1 : 0}>
      <div className="insp-head">
        <h2>
          <span className={`swatch env-${kind}`} aria-hidden="true" /> {t('packet.title', { pid: packet.pid })}
        </h2>
        <button className="icon-btn close-btn" onClick={() => selectPacket(null)} aria-label={t('packet.close')} title={t('packet.close')}>
          ✕
        </button>
      </div>
      <p className="mono small summary-line" data-testid="packet-summary">
        {selected?.ref.summary ?? row?.summary ?? ''}
      </p>
      {hop && (
        <p className="small muted frame-where" data-testid="frame-where">
          {t('packet.onCable', { from: `${hop.from.node} ${hop.from.iface}`, to: `${hop.to.node} ${hop.to.iface}`, t: formatTime(hop.arrive) })}
          {hop.lost ? ` — ${t('packet.lost', { reason: hop.lost })}` : ''}
        </p>
      )}
      {drop && <p className="small drop-text">{t('packet.droppedAt', { node: drop.node, reason: drop.reason })}</p>}
      {missing && <p className="muted small">{t('packet.unknown')}</p>}
      {!data && !missing && <p className="muted small">{t('packet.loading')}</p>}
      {visit && focus && (
        <HopDiff
          key={`${focus.visit}`}
          visit={visit}
          out={Math.min(focus.out, Math.max(0, visit.outs.length - 1))}
          onOut={(i) => {
            const seq = visit.outs[i]?.seq ?? packet.seq;
            focusVisit(seq, focus.visit, i);
            selectPacket({ pid: packet.pid, seq });
          }}
          onFrame={(seq) => {
            focusVisit(seq, focus.visit, focus.out);
            selectPacket({ pid: packet.pid, seq });
          }}
        />
      )}
      {data && <PathView data={data} focus={focus?.visit ?? null} onPick={pickVisit} />}
      {selected && (
        <section className="insp-section">
          <h3>{t('packet.layers')}</h3>
          <LayerTree layers={selected.layers} pick={pickNow} onPick={(p) => setPick({ seq: packet.seq, pick: p })} />
        </section>
      )}
      {selected && (
        <section className="insp-section">
          <h3>{t('packet.bytes', { n: selected.bytes.length })}</h3>
          <HexDump
            bytes={selected.bytes}
            marks={marks}
            label={t('packet.bytesLabel')}
            onByte={(i) => {
              const f = fieldAtByte(selected.layers, i);
              if (f) setPick({ seq: packet.seq, pick: { layer: f.layer, key: f.field.key } });
            }}
          />
          <p className="muted small hex-legend">
            <span className="hb sel">00</span> {t('packet.legendSelected')} <span className="hb chg">00</span> {t('packet.legendChanged')}
          </p>
        </section>
      )}
    </div>
  );
}
