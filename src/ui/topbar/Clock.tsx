import { useEffect, useRef } from 'react';
import { useT } from '../i18n';
import { formatClock, virtualNow } from '../state/clock';

/** The virtual clock, updated every animation frame without React renders. */
export function Clock() {
  const ref = useRef<HTMLOutputElement>(null);
  const t = useT();
  useEffect(() => {
    let raf = 0;
    let last = '';
    let lastUs = -1;
    const tick = () => {
      raf = requestAnimationFrame(tick);
      const el = ref.current;
      if (!el) return;
      const us = Math.floor(virtualNow());
      if (us === lastUs) return;
      lastUs = us;
      el.dataset.us = String(us);
      const text = formatClock(us);
      if (text !== last) {
        last = text;
        el.textContent = text;
      }
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, []);
  return (
    <output ref={ref} className="clock" data-testid="clock" data-us="0" aria-label={t('clock.label')} title={t('clock.title')}>
      0.000 s
    </output>
  );
}
