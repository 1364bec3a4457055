import type { ScenarioDocV1 } from '../engine/scenario/types';
import { LAB_ADDR, labHost, webServerBoot } from './lvs-common';

const VIP = LAB_ADDR.vip;

/** Lab L4's D-NAT: real servers on a private network behind the director, which is their gateway. */
export const lvsNat: ScenarioDocV1 = {
  lvslab: 1,
  id: 'lvs-nat',
  title: { en: 'LVS NAT (masquerading)', zh: 'LVS NAT（地址转换）模式' },
  description: {
    en: 'The director node01 has the VIP 192.168.150.100 on the client side (eth0) and 10.0.0.1 on a private network (eth1) where node02 and node03 live; it is their default gateway and forwards (ip_forward=1). Requests are rewritten VIP → RIP on the way in and RIP → VIP on the way out: every reply crosses the director — the notes\' bandwidth bottleneck.',
    zh: '调度器 node01 在客户端一侧（eth0）持有 VIP 192.168.150.100，在私有网络一侧（eth1）的地址是 10.0.0.1，node02 和 node03 位于该私有网络中；node01 是它们的默认网关并开启转发（ip_forward=1）。请求进来时 VIP 被改写为 RIP，响应出去时 RIP 被改写回 VIP：所有响应都要经过调度器——这正是笔记中所说的带宽瓶颈。',
  },
  nodes: [
    labHost('client', LAB_ADDR.client, 0, 160),
    {
      id: 'sw',
      kind: 'switch',
      position: { x: 220, y: 160 },
      interfaces: [{ name: 'p1' }, { name: 'p2' }],
    },
    {
      id: 'node01',
      kind: 'host',
      position: { x: 440, y: 160 },
      interfaces: [
        { name: 'eth0', addresses: [`${LAB_ADDR.node01}/24`] },
        { name: 'eth1', addresses: ['10.0.0.1/24'] },
      ],
      packages: ['ipvsadm'],
      sysctl: { 'net.ipv4.ip_forward': 1 },
      boot: [
        `ifconfig eth0:2 ${VIP}/24`,
        `ipvsadm -A -t ${VIP}:80 -s rr`,
        `ipvsadm -a -t ${VIP}:80 -r 10.0.0.12:80 -m -w 1`,
        `ipvsadm -a -t ${VIP}:80 -r 10.0.0.13:80 -m -w 1`,
      ],
    },
    { id: 'sw2', kind: 'switch', position: { x: 660, y: 160 }, interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] },
    {
      id: 'node02',
      kind: 'host',
      position: { x: 880, y: 60 },
      interfaces: [{ name: 'eth0', addresses: ['10.0.0.12/24'] }],
      gateway: '10.0.0.1',
      packages: ['httpd'],
      boot: webServerBoot('node02', '10.0.0.12'),
    },
    {
      id: 'node03',
      kind: 'host',
      position: { x: 880, y: 260 },
      interfaces: [{ name: 'eth0', addresses: ['10.0.0.13/24'] }],
      gateway: '10.0.0.1',
      packages: ['httpd'],
      boot: webServerBoot('node03', '10.0.0.13'),
    },
  ],
  links: [
    { a: { node: 'client', iface: 'eth0' }, b: { node: 'sw', iface: 'p1' } },
    { a: { node: 'node01', iface: 'eth0' }, b: { node: 'sw', iface: 'p2' } },
    { a: { node: 'node01', iface: 'eth1' }, b: { node: 'sw2', iface: 'p1' } },
    { a: { node: 'node02', iface: 'eth0' }, b: { node: 'sw2', iface: 'p2' } },
    { a: { node: 'node03', iface: 'eth0' }, b: { node: 'sw2', iface: 'p3' } },
  ],
};
