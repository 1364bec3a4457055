import type { ScenarioDocV1 } from '../engine/scenario/types';
import { cable, drRealServerBoot, LAB_ADDR, labHost, labSwitch, webServerBoot } from './lvs-common';

const VIP = LAB_ADDR.vip;

/** Lab L5 done: the DR director of the notes, round robin over two real servers with hidden VIPs. */
export const lvsDr: ScenarioDocV1 = {
  lvslab: 1,
  id: 'lvs-dr',
  title: { en: 'LVS direct routing (DR)', zh: 'LVS 直接路由（DR）模式' },
  description: {
    en: 'The course\'s DR lab, configured: node01 is the director with VIP 192.168.150.100 on eth0:2 and a round-robin service; node02 and node03 hide the VIP on lo:1 (/32) with arp_ignore=1 and arp_announce=2 and serve a page that names them. Type `curl 192.168.150.100` on the client a few times: the director rewrites only the destination MAC, the real server answers the client directly, and the pages alternate.',
    zh: '课程中的 DR 实验（已配置好）：node01 为调度器，VIP 192.168.150.100 配在 eth0:2 上，采用轮询（rr）；node02 和 node03 把 VIP 隐藏在 lo:1（/32）上，并设置 arp_ignore=1、arp_announce=2，网页会显示自己的名字。在 client 上多次执行 `curl 192.168.150.100`：调度器只改写目标 MAC 地址，真实服务器直接回复客户端，页面轮流变化。',
  },
  nodes: [
    labHost('client', LAB_ADDR.client, 0, 160),
    labSwitch(4, 260, 160),
    labHost('node01', LAB_ADDR.node01, 520, 0, {
      packages: ['ipvsadm'],
      boot: [
        `ifconfig eth0:2 ${VIP}/24`,
        `ipvsadm -A -t ${VIP}:80 -s rr`,
        `ipvsadm -a -t ${VIP}:80 -r ${LAB_ADDR.node02} -g -w 1`,
        `ipvsadm -a -t ${VIP}:80 -r ${LAB_ADDR.node03} -g -w 1`,
      ],
    }),
    labHost('node02', LAB_ADDR.node02, 520, 160, { packages: ['httpd'], boot: [...drRealServerBoot(), ...webServerBoot('node02', LAB_ADDR.node02)] }),
    labHost('node03', LAB_ADDR.node03, 520, 320, { packages: ['httpd'], boot: [...drRealServerBoot(), ...webServerBoot('node03', LAB_ADDR.node03)] }),
  ],
  links: [cable('client', 'eth0', 'sw', 'p1'), cable('node01', 'eth0', 'sw', 'p2'), cable('node02', 'eth0', 'sw', 'p3'), cable('node03', 'eth0', 'sw', 'p4')],
};
