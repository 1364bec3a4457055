/**
 * Something a program can block on: data arrived on a socket, a connection
 * was established, a child exited. `notify` wakes every current waiter.
 */
export class Signal {
  private waiters: Array<() => void> = [];

  /** Register a one-shot waiter; returns a function that unregisters it. */
  wait(fn: () => void): () => void {
    this.waiters.push(fn);
    return () => this.unwait(fn);
  }

  /** Unregister a waiter that has not been notified yet. */
  unwait(fn: () => void): void {
    const i = this.waiters.indexOf(fn);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  notify(): void {
    const ws = this.waiters;
    if (ws.length === 0) return;
    if (ws.length === 1) {
      // The usual case, one program blocked on a socket: no new array.
      const w = ws.pop()!;
      w();
      return;
    }
    this.waiters = [];
    for (const w of ws) w();
  }
}
