import { useT } from '../i18n';
import { useShare, setLinkError } from './state';

/**
 * The share link in the address could not be opened: its one-line reason, and
 * that the default lab is open instead. Rendered as text (the reason may quote
 * the link).
 */
export function ShareBanner() {
  const error = useShare((s) => s.linkError);
  const fellBack = useShare((s) => s.fellBack);
  const t = useT();
  if (!error) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="share-banner">
      <div>
        <strong>{t('share.bannerTitle')}</strong> <span data-testid="share-banner-reason">{error}</span>
        <div className="small muted">{fellBack ? t('share.bannerDefault') : t('share.bannerKept')}</div>
      </div>
      <button className="btn" data-testid="share-banner-dismiss" onClick={() => setLinkError(null)}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
