import { benchBareHeap, benchSimulator, type Figure } from '../bench/event-core';
import { benchRawHttp } from '../bench/http';
import { benchDrLoad } from '../bench/dr-load';
import { benchRewind } from '../bench/rewind';
import { benchTcpExchanges } from '../engine/transport/tcp/bench';

/**
 * `npm run -s bench`: the engine's figures, each with what it measures and
 * the issue's target. Speed is measured here, never asserted in tests.
 * `--quick` runs smaller sizes (CI smoke); `--json` appends the figures as JSON.
 */
const quick = process.argv.includes('--quick');
const figures: Figure[] = [];
const print = (f: Figure) => {
  figures.push(f);
  const v = f.value.toLocaleString('en-US', { maximumFractionDigits: f.value < 10 ? 2 : 0 });
  process.stdout.write(`${f.name.padEnd(58)} ${v.padStart(12)} ${f.unit}${f.note ? `   (${f.note})` : ''}\n`);
};
const perSec = (n: number, ms: number) => (n / ms) * 1000;

// 1. The event core, against a bare heap doing the same work in the same run.
const EVENTS = quick ? 500_000 : 5_000_000;
benchSimulator(200_000);
benchBareHeap(200_000);
const best = (f: () => { eventsPerSec: number }) => Math.max(f().eventsPerSec, f().eventsPerSec, f().eventsPerSec);
const sim = best(() => benchSimulator(EVENTS));
const bare = best(() => benchBareHeap(EVENTS));
print({ name: 'event core: events scheduled+processed', value: sim, unit: 'events/s', note: 'target ≥ 3,000,000' });
print({ name: 'bare heap baseline (same work, no simulator)', value: bare, unit: 'events/s' });
print({ name: 'event core time / bare baseline time', value: bare / sim, unit: '×', note: 'target ≤ 2' });

// 2. TCP: complete HTTP/1.0 exchanges between two hosts on one cable.
benchTcpExchanges(2_000);
{
  const n = quick ? 5_000 : 30_000;
  const t0 = performance.now();
  const r = benchTcpExchanges(n);
  const ms = performance.now() - t0;
  print({ name: 'TCP: HTTP/1.0 exchanges, two hosts', value: perSec(r.exchanges, ms), unit: 'exchanges/s', note: 'target ≥ 20,000' });
}

// 3. The same through the raw-http network: NAT router, six internet routers, real httpd.
{
  benchRawHttp(300);
  const r = benchRawHttp(quick ? 1_000 : 5_000);
  print({ name: 'raw-http: HTTP/1.0 exchanges client → www.baidu.com', value: perSec(r.exchanges, r.wallMs), unit: 'exchanges/s', note: `${r.hops / r.exchanges} frames each` });
  print({ name: 'raw-http: packet hops', value: perSec(r.hops, r.wallMs), unit: 'hops/s' });
}

// 4. IPVS under load: short HTTP connections through a wlc DR director.
{
  benchDrLoad(2_000); // warm-up, as for the other figures: the 1k window would otherwise time the JIT
  const r = benchDrLoad(quick ? 10_000 : 100_000);
  print({ name: 'DR load: connections through the director', value: perSec(r.connections, r.wallMs), unit: 'conn/s', note: 'target ≥ 10,000' });
  print({ name: 'DR load: packet hops', value: perSec(r.hops, r.wallMs), unit: 'hops/s', note: 'target ≥ 500,000' });
  for (const w of r.atTableSize) {
    print({ name: `DR load with ${w.entries.toLocaleString('en-US')} entries in the connection table`, value: w.connPerSec, unit: 'conn/s' });
  }
}

// 5. Rewind: rebuild 10 minutes of a lab with a few hundred connections.
for (const f of benchRewind()) print(f);

if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(figures) + '\n');
