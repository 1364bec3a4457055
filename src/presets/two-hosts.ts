import type { ScenarioDocV1 } from '../engine/scenario/types';

/** The smallest lab: two hosts on one cable. */
export const twoHosts: ScenarioDocV1 = {
  lvslab: 1,
  id: 'two-hosts',
  title: { en: 'Two hosts on one cable', zh: '一根网线连接两台主机' },
  description: {
    en: 'The smallest network: two Linux hosts joined by a cable. Ping one from the other and watch ARP resolve the neighbour first.',
    zh: '最小的网络：两台 Linux 主机用一根网线相连。从一台 ping 另一台，观察 ARP 先解析邻居的 MAC 地址。',
  },
  nodes: [
    { id: 'node01', kind: 'host', position: { x: 0, y: 0 }, interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24'] }] },
    { id: 'node02', kind: 'host', position: { x: 320, y: 0 }, interfaces: [{ name: 'eth0', addresses: ['192.168.150.12/24'] }] },
  ],
  links: [{ id: 'cable', a: { node: 'node01', iface: 'eth0' }, b: { node: 'node02', iface: 'eth0' } }],
};
