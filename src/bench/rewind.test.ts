import { describe, expect, it } from 'vitest';
import { replayTo } from '../engine/replay';
import { stateOf } from '../test-support/lab-state';
import { benchRewind, recordSession } from './rewind';

describe('rewind benchmark session', () => {
  it('replays 10 minutes of lvs-dr with 300 connections to the very same lab (time reported, not asserted)', () => {
    const s = recordSession();
    expect(s.connections).toBe(300);
    expect(s.recorder.inputs).toHaveLength(300);
    const outputs = s.recorder.lab.records.filter((r) => !r.boot).map((r) => r.output);
    expect(outputs.filter((o) => o === 'from node02 (192.168.150.12)\n')).toHaveLength(150);
    expect(outputs.filter((o) => o === 'from node03 (192.168.150.13)\n')).toHaveLength(150);
    const lab = replayTo(s.scenario, s.seed, s.recorder.inputs, s.end);
    expect(stateOf(lab)).toEqual(stateOf(s.recorder.lab));
    // Half-way back: the lab as it was after five minutes has half the connections behind it.
    const half = replayTo(s.scenario, s.seed, s.recorder.inputs, s.end / 2);
    expect(half.records.filter((r) => !r.boot)).toHaveLength(150);
    const [fig, events] = benchRewind(1);
    expect(fig.unit).toBe('ms');
    expect(events.value).toBe(lab.world.sim.executed);
    console.log(`${fig.name}: ${fig.value.toFixed(0)} ${fig.unit} (${events.value} events)`);
  }, 60_000);
});
