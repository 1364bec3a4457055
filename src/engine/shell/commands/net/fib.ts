/**
 * FIB questions the route-changing commands ask the kernel
 * (net/ipv4/fib_semantics.c fib_check_nh): is a gateway on a directly
 * connected network, and through which device.
 */
import type { IpStack } from '../../../net/ip/stack';
import type { Route } from '../../../net/ip/route';
import { networkOf, type Ipv4 } from '../../../wire/addr';

/**
 * fib_check_nh for a gateway: a lookup that only accepts routes of link or
 * host scope (a gateway reached through another gateway is refused), on the
 * given device if one was named (`minScope` host when the route itself was
 * asked for with scope link). Answers the device, or the errno.
 */
export function nexthopDev(stack: IpStack, gw: Ipv4, oif?: string, minScope: 'link' | 'host' = 'link'): string | { errno: 'ENETUNREACH' | 'EINVAL' } {
  for (const table of ['local', 'main'] as const) {
    let best: Route | undefined;
    for (const r of stack.routes.routes) {
      if (r.table !== table || r.scope === 'global' || (minScope === 'host' && r.scope !== 'host')) continue;
      if (oif && r.dev !== oif) continue;
      if (!stack.iface(r.dev)?.up) continue;
      if (networkOf(gw, r.prefixLen) !== r.dst) continue;
      if (!best || r.prefixLen > best.prefixLen || (r.prefixLen === best.prefixLen && r.metric < best.metric)) best = r;
    }
    if (best) return best.type === 'local' || best.type === 'unicast' ? best.dev : { errno: 'EINVAL' };
  }
  return { errno: 'ENETUNREACH' };
}

/** The same route in every field (a "perfect match" for fib_table_insert). */
export function sameRoute(a: Route, b: Route): boolean {
  return (Object.keys(a) as (keyof Route)[]).every((k) => a[k] === b[k]);
}

/** inet_addr_type: what the local table says an address is (local, broadcast), else unicast. */
export function addrType(stack: IpStack, ip: Ipv4): Route['type'] {
  const r = stack.routes.lookup(ip, { table: 'local' });
  return r.found && r.route.prefixLen === 32 ? r.route.type : r.found && r.route.type === 'local' ? 'local' : 'unicast';
}
