/**
 * `vi FILE` in the web terminal: the file in a text box over the terminal,
 * with vim's commands as buttons — :w (also Ctrl-S), :wq, :q and :q! — and
 * vim's message line. Tab indents; Shift+Tab leaves the text box.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n';
import { closeEditor, saveEditor, setEditorText, useEditors } from './editor-state';

export function Editor({ node, onClosed }: { node: string; onClosed: () => void }) {
  const t = useT();
  const e = useEditors((s) => s.editors[node]);
  const area = useRef<HTMLTextAreaElement>(null);
  const [name, setName] = useState('');
  const titleId = useId();
  const statusId = useId();
  const loading = e?.loading;

  useEffect(() => {
    if (!loading) area.current?.focus();
  }, [loading]);

  if (!e) return null;
  const label = e.path ?? e.file ?? '[No Name]';
  const modified = e.text !== e.saved;
  const needsName = !e.file && !e.path;

  const close = () => {
    closeEditor(node);
    onClosed();
  };
  const save = (): Promise<boolean> => saveEditor(node, needsName && name.trim() ? name.trim() : undefined);
  const saveQuit = async () => {
    if (await save()) close();
  };
  const quit = () => {
    if (modified) useEditors.setState((s) => ({ editors: { ...s.editors, [node]: { ...s.editors[node], status: 'E37: No write since last change (add ! to override)', error: true } } }));
    else close();
  };

  const onKey = (ev: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 's') {
      ev.preventDefault();
      void save();
    } else if (ev.key === 'Tab' && !ev.shiftKey && !ev.ctrlKey && !ev.altKey && !ev.metaKey) {
      // A tab character, as vim inserts (keepalived.conf is indented); Shift+Tab still moves the focus.
      ev.preventDefault();
      const t = ev.currentTarget;
      // Edit the text box in place (the caret stays after the tab), then tell the state.
      t.setRangeText('\t', t.selectionStart, t.selectionEnd, 'end');
      setEditorText(node, t.value);
    }
  };

  return (
    <div className="vi-editor" role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={statusId} data-testid="vi-editor" data-node={node}>
      <div className="vi-head">
        <h2 id={titleId} className="vi-title">
          <span className="vi-cmd">vi</span> <span className="mono">{label}</span>
          {modified && <span className="vi-modified"> [+]</span>}
        </h2>
        <div className="vi-actions">
          <button className="btn small primary" data-testid="vi-save" onClick={() => void save()} disabled={e.loading || e.saving || e.unusable} title={t('vi.saveTitle')}>
            {t('vi.save')} <kbd>:w</kbd>
          </button>
          <button className="btn small" data-testid="vi-save-quit" onClick={() => void saveQuit()} disabled={e.loading || e.saving || e.unusable}>
            {t('vi.saveQuit')} <kbd>:wq</kbd>
          </button>
          <button className="btn small" data-testid="vi-quit" onClick={quit}>
            {t('vi.quit')} <kbd>:q</kbd>
          </button>
          <button className="btn small" data-testid="vi-discard" onClick={close}>
            {t('vi.discard')} <kbd>:q!</kbd>
          </button>
        </div>
      </div>
      {needsName && (
        <label className="vi-name field">
          <span className="field-label">{t('vi.fileName')}</span>
          <input className="mono" data-testid="vi-name" value={name} onChange={(ev) => setName(ev.target.value)} placeholder="/etc/keepalived/keepalived.conf" />
        </label>
      )}
      <textarea
        ref={area}
        className="vi-text mono"
        data-testid="vi-text"
        aria-label={t('vi.contents', { file: label })}
        aria-describedby={statusId}
        value={e.text}
        readOnly={e.loading}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        onChange={(ev) => setEditorText(node, ev.target.value)}
        onKeyDown={onKey}
      />
      <p id={statusId} className={`vi-status mono${e.error ? ' error' : ''}`} data-testid="vi-status" aria-live="polite">
        {e.loading ? t('vi.reading') : e.status}
      </p>
    </div>
  );
}
