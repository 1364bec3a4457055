import type { ScenarioDocV1 } from '../engine/scenario/types';
import { drRealServerBoot, LAB_ADDR, labHost, webServerBoot } from './lvs-common';

const VIP = LAB_ADDR.vip;
const servers = [
  { id: 'node02', ip: '192.168.150.12', weight: 4 },
  { id: 'node03', ip: '192.168.150.13', weight: 3 },
  { id: 'node04', ip: '192.168.150.14', weight: 2 },
  { id: 'node05', ip: '192.168.150.15', weight: 1 },
];
const clients = [
  { id: 'client1', ip: '192.168.150.1' },
  { id: 'client2', ip: '192.168.150.3' },
  { id: 'client3', ip: '192.168.150.4' },
];

/** Lab L7: one DR director, four weighted real servers and three clients, for comparing schedulers. */
export const schedulers: ScenarioDocV1 = {
  lvslab: 1,
  id: 'schedulers',
  title: { en: 'Comparing schedulers', zh: '比较调度算法' },
  description: {
    en: 'A DR director (node01) with four real servers of weights 4, 3, 2 and 1 (node02–node05) and three clients. The service starts as wrr; change it with `ipvsadm -E -t 192.168.150.100:80 -s rr|wrr|lc|wlc|sed|nq|dh|sh|lblc|lblcr` and watch where each new connection goes in `ipvsadm -Ln` and `ipvsadm -Lnc`. Servers were added node02 first, so the kernel\'s list (which breaks ties) starts with node05.',
    zh: '一台 DR 调度器（node01），四台权重分别为 4、3、2、1 的真实服务器（node02–node05），以及三台客户端。服务初始使用 wrr；用 `ipvsadm -E -t 192.168.150.100:80 -s rr|wrr|lc|wlc|sed|nq|dh|sh|lblc|lblcr` 切换算法，并用 `ipvsadm -Ln` 和 `ipvsadm -Lnc` 观察每个新连接被分到哪里。服务器按 node02 先加入的顺序添加，因此内核链表（决定平局时的选择）以 node05 开头。',
  },
  nodes: [
    ...clients.map((c, i) => labHost(c.id, c.ip, 0, i * 140)),
    { id: 'sw', kind: 'switch', position: { x: 280, y: 280 }, interfaces: Array.from({ length: 8 }, (_, i) => ({ name: `p${i + 1}` })) },
    labHost('node01', LAB_ADDR.node01, 560, 0, {
      packages: ['ipvsadm'],
      boot: [`ifconfig eth0:2 ${VIP}/24`, `ipvsadm -A -t ${VIP}:80 -s wrr`, ...servers.map((s) => `ipvsadm -a -t ${VIP}:80 -r ${s.ip} -g -w ${s.weight}`)],
    }),
    ...servers.map((s, i) => labHost(s.id, s.ip, 560 + (i % 2) * 240, 140 + Math.floor(i / 2) * 160, { packages: ['httpd'], boot: [...drRealServerBoot(), ...webServerBoot(s.id, s.ip)] })),
  ],
  links: [...clients.map((c) => c.id), 'node01', ...servers.map((s) => s.id)].map((id, i) => ({ a: { node: id, iface: 'eth0' }, b: { node: 'sw', iface: `p${i + 1}` } })),
};
