import type { IpvsScheduler } from '../types';

/** The scheduler registry (ip_vs_sched.c's list): one module per kernel scheduler registers here. */
export const SCHEDULERS = new Map<string, IpvsScheduler>();

export function registerScheduler(s: IpvsScheduler): void {
  SCHEDULERS.set(s.name, s);
}
