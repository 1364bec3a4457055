import { Lab } from '../engine/lab';
import { loadScenario } from '../engine/scenario';
import { Task, waitFor, type Program } from '../engine/os/task';
import { tcpOpen } from '../engine/transport/tcp/socket';
import type { Host } from '../engine/os/host';
import { presetById } from '../presets';
import type { ScenarioDocV1 } from '../engine/scenario/types';

export interface LoadResult {
  exchanges: number;
  failures: number;
  wallMs: number;
  hops: number;
  virtualUs: number;
}

/** A lab from a preset with the trace kept only as counts (benchmarks must not grow memory per packet). */
export function benchLab(doc: ScenarioDocV1): Lab {
  const res = loadScenario(doc);
  if (!res.ok) throw new Error(`preset invalid: ${res.errors[0].message}`);
  const lab = new Lab(res.scenario);
  lab.world.trace.keepPackets = false;
  lab.world.trace.keepStates = false;
  lab.world.stormLimit = Number.MAX_SAFE_INTEGER;
  return lab;
}

/**
 * One HTTP/1.0 exchange from `client` to `dst`:80 — connect, request,
 * read the response to EOF, close — as bash's /dev/tcp or curl does it.
 */
export function* httpExchange(client: Host, dst: number, pid: number, request: string): Generator<import('../engine/os/task').Block, boolean, import('../engine/os/task').Wake> {
  const s = tcpOpen(client, dst, 80, { owner: { pid, comm: 'curl' } });
  if (typeof s === 'string') return false;
  while (s.state === 'SYN-SENT') yield waitFor(s.readable);
  if (s.state !== 'ESTABLISHED') {
    s.close();
    return false;
  }
  s.send(request);
  let got = 0;
  for (;;) {
    const d = s.read();
    if (d === null) break;
    if (d.length === 0) {
      yield waitFor(s.readable);
      continue;
    }
    got += d.length;
  }
  s.close();
  return got > 0 && !s.error;
}

/** Sequential HTTP/1.0 exchanges from `client` to www.baidu.com's server on the raw-http network (NAT and seven routers). */
export function benchRawHttp(n: number): LoadResult {
  const lab = benchLab(presetById('raw-http')!);
  const world = lab.world;
  world.sim.runUntil(5_000_000); // boot: httpd up, ARP caches warm after the first exchange
  const client = lab.host('client')!;
  const req = 'GET / HTTP/1.0\r\nUser-Agent: curl/7.29.0\r\nHost: www.baidu.com\r\nAccept: */*\r\n\r\n';
  let ok = 0;
  let failures = 0;
  const prog = function* (): Program {
    for (let i = 0; i < n; i++) {
      if (yield* httpExchange(client, 0x3d87a97d, 3000, req)) ok++;
      else failures++;
    }
    return 0;
  };
  const hops0 = world.trace.packetCount;
  const v0 = world.now;
  const t0 = performance.now();
  let done = false;
  new Task(world.sim, prog(), () => (done = true)).start();
  while (!done && world.sim.step());
  const wallMs = performance.now() - t0;
  return { exchanges: ok, failures, wallMs, hops: world.trace.packetCount - hops0, virtualUs: world.now - v0 };
}
