import type { ScenarioDocV1 } from '../engine/scenario/types';
import { cable, LAB_ADDR, labHost, labSwitch } from './lvs-common';

/** Lab L5's starting point: four hosts wired and addressed, nothing else — the learner types the notes' commands. */
export const labBare: ScenarioDocV1 = {
  lvslab: 1,
  id: 'lab-bare',
  title: { en: 'LVS lab: four bare hosts', zh: 'LVS 实验：四台空白主机' },
  description: {
    en: 'client, node01, node02 and node03 on one switch, addressed as in the course (192.168.150.0/24). Nothing is configured and httpd and ipvsadm are not installed: build the DR load balancer yourself by typing the notes\' commands — VIP on node01, hidden VIP and ARP sysctls on the real servers, httpd, ipvsadm — then curl 192.168.150.100 from the client.',
    zh: 'client、node01、node02、node03 接在同一台交换机上，地址与课程一致（192.168.150.0/24）。没有任何配置，也未安装 httpd 和 ipvsadm：照着笔记敲命令，自己搭建 DR 模式的负载均衡——在 node01 上配置 VIP，在真实服务器上隐藏 VIP 并调整 ARP 参数，安装 httpd 和 ipvsadm——最后在 client 上 curl 192.168.150.100。',
  },
  nodes: [
    labHost('client', LAB_ADDR.client, 0, 160),
    labSwitch(4, 260, 160),
    labHost('node01', LAB_ADDR.node01, 520, 0),
    labHost('node02', LAB_ADDR.node02, 520, 160),
    labHost('node03', LAB_ADDR.node03, 520, 320),
  ],
  links: [cable('client', 'eth0', 'sw', 'p1'), cable('node01', 'eth0', 'sw', 'p2'), cable('node02', 'eth0', 'sw', 'p3'), cable('node03', 'eth0', 'sw', 'p4')],
};
