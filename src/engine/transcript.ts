import type { CommandRecord } from './lab';
import { formatSeconds } from './sim/time';
import type { PacketEvent, StateEvent } from './sim/trace';
import { toHex } from './wire/bytes';

/**
 * The CLI transcript: for each typed (non-boot) command, `[<seconds>] <node>$ <line>`
 * followed by exactly what it printed, in the order the commands were typed.
 */
export function renderTranscript(records: readonly CommandRecord[]): string {
  let out = '';
  for (const r of records) {
    if (r.boot) continue;
    out += `[${formatSeconds(r.typedAt)}] ${r.node}$ ${r.line}\n`;
    out += r.output;
    if (r.output !== '' && !r.output.endsWith('\n')) out += '\n';
  }
  return out;
}

/** The trace as JSON lines, both streams merged in time order (frames as hex). */
export function renderEvents(packets: readonly PacketEvent[], states: readonly StateEvent[]): string {
  const rows: Array<{ k: number; json: string }> = [];
  packets.forEach((p) => rows.push({ k: p.seq ?? 0, json: JSON.stringify({ stream: 'packet', ...p, frame: toHex(p.frame) }) }));
  states.forEach((s) => rows.push({ k: s.seq ?? 0, json: JSON.stringify({ stream: 'state', ...s }) }));
  // Emission order, which is time order.
  rows.sort((a, b) => a.k - b.k);
  return rows.map((r) => r.json + '\n').join('');
}
