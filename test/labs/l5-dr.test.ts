import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../src/test-support/transcript';

/** Lab L5 typed step by step from the bare lab, in the notes' order (LABS.md). */
const L5 = `
# 1. the VIP on the director
1 node01 ifconfig eth0:2 192.168.150.100/24
# 2-3. hide the VIP on the real servers
2 node02 echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore
2 node02 echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce
2 node02 echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore
2 node02 echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce
2 node02 ifconfig lo:1 192.168.150.100 netmask 255.255.255.255
2 node03 echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore
2 node03 echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce
2 node03 echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore
2 node03 echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce
2 node03 ifconfig lo:1 192.168.150.100 netmask 255.255.255.255
# 4. web servers that say who they are
3 node02 yum install httpd -y
3 node03 yum install httpd -y
10 node02 echo 'from 192.168.150.12' > /var/www/html/index.html
10 node03 echo 'from 192.168.150.13' > /var/www/html/index.html
10 node02 service httpd start
10 node03 service httpd start
# 5. the director
11 node01 yum install ipvsadm -y
20 node01 ipvsadm -A -t 192.168.150.100:80 -s rr
20 node01 ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12 -g -w 1
20 node01 ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13 -g -w 1
20 node01 ipvsadm -ln
# 6. curl from the client, repeatedly
30 client curl 192.168.150.100
31 client curl 192.168.150.100
32 client curl 192.168.150.100
33 client curl 192.168.150.100
# 7. the director's view
34 node01 ipvsadm -lnc
`;

describe('lab L5 (DR) typed from lab-bare', () => {
  const { text, lab } = transcript('lab-bare', L5);

  it('the director lists the service as the notes show', () => {
    expect(blockOf(text, 'node01$ ipvsadm -ln')).toBe(
      [
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port Scheduler Flags',
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
        'TCP  192.168.150.100:80 rr',
        '  -> 192.168.150.12:80            Route   1      0          0         ',
        '  -> 192.168.150.13:80            Route   1      0          0         ',
        '',
      ].join('\n'),
    );
  });

  it('curl 192.168.150.100 alternates between the two real servers (newest-added first)', () => {
    const pages = [30, 31, 32, 33].map((t) => text.split('\n').find((_l, i, a) => a[i - 1]?.startsWith(`[${t}.000] client$ curl`)));
    expect(pages).toEqual(['from 192.168.150.13', 'from 192.168.150.12', 'from 192.168.150.13', 'from 192.168.150.12']);
  });

  it('the connection table shows the four connections closing (FIN_WAIT), two per real server', () => {
    const rows = blockOf(text, 'node01$ ipvsadm -lnc').trim().split('\n');
    expect(rows.slice(0, 2)).toEqual(['IPVS connection entries', 'pro expire state       source             virtual            destination']);
    expect(rows.slice(2).map((r) => r.replace(/^TCP \d\d:\d\d  /, '').replace(/192\.168\.150\.1:\d+/, 'CIP'))).toEqual([
      'FIN_WAIT    CIP 192.168.150.100:80 192.168.150.13:80',
      'FIN_WAIT    CIP 192.168.150.100:80 192.168.150.12:80',
      'FIN_WAIT    CIP 192.168.150.100:80 192.168.150.13:80',
      'FIN_WAIT    CIP 192.168.150.100:80 192.168.150.12:80',
    ]);
  });

  it('only the director answers ARP for the VIP: the client caches the director\'s MAC', () => {
    const client = lab.host('client')!;
    const stack = client.stack as import('../../src/engine/net/ip/stack').IpStack;
    const vipEntry = stack.neigh.get('eth0', 0xc0a89664);
    expect(vipEntry?.mac).toBe(lab.host('node01')!.nic('eth0')!.mac);
  });

  it('every command succeeded', () => {
    const failed = lab.records.filter((r) => r.status !== 0 && !r.boot).map((r) => `${r.node}$ ${r.line} → ${r.status}\n${r.output}`);
    expect(failed).toEqual([]);
  });
});
