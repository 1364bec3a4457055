import type { ScenarioDocV1 } from '../engine/scenario/types';

export interface HistoryEntry {
  doc: ScenarioDocV1;
  /** What the change between this document and the next one was (`Added node03`). */
  label: string;
}

/**
 * Undo/redo stacks of whole documents (they are small). Look first
 * (`nextUndo`), apply, then `commitUndo` — so a document that fails to load
 * leaves the history as it was.
 */
export class DocHistory {
  private past: HistoryEntry[] = [];
  private future: HistoryEntry[] = [];

  constructor(private readonly limit = 200) {}

  /** `before` was replaced by an edit labelled `label`. */
  record(before: ScenarioDocV1, label: string): void {
    this.past.push({ doc: before, label });
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }

  nextUndo(): HistoryEntry | undefined {
    return this.past[this.past.length - 1];
  }

  nextRedo(): HistoryEntry | undefined {
    return this.future[this.future.length - 1];
  }

  /** The undo happened: `current` is the document it replaced. */
  commitUndo(current: ScenarioDocV1): void {
    const e = this.past.pop();
    if (e) this.future.push({ doc: current, label: e.label });
  }

  commitRedo(current: ScenarioDocV1): void {
    const e = this.future.pop();
    if (e) this.past.push({ doc: current, label: e.label });
  }

  clear(): void {
    this.past = [];
    this.future = [];
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }
}
