/**
 * The selected packet as the worker describes it (src/engine/view/inspect.ts):
 * asked for when the selection changes, and asked again while new frames of
 * the same packet arrive (it is still travelling).
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { PacketInspection } from '../../engine/view/inspect';
import { engine } from '../engine/client';
import { usePackets } from '../state/packets';
import type { PacketRef } from '../state/selection';

interface InspectionState {
  /** The answer for the current selection (null until it comes, or when the packet is unknown). */
  data: PacketInspection | null;
  /** The selection the answer is for. */
  ref: PacketRef | null;
  /** Set when the worker answered that it does not know the packet. */
  missing: boolean;
  /** A node of the path the user picked (kept while the same frame stays selected). */
  focus: { seq: number; visit: number; out: number } | null;
}

export const useInspection = create<InspectionState>()(() => ({ data: null, ref: null, missing: false, focus: null }));

let token = 0;
let wanted: PacketRef | null = null;
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  engine.listen((m) => {
    // After a rewind the trace is another one: ask again.
    if (m.type === 'seeked' && wanted) return requestInspection(wanted);
    if (m.type !== 'inspection' || m.token !== token || !wanted) return;
    useInspection.setState({ data: m.inspection, ref: wanted, missing: m.inspection === null });
  });
}

/** Ask the worker about `ref` (again). */
export function requestInspection(ref: PacketRef): void {
  listen();
  wanted = ref;
  engine.send({ type: 'inspect', token: ++token, pid: ref.pid, seq: ref.seq });
}

/** Show visit `visit` (out `out`) of the path while frame `seq` is selected. */
export const focusVisit = (seq: number, visit: number, out = 0): void => useInspection.setState({ focus: { seq, visit, out } });

/** Keep the inspection of `ref` current: on selection, and while frames of the packet keep coming. */
export function useInspect(ref: PacketRef): void {
  useEffect(() => {
    const s = useInspection.getState();
    if (s.ref?.seq !== ref.seq || s.ref?.pid !== ref.pid) useInspection.setState({ missing: false, focus: s.focus?.seq === ref.seq ? s.focus : null });
    requestInspection(ref);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = usePackets.subscribe((now, before) => {
      if (now.rows === before.rows || timer) return;
      const fresh = now.rows.length && now.rows[now.rows.length - 1] !== before.rows[before.rows.length - 1];
      if (!fresh) return;
      // Only rows added since the last update can be this packet's new hops.
      const last = before.rows.length ? before.rows[before.rows.length - 1].seq : -1;
      let mine = false;
      for (let i = now.rows.length - 1; i >= 0 && now.rows[i].seq > last; i--) if (now.rows[i].pid === ref.pid) mine = true;
      if (!mine) return;
      timer = setTimeout(() => {
        timer = null;
        requestInspection(ref);
      }, 120);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
      wanted = null;
    };
  }, [ref.pid, ref.seq]);
}
