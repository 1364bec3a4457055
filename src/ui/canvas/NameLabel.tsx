import { useState, type KeyboardEvent } from 'react';
import { engine } from '../engine/client';
import { useT } from '../i18n';

/** A node's name; double-click (or Enter when focused) to rename it in place. */
export function NameLabel({ id, name }: { id: string; name: string }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  const t = useT();
  const commit = () => {
    setEditing(false);
    if (draft.trim() && draft.trim() !== name) engine.edit({ op: 'rename', node: id, name: draft.trim() });
  };
  if (editing) {
    return (
      <input
        className="name-input nodrag"
        aria-label={t('node.newName', { id })}
        data-testid={`rename-${id}`}
        autoFocus
        value={draft}
        maxLength={64}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          e.stopPropagation();
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setEditing(false);
        }}
      />
    );
  }
  return (
    <span
      className="node-name"
      title={t('node.renameTitle')}
      data-testid={`name-${id}`}
      onDoubleClick={(e) => {
        e.stopPropagation();
        setDraft(name);
        setEditing(true);
      }}
    >
      {name}
    </span>
  );
}
