import type { ClockMsg, PlayState } from '../../worker/protocol';

/**
 * The virtual clock as the page sees it: the worker's last report plus
 * extrapolation at its rate, never past its horizon. Read every animation
 * frame, so it is a plain mutable object, not a React store.
 */
export const clock = {
  now: 0,
  rate: 0,
  horizon: 0,
  /** performance.now() when `now` was reported. */
  at: 0,
  state: 'paused' as PlayState,
  speed: 1,
  /** The latest moment of the recording (µs): the rewind scrubber spans [0, end]. */
  end: 0,
};

export function setClock(c: ClockMsg): void {
  clock.now = c.now;
  clock.rate = c.rate;
  clock.horizon = c.horizon;
  clock.at = performance.now();
  clock.state = c.state;
  clock.speed = c.speed;
  clock.end = c.end;
}

/** Virtual µs now (fractional). */
export function virtualNow(wall = performance.now()): number {
  if (clock.rate <= 0) return clock.now;
  const v = clock.now + clock.rate * (wall - clock.at);
  return Math.min(v, Math.max(clock.now, clock.horizon));
}

/** `12.345 s`: virtual seconds with three decimals, as the CLI transcript prints them. */
export const formatClock = (us: number): string => `${(Math.floor(us) / 1e6).toFixed(3)} s`;

/** `0.000 100 s` → `100 µs` style for short durations; used in the packet log. */
export function formatTime(us: number): string {
  return (Math.floor(us) / 1e6).toFixed(6);
}
