import type { HostSnapshot } from '../../engine/view/types';
import { useT } from '../i18n';
import { uniqueKeys } from './pure';
import { related, useLookup, type Lookup } from './related';
import { Table, type TableRow } from './Table';

const more = (shown: number, total: number | undefined, t: ReturnType<typeof useT>) =>
  total !== undefined && total > shown ? <p className="muted small">{t('nodeview.moreRows', { n: total - shown })}</p> : null;

/** Addresses joined by arrows, wrapping between them (never inside one). */
function Flow({ parts }: { parts: string[] }) {
  return (
    <span className="flow">
      {parts.map((p, i) => (
        <span key={i} className="flow-part">
          {i > 0 && <span className="flow-arrow">→ </span>}
          {p}
        </span>
      ))}
    </span>
  );
}

function ipvsServiceRows(id: string, snap: HostSnapshot, look: Lookup): TableRow[] {
  const rows: TableRow[] = [];
  for (const s of snap.ipvs?.services ?? []) {
    const name = `${s.proto} ${s.vip}`;
    rows.push({
      key: `svc ${name}`,
      full: true,
      className: 'svc-row',
      cells: [
        <>
          <strong>{s.proto.padEnd(4, '\u00a0')} {s.vip}</strong> {s.scheduler}
          {s.flags ? ` ${s.flags}` : ''}
        </>,
      ],
      sig: `${s.scheduler} ${s.flags}`,
      related: related([id]),
    });
    for (const d of s.dests) {
      rows.push({
        key: `dest ${name} ${d.addr}`,
        className: 'dest-row',
        cells: [`  -> ${d.addr}`, d.forward, d.weight, d.active, d.inactive],
        related: related(look.node(d.addr)),
      });
    }
  }
  return rows;
}

/** A host's live tables, each as the Linux tool prints it. */
export function HostTables({ id, snap }: { id: string; snap: HostSnapshot | undefined }) {
  const t = useT();
  const look = useLookup();
  if (!snap) return null;
  const conns = snap.ipvs?.conns ?? [];
  return (
    <>
      {snap.ipvs && (
        <Table
          caption={t('nodeview.ipvs')}
          testId="ipvs-table"
          head={['Prot LocalAddress:Port / -> RemoteAddress:Port', 'Forward', 'Weight', 'Active\u00adConn', 'InAct\u00adConn']}
          empty={t('nodeview.ipvsEmpty')}
          rows={ipvsServiceRows(id, snap, look)}
        />
      )}
      {snap.ipvs && (
        <Table
          caption={t('nodeview.ipvsConns')}
          testId="ipvs-conns"
          extra={<span className="count">{snap.ipvs.connCount}</span>}
          head={['pro', 'expire', 'state', 'source → virtual → destination']}
          empty={t('nodeview.ipvsConnsEmpty')}
          rows={conns.map((c) => ({
            key: String(c.id),
            cells: [c.proto, c.expire, c.state, <Flow parts={[c.source, c.virtual, c.destination]} />],
            sig: `${c.state} ${c.destination}`,
            related: related([...look.node(c.source), ...look.node(c.destination)]),
          }))}
          note={more(conns.length, snap.ipvs.connCount, t)}
        />
      )}
      {snap.vrrp && (
        <Table
          caption={t('nodeview.vrrp')}
          testId="vrrp-table"
          head={['Instance', 'State', 'VRID', 'Priority', 'VIP']}
          empty=""
          rows={snap.vrrp.map((v) => ({
            key: v.name,
            cells: [
              v.name,
              <strong className={`vrrp-${v.state.toLowerCase()}`}>
                {v.state}
                {v.state !== 'MASTER' && v.master && <span className="vrrp-master-of">{t('nodeview.vrrpMaster', { ip: v.master })}</span>}
              </strong>,
              v.vrid,
              v.priority === v.basePriority ? v.priority : `${v.priority} (${v.basePriority})`,
              <Flow parts={v.vips} />,
            ],
            sig: `${v.state} ${v.priority} ${v.master}`,
            related: related(v.master ? look.node(v.master) : []),
          }))}
        />
      )}
      <Table
        caption={t('nodeview.arp')}
        testId="arp-table"
        head={['Address', 'HWaddress', 'Iface', 'State']}
        empty={t('nodeview.arpEmpty')}
        rows={snap.arp.map((r) => ({
          key: `${r.ip} ${r.dev}`,
          cells: [r.ip, r.mac ?? <span className="muted">(incomplete)</span>, r.dev, r.state],
          sig: `${r.mac} ${r.state}`,
          related: related(r.mac ? look.mac(r.mac) : look.node(r.ip), look.link(id, r.dev)),
        }))}
      />
      <Table
        caption={t('nodeview.routes')}
        testId="routes-table"
        head={['Destination', 'Gateway', 'Genmask', 'Flags', 'Metric', 'Iface']}
        empty={t('nodeview.noRoutes')}
        rows={snap.routes.map((r) => ({
          key: `${r.destination} ${r.genmask} ${r.gateway} ${r.iface} ${r.metric}`,
          cells: [r.destination, r.gateway, r.genmask, r.flags, r.metric, r.iface],
          related: related(r.gateway !== '0.0.0.0' ? look.node(r.gateway) : [], look.link(id, r.iface)),
        }))}
      />
      <p className="muted small ipfwd">
        ip_forward = {snap.ipForward ? 1 : 0}
        {snap.ipForward ? t('nodeview.forwards') : ''}
      </p>
      <Table
        caption={t('nodeview.sockets')}
        testId="sockets-table"
        head={['Proto', 'Recv-Q', 'Send-Q', 'Local Address → Foreign Address', 'State', 'PID/Program name']}
        empty={t('nodeview.socketsEmpty')}
        rows={uniqueKeys(snap.sockets ?? [], (s) => `${s.proto} ${s.local} ${s.foreign}`).map(([key, s]) => ({
          key,
          cells: [s.proto, s.recvQ, s.sendQ, <Flow parts={[s.local, s.foreign]} />, s.state, s.program],
          sig: `${s.state} ${s.program}`,
          related: related(s.foreign.startsWith('0.0.0.0') || s.foreign.startsWith('127.') ? [] : look.node(s.foreign)),
        }))}
        note={more(snap.sockets?.length ?? 0, snap.socketCount, t)}
      />
      {snap.nat && (
        <Table
          caption={t('nodeview.nat')}
          testId="nat-table"
          head={['Proto', 'State', t('nodeview.natFlow'), 'Expires']}
          empty=""
          mono
          rows={snap.nat.map((n) => ({
            key: String(n.id),
            cells: [n.proto, n.state || '—', <Flow parts={n.text.split(' → ')} />, n.expires],
            sig: `${n.state} ${n.text}`,
            related: related([...look.node(n.origSrc), ...look.node(n.origDst), ...look.node(n.replySrc)]),
          }))}
        />
      )}
    </>
  );
}
