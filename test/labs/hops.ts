import type { Lab } from '../../src/engine/lab';
import type { DropEvent, HopEvent } from '../../src/engine/sim/trace';
import { summarizeFrame } from '../../src/engine/wire/summary';

/** One frame on one wire as tcpdump would print it, with when and where. */
export interface HopLine {
  /** Send time, seconds. */
  t: number;
  from: string;
  to: string;
  /** `tcpdump -n` line: `IP 192.168.150.1.43691 > 61.135.169.125.80: Flags [S], ...`. */
  line: string;
  frame: Uint8Array;
}

export const hopLines = (lab: Lab): HopLine[] =>
  lab.world.trace.packets
    .filter((p): p is HopEvent => p.type === 'hop')
    .map((h) => ({ t: h.t / 1e6, from: h.from.node, to: h.to.node, line: summarizeFrame(h.frame), frame: h.frame }));

/** Drops as `node iface: reason`, in order. */
export const dropLines = (lab: Lab): Array<{ t: number; node: string; iface?: string; reason: string }> =>
  lab.world.trace.packets
    .filter((p): p is DropEvent => p.type === 'drop')
    .map((d) => ({ t: d.t / 1e6, node: d.node, ...(d.iface ? { iface: d.iface } : {}), reason: d.reason }));

/** The output line after a command's header (`[31.000] client$ curl 192.168.150.100`). */
export const firstLineAfter = (text: string, header: string): string | undefined => {
  const lines = text.split('\n');
  const i = lines.indexOf(header);
  return i < 0 ? undefined : lines[i + 1];
};
