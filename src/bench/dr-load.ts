import { Task, type Program } from '../engine/os/task';
import type { ScenarioDocV1 } from '../engine/scenario/types';
import { drRealServerBoot, labHost, webServerBoot } from '../presets/lvs-common';
import { benchLab, httpExchange } from './http';

const VIP = '192.168.150.100';
const CLIENTS = 8;
const LOOPS_PER_CLIENT = 4;

/** The load lab: 8 clients, a wlc DR director, four real servers, one switch. */
function drLoadDoc(): ScenarioDocV1 {
  const servers = [12, 13, 14, 15].map((n) => ({ id: `rs${n}`, ip: `192.168.150.${n}` }));
  const clients = Array.from({ length: CLIENTS }, (_, i) => ({ id: `c${i + 1}`, ip: `192.168.150.${101 + i}` }));
  const ids = [...clients.map((c) => c.id), 'node01', ...servers.map((s) => s.id)];
  return {
    lvslab: 1,
    id: 'bench-dr-load',
    nodes: [
      ...clients.map((c) => labHost(c.id, c.ip, 0, 0)),
      labHost('node01', '192.168.150.11', 0, 0, {
        packages: ['ipvsadm'],
        boot: [`ifconfig eth0:2 ${VIP}/24`, `ipvsadm -A -t ${VIP}:80 -s wlc`, ...servers.map((s) => `ipvsadm -a -t ${VIP}:80 -r ${s.ip} -g -w 1`)],
      }),
      ...servers.map((s) => labHost(s.id, s.ip, 0, 0, { packages: ['httpd'], boot: [...drRealServerBoot(), ...webServerBoot(s.id, s.ip)] })),
      { id: 'sw', kind: 'switch', interfaces: ids.map((_, i) => ({ name: `p${i + 1}` })) },
    ],
    links: ids.map((id, i) => ({ a: { node: id, iface: 'eth0' }, b: { node: 'sw', iface: `p${i + 1}` } })),
  };
}

export interface DrLoadResult {
  connections: number;
  failures: number;
  wallMs: number;
  hops: number;
  /** Connections per wall second measured while the director's table held about N entries. */
  atTableSize: Array<{ entries: number; connPerSec: number; hopsPerSec: number }>;
  maxTable: number;
}

/**
 * Short HTTP connections through a DR director until its connection table
 * (FIN_WAIT entries live 120 s) has passed `target` entries.
 */
export function benchDrLoad(target = 100_000): DrLoadResult {
  const lab = benchLab(drLoadDoc());
  const world = lab.world;
  world.sim.runUntil(5_000_000);
  const ipvs = lab.host('node01')!.ipvs!;
  const req = `GET / HTTP/1.1\r\nUser-Agent: curl/7.29.0\r\nHost: ${VIP}\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
  let ok = 0;
  let failures = 0;
  let stop = false;
  for (let c = 1; c <= CLIENTS; c++) {
    const host = lab.host(`c${c}`)!;
    for (let l = 0; l < LOOPS_PER_CLIENT; l++) {
      const prog = function* (): Program {
        while (!stop) {
          if (yield* httpExchange(host, 0xc0a89664, 4000 + l, req)) ok++;
          else failures++;
        }
        return 0;
      };
      new Task(world.sim, prog(), () => {}).start();
    }
  }
  const marks = [1_000, 10_000, 100_000].filter((m) => m <= target);
  const windows: DrLoadResult['atTableSize'] = [];
  const t0 = performance.now();
  const hops0 = world.trace.packetCount;
  let win: { entries: number; t: number; conns: number; hops: number } | null = null;
  let maxTable = 0;
  while (world.sim.step()) {
    const size = ipvs.conns.size;
    if (size > maxTable) maxTable = size;
    if (!win && marks.length && size >= marks[0]) win = { entries: marks.shift()!, t: performance.now(), conns: ok, hops: world.trace.packetCount };
    if (win && ok - win.conns >= Math.max(500, win.entries / 10)) {
      const ms = performance.now() - win.t;
      windows.push({ entries: win.entries, connPerSec: ((ok - win.conns) / ms) * 1000, hopsPerSec: ((world.trace.packetCount - win.hops) / ms) * 1000 });
      win = null;
      if (marks.length === 0) break;
    }
  }
  stop = true;
  const wallMs = performance.now() - t0;
  return { connections: ok, failures, wallMs, hops: world.trace.packetCount - hops0, atTableSize: windows, maxTable };
}
