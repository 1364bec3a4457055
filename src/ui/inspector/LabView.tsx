import { pickText, rich, useLang, useT } from '../i18n';
import { useSession } from '../state/session';

/** Nothing selected: what this lab is about, and how to use the canvas. */
export function LabView() {
  const doc = useSession((s) => s.doc);
  const t = useT();
  const lang = useLang((s) => s.lang);
  const title = pickText(doc?.title, lang);
  const description = pickText(doc?.description, lang);
  return (
    <div className="insp-body" data-testid="inspector-lab">
      <div className="insp-head">
        <h2>{title ?? t('lab.yourLab')}</h2>
      </div>
      {description && <p className="small">{description}</p>}
      <section className="insp-section">
        <h3>{t('lab.howTo')}</h3>
        <ul className="small tips">
          <li>{t('lab.tipNode')}</li>
          <li>{t('lab.tipType')}</li>
          <li>{t('lab.tipCable')}</li>
          <li>{t('lab.tipPacket')}</li>
          <li>{t('lab.tipTime')}</li>
          <li>{rich(t('lab.tipKeys'), { del: <kbd>Del</kbd>, ctrl: <kbd>Ctrl</kbd>, z: <kbd>Z</kbd>, c: <kbd>C</kbd>, v: <kbd>V</kbd> })}</li>
        </ul>
      </section>
    </div>
  );
}
