import { networkOf, prefixToMask, type Ipv4 } from '../../wire/addr';
import { ifaceUpChanges, type Scope } from './iface';

/** rtnetlink route types the stack uses. */
export type RouteType = 'unicast' | 'local' | 'broadcast' | 'unreachable' | 'prohibit' | 'blackhole';

export interface Route {
  table: 'local' | 'main';
  type: RouteType;
  dst: Ipv4;
  prefixLen: number;
  /** Next hop; 0 for a directly connected destination. */
  gateway: Ipv4;
  dev: string;
  /** `kernel` (from an address), `boot` (added by a command), `static`. */
  proto: 'kernel' | 'boot' | 'static';
  scope: Scope;
  /** Preferred source address (`src` in `ip route`). */
  prefsrc: Ipv4;
  metric: number;
}

export type RouteLookup = { found: true; route: Route } | { found: false };

/**
 * The FIB: the local table (local and broadcast routes, consulted first) and
 * the main table (what `route -n` shows). Longest prefix wins; among equal
 * prefixes the lowest metric, then the first in list order (fib_table_lookup).
 */
const NO_OPTS: { oif?: string; table?: 'local' | 'main' } = {};
const BOTH_TABLES = ['local', 'main'] as const;
const LOCAL_TABLE = ['local'] as const;
const MAIN_TABLE = ['main'] as const;

export class RouteTable {
  readonly routes: Route[] = [];
  /** Bumped on every change, so callers may cache a lookup (TCP's per-connection route, like sk_dst_cache). */
  version = 0;
  /** Devices that are down: their routes are skipped (their kernel routes are removed when they go down). */
  isDevUp: (dev: string) => boolean = () => true;

  /**
   * fib_table_insert. `excl` (`ip route add`, NLM_F_EXCL): a route with the
   * same key exists → 'exists'. `create` (the `route add` ioctl, `ip route
   * prepend`) and `append`: only an identical route is refused; another
   * gateway for the same prefix and metric goes before (create) or after
   * (append) the ones already there — the first in the list is the one used.
   */
  add(r: Route, opts: { mode?: 'excl' | 'create' | 'append' } = {}): 'ok' | 'exists' {
    const mode = opts.mode ?? 'excl';
    if (mode === 'excl' ? this.routes.some((x) => sameKey(x, r)) : this.routes.some((x) => identical(x, r))) return 'exists';
    const first = mode === 'create' ? this.routes.findIndex((x) => x.table === r.table && x.dst === r.dst && x.prefixLen === r.prefixLen && x.metric === r.metric) : -1;
    if (first >= 0) this.routes.splice(first, 0, r);
    else this.routes.push(r);
    this.version++;
    return 'ok';
  }

  /** Remove routes matching every given field. Returns how many went. */
  remove(match: Partial<Route>): Route[] {
    const gone: Route[] = [];
    for (let i = this.routes.length - 1; i >= 0; i--) {
      const r = this.routes[i];
      if ((Object.keys(match) as (keyof Route)[]).every((k) => match[k] === undefined || r[k] === match[k])) {
        gone.unshift(r);
        this.routes.splice(i, 1);
        this.version++;
      }
    }
    return gone;
  }

  lookup(dst: Ipv4, opts: { oif?: string; table?: 'local' | 'main' } = NO_OPTS): RouteLookup {
    // Every packet received or sent comes through here: plain lookups are remembered until the table changes.
    if (opts.oif || opts.table) return this.search(dst, opts);
    if (this.memoVersion !== this.version || this.memoUpChanges !== ifaceUpChanges.count) {
      this.memo.clear();
      this.memoVersion = this.version;
      this.memoUpChanges = ifaceUpChanges.count;
    }
    const key = dst | 0; // a small integer key: no boxed number per packet
    const hit = this.memo.get(key);
    if (hit) return hit;
    const r = this.search(dst, opts);
    if (this.memo.size > 4096) this.memo.clear();
    this.memo.set(key, r);
    return r;
  }

  private readonly memo = new Map<number, RouteLookup>();
  private memoVersion = -1;
  /** Lookups skip devices that are down: the memo also lasts only until a device goes up or down. */
  private memoUpChanges = -1;

  private search(dst: Ipv4, opts: { oif?: string; table?: 'local' | 'main' }): RouteLookup {
    // Allocation-free and prefix test first.
    for (const table of opts.table === 'local' ? LOCAL_TABLE : opts.table === 'main' ? MAIN_TABLE : BOTH_TABLES) {
      let best: Route | undefined;
      for (const r of this.routes) {
        if (r.table !== table) continue;
        if (networkOf(dst, r.prefixLen) !== r.dst) continue;
        if (opts.oif && r.dev !== opts.oif && r.type !== 'local' && r.type !== 'broadcast') continue;
        if (!this.isDevUp(r.dev) && r.type !== 'unreachable' && r.type !== 'prohibit' && r.type !== 'blackhole') continue;
        if (!best || r.prefixLen > best.prefixLen || (r.prefixLen === best.prefixLen && r.metric < best.metric)) best = r;
      }
      if (best) return { found: true, route: best };
    }
    return { found: false };
  }

  /** What `route -n` lists: the main table, ordered as /proc/net/route walks the trie. */
  main(): Route[] {
    return this.routes
      .filter((r) => r.table === 'main')
      .slice()
      .sort((a, b) => a.dst - b.dst || b.prefixLen - a.prefixLen || a.metric - b.metric);
  }

  local(): Route[] {
    return this.routes.filter((r) => r.table === 'local');
  }
}

function identical(a: Route, b: Route): boolean {
  return (Object.keys(a) as (keyof Route)[]).every((k) => a[k] === b[k]);
}

function sameKey(a: Route, b: Route): boolean {
  return a.table === b.table && a.dst === b.dst && a.prefixLen === b.prefixLen && a.metric === b.metric && a.type === b.type && (a.table === 'local' ? a.dev === b.dev : true);
}

export const routeMask = (r: Route): Ipv4 => prefixToMask(r.prefixLen);
