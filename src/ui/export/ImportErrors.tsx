import { useT } from '../i18n';
import { useExport } from './state';

const SHOWN = 12;

/** A lab file that could not be opened: each problem with its JSON path. The open lab is unchanged. */
export function ImportErrors() {
  const bad = useExport((s) => s.importErrors);
  const t = useT();
  if (!bad) return null;
  const { file, errors } = bad;
  return (
    <div className="banner banner-error import-errors" role="alert" data-testid="import-errors">
      <div>
        <strong>{t('export.badFile', { file })}</strong> <span className="small muted">{t('export.nothingChanged')}</span>
        <ul className="error-list small">
          {errors.slice(0, SHOWN).map((e, i) => (
            <li key={i} data-testid="import-error">
              <code>{e.path}</code> {e.message}
            </li>
          ))}
          {errors.length > SHOWN && <li className="muted">{t('export.more', { n: errors.length - SHOWN })}</li>}
        </ul>
      </div>
      <button className="btn" data-testid="import-errors-dismiss" onClick={() => useExport.setState({ importErrors: null })}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
