import { benchBareHeap, benchSimulator, type Figure } from '../bench/event-core';

/**
 * `npm run -s bench`: the engine's figures, each with what it measures.
 * Targets come from the issues; the ratio to a bare baseline measured in the
 * same run keeps the core's figure comparable across machines.
 */
const figures: Figure[] = [];
const print = (f: Figure) => {
  figures.push(f);
  process.stdout.write(`${f.name.padEnd(48)} ${f.value.toLocaleString('en-US', { maximumFractionDigits: 2 }).padStart(14)} ${f.unit}${f.note ? `   (${f.note})` : ''}\n`);
};

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000_000);
// Warm up both loops so the JIT has compiled them, then take the best of three.
benchSimulator(200_000);
benchBareHeap(200_000);
const best = (f: () => { eventsPerSec: number }) => Math.max(f().eventsPerSec, f().eventsPerSec, f().eventsPerSec);
const sim = best(() => benchSimulator(EVENTS));
const bare = best(() => benchBareHeap(EVENTS));
print({ name: 'event core: events scheduled+processed', value: sim, unit: 'events/s', note: 'target ≥ 3,000,000' });
print({ name: 'bare heap baseline (same work, no simulator)', value: bare, unit: 'events/s' });
print({ name: 'event core / bare baseline', value: bare / sim, unit: '× slower', note: 'target ≤ 2' });

if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(figures) + '\n');
