import { runLab } from '../cli/run';
import { parseScript } from '../cli/script';
import { loadScenario } from '../engine/scenario';
import type { ScenarioDocV1 } from '../engine/scenario/types';
import { renderTranscript } from '../engine/transcript';
import type { Lab } from '../engine/lab';
import { presetById } from '../presets';

/**
 * Run a scenario (a preset id or a document) with a CLI-style script
 * (`<seconds> <node> <command>` lines) exactly as `lvslab run --script` does,
 * and return the transcript text and the lab for further assertions.
 */
export function transcript(source: string | ScenarioDocV1, script: string, opts: { until?: number; seed?: number } = {}): { text: string; lab: Lab; capped?: string } {
  const doc = typeof source === 'string' ? presetById(source) : source;
  if (!doc) throw new Error(`unknown preset ${String(source)}`);
  const res = loadScenario(doc);
  if (!res.ok) throw new Error(`invalid scenario: ${JSON.stringify(res.errors)}`);
  const hosts = new Set(res.scenario.nodes.filter((n) => n.kind !== 'switch').map((n) => n.id));
  const lines = parseScript(script, 'script', hosts);
  const { lab, capped } = runLab(res.scenario, lines, opts);
  return { text: renderTranscript(lab.records), lab, ...(capped ? { capped } : {}) };
}

/** Output of one command only: `out(t, 'node01$ route -n')` finds the block after that header. */
export function blockOf(text: string, header: string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.replace(/^\[[\d.]+\] /, '') === header);
  if (i < 0) throw new Error(`no command '${header}' in transcript:\n${text}`);
  const out: string[] = [];
  for (let j = i + 1; j < lines.length && !/^\[\d+\.\d{3}\] \S+\$ /.test(lines[j]); j++) out.push(lines[j]);
  return out.join('\n').replace(/\n$/, '') + (out.length ? '\n' : '');
}
