/**
 * Messages between the page and the engine's Web Worker. Commands go in,
 * batched events and snapshots come out. Everything here is structured-cloneable.
 */
import type { ScenarioDocV1, ScenarioError } from '../engine/scenario/types';

export type ToWorker =
  | { type: 'load'; doc: ScenarioDocV1 | unknown; seed?: number }
  | { type: 'ping' };

export type FromWorker =
  | { type: 'loaded'; id: string | undefined; nodes: Array<{ id: string; kind: string; name: string }> }
  | { type: 'load-error'; errors: ScenarioError[] }
  | { type: 'pong' }
  | { type: 'fatal'; message: string };
