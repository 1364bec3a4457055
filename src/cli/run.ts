import { Lab } from '../engine/lab';
import type { Scenario } from '../engine/scenario/types';
import { MICROS_PER_SEC } from '../engine/sim/time';
import type { ScriptLine } from './script';

/** An IPv4 frame carrying protocol 112 (VRRP). */
const isVrrpAdvert = (f: Uint8Array): boolean => f.length > 23 && f[12] === 0x08 && f[13] === 0x00 && f[23] === 112;

/** Stop the default run after this long with no frames on any wire once every command is done. */
export const QUIET_US = 1 * MICROS_PER_SEC;
/** Labs with periodic traffic (VRRP adverts, health checks) are never quiet: stop this long after the last command at the latest. */
export const GRACE_US = 5 * MICROS_PER_SEC;
/** Safety caps for a run without --until: virtual time and events. */
export const CAP_US = 3600 * MICROS_PER_SEC;
export const CAP_EVENTS = 20_000_000;

export interface RunResult {
  lab: Lab;
  /** Set when the safety cap stopped the run. */
  capped?: string;
}

/** Build the lab, feed the script, and simulate (to `until`, or until quiet). */
export function runLab(scenario: Scenario, script: ScriptLine[], opts: { until?: number; seed?: number }): RunResult {
  const lab = new Lab(scenario, opts.seed);
  const world = lab.world;
  let lastActivity = 0;
  // VRRP adverts cross the wire every advert_int for as long as keepalived runs:
  // they are the network's heartbeat, not activity the run should wait for.
  world.trace.listen({
    packet: (p) => {
      if (isVrrpAdvert(p.frame)) return;
      lastActivity = Math.max(lastActivity, p.type === 'hop' ? p.arrive : p.t);
    },
  });
  let lastCommandEnd = 0;
  lab.onCommandDone = () => {
    lastActivity = Math.max(lastActivity, world.now);
    lastCommandEnd = world.now;
  };
  let pendingScript = script.length;
  for (const s of script) {
    world.sim.at(Math.round(s.at * MICROS_PER_SEC), () => {
      pendingScript--;
      if (s.line === '^C') lab.interrupt(s.node);
      else lab.type(s.node, s.line);
    });
  }
  if (opts.until !== undefined) {
    world.sim.runUntil(Math.round(opts.until * MICROS_PER_SEC));
    return { lab };
  }
  const startEvents = world.sim.executed;
  for (;;) {
    const next = world.sim.nextTime();
    if (next === undefined) break;
    const idle = pendingScript === 0 && !lab.busy;
    if (idle && (next - Math.max(lastActivity, world.now) >= QUIET_US || next - lastCommandEnd > GRACE_US)) break;
    if (next > CAP_US || world.sim.executed - startEvents > CAP_EVENTS) {
      return { lab, capped: `stopped at the safety cap (${(world.now / MICROS_PER_SEC).toFixed(3)} s, ${world.sim.executed - startEvents} events): a command may still be running (ping without -c?) — pass --until to choose the end` };
    }
    world.sim.step();
  }
  return { lab };
}
