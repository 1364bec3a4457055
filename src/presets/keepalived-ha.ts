import type { ScenarioDocV1 } from '../engine/scenario/types';
import { cable, drRealServerBoot, LAB_ADDR, labHost, labSwitch, webServerBoot } from './lvs-common';

const VIP = LAB_ADDR.vip;
const NODE04 = '192.168.150.14';

/**
 * The notes' keepalived.conf (note 002), adapted to the lab: 192.168.150.x
 * addresses, interface eth0, label eth0:3. The comments are the notes' own.
 */
export function keepalivedConf(state: 'MASTER' | 'BACKUP', priority: number): string {
  return `! Configuration File for keepalived

global_defs {
    notification_email {
        acassen@firewall.loc
        failover@firewall.loc
        sysadmin@firewall.loc
    }
    notification_email_from Alexandre.Cassen@firewall.loc
    smtp_server 192.168.200.1
    smtp_connect_timeout 30
    router_id LVS_DEVEL
}


vrrp_instance VI_1 { # 虚拟路由冗余协议
    state ${state}     # 主备的 ${state === 'MASTER' ? '主' : '备'}模式
    interface eth0 # 把物理网络再做分割, 指定走那一块网卡
    virtual_router_id 51 # 与备机的id要一致, 表示做的是同一件事
    priority ${priority}         # 权重值, 备机可以调整比重, 50太子, 30小皇子, 主挂掉, 50太子会优先接替
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass 1111
    }

    virtual_ipaddress { # 这就是VIP
        ${VIP}/24 dev eth0 label eth0:3
    }
}

virtual_server ${VIP} 80 { # ipvsadm的-A,不能光有进来的还得有出去的,就是下面的real_server
    delay_loop 5 # 每个5秒检查一次real_server状态
    lb_algo rr   # LVS算法轮询
    lb_kind DR   # LVS模式直接路由
    nat_mask 255.255.255.0
    persistence_timeout 0     # 会话保持时间秒数(实验环境改成0,不保持会话,生产根据情况调整,且必须调整)
    protocol TCP

    real_server ${LAB_ADDR.node02} 80 {
        weight 1
        HTTP_GET {
            url {
                path /
                status_code 200
            }
            connect_timeout 5    # 连接超时时间
            nb_get_retry 2       # 重连次数
            delay_before_retry 3 # 重连间隔时间
        }
    }
    real_server ${LAB_ADDR.node03} 80 {
        weight 1
        HTTP_GET {
            url {
                path /
                status_code 200
            }
            connect_timeout 5
            nb_get_retry 2
            delay_before_retry 3
        }
    }
}
`;
}

const director = (id: string, ip: string, y: number, state: 'MASTER' | 'BACKUP', priority: number) =>
  labHost(id, ip, 520, y, {
    packages: ['ipvsadm', 'keepalived'],
    files: { '/etc/keepalived/keepalived.conf': keepalivedConf(state, priority) },
    boot: ['service keepalived start'],
  });

/** Lab L8: two DR directors kept highly available by keepalived (VRRP + HTTP health checks). */
export const keepalivedHa: ScenarioDocV1 = {
  lvslab: 1,
  id: 'keepalived-ha',
  title: { en: 'High availability with keepalived', zh: 'keepalived 高可用' },
  description: {
    en: 'The course\'s keepalived lab: node01 (MASTER, priority 100) and node04 (BACKUP, priority 50) run keepalived with the notes\' configuration — VRRP instance VI_1 owns VIP 192.168.150.100 (eth0:3), and both directors load the DR service with HTTP_GET checks of node02 and node03 into IPVS. The master advertises every second to 224.0.0.18; try `ifconfig eth0 down` on node01 and watch the VIP move to node04 (and come back), `kill -9` every keepalived process on node01 for a split brain, `service httpd stop` on a real server and watch `ipvsadm -Ln`, and read the transitions in /var/log/syslog.',
    zh: '课程中的 keepalived 实验：node01（MASTER，优先级 100）和 node04（BACKUP，优先级 50）用笔记中的配置运行 keepalived —— VRRP 实例 VI_1 持有 VIP 192.168.150.100（eth0:3），两台调度器都把带 HTTP_GET 健康检查（检查 node02 和 node03）的 DR 服务写入 IPVS。主机每秒向 224.0.0.18 发送通告；试试在 node01 上 `ifconfig eth0 down`，看 VIP 漂移到 node04（再恢复后抢回），在 node01 上 `kill -9` 所有 keepalived 进程造成脑裂，在真实服务器上 `service httpd stop` 并观察 `ipvsadm -Ln`，在 /var/log/syslog 中查看状态切换日志。',
  },
  nodes: [
    labHost('client', LAB_ADDR.client, 0, 160),
    labSwitch(5, 260, 160),
    director('node01', LAB_ADDR.node01, 0, 'MASTER', 100),
    director('node04', NODE04, 320, 'BACKUP', 50),
    labHost('node02', LAB_ADDR.node02, 820, 80, { packages: ['httpd'], boot: [...drRealServerBoot(), ...webServerBoot('node02', LAB_ADDR.node02)] }),
    labHost('node03', LAB_ADDR.node03, 820, 240, { packages: ['httpd'], boot: [...drRealServerBoot(), ...webServerBoot('node03', LAB_ADDR.node03)] }),
  ],
  links: [
    cable('client', 'eth0', 'sw', 'p1'),
    cable('node01', 'eth0', 'sw', 'p2'),
    cable('node02', 'eth0', 'sw', 'p3'),
    cable('node03', 'eth0', 'sw', 'p4'),
    cable('node04', 'eth0', 'sw', 'p5'),
  ],
};
