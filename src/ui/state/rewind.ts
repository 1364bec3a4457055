import { create } from 'zustand';

/** Rewind as the page sees it: a seek in progress, and where the lab stands in its recording. */
interface RewindState {
  /** A seek was asked for and the worker has not answered yet (the lab is being replayed). */
  seeking: boolean;
  /** Where the last seek went (µs), until the clock passes the end of the recording again. */
  rewoundTo: number | null;
  /** Recorded inputs still ahead of the current moment (played again as the clock passes them). */
  pending: number;
  /** Where the scrubber is being dragged to (µs), before it is let go. */
  dragTo: number | null;
}

export const useRewind = create<RewindState>()(() => ({ seeking: false, rewoundTo: null, pending: 0, dragTo: null }));

export function resetRewind(): void {
  useRewind.setState({ seeking: false, rewoundTo: null, pending: 0, dragTo: null });
}
