import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { SwitchSnapshot } from '../../engine/view/types';
import { useT } from '../i18n';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';
import { NameLabel } from './NameLabel';
import { NEW_IFACE, type LabNode } from './store';

/** A learning switch: its name and a row of ports (the cable ports). */
export const SwitchNode = memo(function SwitchNode({ id, selected }: NodeProps<LabNode>) {
  const doc = useSession((s) => s.doc?.nodes.find((n) => n.id === id));
  const links = useSession((s) => s.doc?.links);
  const snap = useLab((s) => s.snapshots[id]) as SwitchSnapshot | undefined;
  const t = useT();
  if (!doc) return null;
  const name = doc.name ?? doc.id;
  const macs = snap && 'macTable' in snap ? snap.macTable.length : 0;
  return (
    <div className={`lab-node switch-node${selected ? ' selected' : ''}`} data-testid={`node-${id}`} data-kind="switch" data-roles="">
      <header className="node-head">
        <svg viewBox="0 0 24 24" className="node-icon" aria-hidden="true">
          <rect x="2.5" y="7" width="19" height="10" rx="2" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M6 12h2m2 0h2m2 0h2m2 0h0.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        <NameLabel id={id} name={name} />
        {name !== id && <span className="node-id">{id}</span>}
        <span className="node-kind" title={t('switch.macsTitle')}>
          {t('switch.macs', { n: macs })}
        </span>
      </header>
      <div className="ports">
        {(doc.interfaces ?? []).map((p) => {
          const cabled = !!links?.some((k) => (k.a.node === id && k.a.iface === p.name) || (k.b.node === id && k.b.iface === p.name));
          const live = snap && 'ports' in snap ? snap.ports.find((x) => x.name === p.name) : undefined;
          const state = !cabled ? 'free' : live && !live.carrier ? 'no-carrier' : 'up';
          return (
            <div key={p.name} className={`port port-${state}`} data-testid={`port-${id}-${p.name}`} data-state={state}>
              {p.name}
              <Handle type="source" position={Position.Bottom} id={p.name} className="port-handle" data-testid={`handle-${id}-${p.name}`} title={t('switch.portHandle', { id, port: p.name })} />
            </div>
          );
        })}
        <div className="port port-new" title={t('switch.newPortTitle')}>
          {t('switch.new')}
          <Handle type="source" position={Position.Bottom} id={NEW_IFACE} className="port-handle new" data-testid={`handle-${id}-new`} title={t('switch.newPortHandle', { id })} />
        </div>
      </div>
    </div>
  );
});
