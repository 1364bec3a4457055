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
  private unwait: (() => void) | null = null;
  private resumeEv: EventHandle | null = null;
  done = false;
  status = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly gen: Program,
    private readonly onExit: (status: number) => void,
  ) {}

  /** Run until the first block (synchronously, in the current event). */
  start(): void {
    this.step(() => this.gen.next('signal'));
  }

  /** Ctrl-C: throw Interrupt into the program where it is blocked. */
  interrupt(): void {
    if (this.done) return;
    this.clearBlock();
    this.step(() => this.gen.throw(new Interrupt()));
  }

  /** SIGKILL: end the program at once; no cleanup code of its own runs. */
  kill(status = 137): void {
    if (this.done) return;
    this.clearBlock();
    this.done = true;
    this.status = status;
    this.onExit(status);
  }

  private step(advance: () => IteratorResult<Block, number>): void {
    let r: IteratorResult<Block, number>;
    try {
      r = advance();
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
      this.unwait = block.signal.wait(() => this.wake('signal'));
    }
    if (block.timeout !== undefined) {
      this.timer = this.sim.schedule(block.timeout, () => {
        this.timer = null;
        this.wake('timeout');
      });
    }
    if (!block.signal && block.timeout === undefined) this.wake('signal');
  }

  private wake(why: Wake): void {
    if (this.done || this.resumeEv) return;
    this.clearBlock();
    this.resumeEv = this.sim.schedule(0, () => {
      this.resumeEv = null;
      this.step(() => this.gen.next(why));
    });
  }

  private clearBlock(): void {
    if (this.timer) this.sim.cancel(this.timer);
    this.timer = null;
    if (this.unwait) this.unwait();
    this.unwait = null;
    if (this.resumeEv) this.sim.cancel(this.resumeEv);
    this.resumeEv = null;
  }
}
