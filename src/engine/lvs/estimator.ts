import type { Ipvs } from './ipvs';
import { zeroStats, type IpvsRates, type IpvsStats } from './types';

/** ip_vs_est.c: rates are re-estimated every 2 seconds with an EWMA of weight 1/4. */
export const ESTIMATOR_PERIOD_US = 2_000_000;

interface Est {
  last: IpvsStats;
  // Scaled like the kernel: cps/pps << 10, bps << 5 (per second).
  cps: number;
  inpps: number;
  outpps: number;
  inbps: number;
  outbps: number;
}

const ests = new WeakMap<object, Est>();

function estimate(owner: { stats: IpvsStats; rates: IpvsRates }): void {
  let e = ests.get(owner);
  if (!e) {
    // ip_vs_start_estimator: the counters start from zero when the service or real server is created.
    e = { last: zeroStats(), cps: 0, inpps: 0, outpps: 0, inbps: 0, outbps: 0 };
    ests.set(owner, e);
  }
  const s = owner.stats;
  // A zeroed counter (ipvsadm -Z) restarts the deltas rather than going negative.
  const delta = (now: number, last: number) => Math.max(0, now - last);
  e.cps += (delta(s.conns, e.last.conns) * 512 - e.cps) / 4;
  e.inpps += (delta(s.inpkts, e.last.inpkts) * 512 - e.inpps) / 4;
  e.outpps += (delta(s.outpkts, e.last.outpkts) * 512 - e.outpps) / 4;
  e.inbps += (delta(s.inbytes, e.last.inbytes) * 16 - e.inbps) / 4;
  e.outbps += (delta(s.outbytes, e.last.outbytes) * 16 - e.outbps) / 4;
  e.last = { ...s };
  // ip_vs_read_estimator: round to the unit.
  owner.rates = {
    cps: Math.floor((e.cps + 0x1ff) / 1024),
    inpps: Math.floor((e.inpps + 0x1ff) / 1024),
    outpps: Math.floor((e.outpps + 0x1ff) / 1024),
    inbps: Math.floor((e.inbps + 0xf) / 32),
    outbps: Math.floor((e.outbps + 0xf) / 32),
  };
}

/** ip_vs_zero_estimator: after `ipvsadm -Z` the estimate restarts from the zeroed counters. */
export function zeroEstimator(owner: { stats: IpvsStats; rates: IpvsRates }): void {
  ests.set(owner, { last: zeroStats(), cps: 0, inpps: 0, outpps: 0, inbps: 0, outbps: 0 });
}

/** Tick every 2 s for every service and real server of this IPVS instance. */
export function startEstimator(ipvs: Ipvs): void {
  const sim = ipvs.stack.world.sim;
  const tick = () => {
    for (const svc of ipvs.services) {
      estimate(svc);
      for (const d of svc.dests) estimate(d);
    }
    sim.schedule(ESTIMATOR_PERIOD_US, tick);
  };
  sim.schedule(ESTIMATOR_PERIOD_US, tick);
}
