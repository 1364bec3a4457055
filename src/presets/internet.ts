import type { LinkDoc, NodeDoc } from '../engine/scenario/types';

/**
 * The public side of a lab: a small, static internet that presets attach a
 * home router to.
 *
 * ```
 * home router ── isp1 ── isp2 ── bb1 ── bb2 ── idc ── web  61.135.169.125 (www.a.shifen.com)
 *  eth1 123.112.0.2/30           │                         61.129.7.47    (www.qq.com)
 *                                dns 223.5.5.5             140.205.94.189 (www.taobao.com)
 * ```
 *
 * Every router knows only its neighbourhood (static routes as `route add`
 * boot lines, the default route as its gateway): isp1 and isp2 send anything
 * unknown up towards the backbone, the backbone routers know which way each
 * customer block lies, and bb1 has no default route, so an address nobody
 * owns gets "Destination Net Unreachable" instead of looping. Six routers lie
 * between the client and `web` (home router included), so a reply that
 * leaves `web` with TTL 64 arrives with ttl=58, as in the course notes.
 *
 * `dns` runs BIND (`named`) from /etc/named.conf and zone files under
 * /var/named: www.baidu.com is a CNAME for www.a.shifen.com (so ping prints
 * `PING www.a.shifen.com (61.135.169.125)`), there are no reverse zones (so
 * a reply is printed `from 61.135.169.125 (61.135.169.125)`).
 */
export const INTERNET = {
  /** The home router's WAN address (its eth1) and its ISP gateway (isp1 eth0). */
  homeWan: '123.112.0.2/30',
  homeGateway: '123.112.0.1',
  dns: '223.5.5.5',
  baidu: '61.135.169.125',
  qq: '61.129.7.47',
  taobao: '140.205.94.189',
} as const;

/** The node ids `internet()` uses: a preset must not reuse them. */
export const INTERNET_NODE_IDS = ['isp1', 'isp2', 'bb1', 'bb2', 'idc', 'dns', 'web'] as const;

export interface InternetOptions {
  /** The home router's WAN end of the uplink cable (`router:eth1`). */
  home: { node: string; iface: string };
  /**
   * Private networks behind the home router that the ISP routes back to it.
   * A real ISP never does this (the home router's S-NAT hides them); it keeps
   * a lab working when NAT is off or not configured. Empty for a faithful internet.
   */
  privateNets?: string[];
  /** Canvas position of isp1; the rest follow to the right on a 200-px grid. */
  x?: number;
  y?: number;
}

/** `route add -net 61.135.169.0 netmask 255.255.255.0 gw 220.181.0.2` for a CIDR. */
function routeAdd(cidr: string, gw: string): string {
  const [net, len] = cidr.split('/');
  const n = Number(len);
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  const dotted = [24, 16, 8, 0].map((s) => (mask >>> s) & 0xff).join('.');
  return `route add -net ${net} netmask ${dotted} gw ${gw}`;
}

const router = (id: string, x: number, y: number, ifaces: Array<[string, string[]]>, gateway: string | undefined, boot: string[]): NodeDoc => ({
  id,
  kind: 'router',
  position: { x, y },
  interfaces: ifaces.map(([name, addresses]) => ({ name, addresses })),
  ...(gateway ? { gateway } : {}),
  boot,
});

const NAMED_CONF = `//
// named.conf
//
// The DNS of this lab's internet: 223.5.5.5 answers for every public name.
// Zone files are in /var/named; after editing one, restart named.
//
options {
\tlisten-on port 53 { any; };
\tdirectory \t"/var/named";
\tallow-query     { any; };
\trecursion yes;
};

zone "baidu.com" IN {
\ttype master;
\tfile "baidu.com.zone";
};

zone "shifen.com" IN {
\ttype master;
\tfile "shifen.com.zone";
};

zone "qq.com" IN {
\ttype master;
\tfile "qq.com.zone";
};

zone "taobao.com" IN {
\ttype master;
\tfile "taobao.com.zone";
};
`;

const soa = (ns: string) => `@\tIN SOA\t${ns} dnsadmin.${ns.split('.').slice(1).join('.')} (
\t\t\t2021032801\t; serial
\t\t\t300\t\t; refresh
\t\t\t300\t\t; retry
\t\t\t2592000\t\t; expire
\t\t\t7200 )\t\t; minimum
\tIN NS\t${ns}
`;

const ZONES: Record<string, string> = {
  '/var/named/baidu.com.zone': `$TTL 1200\n${soa('ns1.baidu.com.')}www\tIN CNAME\twww.a.shifen.com.\n`,
  '/var/named/shifen.com.zone': `$TTL 300\n${soa('ns1.baidu.com.')}www.a\tIN A\t${INTERNET.baidu}\n`,
  '/var/named/qq.com.zone': `$TTL 600\n${soa('ns1.qq.com.')}www\tIN A\t${INTERNET.qq}\n`,
  '/var/named/taobao.com.zone': `$TTL 600\n${soa('ns4.taobao.com.')}www\tIN A\t${INTERNET.taobao}\n`,
};

/** Nodes and cables of the internet, wired to the home router's WAN interface. */
export function internet(opts: InternetOptions): { nodes: NodeDoc[]; links: LinkDoc[] } {
  const x = opts.x ?? 600;
  const y = opts.y ?? 160;
  const lans = opts.privateNets ?? [];
  const customers = ['123.112.0.0/16', ...lans];
  // The three web networks behind idc.
  const webNets = ['61.135.169.0/24', '61.129.7.0/24', '140.205.94.0/24'];
  const nodes: NodeDoc[] = [
    // The ISP's access router: the home router's gateway.
    router('isp1', x, y, [['eth0', [`${INTERNET.homeGateway}/30`]], ['eth1', ['61.148.1.1/30']]], '61.148.1.2', lans.map((n) => routeAdd(n, '123.112.0.2'))),
    // The ISP's metro router.
    router('isp2', x + 200, y, [['eth0', ['61.148.1.2/30']], ['eth1', ['202.96.12.1/30']]], '202.96.12.2', customers.map((n) => routeAdd(n, '61.148.1.1'))),
    // Backbone: no default route — it knows where every block is.
    router('bb1', x + 400, y, [['eth0', ['202.96.12.2/30']], ['eth1', ['202.97.1.1/30']], ['eth2', ['223.5.5.1/24']]], undefined, [
      ...customers.map((n) => routeAdd(n, '202.96.12.1')),
      routeAdd('61.148.1.0/30', '202.96.12.1'),
      routeAdd('220.181.0.0/30', '202.97.1.2'),
      ...webNets.map((n) => routeAdd(n, '202.97.1.2')),
    ]),
    router('bb2', x + 600, y, [['eth0', ['202.97.1.2/30']], ['eth1', ['220.181.0.1/30']]], '202.97.1.1', webNets.map((n) => routeAdd(n, '220.181.0.2'))),
    // The data centre's edge router, gateway of the web servers' networks.
    router('idc', x + 800, y, [['eth0', ['220.181.0.2/30']], ['eth1', ['61.135.169.1/24', '61.129.7.1/24', '140.205.94.1/24']]], '220.181.0.1', []),
    {
      id: 'dns',
      kind: 'host',
      position: { x: x + 400, y: y - 160 },
      interfaces: [{ name: 'eth0', addresses: [`${INTERNET.dns}/24`] }],
      gateway: '223.5.5.1',
      packages: ['bind'],
      files: { '/etc/named.conf': NAMED_CONF, ...ZONES },
      boot: ['named -u named'],
    },
    {
      id: 'web',
      kind: 'host',
      position: { x: x + 1000, y },
      interfaces: [{ name: 'eth0', addresses: [`${INTERNET.baidu}/24`, `${INTERNET.qq}/24`, `${INTERNET.taobao}/24`] }],
      gateway: '61.135.169.1',
    },
  ];
  // Long-haul links are slower than the LAN: one-way delays add up to a ~4 ms round trip to web.
  const links: LinkDoc[] = [
    { id: 'uplink', a: { node: opts.home.node, iface: opts.home.iface }, b: { node: 'isp1', iface: 'eth0' }, latencyUs: 450 },
    { id: 'isp1-isp2', a: { node: 'isp1', iface: 'eth1' }, b: { node: 'isp2', iface: 'eth0' }, latencyUs: 300 },
    { id: 'isp2-bb1', a: { node: 'isp2', iface: 'eth1' }, b: { node: 'bb1', iface: 'eth0' }, latencyUs: 400 },
    { id: 'bb1-dns', a: { node: 'bb1', iface: 'eth2' }, b: { node: 'dns', iface: 'eth0' }, latencyUs: 150 },
    { id: 'bb1-bb2', a: { node: 'bb1', iface: 'eth1' }, b: { node: 'bb2', iface: 'eth0' }, latencyUs: 550 },
    { id: 'bb2-idc', a: { node: 'bb2', iface: 'eth1' }, b: { node: 'idc', iface: 'eth0' }, latencyUs: 120 },
    { id: 'idc-web', a: { node: 'idc', iface: 'eth1' }, b: { node: 'web', iface: 'eth0' }, latencyUs: 50 },
  ];
  return { nodes, links };
}
