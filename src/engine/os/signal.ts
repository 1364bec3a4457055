/**
 * Something a program can block on: data arrived on a socket, a connection
 * was established, a child exited. `notify` wakes every current waiter.
 */
export class Signal {
  private waiters: Array<() => void> = [];

  /** Register a one-shot waiter; returns a function that unregisters it. */
  wait(fn: () => void): () => void {
    this.waiters.push(fn);
    return () => {
      const i = this.waiters.indexOf(fn);
      if (i >= 0) this.waiters.splice(i, 1);
    };
  }

  notify(): void {
    if (this.waiters.length === 0) return;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
}
