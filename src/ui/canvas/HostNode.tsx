import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { HostSnapshot } from '../../engine/view/types';
import { useT } from '../i18n';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';
import { NameLabel } from './NameLabel';
import { NEW_IFACE, type LabNode } from './store';
import { RoleBadges } from './RoleBadges';

interface Row {
  name: string;
  /** Addresses with their labels (`eth0:2 192.168.150.100/24`). */
  addrs: Array<{ cidr: string; label: string }>;
  /** Can take a cable (Ethernet devices from the document). */
  port: boolean;
  cabled: boolean;
  carrier: boolean | undefined;
  up: boolean | undefined;
}

function HostIcon({ router }: { router: boolean }) {
  return router ? (
    <svg viewBox="0 0 24 24" className="node-icon" aria-hidden="true">
      <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M12 5v5m0 4v5M5 12h5m4 0h5M9.5 7.5 12 5l2.5 2.5M9.5 16.5 12 19l2.5-2.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  ) : (
    <svg viewBox="0 0 24 24" className="node-icon" aria-hidden="true">
      <rect x="3.5" y="4" width="17" height="12" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M8 20h8M12 16v4" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

/** A Linux host or router: name, role badges, and one row per interface (the cable ports). */
export const HostNode = memo(function HostNode({ id, selected }: NodeProps<LabNode>) {
  const doc = useSession((s) => s.doc?.nodes.find((n) => n.id === id));
  const links = useSession((s) => s.doc?.links);
  const snap = useLab((s) => s.snapshots[id]) as HostSnapshot | undefined;
  const t = useT();
  if (!doc) return null;
  const router = doc.kind === 'router';
  const live = snap && snap.kind !== undefined && 'interfaces' in snap ? snap.interfaces : undefined;
  const rows: Row[] = (doc.interfaces ?? []).map((i) => {
    const l = live?.find((x) => x.name === i.name);
    return {
      name: i.name,
      addrs: l ? l.addresses.map((a) => ({ cidr: a.cidr, label: a.label })) : (i.addresses ?? []).map((cidr) => ({ cidr, label: i.name })),
      port: true,
      cabled: !!links?.some((k) => (k.a.node === id && k.a.iface === i.name) || (k.b.node === id && k.b.iface === i.name)),
      carrier: l?.carrier,
      up: l?.up,
    };
  });
  // Devices the document does not list but that matter: a VIP on lo (DR/TUN real servers), tunl0.
  for (const l of live ?? []) {
    if (rows.some((r) => r.name === l.name)) continue;
    const addrs = l.addresses.filter((a) => !a.cidr.startsWith('127.'));
    if (!addrs.length) continue;
    rows.push({ name: l.name, addrs: addrs.map((a) => ({ cidr: a.cidr, label: a.label })), port: false, cabled: false, carrier: l.carrier, up: l.up });
  }
  const roles = snap?.roles ?? [];
  const name = doc.name ?? doc.id;
  return (
    <div
      className={`lab-node host-node${router ? ' router' : ''}${selected ? ' selected' : ''}${snap && !snap.powered ? ' off' : ''}`}
      data-testid={`node-${id}`}
      data-kind={doc.kind}
      data-roles={roles.join(' ')}
    >
      <header className="node-head">
        <HostIcon router={router} />
        <NameLabel id={id} name={name} />
        {name !== id && <span className="node-id">{id}</span>}
      </header>
      <RoleBadges roles={roles} />
      <ul className="iface-list">
        {rows.map((r) => {
          const state = !r.port ? 'virtual' : !r.cabled ? 'free' : r.up === false ? 'down' : r.carrier === false ? 'no-carrier' : 'up';
          return (
            <li key={r.name} className={`iface-row iface-${state}`} data-testid={`iface-${id}-${r.name}`} data-state={state}>
              <span className="iface-name">{r.name}</span>
              <span className="iface-addrs">
                {r.addrs.length === 0 && <span className="muted">{t('node.noAddress')}</span>}
                {r.addrs.map((a) => (
                  <span key={a.label + a.cidr} className="addr">
                    {a.label !== r.name && <span className="addr-label">{a.label.slice(r.name.length)}</span>}
                    {a.cidr}
                  </span>
                ))}
              </span>
              {r.port && (
                <Handle
                  type="source"
                  position={Position.Right}
                  id={r.name}
                  className="port-handle"
                  data-testid={`handle-${id}-${r.name}`}
                  title={t('node.ifaceHandle', { id, iface: r.name })}
                />
              )}
            </li>
          );
        })}
      </ul>
      <Handle
        type="source"
        position={Position.Bottom}
        id={NEW_IFACE}
        className="port-handle new corner"
        data-testid={`handle-${id}-new`}
        title={`${t('node.newIfaceTitle')} (${t('node.newIfaceHandle', { id })})`}
      >
        +
      </Handle>
    </div>
  );
});
