import type { Skb } from './skb';
import type { Iface } from './iface';

/** The five netfilter hook points of IPv4. */
export type HookPoint = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

/** ACCEPT lets the packet go on; DROP ends it (with a reason for the trace); STOLEN means the hook took it over (IPVS). */
export type Verdict = { v: 'accept' } | { v: 'drop'; reason: string } | { v: 'stolen' };

export const ACCEPT: Verdict = { v: 'accept' };
export const STOLEN: Verdict = { v: 'stolen' };
export const DROP = (reason: string): Verdict => ({ v: 'drop', reason });

export interface HookState {
  inDev: Iface | null;
  outDev: Iface | null;
}

export type HookFn = (skb: Skb, state: HookState) => Verdict;

/** Priorities as in include/uapi/linux/netfilter_ipv4.h: lower runs first. */
export const NF_IP_PRI = {
  CONNTRACK: -200,
  MANGLE: -150,
  NAT_DST: -100,
  FILTER: 0,
  NAT_SRC: 100,
  CONNTRACK_CONFIRM: 0x7fffffff,
} as const;

export class Netfilter {
  private hooks: Record<HookPoint, Array<{ prio: number; fn: HookFn; name: string }>> = {
    prerouting: [],
    input: [],
    forward: [],
    output: [],
    postrouting: [],
  };

  register(point: HookPoint, prio: number, name: string, fn: HookFn): void {
    const list = this.hooks[point];
    list.push({ prio, fn, name });
    list.sort((a, b) => a.prio - b.prio);
  }

  run(point: HookPoint, skb: Skb, inDev: Iface | null, outDev: Iface | null): Verdict {
    const list = this.hooks[point];
    if (list.length === 0) return ACCEPT; // most hosts have no hooks: build nothing per packet
    const state: HookState = { inDev, outDev };
    for (const h of list) {
      const v = h.fn(skb, state);
      if (v.v !== 'accept') return v;
    }
    return ACCEPT;
  }
}
