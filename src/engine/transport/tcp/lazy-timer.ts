import type { EventHandle, Simulator } from '../../sim/simulator';
import type { Micros } from '../../sim/time';

/** The timers of one connection, by slot. */
export const TIMER = { RTX: 0, DELACK: 1, WAIT: 2 } as const;
export type TimerSlot = (typeof TIMER)[keyof typeof TIMER];

/**
 * A connection's timers (retransmission/persist, delayed ACK, TIME-WAIT)
 * sharing one queued event at the earliest deadline. TCP moves its
 * retransmission deadline on almost every ACK: moving a deadline later only
 * records it; the queued event fires early, sees nothing due and re-queues
 * itself for the next deadline (the kernel's sk_reset_timer costs the same
 * on every ACK; this keeps the event queue free of cancelled entries).
 */
export class TcbTimers {
  private readonly at: [Micros, Micros, Micros] = [Infinity, Infinity, Infinity];
  private handle: EventHandle | null = null;
  private handleAt: Micros = Infinity;
  private readonly tick: () => void;

  constructor(
    private readonly sim: Simulator,
    owner: { onTimer(slot: TimerSlot): void },
  ) {
    this.tick = () => {
      this.handle = null;
      this.handleAt = Infinity;
      const now = this.sim.now;
      const at = this.at;
      for (let k = 0 as TimerSlot; k < 3; k++) {
        if (at[k] <= now) {
          at[k] = Infinity;
          owner.onTimer(k);
        }
      }
      this.requeue();
    };
  }

  /** When `slot` fires (Infinity when stopped). */
  deadline(slot: TimerSlot): Micros {
    return this.at[slot];
  }

  armed(slot: TimerSlot): boolean {
    return this.at[slot] !== Infinity;
  }

  /** Fire `slot` at absolute time `t` (replacing its earlier setting). */
  set(slot: TimerSlot, t: Micros): void {
    this.at[slot] = t;
    if (t < this.handleAt) this.queue(t);
  }

  clear(slot: TimerSlot): void {
    this.at[slot] = Infinity;
  }

  /** Stop everything and drop the queued event (the connection is gone). */
  dispose(): void {
    this.at[0] = this.at[1] = this.at[2] = Infinity;
    if (this.handle) this.sim.cancel(this.handle);
    this.handle = null;
    this.handleAt = Infinity;
  }

  private requeue(): void {
    const next = Math.min(this.at[0], this.at[1], this.at[2]);
    if (next !== Infinity && next < this.handleAt) this.queue(next);
  }

  private queue(t: Micros): void {
    if (this.handle) this.sim.cancel(this.handle);
    this.handleAt = t;
    this.handle = this.sim.at(t, this.tick);
  }
}
