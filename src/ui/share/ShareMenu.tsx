import { useMemo, useRef, useState } from 'react';
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import { EMBED_DEFAULTS, EMBED_PANELS, embedSnippet, encodeShareLink, labValue, normaliseOrigin, shareUrl, type EmbedConfig, type EmbedPanel } from '../../share';
import { useT } from '../i18n';
import { formatClock, virtualNow } from '../state/clock';
import { useSession } from '../state/session';
import { presetIdOf } from './boot';
import { copyText } from './clipboard';
import { MenuButton } from './Popover';

/** The app's address without query or fragment: where a link or an embed points. */
export const appBase = (): string => location.href.split(/[?#]/)[0];

/** Links longer than this may be cut by chat apps and some mail clients. */
const LONG_LINK = 2000;

type CopyState = 'idle' | 'copied' | 'select';

/** The top bar's Share button: "Copy link" and "Copy embed code". */
export function ShareMenu() {
  const ready = useSession((s) => s.status === 'ready' && !!s.doc);
  const t = useT();
  return (
    <MenuButton id="share" label={t('share.button')} title={t('share.title')} disabled={!ready}>
      {() => <SharePanel />}
    </MenuButton>
  );
}

function SharePanel() {
  const doc = useSession((s) => s.doc);
  const tr = useT();
  const [withTime, setWithTime] = useState(false);
  const [t, setT] = useState(() => Math.floor(virtualNow()));
  const [copied, setCopied] = useState<CopyState>('idle');
  const field = useRef<HTMLInputElement>(null);
  const link = useMemo(() => {
    if (!doc) return { url: '', error: 'no lab is open' };
    try {
      return { url: shareUrl(appBase(), doc, withTime ? { t } : {}), error: null };
    } catch (e) {
      return { url: '', error: e instanceof Error ? e.message : String(e) };
    }
  }, [doc, withTime, t]);

  const copy = async () => {
    setCopied((await copyText(link.url, field.current)) ? 'copied' : 'select');
  };

  return (
    <div className="share-panel">
      <section className="menu-section" aria-labelledby="share-link-h">
        <h3 id="share-link-h">{tr('share.linkHeading')}</h3>
        <p className="small muted">{tr('share.linkExplain')}</p>
        <label className="check">
          <input
            type="checkbox"
            data-testid="share-include-time"
            checked={withTime}
            onChange={(e) => {
              setT(Math.floor(virtualNow()));
              setWithTime(e.target.checked);
              setCopied('idle');
            }}
          />
          {tr('share.withTime', { t: formatClock(t) })}
        </label>
        <div className="copy-row">
          <input ref={field} className="mono link-field" data-testid="share-url" readOnly value={link.url} aria-label={tr('share.linkField')} onFocus={(e) => e.currentTarget.select()} />
          <button className="btn primary" data-testid="share-copy-link" disabled={!link.url} onClick={() => void copy()}>
            {tr('share.copyLink')}
          </button>
        </div>
        <div className="small copy-status" aria-live="polite">
          {link.error ? (
            <span className="error-text">{link.error}</span>
          ) : (
            <>
              <span data-testid="share-length" data-length={link.url.length}>
                {tr('share.length', { n: link.url.length })}
              </span>
              {link.url.length > LONG_LINK && <span className="muted"> · {tr('share.long')}</span>}
              {copied === 'copied' && (
                <span className="ok-text" data-testid="share-status">
                  {' '}
                  · {tr('share.copied')}
                </span>
              )}
              {copied === 'select' && (
                <span className="warn-text" data-testid="share-status">
                  {' '}
                  · {tr('share.selectLink')}
                </span>
              )}
            </>
          )}
        </div>
      </section>
      {doc && <EmbedSection doc={doc} />}
    </div>
  );
}

function EmbedSection({ doc }: { doc: ScenarioDocV1 }) {
  const t = useT();
  const [readonly, setReadonly] = useState(true);
  const [autoplay, setAutoplay] = useState(false);
  const [panels, setPanels] = useState<EmbedPanel[]>([...EMBED_DEFAULTS.panels]);
  const [origin, setOrigin] = useState('');
  const [copied, setCopied] = useState<CopyState>('idle');
  const field = useRef<HTMLTextAreaElement>(null);
  const originOk = origin.trim() === '' || normaliseOrigin(origin) !== null;

  const snippet = useMemo(() => {
    try {
      const preset = presetIdOf(doc);
      const config: EmbedConfig = {
        embed: true,
        source: preset ? { kind: 'preset', id: preset } : { kind: 'link', value: labValue(encodeShareLink(doc)) },
        panels: panels.length ? EMBED_PANELS.filter((p) => panels.includes(p)) : [...EMBED_DEFAULTS.panels],
        autoplay,
        readonly,
        origins: origin.trim() && normaliseOrigin(origin) ? [normaliseOrigin(origin)!] : [],
      };
      const title = doc.title?.en ?? doc.id;
      return embedSnippet(config, appBase(), { title: title ? `lvslab — ${title}` : 'lvslab lab' });
    } catch (e) {
      return `<!-- ${e instanceof Error ? e.message : String(e)} -->`;
    }
  }, [doc, panels, autoplay, readonly, origin]);

  const toggle = (p: EmbedPanel) => {
    setCopied('idle');
    setPanels((ps) => (ps.includes(p) ? ps.filter((x) => x !== p) : [...ps, p]));
  };

  return (
    <section className="menu-section" aria-labelledby="share-embed-h">
      <h3 id="share-embed-h">{t('share.embedHeading')}</h3>
      <div className="chips" role="group" aria-label={t('share.panels')}>
        {EMBED_PANELS.map((p) => (
          <label key={p} className={`chip${panels.includes(p) ? ' on' : ''}`}>
            <input type="checkbox" data-testid={`embed-panel-${p}`} checked={panels.includes(p)} onChange={() => toggle(p)} />
            {p}
          </label>
        ))}
      </div>
      <div className="row-checks">
        <label className="check">
          <input type="checkbox" data-testid="embed-readonly" checked={readonly} onChange={(e) => (setReadonly(e.target.checked), setCopied('idle'))} />
          {t('share.readonly')}
        </label>
        <label className="check">
          <input type="checkbox" data-testid="embed-autoplay" checked={autoplay} onChange={(e) => (setAutoplay(e.target.checked), setCopied('idle'))} />
          {t('share.autoplay')}
        </label>
      </div>
      <label className="field-col small">
        {t('share.origin')}
        <input
          className={`mono${originOk ? '' : ' invalid'}`}
          data-testid="embed-origins"
          placeholder="https://course.example.edu"
          value={origin}
          aria-invalid={!originOk}
          onChange={(e) => (setOrigin(e.target.value), setCopied('idle'))}
        />
      </label>
      {!originOk && <div className="small warn-text">{t('share.originBad')}</div>}
      <textarea ref={field} className="mono embed-code" data-testid="embed-code" readOnly value={snippet} rows={4} aria-label={t('share.embedCode')} onFocus={(e) => e.currentTarget.select()} />
      <div className="copy-row end">
        <span className="small" aria-live="polite">
          {copied === 'copied' && <span className="ok-text">{t('share.copied')}</span>}
          {copied === 'select' && <span className="warn-text">{t('share.selectCode')}</span>}
        </span>
        <button className="btn" data-testid="embed-copy" onClick={() => void copyText(snippet, field.current).then((ok) => setCopied(ok ? 'copied' : 'select'))}>
          {t('share.copyEmbed')}
        </button>
      </div>
    </section>
  );
}
