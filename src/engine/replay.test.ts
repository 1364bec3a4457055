import { describe, expect, it } from 'vitest';
import { presetById } from '../presets';
import { stateOf } from '../test-support/lab-state';
import { Lab } from './lab';
import { Recorder, replayTo, rewind, type LabInput } from './replay';
import { loadScenario } from './scenario';
import type { Scenario } from './scenario/types';

const S = 1_000_000;
const SEED = 7;

function scenario(id: string): Scenario {
  const res = loadScenario(presetById(id));
  if (!res.ok) throw new Error(JSON.stringify(res.errors));
  return res.scenario;
}

/**
 * A session driven the way the web app drives it: the clock advanced in
 * slices and single events, with typing (also between two events of the same
 * microsecond), Ctrl-C, a cable cut and restored, a server switched off and on.
 * Returns the recorder and the state at each checkpoint.
 */
function session() {
  const lab = new Lab(scenario('lvs-dr'), SEED);
  const rec = new Recorder(lab);
  const sim = lab.world.sim;
  /** The lab's state at checkpoints: by time (the instant done), or by event count (mid-instant). */
  const seen: Array<{ t: number; events?: number; state: ReturnType<typeof stateOf> }> = [];
  const check = (exact = false) => seen.push({ t: sim.now, ...(exact ? { events: sim.executed } : {}), state: stateOf(lab) });
  sim.runUntil(S / 2);
  rec.type('client', 'ping 192.168.150.11');
  sim.runUntil(2 * S);
  check();
  // Step into the middle of an instant and type there.
  while (sim.step() && sim.nextTime() !== sim.now);
  rec.interrupt('client');
  rec.type('client', 'curl 192.168.150.100');
  check(true);
  sim.runUntil(3 * S);
  rec.type('client', 'curl 192.168.150.100');
  sim.runUntil(5 * S);
  rec.setLink('node01:eth0--sw:p2', false);
  rec.type('client', 'curl -m 2 192.168.150.100');
  sim.runUntil(8 * S);
  check(); // before the cable is restored at this same instant
  rec.setLink('node01:eth0--sw:p2', true);
  sim.runUntil(10 * S);
  rec.setPower('node03', false);
  for (let t = 11; t < 20; t += 2) {
    sim.runUntil(t * S);
    if (t === 15) check();
    rec.type('client', 'curl -m 1 192.168.150.100');
  }
  sim.runUntil(20 * S);
  rec.setPower('node03', true);
  sim.runUntil(25 * S);
  rec.type('node01', 'ipvsadm -Lnc');
  sim.runUntil(90 * S);
  check();
  return { rec, seen };
}

describe('replayTo', () => {
  const { rec, seen } = session();

  it('records each input with its time and the events run before it', () => {
    expect(rec.inputs.map((i) => i.kind)).toEqual(['type', 'interrupt', 'type', 'type', 'link', 'type', 'link', 'power', 'type', 'type', 'type', 'type', 'type', 'power', 'type']);
    expect(rec.inputs[0]).toMatchObject({ kind: 'type', t: S / 2, node: 'client', line: 'ping 192.168.150.11' });
    const [ctrlC, curl] = [rec.inputs[1], rec.inputs[2]];
    expect(ctrlC.t).toBe(curl.t);
    expect(ctrlC.at).toBe(curl.at);
    expect(ctrlC.t).toBeGreaterThanOrEqual(2 * S);
    for (let i = 1; i < rec.inputs.length; i++) expect(rec.inputs[i].at!).toBeGreaterThanOrEqual(rec.inputs[i - 1].at!);
    // The session did what a learner would see.
    const ping = rec.lab.records.find((r) => r.line === 'ping 192.168.150.11')!;
    expect(ping.output).toMatch(/^PING 192\.168\.150\.11 \(192\.168\.150\.11\) 56\(84\) bytes of data\.\n64 bytes from 192\.168\.150\.11: icmp_seq=1 ttl=64 time=/);
    expect(ping.output).toMatch(/\n\^C\n--- 192\.168\.150\.11 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss/);
    expect(rec.lab.records.find((r) => r.line === 'curl -m 2 192.168.150.100')!.output).toMatch(/^curl: \(28\) /);
  });

  it('the lab after replayTo(t) is the lab the session had at t: ARP, IPVS connections, sockets, consoles, trace', () => {
    expect(seen.map((c) => c.t)).toEqual([2 * S, rec.inputs[1].t, 8 * S, 15 * S, 90 * S]);
    for (const { t, events, state } of seen) {
      const got = stateOf(replayTo(scenario('lvs-dr'), SEED, rec.inputs, t, events === undefined ? {} : { events }));
      expect(got, `at ${t} µs${events === undefined ? '' : `, event ${events}`}`).toEqual(state);
    }
    const end = seen[seen.length - 1].state;
    expect(end.ipvs.find(([id]) => id === 'node01')![1]).not.toBeNull();
    expect(end.arp.find(([id]) => id === 'client')![1]).not.toEqual([]);
  });

  it('a mid-instant input lands between the same two events, not after the instant', () => {
    const mid = rec.inputs[1];
    const pinned = stateOf(replayTo(scenario('lvs-dr'), SEED, rec.inputs, 3 * S));
    // Without the pin the Ctrl-C and the curl come after the whole instant: another (still deterministic) history.
    const unpinned = rec.inputs.map(({ at: _at, ...i }) => i as LabInput);
    const other = stateOf(replayTo(scenario('lvs-dr'), SEED, unpinned, 3 * S));
    expect(other.traceHash).not.toBe(pinned.traceHash);
    expect(stateOf(replayTo(scenario('lvs-dr'), SEED, unpinned, 3 * S))).toEqual(other);
    // Rewinding to that instant includes the inputs given in its middle, and the rest of the instant.
    const atMid = replayTo(scenario('lvs-dr'), SEED, rec.inputs, mid.t);
    expect(atMid.records.filter((r) => !r.boot).map((r) => r.line)).toEqual(['ping 192.168.150.11', 'curl 192.168.150.100']);
    expect(atMid.world.sim.nextTime()).toBeGreaterThan(mid.t);
  });

  it('inputs given on whole slices replay the same without their pins (scripts written by hand)', () => {
    const lab = new Lab(scenario('lvs-nat'), 3);
    const rec2 = new Recorder(lab);
    for (const t of [1, 3, 4]) {
      lab.world.sim.runUntil(t * S);
      rec2.type('client', 'curl -s 192.168.150.100');
    }
    lab.world.sim.runUntil(10 * S);
    const bare = rec2.inputs.map(({ at: _at, ...i }) => i as LabInput);
    expect(stateOf(replayTo(scenario('lvs-nat'), 3, bare, 10 * S))).toEqual(stateOf(lab));
    expect(lab.records.filter((r) => !r.boot).map((r) => r.output)).toEqual(['from node03 (10.0.0.13)\n', 'from node02 (10.0.0.12)\n', 'from node03 (10.0.0.13)\n']);
  });

  it('rewind gives a recorder at that point, which records on from there and can be rewound again', () => {
    const back = rewind(scenario('lvs-dr'), SEED, rec.inputs, 4 * S);
    expect(back.inputs).toEqual(rec.inputs.slice(0, 4));
    expect(back.lab.world.now).toBe(4 * S);
    back.type('client', 'curl 192.168.150.100');
    back.lab.world.sim.runUntil(6 * S);
    expect(back.lab.records.filter((r) => !r.boot).map((r) => r.line)).toEqual(['ping 192.168.150.11', 'curl 192.168.150.100', 'curl 192.168.150.100', 'curl 192.168.150.100']);
    expect(back.lab.records[back.lab.records.length - 1].output).toMatch(/^from node0[23] \(192\.168\.150\.1[23]\)\n$/);
    const again = replayTo(scenario('lvs-dr'), SEED, back.inputs, 6 * S);
    expect(stateOf(again)).toEqual(stateOf(back.lab));
  });

  it('refuses an input for a node that does not exist, and records nothing', () => {
    const lab = new Lab(scenario('lvs-dr'), SEED);
    const r = new Recorder(lab);
    expect(() => r.type('nosuch', 'ls')).toThrow();
    expect(() => r.type('sw', 'ls')).toThrow();
    expect(r.inputs).toEqual([]);
  });
});
