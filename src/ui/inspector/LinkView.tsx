import { engine } from '../engine/client';
import { useT } from '../i18n';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';

/** A cable: its two ends, and cut / restore / delete. */
export function LinkView({ id }: { id: string }) {
  const link = useSession((s) => s.doc?.links.find((l) => l.id === id));
  const live = useLab((s) => s.links[id]);
  const t = useT();
  if (!link) return null;
  const up = live?.up ?? link.up !== false;
  return (
    <div className="insp-body" data-testid="inspector-link" data-link={id}>
      <div className="insp-head">
        <h2>{t('link.title')}</h2>
        <span className="muted small mono">{id}</span>
      </div>
      <p className="mono">
        {link.a.node} {link.a.iface} ⟷ {link.b.node} {link.b.iface}
      </p>
      <p className="small">
        {t('link.state')} <strong data-testid="link-state">{up ? t('link.connected') : t('link.cut')}</strong> {t('link.latency', { us: link.latencyUs ?? 100 })}
      </p>
      <div className="row">
        <button className="btn" data-testid="link-toggle" onClick={() => engine.edit({ op: 'set-link', link: id, up: !up })}>
          {up ? t('menu.cut') : t('menu.restore')}
        </button>
        <button className="btn danger" data-testid="link-delete" onClick={() => engine.edit({ op: 'remove', nodes: [], links: [id] })}>
          {t('link.delete')}
        </button>
      </div>
      <p className="muted small">{t('link.note')}</p>
    </div>
  );
}
