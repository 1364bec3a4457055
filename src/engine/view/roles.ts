import type { IpStack } from '../net/ip/stack';
import type { RoleBadge } from './types';

/** Count the entries of a Map, Set, array or `{ size }`/`{ length }` object; 0 for anything else. */
function countOf(x: unknown): number {
  if (x === null || x === undefined) return 0;
  if (x instanceof Map || x instanceof Set) return x.size;
  if (Array.isArray(x)) return x.length;
  if (typeof x === 'object') {
    const o = x as { size?: unknown; length?: unknown };
    if (typeof o.size === 'number') return o.size;
    if (typeof o.length === 'number') return o.length;
  }
  return 0;
}

/** Iterate the values of a Map, Set, array or plain object. */
function valuesOf(x: unknown): unknown[] {
  if (x === null || x === undefined) return [];
  if (x instanceof Map || x instanceof Set) return [...x.values()];
  if (Array.isArray(x)) return x;
  if (typeof x === 'object') return Object.values(x as Record<string, unknown>);
  return [];
}

/**
 * The IPVS part of a host, as a later issue will attach it (`host.ipvs`). Read
 * defensively: a director is a host with at least one virtual service.
 */
function ipvsServiceCount(ipvs: unknown): number {
  if (!ipvs || typeof ipvs !== 'object') return 0;
  const o = ipvs as { services?: unknown; serviceCount?: unknown };
  if (typeof o.serviceCount === 'number') return o.serviceCount;
  if (typeof o.serviceCount === 'function') {
    const n = (o.serviceCount as () => unknown).call(ipvs);
    return typeof n === 'number' ? n : 0;
  }
  if (typeof o.services === 'function') return countOf((o.services as () => unknown).call(ipvs));
  return countOf(o.services);
}

/** VRRP states of the host's instances (`host.vrrp`: one instance, or a collection of them, each with `state`). */
function vrrpStates(vrrp: unknown): string[] {
  if (!vrrp || typeof vrrp !== 'object') return [];
  const o = vrrp as { state?: unknown; instances?: unknown };
  if (typeof o.state === 'string') return [o.state];
  const list = o.instances !== undefined ? valuesOf(o.instances) : valuesOf(vrrp);
  const out: string[] = [];
  for (const i of list) {
    const s = i && typeof i === 'object' ? (i as { state?: unknown }).state : undefined;
    if (typeof s === 'string') out.push(s);
  }
  return out;
}

/** A host's optional subsystems, attached by later issues. */
export interface RoleSources {
  ipvs?: unknown;
  vrrp?: unknown;
}

/**
 * Role badges from live state: DIRECTOR (IPVS services defined), RS (a VIP
 * held on lo outside 127/8 — the DR/TUN real server's trick), ROUTER
 * (ip_forward=1), MASTER / BACKUP / FAULT (keepalived's VRRP state).
 */
export function rolesOf(stack: IpStack, extra: RoleSources): RoleBadge[] {
  const roles: RoleBadge[] = [];
  if (ipvsServiceCount(extra.ipvs) > 0) roles.push('DIRECTOR');
  const lo = stack.iface('lo');
  if (lo && lo.addrs.some((a) => a.ip >>> 24 !== 127)) roles.push('RS');
  if (stack.sysctl.ipForward) roles.push('ROUTER');
  const states = vrrpStates(extra.vrrp).map((s) => s.toUpperCase());
  // With several instances, the most important state wins the badge.
  for (const s of ['MASTER', 'BACKUP', 'FAULT'] as const) {
    if (states.includes(s)) {
      roles.push(s);
      break;
    }
  }
  return roles;
}
