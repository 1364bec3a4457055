/**
 * Every event the page has heard of — hops, drops and state changes — as
 * timeline entries (src/engine/view/timeline.ts), in trace order. The list is
 * a plain array (100k entries would make a poor React state); `version` tells
 * components it grew or shrank.
 *
 * After a rewind the entries past the new moment stay, shown as the future
 * (replaying forward produces the very same events, which are not added
 * twice), until a new input branches the history and they are dropped.
 */
import { create } from 'zustand';
import { buildTimeline, type TimelineEntry } from '../../engine/view/timeline';
import type { DropMsg, HopMsg, StateMsg } from '../../worker/protocol';

/** Past this many entries the oldest tenth is forgotten. */
export const TIMELINE_MAX = 300_000;

export const timeline = {
  entries: [] as TimelineEntry[],
};

interface TimelineState {
  /** Bumped whenever `timeline.entries` changes. */
  version: number;
  /** Trace position of the lab's next event: entries from here on are the recorded future. */
  cursor: number;
  /** Bumped when entries were removed or replaced (not only appended): filters start over. */
  epoch: number;
}

export const useTimeline = create<TimelineState>()(() => ({ version: 0, cursor: 0, epoch: 0 }));

const lastSeq = (): number => timeline.entries[timeline.entries.length - 1]?.seq ?? -1;

export function resetTimeline(): void {
  timeline.entries = [];
  useTimeline.setState((s) => ({ version: s.version + 1, cursor: 0, epoch: s.epoch + 1 }));
}

/** Merge two lists already in seq order. */
function bySeq<T extends { seq: number }>(a: readonly T[], b: readonly T[]): T[] {
  if (!b.length) return a.slice();
  if (!a.length) return b.slice();
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i].seq <= b[j].seq) ? a[i++] : b[j++]);
  return out;
}

/** The events of a batch. Those the page already holds (the future after a rewind, replayed) are not added again. */
export function addToTimeline(hops: readonly HopMsg[], drops: readonly DropMsg[], states: readonly StateMsg[]): void {
  if (!hops.length && !drops.length && !states.length) return;
  const last = lastSeq();
  const packets = bySeq<HopMsg | DropMsg>(hops, drops).filter((p) => p.seq > last);
  const fresh = states.filter((s) => s.seq > last);
  let max = -1;
  for (const h of hops) max = Math.max(max, h.seq);
  for (const d of drops) max = Math.max(max, d.seq);
  for (const s of states) max = Math.max(max, s.seq);
  let removed = false;
  if (packets.length || fresh.length) {
    const added = buildTimeline(packets, fresh);
    for (const e of added) timeline.entries.push(e);
    if (timeline.entries.length > TIMELINE_MAX) {
      timeline.entries = timeline.entries.slice(Math.floor(TIMELINE_MAX / 10));
      removed = true;
    }
  }
  useTimeline.setState((s) => ({
    version: packets.length || fresh.length ? s.version + 1 : s.version,
    cursor: Math.max(s.cursor, max + 1),
    epoch: removed ? s.epoch + 1 : s.epoch,
  }));
}

/** The lab now stands at trace position `cursor` (a seek): later entries become the future. */
export function setTimelineCursor(cursor: number): void {
  useTimeline.setState({ cursor });
}

/** The history branched at `seq`: forget the entries from there on. */
export function truncateTimeline(seq: number): void {
  const e = timeline.entries;
  let n = e.length;
  while (n > 0 && e[n - 1].seq >= seq) n--;
  if (n === e.length) return;
  timeline.entries = e.slice(0, n);
  useTimeline.setState((s) => ({ version: s.version + 1, epoch: s.epoch + 1, cursor: Math.min(s.cursor, seq) }));
}

/** Hops per frame kind up to `cursor` (the legend's counts after a rewind). */
export function kindsBefore(cursor: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of timeline.entries) {
    if (e.seq >= cursor) break;
    if (e.kind === 'packet') out[e.protocol] = (out[e.protocol] ?? 0) + 1;
  }
  return out;
}
