/**
 * The packet inspector's questions, answered from the running lab's full
 * trace (the page keeps only recent frames). The packet index and the set of
 * IPVS directors are caught up incrementally: the trace only grows, and a
 * rebuilt or rewound lab is a new Lab with its own cache.
 */
import type { Lab } from '../engine/lab';
import { ipvsNodes } from '../engine/view/diff';
import { inspectPacket } from '../engine/view/inspect';
import { PacketIndex } from '../engine/view/packets';
import type { InspectionMsg } from './protocol';

interface Cache {
  index: PacketIndex;
  states: number;
  directors: Set<string>;
}

const caches = new WeakMap<Lab, Cache>();

function cacheOf(lab: Lab): Cache {
  let c = caches.get(lab);
  if (!c) caches.set(lab, (c = { index: new PacketIndex(), states: 0, directors: new Set() }));
  const tr = lab.world.trace;
  for (let i = c.index.packets.length; i < tr.packets.length; i++) c.index.add(tr.packets[i]);
  if (c.states < tr.states.length) {
    for (const d of ipvsNodes(tr.states.slice(c.states))) c.directors.add(d);
    c.states = tr.states.length;
  }
  return c;
}

/** The answer to `inspect`, with the selected frame's bytes to transfer. */
export function inspectMessage(lab: Lab | null, token: number, pid: number, seq: number): { msg: InspectionMsg; transfer: ArrayBuffer[] } {
  if (!lab) return { msg: { type: 'inspection', token, inspection: null }, transfer: [] };
  const c = cacheOf(lab);
  const inspection = inspectPacket(c.index, pid, seq, { directors: c.directors });
  if (!inspection.frames.length) return { msg: { type: 'inspection', token, inspection: null }, transfer: [] };
  const transfer = inspection.selected ? [inspection.selected.bytes.buffer as ArrayBuffer] : [];
  return { msg: { type: 'inspection', token, inspection }, transfer };
}
