import { useState } from 'react';
import type { HostSnapshot, InterfaceView, SwitchSnapshot } from '../../engine/view/types';
import { engine } from '../engine/client';
import { useLab } from '../state/lab';
import { useSession } from '../state/session';
import { RoleBadges } from '../canvas/RoleBadges';
import { Table } from './Table';

function AddressField({ node, iface, value }: { node: string; iface: string; value: string[] }) {
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
      aria-label={`Addresses of ${node} ${iface} (a.b.c.d/len, comma separated)`}
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

const NEW = '\u0000new';

/** Lay a cable from a free interface without dragging (keyboard and touch): pick the other end. */
function CableTo({ node, iface }: { node: string; iface: string }) {
  const doc = useSession((s) => s.doc);
  if (!doc) return null;
  const cabled = (n: string, i: string) => doc.links.some((l) => (l.a.node === n && l.a.iface === i) || (l.b.node === n && l.b.iface === i));
  const options: Array<{ value: string; label: string }> = [];
  for (const n of doc.nodes) {
    if (n.id === node) continue;
    for (const i of n.interfaces ?? []) if (!cabled(n.id, i.name)) options.push({ value: `${n.id}\u0000${i.name}`, label: `${n.id} ${i.name}` });
    options.push({ value: `${n.id}${NEW}`, label: `${n.id} (new ${n.kind === 'switch' ? 'port' : 'interface'})` });
  }
  return (
    <select
      className="cable-to"
      aria-label={`Lay a cable from ${node} ${iface} to`}
      data-testid={`cable-to-${node}-${iface}`}
      value=""
      onChange={(e) => {
        const [other, otherIface] = e.target.value.split('\u0000');
        if (other) engine.edit({ op: 'connect', a: { node, iface }, b: { node: other, iface: otherIface === 'new' ? null : otherIface } });
      }}
    >
      <option value="">Cable to…</option>
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

function HostView({ id, snap }: { id: string; snap: HostSnapshot | undefined }) {
  const doc = useSession((s) => s.doc?.nodes.find((n) => n.id === id));
  if (!doc) return null;
  const live = snap?.interfaces ?? [];
  return (
    <>
      <section className="insp-section">
        <h3>Interfaces</h3>
        <ul className="iface-cards" data-testid="iface-table" data-count={live.length}>
          {live.map((i) => {
            const d = doc.interfaces?.find((x) => x.name === i.name);
            return (
              <li key={i.name} className="iface-card">
                <div className="iface-card-head">
                  <strong className="mono">{i.name}</strong>
                  <span className={`state state-${ifaceState(i).toLowerCase()}`}>{ifaceState(i)}</span>
                  <span className="mono muted small">{i.loopback ? 'loopback' : i.mac}</span>
                </div>
                <div className="mono small">
                  {i.addresses.map((a) => (
                    <div key={a.label + a.cidr}>
                      inet {a.cidr}
                      {a.label !== i.name && <span className="muted"> ({a.label})</span>}
                      {a.secondary && <span className="muted"> secondary</span>}
                    </div>
                  ))}
                  {i.peer && <div className="muted">cable to {i.peer}</div>}
                </div>
                {d && <AddressField node={id} iface={i.name} value={d.addresses ?? []} />}
                {d && !i.peer && <CableTo node={id} iface={i.name} />}
              </li>
            );
          })}
        </ul>
        {live.length > 0 && <p className="muted small">Editing an address changes the lab (the simulation restarts). To change it live, type <code>ifconfig</code> or <code>ip addr</code> below.</p>}
      </section>
      <Table
        caption="ARP cache"
        testId="arp-table"
        head={['Address', 'HWaddress', 'Iface', 'State']}
        empty="Empty: this host has not resolved any neighbour yet."
        rows={(snap?.arp ?? []).map((r) => [r.ip, r.mac ?? <span className="muted">(incomplete)</span>, r.dev, r.state])}
      />
      <Table
        caption="Routes (route -n)"
        testId="routes-table"
        head={['Destination', 'Gateway', 'Genmask', 'Flags', 'Iface']}
        empty="No routes."
        rows={(snap?.routes ?? []).map((r) => [r.destination, r.gateway, r.genmask, r.flags, r.iface])}
      />
      {snap && (
        <p className="muted small">
          ip_forward = {snap.ipForward ? 1 : 0}
          {snap.ipForward ? ' (forwards packets between networks)' : ''}
        </p>
      )}
    </>
  );
}

function SwitchView({ snap }: { snap: SwitchSnapshot | undefined }) {
  return (
    <>
      <Table
        caption="Ports"
        testId="ports-table"
        head={['Port', 'Cable to', 'Link']}
        empty="No ports."
        rows={(snap?.ports ?? []).map((p) => [p.name, p.peer ?? '—', p.carrier ? 'up' : 'down'])}
      />
      <Table
        caption="MAC address table"
        testId="mac-table"
        head={['MAC', 'Port', 'Age (s)']}
        empty="Empty: the switch learns a MAC from the first frame that MAC sends."
        rows={(snap?.macTable ?? []).map((r) => [r.mac, r.port, r.age])}
      />
    </>
  );
}

/** A node's interfaces, ARP cache and routes (or a switch's ports and MAC table). */
export function NodeView({ id }: { id: string }) {
  const doc = useSession((s) => s.doc?.nodes.find((n) => n.id === id));
  const snap = useLab((s) => s.snapshots[id]);
  if (!doc) return null;
  const kindLabel = doc.kind === 'switch' ? 'Switch' : doc.kind === 'router' ? 'Router (Linux)' : 'Linux host';
  return (
    <div className="insp-body" data-testid="inspector-node" data-node={id}>
      <div className="insp-head">
        <h2>{doc.name ?? id}</h2>
        <span className="muted small">
          {kindLabel}
          {doc.name && doc.name !== id ? ` · hostname ${id}` : ''}
        </span>
        <RoleBadges roles={snap?.roles ?? []} />
      </div>
      <label className="field stacked">
        <span className="field-label">Name on the canvas</span>
        <input
          key={doc.name ?? id}
          defaultValue={doc.name ?? id}
          data-testid="inspector-name"
          aria-label={`Name of ${id}`}
          onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
          onBlur={(e) => {
            const v = e.target.value.trim();
            if (v && v !== (doc.name ?? id)) engine.edit({ op: 'rename', node: id, name: v });
          }}
        />
      </label>
      {snap?.kind === 'switch' ? <SwitchView snap={snap} /> : <HostView id={id} snap={snap as HostSnapshot | undefined} />}
      <button className="btn danger" data-testid="inspector-delete" onClick={() => engine.edit({ op: 'remove', nodes: [id], links: [] })}>
        Delete {id}
      </button>
    </div>
  );
}
