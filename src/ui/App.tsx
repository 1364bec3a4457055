import { useEffect, useState } from 'react';
import { DEFAULT_PRESET_ID, presetById } from '../presets';
import type { FromWorker } from '../worker/protocol';

/** A thin shell: the real canvas, inspector and terminal arrive with the web-app issue. */
export function App() {
  const [nodes, setNodes] = useState<Array<{ id: string; kind: string; name: string }>>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (m.type === 'loaded') setNodes(m.nodes);
      else if (m.type === 'load-error') setError(m.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
      else if (m.type === 'fatal') setError(m.message);
    };
    worker.onerror = (e) => setError(e.message || 'the engine stopped');
    worker.postMessage({ type: 'load', doc: presetById(DEFAULT_PRESET_ID) });
    return () => worker.terminate();
  }, []);

  return (
    <main data-testid="app" style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>lvslab</h1>
      <p>See every packet of a Linux Virtual Server load balancer.</p>
      {error && <pre role="alert">{error}</pre>}
      <ul data-testid="node-list" data-count={nodes.length}>
        {nodes.map((n) => (
          <li key={n.id}>
            {n.name} ({n.kind})
          </li>
        ))}
      </ul>
    </main>
  );
}
