import { memo } from 'react';
import type { Field, Layer } from '../../../engine/wire/field';
import type { FieldPick } from '../pure';

function Fields({ layer, fields, pick, onPick }: { layer: string; fields: readonly Field[]; pick: FieldPick | null; onPick: (p: FieldPick) => void }) {
  return (
    <ul className="field-list">
      {fields.map((f, i) => {
        const on = pick?.layer === layer && pick.key === f.key;
        return (
          <li key={`${f.key}#${i}`}>
            <button
              type="button"
              className={`field-btn${on ? ' on' : ''}`}
              aria-pressed={on}
              data-testid="field"
              data-path={`${layer}.${f.key}`}
              onClick={() => onPick({ layer, key: f.key })}
            >
              <span className="field-name">{f.name}:</span> <span className="field-value">{f.value}</span>
            </button>
            {f.children && f.children.length > 0 && <Fields layer={layer} fields={f.children} pick={pick} onPick={onPick} />}
          </li>
        );
      })}
    </ul>
  );
}

/** Every layer of the frame as Wireshark's packet tree shows it; each layer folds. */
export const LayerTree = memo(function LayerTree({ layers, pick, onPick }: { layers: readonly Layer[]; pick: FieldPick | null; onPick: (p: FieldPick) => void }) {
  return (
    <div className="layer-tree" data-testid="layer-tree" data-count={layers.length}>
      {layers.map((l, i) => (
        <details key={`${l.key}#${i}`} className="layer" data-layer={l.key} open={l.key !== 'data' || layers.length <= 3}>
          <summary>
            <strong>{l.name}</strong>
            {l.summary && <span className="layer-sum">, {l.summary}</span>}
          </summary>
          <Fields layer={l.key} fields={l.fields} pick={pick} onPick={onPick} />
        </details>
      ))}
    </div>
  );
});
