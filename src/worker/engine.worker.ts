/// <reference lib="webworker" />
/**
 * The engine's Web Worker: a Session driven by a ~30 Hz timer. Any exception
 * ends the session with a `fatal` message (the page offers a restart from the
 * last good document); nothing is retried here.
 */
import { Session } from './session';
import type { FromWorker, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const TICK_MS = 33;
/** The page names the worker `lvslab-engine+testhooks` to allow test hooks (dev builds, `?testhooks=1`). */
const testHooks = self.name.includes('+testhooks');

let dead = false;
const session = new Session({
  post: (m: FromWorker, transfer?: ArrayBuffer[]) => self.postMessage(m, transfer ?? []),
  now: () => performance.now(),
  testHooks,
  crash: () => {
    setTimeout(() => {
      throw new Error('debug-crash: the engine worker failed on purpose (test hook)');
    }, 0);
  },
});

function fail(e: unknown): void {
  dead = true;
  const message = e instanceof Error ? `${e.message}${e.stack ? `\n${e.stack}` : ''}` : String(e);
  self.postMessage({ type: 'fatal', message } satisfies FromWorker);
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  if (dead) return;
  try {
    session.handle(ev.data);
  } catch (e) {
    fail(e);
  }
};

function loop(): void {
  if (dead) return;
  try {
    session.tick();
  } catch (e) {
    fail(e);
    return;
  }
  setTimeout(loop, TICK_MS);
}
setTimeout(loop, TICK_MS);
