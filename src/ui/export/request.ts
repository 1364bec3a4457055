import type { ExportRequest, ExportResult } from '../../worker/protocol';
import { engine } from '../engine/client';

let token = 0;

/** Ask the worker for an export (a pcap, the captures' zip, a host's commands, the inventory). */
export function requestExport(request: ExportRequest, timeoutMs = 30_000): Promise<ExportResult> {
  const mine = ++token;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve({ ok: false, error: 'the engine did not answer' });
    }, timeoutMs);
    const off = engine.listen((m) => {
      if (m.type === 'exported' && m.token === mine) {
        clearTimeout(timer);
        off();
        resolve(m.result);
      } else if (m.type === 'fatal') {
        clearTimeout(timer);
        off();
        resolve({ ok: false, error: 'the engine stopped' });
      }
    });
    engine.send({ type: 'export', token: mine, request });
  });
}
