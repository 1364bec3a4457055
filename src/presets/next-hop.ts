import type { ScenarioDocV1 } from '../engine/scenario/types';
import { internet, INTERNET } from './internet';
import { cable, LAB_ADDR, labHost, labSwitch } from './lvs-common';

const net = internet({
  home: { node: 'router', iface: 'eth1' },
  // Until the router's MASQUERADE is in effect the ISP still needs a way back to
  // 192.168.150.0/24; with S-NAT working these routes are simply never used.
  privateNets: ['192.168.150.0/24'],
  x: 600,
  y: 160,
});

/** Lab L2: the client reaches www.baidu.com through its default gateway and a chain of routers. */
export const nextHop: ScenarioDocV1 = {
  lvslab: 1,
  id: 'next-hop',
  title: { en: 'Next hop: from the LAN to www.baidu.com', zh: '下一跳：从局域网到 www.baidu.com' },
  description: {
    en: 'The client (192.168.150.1) sits on a switch with its home router (192.168.150.2), which S-NATs it to the internet: an ISP access router, a metro router, two backbone routers and the data centre\'s edge router in front of www.baidu.com, with a public DNS server at 223.5.5.5. Run `route -n` and AND the destination with each Genmask to find the matching route; then `ping -c 1 www.baidu.com`: watch the DNS query, the ARP for the gateway, and the packet crossing six routers — its IP addresses stay the same all the way while the MAC addresses change at every hop, and the TTL drops by one per router (ttl=58).',
    zh: 'client（192.168.150.1）和家用路由器（192.168.150.2）接在同一台交换机上，路由器对它做 S-NAT 访问互联网：依次经过运营商接入路由器、城域网路由器、两台骨干路由器和机房出口路由器，到达 www.baidu.com；公共 DNS 服务器是 223.5.5.5。先执行 `route -n`，用目的地址和每条路由的 Genmask 做按位与，找出匹配的那条；再执行 `ping -c 1 www.baidu.com`：观察 DNS 查询、对网关的 ARP 请求，以及数据包穿过六台路由器——一路上 IP 地址始终不变，MAC 地址每一跳都在变，TTL 每经过一台路由器减一（ttl=58）。',
  },
  nodes: [
    labHost('client', LAB_ADDR.client, 0, 160, { gateway: '192.168.150.2', dns: [INTERNET.dns] }),
    labSwitch(4, 200, 160),
    {
      id: 'router',
      kind: 'router',
      position: { x: 400, y: 160 },
      interfaces: [
        { name: 'eth0', addresses: ['192.168.150.2/24'] },
        { name: 'eth1', addresses: [INTERNET.homeWan] },
      ],
      gateway: INTERNET.homeGateway,
      dns: [INTERNET.dns],
      // S-NAT: everything leaving for the internet takes the router's public address.
      boot: ['iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE'],
    },
    ...net.nodes,
  ],
  links: [cable('client', 'eth0', 'sw', 'p1'), cable('router', 'eth0', 'sw', 'p2'), ...net.links],
};
