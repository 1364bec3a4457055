import { formatIpv4, prefixToMask } from '../wire/addr';
import type { Route } from '../net/ip/route';
import type { RouteRow } from './types';

/**
 * `route -n` rows for the main table (net-tools lib/inet_gr.c): U up, G via a
 * gateway, H a host route (/32), `!` a reject route. Ref and Use are always 0
 * on Linux 2.2+ (the kernel no longer counts them).
 */
export function routeRows(main: readonly Route[]): RouteRow[] {
  return main.map((r) => {
    const reject = r.type === 'unreachable' || r.type === 'prohibit' || r.type === 'blackhole';
    let flags = reject ? '!' : 'U';
    if (r.gateway !== 0) flags += 'G';
    if (r.prefixLen === 32) flags += 'H';
    return {
      destination: formatIpv4(r.dst),
      gateway: formatIpv4(r.gateway),
      genmask: formatIpv4(prefixToMask(r.prefixLen)),
      flags,
      metric: String(r.metric),
      ref: '0',
      use: '0',
      iface: reject ? '-' : r.dev,
    };
  });
}
