/**
 * The timeline's filtered list and filter menus, kept up to date incrementally:
 * while the filter stays the same and entries are only appended, each update
 * looks at the new entries alone (the list grows 30 times a second while 100k
 * entries may be held). A new filter, or entries removed, starts over.
 */
import { filterTimeline, type TimelineEntry, type TimelineFilter } from '../../engine/view/timeline';

export class FilteredTimeline {
  private key = '';
  private epoch = -1;
  private seen = 0;
  private source: readonly TimelineEntry[] | null = null;
  /** The entries passing the filter, in order (mutated in place; read `length` after `update`). */
  readonly list: TimelineEntry[] = [];
  private readonly protocols = new Set<string>();
  private readonly nodes = new Set<string>();

  /** Bring the list up to date with `entries` (the same array grows; `epoch` changes when it was replaced or cut). */
  update(entries: readonly TimelineEntry[], filter: TimelineFilter, epoch: number): TimelineEntry[] {
    const key = JSON.stringify(filter);
    if (key !== this.key || epoch !== this.epoch || entries !== this.source || entries.length < this.seen) {
      this.key = key;
      this.epoch = epoch;
      this.source = entries;
      this.seen = 0;
      this.list.length = 0;
      this.protocols.clear();
      this.nodes.clear();
    }
    if (this.seen < entries.length) {
      const fresh = entries.slice(this.seen);
      for (const e of fresh) {
        this.protocols.add(e.protocol);
        for (const n of e.nodes) if (n !== '*') this.nodes.add(n);
      }
      for (const e of filterTimeline(fresh, filter)) this.list.push(e);
      this.seen = entries.length;
    }
    return this.list;
  }

  /** Protocols and nodes present in every entry seen (for the filter menus), sorted. */
  facets(): { protocols: string[]; nodes: string[] } {
    return { protocols: [...this.protocols].sort(), nodes: [...this.nodes].sort() };
  }
}

/** Index of the first entry with `seq ≥ cursor` in a list ordered by seq (binary search); list length if none. */
export function firstFrom(list: readonly TimelineEntry[], cursor: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].seq < cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows a virtual list draws: those in view, with a few more on each side. */
export function visibleRange(scrollTop: number, viewHeight: number, rowHeight: number, count: number, overscan = 8): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}
