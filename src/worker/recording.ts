/**
 * The recording behind rewind: the scenario and seed a lab was built from, and
 * every input given to it (src/engine/replay.ts `Recorder`). Seeking to a time
 * rebuilds the lab there by deterministic replay; the inputs recorded after
 * that time are kept as the *future*, given again at their pinned points when
 * the clock plays forward, until the user gives a new input (which drops the
 * future, as an editor's redo stack is dropped by a new edit).
 */
import type { CommandRecord, Lab } from '../engine/lab';
import { Recorder, rewind, type LabInput } from '../engine/replay';
import type { Scenario } from '../engine/scenario/types';

/** A terminal as it stood at some moment: what a console showed, rebuilt from the lab's command records. */
export interface ConsoleView {
  text: string;
  prompt: string;
  /** Lines typed and not finished yet. */
  running: number;
  history: string[];
}

/** The page's terminal shows this prompt until the first command finishes (src/ui/state/terminal.ts). */
export const defaultPrompt = (node: string): string => `[root@${node} ~]# `;

const HISTORY = 100;

export class Recording {
  private rec: Recorder;
  private future: LabInput[] = [];
  /** The latest virtual time this recording reached (the end of the scrubber). */
  end = 0;
  /** node → the prompt shown after each of its typed commands finished (replay reproduces the same commands). */
  private readonly prompts = new Map<string, string[]>();

  constructor(
    readonly scenario: Scenario,
    readonly seed: number | undefined,
    lab: Lab,
  ) {
    this.rec = new Recorder(lab);
  }

  get lab(): Lab {
    return this.rec.lab;
  }

  /** Inputs recorded after the current point (given again when the clock gets there). */
  get pending(): number {
    return this.future.length;
  }

  /** Where the next recorded input is pinned, if any. */
  nextPin(): { t: number; at: number } | null {
    const f = this.future[0];
    return f ? { t: f.t, at: f.at ?? 0 } : null;
  }

  /** Give the next recorded input now (its pin has been reached). */
  replayNext(): LabInput | undefined {
    const input = this.future.shift();
    if (input) this.give(input);
    return input;
  }

  /**
   * A new input from the user. Returns true when it dropped a recorded future
   * (the history branched here).
   */
  input(input: LabInput): boolean {
    const branched = this.future.length > 0;
    this.future = [];
    this.give(input);
    return branched;
  }

  private give(input: LabInput): void {
    switch (input.kind) {
      case 'type':
        this.rec.type(input.node, input.line);
        return;
      case 'interrupt':
        this.rec.interrupt(input.node);
        return;
      case 'link':
        this.rec.setLink(input.link, input.up);
        return;
      case 'power':
        this.rec.setPower(input.node, input.on);
        return;
      case 'file':
        this.rec.writeFile(input.node, input.path, input.content);
        return;
    }
  }

  /** Rebuild the lab as it was at `t` (every event up to `t` run); later inputs become the future. */
  seek(t: number): Lab {
    const all = [...this.rec.inputs, ...this.future];
    const back = rewind(this.scenario, this.seed, all, Math.max(0, Math.floor(t)));
    this.rec = back;
    this.future = all.slice(back.inputs.length);
    return back.lab;
  }

  /** A typed command finished: remember the prompt it left, for rebuilding the terminal later. */
  commandDone(r: CommandRecord, prompt: string): void {
    const k = this.lab.records.filter((x) => !x.boot && x.node === r.node && x.endedAt !== null).length - 1;
    let list = this.prompts.get(r.node);
    if (!list) this.prompts.set(r.node, (list = []));
    if (k >= 0) list[k] = prompt;
  }

  /** Every host's terminal as of now, from the lab's command records (hosts nobody typed into are left out). */
  consoles(): Record<string, ConsoleView> {
    const out: Record<string, ConsoleView> = {};
    const seen = new Map<string, number>();
    for (const r of this.lab.records) {
      if (r.boot) continue;
      const k = seen.get(r.node) ?? 0;
      seen.set(r.node, k + 1);
      const prompts = this.prompts.get(r.node) ?? [];
      const c = (out[r.node] ??= { text: '', prompt: defaultPrompt(r.node), running: 0, history: [] });
      const before = k === 0 ? defaultPrompt(r.node) : (prompts[k - 1] ?? c.prompt);
      c.text += `${before}${r.line}\n${r.output}`;
      if (r.endedAt === null) c.running++;
      else c.prompt = prompts[k] ?? before;
      if (r.line.trim()) c.history.push(r.line);
    }
    for (const c of Object.values(out)) if (c.history.length > HISTORY) c.history = c.history.slice(-HISTORY);
    return out;
  }
}
