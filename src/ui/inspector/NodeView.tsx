import { useState } from 'react';
import type { HostSnapshot, InterfaceView, SwitchSnapshot } from '../../engine/view/types';
import { engine } from '../engine/client';
import { rich, useT } from '../i18n';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';
import { RoleBadges } from '../canvas/RoleBadges';
import { HostTables } from './HostTables';
import { related, relatedProps, useLookup } from './related';
import { Table } from './Table';

function AddressField({ node, iface, value }: { node: string; iface: string; value: string[] }) {
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? value.join(', ');
  const commit = () => {
    if (draft === null) return;
    const next = draft.split(/[\s,]+/).filter(Boolean);
    setDraft(null);
    if (next.join(',') !== value.join(',')) engine.edit({ op: 'set-addresses', node, iface, addresses: next });
  };
  return (
    <input
      className="addr-input"
      aria-label={t('nodeview.addresses', { node, iface })}
      data-testid={`addr-${node}-${iface}`}
      value={text}
      placeholder="192.168.150.21/24"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setDraft(null);
      }}
    />
  );
}

/** The kernel settings the labs change (DR real servers, routers). */
const SETTINGS = ['net.ipv4.ip_forward', 'net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce', 'net.ipv4.conf.all.rp_filter'] as const;

/** A text field that sends an edit when left or on Enter, and forgets the draft on Escape. */
function EditField({ value, label, testid, placeholder, onCommit }: { value: string; label: string; testid: string; placeholder?: string; onCommit: (v: string) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    setDraft(null);
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  return (
    <input
      className="addr-input"
      aria-label={label}
      data-testid={testid}
      value={draft ?? value}
      placeholder={placeholder}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setDraft(null);
      }}
    />
  );
}

/** The host's boot configuration that is not per interface: gateway and the ARP/forwarding sysctls. */
function HostSettings({ id }: { id: string }) {
  const t = useT();
  const node = useSession((s) => s.doc?.nodes.find((n) => n.id === id));
  if (!node || node.kind === 'switch') return null;
  return (
    <section data-testid="host-settings">
      <h3>{t('nodeview.settings')}</h3>
      <p className="muted">{t('nodeview.settingsNote')}</p>
      <label className="setting">
        <span>{t('nodeview.gateway')}</span>
        <EditField
          value={node.gateway ?? ''}
          label={t('nodeview.gatewayLabel', { node: id })}
          testid={`gateway-${id}`}
          placeholder="192.168.150.2"
          onCommit={(v) => engine.edit({ op: 'set-gateway', node: id, gateway: v || null })}
        />
      </label>
      {SETTINGS.map((key) => (
        <label className="setting" key={key}>
          <code>{key}</code>
          <EditField
            value={node.sysctl?.[key] === undefined ? '' : String(node.sysctl[key])}
            label={t('nodeview.sysctlLabel', { node: id, key })}
            testid={`sysctl-${id}-${key}`}
            placeholder={key === 'net.ipv4.ip_forward' && node.kind === 'router' ? '1' : '0'}
            onCommit={(v) => engine.edit({ op: 'set-sysctl', node: id, key, value: v || null })}
          />
        </label>
      ))}
    </section>
  );
}

const NEW = '\u0000new';

/** Lay a cable from a free interface without dragging (keyboard and touch): pick the other end. */
function CableTo({ node, iface }: { node: string; iface: string }) {
  const t = useT();
  const doc = useSession((s) => s.doc);
  if (!doc) return null;
  const cabled = (n: string, i: string) => doc.links.some((l) => (l.a.node === n && l.a.iface === i) || (l.b.node === n && l.b.iface === i));
  const options: Array<{ value: string; label: string }> = [];
  for (const n of doc.nodes) {
    if (n.id === node) continue;
    for (const i of n.interfaces ?? []) if (!cabled(n.id, i.name)) options.push({ value: `${n.id}\u0000${i.name}`, label: `${n.id} ${i.name}` });
    options.push({ value: `${n.id}${NEW}`, label: n.kind === 'switch' ? t('nodeview.newPort', { node: n.id }) : t('nodeview.newIface', { node: n.id }) });
  }
  return (
    <select
      className="cable-to"
      aria-label={t('nodeview.cableFrom', { node, iface })}
      data-testid={`cable-to-${node}-${iface}`}
      value=""
      onChange={(e) => {
        const [other, otherIface] = e.target.value.split('\u0000');
        if (other) engine.edit({ op: 'connect', a: { node, iface }, b: { node: other, iface: otherIface === 'new' ? null : otherIface } });
      }}
    >
      <option value="">{t('nodeview.cableTo')}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function ifaceState(i: InterfaceView): string {
  if (!i.up) return 'DOWN';
  if (!i.carrier) return 'NO-CARRIER';
  return 'UP';
}

function Interfaces({ id, snap }: { id: string; snap: HostSnapshot | undefined }) {
  const t = useT();
  const doc = useSession((s) => s.doc?.nodes.find((n) => n.id === id));
  const look = useLookup();
  if (!doc) return null;
  const live = snap?.interfaces ?? [];
  return (
    <details className="insp-section fold" open>
      <summary>
        <h3>{t('nodeview.interfaces')}</h3>
      </summary>
      <ul className="iface-cards" data-testid="iface-table" data-count={live.length}>
        {live.map((i) => {
          const d = doc.interfaces?.find((x) => x.name === i.name);
          const peer = i.peer?.split(':')[0];
          return (
            <li key={i.name} className="iface-card" {...relatedProps(peer ? related([peer], look.link(id, i.name)) : undefined)}>
              <div className="iface-card-head">
                <strong className="mono">{i.name}</strong>
                <span className={`state state-${ifaceState(i).toLowerCase()}`}>{ifaceState(i)}</span>
                <span className="mono muted small">{i.loopback ? t('nodeview.loopback') : i.mac}</span>
              </div>
              <div className="mono small">
                {i.addresses.map((a) => (
                  <div key={a.label + a.cidr}>
                    inet {a.cidr}
                    {a.label !== i.name && <span className="muted"> ({a.label})</span>}
                    {a.secondary && <span className="muted"> {t('nodeview.secondary')}</span>}
                  </div>
                ))}
                {i.peer && <div className="muted">{t('nodeview.cabledTo', { peer: i.peer })}</div>}
              </div>
              {d && <AddressField node={id} iface={i.name} value={d.addresses ?? []} />}
              {d && !i.peer && <CableTo node={id} iface={i.name} />}
            </li>
          );
        })}
      </ul>
      {live.length > 0 && <p className="muted small">{rich(t('nodeview.editNote'), { ifconfig: <code>ifconfig</code>, ipaddr: <code>ip addr</code> })}</p>}
    </details>
  );
}

function SwitchView({ id, snap }: { id: string; snap: SwitchSnapshot | undefined }) {
  const t = useT();
  const look = useLookup();
  return (
    <>
      <Table
        caption={t('nodeview.ports')}
        testId="ports-table"
        head={[t('nodeview.port'), t('nodeview.cableToCol'), t('nodeview.link')]}
        empty={t('nodeview.noPorts')}
        rows={(snap?.ports ?? []).map((p) => ({
          key: p.name,
          cells: [p.name, p.peer ?? '—', p.carrier ? t('nodeview.up') : t('nodeview.down')],
          related: related(p.peer ? [p.peer.split(':')[0]] : [], look.link(id, p.name)),
        }))}
      />
      <Table
        caption={t('nodeview.macTable')}
        testId="mac-table"
        head={['MAC', t('nodeview.port'), t('nodeview.age')]}
        empty={t('nodeview.macEmpty')}
        rows={(snap?.macTable ?? []).map((r) => ({ key: r.mac, cells: [r.mac, r.port, r.age], sig: r.port, related: related(look.mac(r.mac), look.link(id, r.port)) }))}
      />
    </>
  );
}

/** A node's interfaces and live tables (ARP, routes, sockets, NAT, IPVS, VRRP), or a switch's ports and MAC table. */
export function NodeView({ id }: { id: string }) {
  const t = useT();
  const doc = useSession((s) => s.doc?.nodes.find((n) => n.id === id));
  const snap = useLab((s) => s.snapshots[id]);
  if (!doc) return null;
  const kindLabel = doc.kind === 'switch' ? t('nodeview.kindSwitch') : doc.kind === 'router' ? t('nodeview.kindRouter') : t('nodeview.kindHost');
  return (
    <div className="insp-body" data-testid="inspector-node" data-node={id}>
      <div className="insp-head">
        <h2>{doc.name ?? id}</h2>
        <span className="muted small">
          {kindLabel}
          {doc.name && doc.name !== id ? t('nodeview.hostname', { id }) : ''}
        </span>
        <RoleBadges roles={snap?.roles ?? []} />
      </div>
      <label className="field stacked">
        <span className="field-label">{t('nodeview.name')}</span>
        <input
          key={doc.name ?? id}
          defaultValue={doc.name ?? id}
          data-testid="inspector-name"
          aria-label={t('nodeview.nameOf', { id })}
          onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
          onBlur={(e) => {
            const v = e.target.value.trim();
            if (v && v !== (doc.name ?? id)) engine.edit({ op: 'rename', node: id, name: v });
          }}
        />
      </label>
      {snap?.kind === 'switch' ? (
        <SwitchView id={id} snap={snap} />
      ) : (
        <>
          <Interfaces id={id} snap={snap as HostSnapshot | undefined} />
          <HostSettings id={id} />
          <HostTables id={id} snap={snap as HostSnapshot | undefined} />
        </>
      )}
      <button className="btn danger" data-testid="inspector-delete" onClick={() => engine.edit({ op: 'remove', nodes: [id], links: [] })}>
        {t('nodeview.delete', { id })}
      </button>
    </div>
  );
}
