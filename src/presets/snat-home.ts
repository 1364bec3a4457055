import type { NodeDoc, ScenarioDocV1 } from '../engine/scenario/types';
import { internet, INTERNET } from './internet';
import { cable, labHost, labSwitch } from './lvs-common';

// A faithful internet: nobody out there knows a way back to 192.168.150.0/24,
// so replies reach the clients only because the router translates them.
const net = internet({ home: { node: 'router', iface: 'eth1' }, x: 600, y: 200 });

/** The web server answers, so `curl` shows TCP translations too. */
const withWebServer = (n: NodeDoc): NodeDoc =>
  n.id === 'web' ? { ...n, packages: ['httpd'], files: { '/var/www/html/index.html': '<html><body>www.baidu.com</body></html>\n' }, boot: ['service httpd start'] } : n;

const lanHost = (id: string, ip: string, y: number) => labHost(id, ip, 0, y, { gateway: '192.168.150.2', dns: [INTERNET.dns] });

/** Lab L4: a home router S-NATs two clients to one public address and keeps the translation table. */
export const snatHome: ScenarioDocV1 = {
  lvslab: 1,
  id: 'snat-home',
  title: { en: 'S-NAT: the home router', zh: 'S-NAT：家用路由器' },
  description: {
    en:
      'Two clients (192.168.150.1 and 192.168.150.3) share one public address behind the home router, which runs `iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE`. ' +
      'Nobody on the internet knows a way back to 192.168.150.0/24: a reply comes back only because the router rewrote the source CIP:port to its public address 123.112.0.2 and a port, and remembers the pair. ' +
      'Ping or curl 61.135.169.125 from both clients, then run `conntrack -L` (or `cat /proc/net/nf_conntrack`) on the router to read the translation table, and `iptables -t nat -L -n -v` to see the rule count the first packet of each connection. ' +
      'Watch the packets: before the router the source is the client, after it the router; on the way back only the destination changes.',
    zh:
      '两台客户端（192.168.150.1 和 192.168.150.3）在家用路由器后面共用一个公网地址，路由器上执行了 `iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE`。' +
      '互联网上没有任何设备知道回到 192.168.150.0/24 的路：回包之所以能回来，是因为路由器把源地址 CIP:端口 改成了自己的公网地址 123.112.0.2 和一个端口，并记住了这组对应关系。' +
      '在两台客户端上 ping 或 curl 61.135.169.125，然后在路由器上执行 `conntrack -L`（或 `cat /proc/net/nf_conntrack`）查看地址转换表，用 `iptables -t nat -L -n -v` 查看规则只统计每个连接的第一个包。' +
      '观察数据包：经过路由器之前源地址是客户端，之后变成路由器；回程时只有目的地址被改回去。',
  },
  nodes: [
    lanHost('client1', '192.168.150.1', 120),
    lanHost('client2', '192.168.150.3', 280),
    labSwitch(3, 200, 200),
    {
      id: 'router',
      kind: 'router',
      position: { x: 400, y: 200 },
      interfaces: [
        { name: 'eth0', addresses: ['192.168.150.2/24'] },
        { name: 'eth1', addresses: [INTERNET.homeWan] },
      ],
      gateway: INTERNET.homeGateway,
      dns: [INTERNET.dns],
      packages: ['conntrack-tools'],
      boot: ['iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE'],
    },
    ...net.nodes.map(withWebServer),
  ],
  links: [cable('client1', 'eth0', 'sw', 'p1'), cable('client2', 'eth0', 'sw', 'p2'), cable('router', 'eth0', 'sw', 'p3'), ...net.links],
};
