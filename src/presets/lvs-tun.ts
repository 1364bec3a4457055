import type { ScenarioDocV1 } from '../engine/scenario/types';
import { LAB_ADDR, labHost, webServerBoot } from './lvs-common';

const VIP = LAB_ADDR.vip;

/** The RS side of TUN: tunl0 holds the VIP (/32, hidden from ARP) and reverse-path filtering is off for it. */
const tunRealServerBoot = (): string[] => [
  `ifconfig tunl0 ${VIP} netmask 255.255.255.255 up`,
  'echo 1 > /proc/sys/net/ipv4/conf/tunl0/arp_ignore',
  'echo 2 > /proc/sys/net/ipv4/conf/tunl0/arp_announce',
  'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore',
  'echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce',
  // The decapsulated packet arrives on tunl0 but its source (the client) routes out of eth0: strict rp_filter would drop it.
  'echo 0 > /proc/sys/net/ipv4/conf/tunl0/rp_filter',
  'echo 0 > /proc/sys/net/ipv4/conf/all/rp_filter',
];

/** Lab L6: IP-in-IP tunnelling to real servers, one of them behind a router. */
export const lvsTun: ScenarioDocV1 = {
  lvslab: 1,
  id: 'lvs-tun',
  title: { en: 'LVS tunnelling (TUN)', zh: 'LVS 隧道（TUN）模式' },
  description: {
    en: 'The director node01 wraps each client packet (CIP → VIP) in a new IP header DIP → RIP (IP-in-IP, protocol 4), so a real server may sit behind a router: node02 is on another network (172.16.0.0/24) beyond `router`, node03 on the same LAN. Each real server strips the outer header on tunl0, where it keeps the VIP, and answers the client directly from the VIP.',
    zh: '调度器 node01 把客户端的每个数据包（CIP → VIP）再包上一层新的 IP 头 DIP → RIP（IP-in-IP，协议号 4），因此真实服务器可以位于路由器之后：node02 在 `router` 另一侧的 172.16.0.0/24 网络中，node03 与调度器在同一局域网。真实服务器在 tunl0（其上配置了 VIP）上剥掉外层 IP 头，然后直接以 VIP 为源地址回复客户端。',
  },
  nodes: [
    labHost('client', LAB_ADDR.client, 0, 160),
    { id: 'sw', kind: 'switch', position: { x: 240, y: 160 }, interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }, { name: 'p4' }] },
    labHost('node01', LAB_ADDR.node01, 480, 20, {
      packages: ['ipvsadm'],
      boot: [
        `ifconfig eth0:2 ${VIP}/24`,
        'route add -net 172.16.0.0 netmask 255.255.255.0 gw 192.168.150.2',
        `ipvsadm -A -t ${VIP}:80 -s rr`,
        `ipvsadm -a -t ${VIP}:80 -r 172.16.0.12 -i -w 1`,
        `ipvsadm -a -t ${VIP}:80 -r ${LAB_ADDR.node03} -i -w 1`,
      ],
    }),
    {
      id: 'router',
      kind: 'router',
      position: { x: 480, y: 300 },
      interfaces: [
        { name: 'eth0', addresses: ['192.168.150.2/24'] },
        { name: 'eth1', addresses: ['172.16.0.1/24'] },
      ],
      // Replies from the VIP come back from the 172.16 side: a strict reverse-path check would drop them.
      sysctl: { 'net.ipv4.conf.eth0.rp_filter': 0, 'net.ipv4.conf.eth1.rp_filter': 0 },
    },
    { id: 'sw2', kind: 'switch', position: { x: 720, y: 300 }, interfaces: [{ name: 'p1' }, { name: 'p2' }] },
    {
      id: 'node02',
      kind: 'host',
      position: { x: 960, y: 300 },
      interfaces: [{ name: 'eth0', addresses: ['172.16.0.12/24'] }],
      gateway: '172.16.0.1',
      packages: ['httpd'],
      boot: [...tunRealServerBoot(), ...webServerBoot('node02', '172.16.0.12')],
    },
    labHost('node03', LAB_ADDR.node03, 720, 120, { packages: ['httpd'], boot: [...tunRealServerBoot(), ...webServerBoot('node03', LAB_ADDR.node03)] }),
  ],
  links: [
    { a: { node: 'client', iface: 'eth0' }, b: { node: 'sw', iface: 'p1' } },
    { a: { node: 'node01', iface: 'eth0' }, b: { node: 'sw', iface: 'p2' } },
    { a: { node: 'router', iface: 'eth0' }, b: { node: 'sw', iface: 'p3' } },
    { a: { node: 'node03', iface: 'eth0' }, b: { node: 'sw', iface: 'p4' } },
    { a: { node: 'router', iface: 'eth1' }, b: { node: 'sw2', iface: 'p1' } },
    { a: { node: 'node02', iface: 'eth0' }, b: { node: 'sw2', iface: 'p2' } },
  ],
};
