/// <reference lib="webworker" />
import { Lab } from '../engine/lab';
import { loadScenario } from '../engine/scenario';
import type { FromWorker, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let lab: Lab | null = null;
const post = (m: FromWorker) => self.postMessage(m);

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  try {
    if (msg.type === 'ping') return post({ type: 'pong' });
    if (msg.type === 'load') {
      const res = loadScenario(msg.doc);
      if (!res.ok) return post({ type: 'load-error', errors: res.errors });
      lab = new Lab(res.scenario, msg.seed);
      return post({ type: 'loaded', id: res.scenario.id, nodes: res.scenario.nodes.map((n) => ({ id: n.id, kind: n.kind, name: n.name })) });
    }
  } catch (e) {
    post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
  }
};
void lab;
