import { strFromU8 } from 'fflate';
import { useEffect, useRef, useState } from 'react';
import type { ExportInventory } from '../../worker/protocol';
import { t as tr, useT } from '../i18n';
import { MenuButton } from '../share/Popover';
import { formatClock } from '../state/clock';
import { useSelection } from '../state/selection';
import { useSession } from '../state/session';
import { currentCanvasSvg, svgToPng } from './canvas-image';
import { download, fileStem } from './download';
import { openLabFile } from './import';
import { requestExport } from './request';
import { useExport } from './state';

/** Download the open lab as a pretty-printed JSON file (the worker's current document). */
export function downloadLabJson(): void {
  const doc = useSession.getState().doc;
  if (!doc) return;
  download(`${fileStem(doc.id)}.json`, 'application/json', `${JSON.stringify(doc, null, 2)}\n`);
}

/**
 * Show a host's configuration as commands (`hostAsScript`) or its IPVS rules as
 * `ipvsadm -S -n` prints them, in a dialog with Copy and Download. The
 * inspector can call this for the selected host. Resolves to an error or null.
 */
export async function showHostConfig(node: string, what: 'script' | 'ipvs'): Promise<string | null> {
  const r = await requestExport(what === 'script' ? { kind: 'host-script', node } : { kind: 'ipvs-save', node });
  if (!r.ok) return r.error;
  if (!('file' in r)) return 'unexpected answer';
  const title = what === 'script' ? tr('export.configTitle', { node }) : tr('export.ipvsSaveTitle', { node });
  useExport.setState({ preview: { title, name: r.file.name, text: strFromU8(r.file.bytes) } });
  return null;
}

/** The top bar's Export button, and the file picker that opens a lab file. */
export function ExportMenu() {
  const ready = useSession((s) => s.status === 'ready' && !!s.doc);
  const picker = useRef<HTMLInputElement>(null);
  const t = useT();
  return (
    <>
      <input
        ref={picker}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void openLabFile(f);
        }}
      />
      <MenuButton id="export" label={t('export.button')} title={t('export.title')} disabled={!ready}>
        {(close) => <ExportPanel close={close} pick={() => picker.current?.click()} />}
      </MenuButton>
    </>
  );
}

function ExportPanel({ close, pick }: { close: () => void; pick: () => void }) {
  const [inv, setInv] = useState<ExportInventory | null>(null);
  const [iface, setIface] = useState('');
  const [host, setHost] = useState('');
  const [status, setStatus] = useState<{ kind: 'busy' | 'error'; text: string } | null>(null);
  const doc = useSession((s) => s.doc);
  const t = useT();

  useEffect(() => {
    let live = true;
    void requestExport({ kind: 'inventory' }).then((r) => {
      if (!live) return;
      if (!r.ok) return setStatus({ kind: 'error', text: r.error });
      if (!('inventory' in r)) return;
      setInv(r.inventory);
      setIface((cur) => cur || r.inventory.captures[0]?.key || '');
      // The host selected on the canvas, else the director (its rules are what one usually wants), else the first.
      const selected = useSelection.getState().nodes;
      const picked = selected.length === 1 ? r.inventory.hosts.find((h) => h.id === selected[0]) : undefined;
      setHost((cur) => cur || (picked ?? r.inventory.hosts.find((h) => h.ipvs) ?? r.inventory.hosts[0])?.id || '');
    });
    return () => {
      live = false;
    };
  }, []);

  const run = async (label: string, f: () => Promise<string | null>) => {
    setStatus({ kind: 'busy', text: label });
    const err = await f().catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
    if (err) setStatus({ kind: 'error', text: err });
    else {
      setStatus(null);
      close();
    }
  };

  const file = async (req: Parameters<typeof requestExport>[0]) => {
    const r = await requestExport(req);
    if (!r.ok) return r.error;
    if (!('file' in r)) return 'unexpected answer';
    download(r.file.name, r.file.mime, r.file.bytes);
    return null;
  };

  const picture = async (kind: 'svg' | 'png') => {
    const svg = currentCanvasSvg();
    if (!svg) return 'no lab is open';
    const stem = fileStem(doc?.id, 'canvas');
    if (kind === 'svg') download(`${stem}.svg`, 'image/svg+xml', svg.svg);
    else download(`${stem}.png`, 'image/png', await svgToPng(svg));
    return null;
  };

  const selectedHost = inv?.hosts.find((h) => h.id === host);
  return (
    <div className="export-panel">
      <section className="menu-section" aria-labelledby="export-lab-h">
        <h3 id="export-lab-h">{t('export.labHeading')}</h3>
        <div className="btn-row">
          <button className="btn" data-testid="export-json" onClick={() => (downloadLabJson(), close())}>
            {t('export.downloadJson')}
          </button>
          <button className="btn" data-testid="import-json" onClick={() => (pick(), close())}>
            {t('export.open')}
          </button>
        </div>
        <p className="small muted">{t('export.dropHint')}</p>
      </section>

      <section className="menu-section" aria-labelledby="export-pcap-h">
        <h3 id="export-pcap-h">
          {t('export.pcapHeading')}
          {inv && <span className="muted small"> · {t('export.upTo', { t: formatClock(inv.t) })}</span>}
        </h3>
        {!inv ? (
          <p className="small muted">{t('export.reading')}</p>
        ) : inv.captures.length === 0 ? (
          <p className="small muted" data-testid="pcap-none">
            {t('export.noFrames')}
          </p>
        ) : (
          <>
            <div className="btn-row">
              <select data-testid="pcap-iface" aria-label={t('export.iface')} value={iface} onChange={(e) => setIface(e.target.value)}>
                {inv.captures.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.key} ({t('export.frames', { n: c.frames })})
                  </option>
                ))}
              </select>
              <button className="btn" data-testid="export-pcap" disabled={!iface} onClick={() => void run(t('export.busyCapture'), () => file({ kind: 'pcap', iface }))}>
                {t('export.pcap')}
              </button>
            </div>
            <div className="btn-row">
              <button className="btn" data-testid="export-pcap-zip" onClick={() => void run(t('export.busyZip'), () => file({ kind: 'pcap-zip' }))}>
                {t('export.zip')}
              </button>
              <span className="small muted">{t('export.zipHint')}</span>
            </div>
          </>
        )}
      </section>

      <section className="menu-section" aria-labelledby="export-pic-h">
        <h3 id="export-pic-h">{t('export.picHeading')}</h3>
        <div className="btn-row">
          <button className="btn" data-testid="export-svg" onClick={() => void run(t('export.busyDraw'), () => picture('svg'))}>
            SVG
          </button>
          <button className="btn" data-testid="export-png" onClick={() => void run(t('export.busyDraw'), () => picture('png'))}>
            PNG
          </button>
          <span className="small muted">{t('export.picHint')}</span>
        </div>
      </section>

      <section className="menu-section" aria-labelledby="export-host-h">
        <h3 id="export-host-h">{t('export.hostHeading')}</h3>
        {inv && inv.hosts.length > 0 ? (
          <div className="btn-row">
            <select data-testid="config-host" aria-label={t('export.host')} value={host} onChange={(e) => setHost(e.target.value)}>
              {inv.hosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.id}
                </option>
              ))}
            </select>
            <button className="btn" data-testid="export-host-script" disabled={!host} onClick={() => void run(t('export.busyHost'), () => showHostConfig(host, 'script'))}>
              {t('export.asCommands')}
            </button>
            <button
              className="btn"
              data-testid="export-ipvs"
              disabled={!selectedHost?.ipvs}
              title={selectedHost?.ipvs ? t('export.ipvsTitle') : t('export.noIpvs')}
              onClick={() => void run(t('export.busyHost'), () => showHostConfig(host, 'ipvs'))}
            >
              ipvsadm -S
            </button>
          </div>
        ) : (
          <p className="small muted">{inv ? t('export.noHosts') : '…'}</p>
        )}
      </section>
      {status && (
        <div className={`small ${status.kind === 'error' ? 'error-text' : 'muted'}`} data-testid="export-status" role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.text}
        </div>
      )}
    </div>
  );
}
