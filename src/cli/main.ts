import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { capturesByInterface } from '../engine/capture';
import { buildCheck } from '../engine/build';
import { loadScenario, parseScenarioJson } from '../engine/scenario';
import type { Scenario } from '../engine/scenario/types';
import { renderEvents, renderTranscript } from '../engine/transcript';
import { PRESETS, presetById } from '../presets';
import { parseRunArgs, UsageError } from './args';
import { runLab } from './run';
import { parseScript } from './script';

const USAGE = `usage: npm run -s lvslab -- presets
       npm run -s lvslab -- run <preset-id|file.json> [--script FILE] [--until SECONDS] [--pcap DIR] [--events FILE] [--seed N]`;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot read ${what}${code === 'ENOENT' ? ': no such file' : code ? `: ${code}` : ''}`);
  }
}

function loadSource(source: string): Scenario {
  const preset = presetById(source);
  const res = preset ? loadScenario(preset) : source.endsWith('.json') || source.includes('/') ? parseScenarioJson(readText(source, 'the scenario')) : undefined;
  if (!res) throw new UsageError(`unknown preset '${source}' (see: npm run -s lvslab -- presets)`);
  if (!res.ok) {
    const e = res.errors[0];
    const more = res.errors.length > 1 ? ` (and ${res.errors.length - 1} more)` : '';
    throw new UsageError(`${source}: invalid scenario at ${e.path}: ${e.message}${more}`);
  }
  const refused = buildCheck(res.scenario);
  if (refused) throw new UsageError(`${source}: the lab cannot boot at ${refused.path}: ${refused.message}`);
  return res.scenario;
}

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  if (cmd === 'presets') {
    for (const p of PRESETS) process.stdout.write(`${p.id}\t${p.title?.en ?? ''}\n`);
    return 0;
  }
  if (cmd !== 'run') throw new UsageError(cmd ? `unknown command '${cmd}'\n${USAGE}` : USAGE);
  const args = parseRunArgs(rest);
  const scenario = loadSource(args.source);
  const hosts = new Set(scenario.nodes.filter((n) => n.kind !== 'switch').map((n) => n.id));
  const script = args.script ? parseScript(readText(args.script, 'the script'), args.script, hosts) : [];
  const { lab, capped } = runLab(scenario, script, args);
  process.stdout.write(renderTranscript(lab.records));
  for (const r of lab.records) {
    if (r.boot && r.status !== 0) process.stderr.write(`lvslab: warning: boot line on ${r.node} failed (${r.status}): ${r.line}\n${r.output}`);
  }
  if (capped) process.stderr.write(`lvslab: ${capped}\n`);
  if (args.pcap) {
    mkdirSync(args.pcap, { recursive: true });
    for (const [key, w] of capturesByInterface(lab.world.trace.packets)) writeFileSync(join(args.pcap, `${key}.pcap`), w.toBytes());
  }
  if (args.events) writeFileSync(args.events, renderEvents(lab.world.trace.packets, lab.world.trace.states));
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`lvslab: ${e.message}\n`);
    process.exitCode = 2;
  } else throw e;
}
