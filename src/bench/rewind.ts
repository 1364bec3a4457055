import { Lab } from '../engine/lab';
import { Recorder, replayTo } from '../engine/replay';
import { loadScenario } from '../engine/scenario';
import type { Scenario } from '../engine/scenario/types';
import { MICROS_PER_SEC } from '../engine/sim/time';
import { presetById } from '../presets';
import type { Figure } from './event-core';

const now = (): number => performance.now();

export interface RewindRun {
  scenario: Scenario;
  seed: number;
  recorder: Recorder;
  /** Virtual time the recorded session reached, µs. */
  end: number;
  connections: number;
}

/**
 * The session being rewound: the `lvs-dr` lab with the client opening one HTTP
 * connection through the director every `everyS` seconds for `minutes`
 * minutes (a few hundred connections by default), given through a Recorder.
 */
export function recordSession(minutes = 10, everyS = 2, seed = 1): RewindRun {
  const res = loadScenario(presetById('lvs-dr'));
  if (!res.ok) throw new Error('lvs-dr preset does not load');
  const lab = new Lab(res.scenario, seed);
  const recorder = new Recorder(lab);
  const end = minutes * 60 * MICROS_PER_SEC;
  let connections = 0;
  for (let t = MICROS_PER_SEC; t < end; t += everyS * MICROS_PER_SEC) {
    lab.world.sim.runUntil(t);
    recorder.type('client', 'curl -s 192.168.150.100');
    connections++;
  }
  lab.world.sim.runUntil(end);
  return { scenario: res.scenario, seed, recorder, end, connections };
}

/** Time to rewind the recorded session to its end (the worst case: everything is replayed), best of `runs`. */
export function benchRewind(runs = 3, minutes = 10): Figure[] {
  const session = recordSession(minutes);
  let best = Infinity;
  let events = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const lab = replayTo(session.scenario, session.seed, session.recorder.inputs, session.end);
    best = Math.min(best, now() - t0);
    events = lab.world.sim.executed;
  }
  return [
    { name: `rewind ${minutes} min of lvs-dr (${session.connections} connections)`, value: best, unit: 'ms', note: 'target < 1000' },
    { name: 'rewind: events replayed', value: events, unit: 'events' },
  ];
}
