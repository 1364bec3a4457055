import { useState } from 'react';
import type { LayerDiff } from '../../../engine/view/diff';
import type { VisitView } from '../../../engine/view/inspect';
import { useLang, useT } from '../../i18n';
import { diffRows, pick, statusOf } from '../pure';
import { ScrollBox } from '../ScrollBox';

function LayerRows({ l, all }: { l: LayerDiff; all: boolean }) {
  const t = useT();
  const rows = diffRows(l, all);
  const tag = l.status === 'added' ? t('diff.layerAdded') : l.status === 'removed' ? t('diff.layerRemoved') : l.status === 'same' ? t('diff.layerSame') : t('diff.layerChanged');
  return (
    <tbody className={`diff-layer diff-layer-${l.status}`} data-testid="diff-layer" data-layer={l.key} data-status={l.status}>
      <tr className="diff-layer-head">
        <th scope="rowgroup" colSpan={3}>
          {l.name}
          {l.oldKey && l.oldKey !== l.key ? <span className="muted"> ({t('diff.nowInner')})</span> : null}
          <span className={`diff-tag tag-${l.status}`}>{tag}</span>
        </th>
      </tr>
      {rows.map((f) => {
        const s = statusOf(f);
        return (
          <tr key={f.path + f.bitOffset} className={`diff-row diff-${s}`} data-testid="diff-row" data-path={f.path} data-status={s} data-old={f.old ?? ''} data-new={f.new ?? ''}>
            <th scope="row" className="diff-name">
              {f.name}
            </th>
            <td className="diff-old">{f.old ?? '—'}</td>
            <td className="diff-new">
              {s === 'changed' && <span className="visually-hidden">{t('diff.changedTo')} </span>}
              {f.new ?? '—'}
            </td>
          </tr>
        );
      })}
    </tbody>
  );
}

/**
 * What one node did to the packet: the frame as it came in beside the copy
 * that left, changed fields marked old → new, and one sentence saying what
 * happened (a router hop, the DR director's MAC rewrite, NAT, a TUN header).
 */
export function HopDiff({ visit, out, onOut, onFrame }: { visit: VisitView; out: number; onOut: (i: number) => void; onFrame: (seq: number) => void }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [all, setAll] = useState(false);
  const o = visit.outs[out];
  const summary = o && !visit.origin ? o.summary : visit.summary;
  return (
    <section className="insp-section hop-diff" data-testid="hop-diff" data-node={visit.node} data-origin={visit.origin ? 1 : 0}>
      <h3>{t('diff.title', { node: visit.node })}</h3>
      <p className="diff-summary" data-testid="diff-summary">
        {pick(summary, lang)}
      </p>
      {visit.outs.length > 1 && (
        <label className="field stacked small">
          <span className="field-label">{t('diff.copies', { n: visit.outs.length })}</span>
          <select value={out} onChange={(e) => onOut(Number(e.target.value))} data-testid="diff-out">
            {visit.outs.map((x, i) => (
              <option key={i} value={i}>
                {x.iface} → {x.to} {x.toIface}
                {x.identical ? ` (${t('diff.unchanged')})` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {visit.origin && <p className="muted small">{t('diff.origin')}</p>}
      {!visit.origin && visit.in && !o && (
        <p className="muted small">{visit.drop ? t('diff.dropped', { reason: visit.drop.reason }) : t('diff.delivered')}</p>
      )}
      {!visit.origin && visit.in && o && o.identical && <p className="muted small" data-testid="diff-identical">{t('diff.identical')}</p>}
      {!visit.origin && visit.in && o?.diff && (
        <>
          <ScrollBox label={t('diff.caption', { node: visit.node })}>
            <table className="diff-table mono" data-testid="diff-table" data-changed={o.diff.changed.join(' ')}>
              <caption className="visually-hidden">{t('diff.caption', { node: visit.node })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('diff.field')}</th>
                  <th scope="col">
                    <button type="button" className="link-btn" onClick={() => onFrame(visit.in!.seq)} title={t('diff.showFrame')}>
                      {t('diff.entered', { iface: visit.in.iface })}
                    </button>
                  </th>
                  <th scope="col">
                    <button type="button" className="link-btn" onClick={() => onFrame(o.seq)} title={t('diff.showFrame')}>
                      {t('diff.left', { iface: o.iface })}
                    </button>
                  </th>
                </tr>
              </thead>
              {o.diff.layers.map((l, i) => (
                <LayerRows key={`${l.key}#${i}`} l={l} all={all} />
              ))}
            </table>
          </ScrollBox>
          <button type="button" className="btn small" onClick={() => setAll(!all)} aria-pressed={all} data-testid="diff-all">
            {all ? t('diff.fewer') : t('diff.all')}
          </button>
        </>
      )}
    </section>
  );
}
