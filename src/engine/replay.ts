/**
 * Rewind by replay. The engine is deterministic (same scenario + seed + inputs
 * ⇒ same trace), so the lab as it was at time T is rebuilt by constructing it
 * again and feeding it the same inputs at the same points, then running to T.
 *
 * An input is pinned by the number of simulator events executed before it
 * (`at`), not only by its time: a paused or single-stepped run may take input
 * between two events of the same microsecond, and replay must land there.
 * Inputs without `at` (written by hand) are applied at their time, after every
 * event of that microsecond.
 *
 * A topology edit that restarts the lab (a new scenario) starts a new record;
 * cable cuts and power are inputs like typing.
 */
import { Lab, type CommandRecord } from './lab';
import type { Scenario } from './scenario/types';
import type { Micros } from './sim/time';

interface InputBase {
  /** Virtual time of the input, µs. */
  t: Micros;
  /** Simulator events executed when it was given (pins it between events of the same instant). */
  at?: number;
}

export type LabInput =
  | (InputBase & { kind: 'type'; node: string; line: string })
  | (InputBase & { kind: 'interrupt'; node: string })
  | (InputBase & { kind: 'link'; link: string; up: boolean })
  | (InputBase & { kind: 'power'; node: string; on: boolean })
  /** A file saved from the web terminal's editor (vi). */
  | (InputBase & { kind: 'file'; node: string; path: string; content: string });

/** Give one input to a lab, now. */
export function applyInput(lab: Lab, input: LabInput): void {
  switch (input.kind) {
    case 'type':
      lab.type(input.node, input.line);
      return;
    case 'interrupt':
      lab.interrupt(input.node);
      return;
    case 'link':
      lab.setLink(input.link, input.up);
      return;
    case 'power':
      lab.setPower(input.node, input.on);
      return;
    case 'file':
      try {
        lab.writeFile(input.node, input.path, input.content);
      } catch {
        // A save that failed then fails again: nothing changed either time.
      }
      return;
  }
}

/**
 * A Lab with a log of what was done to it. Drive the lab through the recorder
 * (not through the Lab directly) and `inputs` is all `replayTo` needs.
 */
export class Recorder {
  readonly inputs: LabInput[];

  /** `inputs`: what was already given to `lab` (after a rewind, the inputs replayed into it). */
  constructor(
    readonly lab: Lab,
    inputs: readonly LabInput[] = [],
  ) {
    this.inputs = [...inputs];
  }

  private give(input: LabInput): void {
    const sim = this.lab.world.sim;
    const pinned = { ...input, t: sim.now, at: sim.executed } as LabInput;
    applyInput(this.lab, pinned); // throws (and is not recorded) for a node that does not exist
    this.inputs.push(pinned);
  }

  type(node: string, line: string): CommandRecord {
    this.give({ kind: 'type', node, line, t: 0 });
    return this.lab.records[this.lab.records.length - 1];
  }

  interrupt(node: string): void {
    this.give({ kind: 'interrupt', node, t: 0 });
  }

  setLink(link: string, up: boolean): void {
    this.give({ kind: 'link', link, up, t: 0 });
  }

  setPower(node: string, on: boolean): void {
    this.give({ kind: 'power', node, on, t: 0 });
  }

  /** Save a file (throws FsError, and records nothing, when the write fails). */
  writeFile(node: string, path: string, content: string): void {
    const sim = this.lab.world.sim;
    const abs = this.lab.resolvePath(node, path);
    this.lab.writeFile(node, abs, content);
    this.inputs.push({ kind: 'file', node, path: abs, content, t: sim.now, at: sim.executed });
  }
}

export interface ReplayPoint {
  /**
   * Stop after exactly this many simulator events (never past `t`), with the
   * inputs given up to that point: the step-exact position of a paused or
   * single-stepped session (`world.sim.executed` there).
   */
  events?: number;
}

/**
 * Rebuild the lab from `scenario` and `seed`, give it the inputs exactly where
 * they were given, and run it to time `t`: every event up to `t` has run.
 * Inputs given at `t` itself count only if they came in the middle of that
 * instant (events of `t` still waiting, as when single-stepping); inputs given
 * once the clock stood at `t` with the instant done come after this point.
 */
export function replayTo(scenario: Scenario, seed: number | undefined, inputs: readonly LabInput[], t: Micros, point: ReplayPoint = {}): Lab {
  return replay(scenario, seed, inputs, t, point).lab;
}

/**
 * Rewind a recorded session: the lab as it was at `t` (see `replayTo`), in a
 * Recorder holding the inputs that led there, ready to go on from that point
 * (later inputs of the old timeline are dropped, as an editor's redo would be).
 */
export function rewind(scenario: Scenario, seed: number | undefined, inputs: readonly LabInput[], t: Micros, point: ReplayPoint = {}): Recorder {
  const { lab, applied } = replay(scenario, seed, inputs, t, point);
  return new Recorder(lab, inputs.slice(0, applied));
}

function replay(scenario: Scenario, seed: number | undefined, inputs: readonly LabInput[], t: Micros, point: ReplayPoint): { lab: Lab; applied: number } {
  const lab = new Lab(scenario, seed);
  let applied = 0;
  const sim = lab.world.sim;
  const stop = point.events;
  // Inputs given at one point (same pin) stand or fall together: judged before the first of them acts.
  let judgedAt = -1;
  let midInstant = false;
  for (const input of inputs) {
    if (input.t > t) break;
    if (stop !== undefined && input.at !== undefined && input.at > stop) break;
    if (input.t < sim.now) throw new Error(`replay: inputs out of order (${input.t} µs after ${sim.now} µs)`);
    if (input.at !== undefined) {
      // Run event by event to the recorded point; it never lies past the input's time.
      while (sim.executed < input.at) {
        const next = sim.nextTime();
        if (next === undefined || next > input.t) throw new Error(`replay diverged: ${sim.executed} events run by ${sim.now} µs, input was given after ${input.at}`);
        sim.step();
      }
      if (sim.now < input.t) sim.runUntil(input.t);
      if (sim.executed !== input.at) throw new Error(`replay diverged: events between ${sim.now} µs and the input`);
      if (input.at !== judgedAt) {
        judgedAt = input.at;
        midInstant = sim.nextTime() === input.t;
      }
      if (stop === undefined && input.t === t && !midInstant) break;
    } else {
      if (input.t === t && stop === undefined) break;
      sim.runUntil(input.t);
    }
    applyInput(lab, input);
    applied++;
  }
  if (stop === undefined) {
    if (sim.now < t) sim.runUntil(t);
  } else {
    while (sim.executed < stop) {
      const next = sim.nextTime();
      if (next === undefined || next > t) break;
      sim.step();
    }
  }
  return { lab, applied };
}
