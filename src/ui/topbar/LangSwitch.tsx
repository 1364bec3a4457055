import './rewind.css';
import { LANGS, setLang, useLang, useT } from '../i18n';

/** 中文 / English: switches the interface at once, nothing else changes. */
export function LangSwitch() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  return (
    <div className="lang-switch" role="group" aria-label={t('top.language')} title={t('top.languageTitle')} data-testid="language-switch" data-lang={lang}>
      {LANGS.map((l) => (
        <button key={l} className={`lang-btn${lang === l ? ' on' : ''}`} aria-pressed={lang === l} lang={l === 'zh' ? 'zh-CN' : 'en'} data-testid={`lang-${l}`} onClick={() => setLang(l)}>
          {t(l === 'zh' ? 'lang.zh' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}
