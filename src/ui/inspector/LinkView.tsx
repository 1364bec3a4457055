import { engine } from '../engine/client';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';

/** A cable: its two ends, and cut / restore / delete. */
export function LinkView({ id }: { id: string }) {
  const link = useSession((s) => s.doc?.links.find((l) => l.id === id));
  const live = useLab((s) => s.links[id]);
  if (!link) return null;
  const up = live?.up ?? link.up !== false;
  return (
    <div className="insp-body" data-testid="inspector-link" data-link={id}>
      <div className="insp-head">
        <h2>Cable</h2>
        <span className="muted small mono">{id}</span>
      </div>
      <p className="mono">
        {link.a.node} {link.a.iface} ⟷ {link.b.node} {link.b.iface}
      </p>
      <p className="small">
        State: <strong data-testid="link-state">{up ? 'connected' : 'cut'}</strong> · latency {link.latencyUs ?? 100} µs
      </p>
      <div className="row">
        <button className="btn" data-testid="link-toggle" onClick={() => engine.edit({ op: 'set-link', link: id, up: !up })}>
          {up ? '✂ Cut cable' : '⟲ Restore cable'}
        </button>
        <button className="btn danger" data-testid="link-delete" onClick={() => engine.edit({ op: 'remove', nodes: [], links: [id] })}>
          Delete cable
        </button>
      </div>
      <p className="muted small">Cutting a cable happens in the running simulation: frames on it are lost and both ends lose carrier. Undo restores it.</p>
    </div>
  );
}
