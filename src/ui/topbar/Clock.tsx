import { useEffect, useRef } from 'react';
import { formatClock, virtualNow } from '../state/clock';

/** The virtual clock, updated every animation frame without React renders. */
export function Clock() {
  const ref = useRef<HTMLOutputElement>(null);
  useEffect(() => {
    let raf = 0;
    let last = '';
    const tick = () => {
      raf = requestAnimationFrame(tick);
      const v = virtualNow();
      const text = formatClock(v);
      if (text !== last && ref.current) {
        last = text;
        ref.current.textContent = text;
        ref.current.dataset.us = String(Math.floor(v));
      }
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, []);
  return (
    <output ref={ref} className="clock" data-testid="clock" data-us="0" aria-label="Virtual time" title="Virtual time since the lab started">
      0.000 s
    </output>
  );
}
