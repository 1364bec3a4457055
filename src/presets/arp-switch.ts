import type { ScenarioDocV1 } from '../engine/scenario/types';
import { cable, LAB_ADDR, labHost, labSwitch } from './lvs-common';

/** Lab L3: three hosts on one switch, every ARP cache and the switch's MAC table empty. */
export const arpSwitch: ScenarioDocV1 = {
  lvslab: 1,
  id: 'arp-switch',
  title: { en: 'ARP and the switch', zh: 'ARP 与交换机' },
  description: {
    en: 'node01, node02 and node03 (192.168.150.11–13) on one switch, just booted: every ARP cache and the switch\'s MAC table are empty. Run `arp -a` (nothing), then `ping -c 1 192.168.150.12` from node01: the who-has goes to ff:ff:ff:ff:ff:ff, the switch floods it out of every other port and learns node01\'s MAC on its port; only node02 answers, and its reply goes out of one port only. `arp -a` again on node01 and node02: both now know each other; node03 heard the question but learned nothing.',
    zh: 'node01、node02、node03（192.168.150.11–13）接在同一台交换机上，刚开机：所有主机的 ARP 缓存和交换机的 MAC 地址表都是空的。先执行 `arp -a`（没有内容），再在 node01 上执行 `ping -c 1 192.168.150.12`：who-has 请求发往 ff:ff:ff:ff:ff:ff，交换机把它从除入口外的所有端口泛洪出去，并记下 node01 的 MAC 在哪个端口；只有 node02 回答，它的回复只从一个端口转发出去。再在 node01 和 node02 上执行 `arp -a`：双方都记住了对方；node03 听到了询问，却什么也没记下。',
  },
  nodes: [
    labSwitch(4, 260, 160),
    labHost('node01', LAB_ADDR.node01, 0, 160),
    labHost('node02', LAB_ADDR.node02, 520, 40),
    labHost('node03', LAB_ADDR.node03, 520, 280),
  ],
  links: [cable('node01', 'eth0', 'sw', 'p1'), cable('node02', 'eth0', 'sw', 'p2'), cable('node03', 'eth0', 'sw', 'p3')],
};
