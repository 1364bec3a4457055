import type { Simulator, EventHandle } from '../sim/simulator';
import type { Micros } from '../sim/time';
import type { Signal } from './signal';

/** Why a blocked program resumed. */
export type Wake = 'signal' | 'timeout';

/**
 * What a program yields to block: on a signal, for a time, or both (a
 * timeout). `yield sleep(us)` / `yield waitFor(sig, timeout)`.
 */
export interface Block {
  signal?: Signal;
  timeout?: Micros;
}

/**
 * A program runs in virtual time as a generator: it yields Blocks and returns
 * its exit status. Generators keep the engine synchronous and deterministic
 * (promises would resume outside the event loop).
 */
export type Program = Generator<Block, number, Wake>;

export const sleep = (us: Micros): Block => ({ timeout: us });
export const waitFor = (signal: Signal, timeout?: Micros): Block => (timeout === undefined ? { signal } : { signal, timeout });

/** Thrown into a program at its blocking point by Ctrl-C (SIGINT). */
export class Interrupt extends Error {
  constructor() {
    super('interrupted');
  }
}

/**
 * Drives one Program. Resumptions are always scheduled as events (never run
 * inside the notifier's call stack), so a socket notifying its reader cannot
 * re-enter the protocol code that notified it.
 */
export class Task {
  private timer: EventHandle | null = null;
  /** The signal the program is blocked on, if any. */
  private waitingOn: Signal | null = null;
  private resumeEv: EventHandle | null = null;
  /** Why the pending resumption wakes the program. */
  private why: Wake = 'signal';
  // Bound once per task: a program blocks and resumes many times (every read of a socket).
  private readonly onSignal = () => this.wake('signal');
  private readonly onTimeout = () => {
    this.timer = null;
    this.wake('timeout');
  };
  private readonly onResume = () => {
    this.resumeEv = null;
    this.step(this.why);
  };
  done = false;
  status = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly gen: Program,
    private readonly onExit: (status: number) => void,
  ) {}

  /** Run until the first block (synchronously, in the current event). */
  start(): void {
    this.step('signal');
  }

  /** Ctrl-C: throw Interrupt into the program where it is blocked. */
  interrupt(): void {
    if (this.done) return;
    this.clearBlock();
    this.step(new Interrupt());
  }

  /** SIGKILL: end the program at once; no cleanup code of its own runs. */
  kill(status = 137): void {
    if (this.done) return;
    this.clearBlock();
    this.done = true;
    this.status = status;
    this.onExit(status);
  }

  /** Resume the program with why it woke, or throw `Interrupt` into it. */
  private step(input: Wake | Interrupt): void {
    let r: IteratorResult<Block, number>;
    try {
      r = typeof input === 'string' ? this.gen.next(input) : this.gen.throw(input);
    } catch (e) {
      if (e instanceof Interrupt) r = { done: true, value: 130 };
      else throw e;
    }
    if (r.done) {
      this.done = true;
      this.status = r.value;
      this.onExit(r.value);
      return;
    }
    const block = r.value;
    if (block.signal) {
      this.waitingOn = block.signal;
      block.signal.wait(this.onSignal);
    }
    if (block.timeout !== undefined) this.timer = this.sim.schedule(block.timeout, this.onTimeout);
    if (!block.signal && block.timeout === undefined) this.wake('signal');
  }

  private wake(why: Wake): void {
    if (this.done || this.resumeEv) return;
    this.clearBlock();
    this.why = why;
    this.resumeEv = this.sim.schedule(0, this.onResume);
  }

  private clearBlock(): void {
    if (this.timer) this.sim.cancel(this.timer);
    this.timer = null;
    if (this.waitingOn) this.waitingOn.unwait(this.onSignal);
    this.waitingOn = null;
    if (this.resumeEv) this.sim.cancel(this.resumeEv);
    this.resumeEv = null;
  }
}
