import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';
import { copyText } from '../share/clipboard';
import { download } from './download';
import { useExport } from './state';

/** A host's configuration (or its ipvsadm -S rules) to read, copy or download. */
export function ConfigPreview() {
  const preview = useExport((s) => s.preview);
  const t = useT();
  const [copied, setCopied] = useState<boolean | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    setCopied(null);
    if (!preview) return;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useExport.setState({ preview: null });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [preview]);
  if (!preview) return null;
  const close = () => useExport.setState({ preview: null });
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="config-preview-h" data-testid="config-preview">
        <header className="modal-head">
          <h2 id="config-preview-h">{preview.title}</h2>
          <button ref={closeRef} className="icon-btn" aria-label={t('export.close')} onClick={close}>
            ✕
          </button>
        </header>
        <textarea ref={area} className="mono config-text" data-testid="config-text" aria-labelledby="config-preview-h" readOnly value={preview.text} spellCheck={false} />
        <footer className="modal-foot">
          <span className="small" aria-live="polite">
            {copied === true && <span className="ok-text">{t('share.copied')}</span>}
            {copied === false && <span className="warn-text">{t('export.selectText')}</span>}
          </span>
          <button className="btn" data-testid="config-copy" onClick={() => void copyText(preview.text, area.current).then(setCopied)}>
            {t('export.copy')}
          </button>
          <button className="btn primary" data-testid="config-download" onClick={() => download(preview.name, 'text/plain', preview.text)}>
            {t('export.download', { name: preview.name })}
          </button>
        </footer>
      </div>
    </div>
  );
}
