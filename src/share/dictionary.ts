/**
 * The preset DEFLATE dictionary of link format 1 (RFC 1951 has no dictionary id
 * in a raw stream: the format version says which one was used).
 *
 * FROZEN. Every link made with format 1 decodes only with these exact bytes, so
 * this text is never edited once released — not to fix a typo, not to follow a
 * preset that changed. A better dictionary is a new link format (a new entry in
 * migrate.ts's LINK_FORMATS); dictionary.test.ts pins the bytes.
 *
 * What it holds: the fragments a compact scenario (compact.ts) is made of, in
 * the key order compactScenario writes — keys, the course's addresses, the
 * notes' boot commands, a keepalived.conf in the course's layout — ending with the
 * configured DR lab, the most common content, nearest to the data (DEFLATE codes
 * short distances in fewer bits).
 */

const parts: string[] = [
  // Rare: timeline actions, texts, link options, explicit MACs, DNS and hosts.
  '"timeline":[{"at":1,"node":"client","run":"curl 192.168.150.100"},{"at":5,"link":"node01:eth0--sw:p2","set":"down"},{"at":10,"node":"node01","power":"off"},{"at":20,"node":"node01","power":"on"},{"at":15,"link":"uplink","set":"up"}],',
  '"title":{"en":"","zh":""},"description":{"en":"","zh":""}}',
  '{"id":"uplink","a":"router:eth1","b":"isp:eth0","latencyUs":5000,"loss":0.01,"up":false}',
  '"seed":42,"mac":"00:0c:29:00:00:0b","mtu":1400,"up":false,',
  '"dns":["192.168.150.2"],"hosts":{"www.baidu.com":"202.108.22.5"},"gateway":"192.168.150.2",',
  '"name":"Director","kind":"router","sysctl":{"net.ipv4.ip_forward":1},"sysctl":{"net.ipv4.conf.all.rp_filter":0},',
  // keepalived, as the course writes it.
  '"packages":["keepalived","ipvsadm"],"files":{"/etc/keepalived/keepalived.conf":"! Configuration File for keepalived\\n\\nglobal_defs {\\n   router_id LVS_DEVEL\\n}\\n\\n' +
    'vrrp_instance VI_1 {\\n    state MASTER\\n    state BACKUP\\n    interface eth0\\n    virtual_router_id 51\\n    priority 100\\n    priority 50\\n    advert_int 1\\n' +
    '    authentication {\\n        auth_type PASS\\n        auth_pass 1111\\n    }\\n    virtual_ipaddress {\\n        192.168.150.100/24 dev eth0 label eth0:3\\n    }\\n}\\n\\n' +
    'virtual_server 192.168.150.100 80 {\\n    delay_loop 6\\n    lb_algo rr\\n    lb_kind DR\\n    nat_mask 255.255.255.0\\n    persistence_timeout 0\\n    protocol TCP\\n\\n' +
    '    real_server 192.168.150.12 80 {\\n        weight 1\\n        HTTP_GET {\\n            url {\\n              path /\\n              status_code 200\\n            }\\n' +
    '            connect_timeout 3\\n            nb_get_retry 3\\n            delay_before_retry 3\\n        }\\n    }\\n}\\n"},',
  '"boot":["service keepalived start","systemctl start httpd","yum install -y httpd","ipvsadm -C","ipvsadm -ln","ipvsadm -lnc"]',
  // NAT, TUN and routed labs.
  '{"id":"router","kind":"router","position":{"x":360,"y":0},"interfaces":[{"name":"eth0","addresses":["192.168.150.2/24"]},{"name":"eth1","addresses":["172.16.0.1/24"]}],' +
    '"boot":["iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE"]}',
  '"boot":["route add default gw 192.168.150.2","route add -net 172.16.0.0 netmask 255.255.255.0 gw 192.168.150.2","modprobe ipip",' +
    '"ifconfig tunl0 192.168.150.100 netmask 255.255.255.255 up","echo 1 > /proc/sys/net/ipv4/conf/tunl0/arp_ignore","echo 2 > /proc/sys/net/ipv4/conf/tunl0/arp_announce",' +
    '"echo 0 > /proc/sys/net/ipv4/conf/tunl0/rp_filter","echo 0 > /proc/sys/net/ipv4/conf/all/rp_filter","ipvsadm -a -t 192.168.150.100:80 -r 172.16.0.12 -i -w 1"]',
  '{"id":"node01","kind":"host","position":{"x":440,"y":160},"interfaces":[{"name":"eth0","addresses":["192.168.150.11/24"]},{"name":"eth1","addresses":["10.0.0.1/24"]}],' +
    '"sysctl":{"net.ipv4.ip_forward":1},"packages":["ipvsadm"],"boot":["ifconfig eth0:2 192.168.150.100/24","ipvsadm -A -t 192.168.150.100:80 -s wrr",' +
    '"ipvsadm -a -t 192.168.150.100:80 -r 10.0.0.12:80 -m -w 1","ipvsadm -a -t 192.168.150.100:80 -r 10.0.0.13:80 -m -w 1"]},' +
    '{"id":"sw2","kind":"switch","position":{"x":660,"y":160},"interfaces":["p1","p2","p3"]},' +
    '{"id":"node02","kind":"host","position":{"x":880,"y":60},"interfaces":[{"name":"eth0","addresses":["10.0.0.12/24"]}],"gateway":"10.0.0.1","packages":["httpd"],' +
    '"boot":["echo \'from node02 (10.0.0.12)\' > /var/www/html/index.html","service httpd start"]}',
  // The configured DR lab (lvs-dr), the most likely content of a link.
  '{"lvslab":1,"id":"lvs-dr","nodes":[{"id":"client","kind":"host","position":{"x":0,"y":160},"interfaces":[{"name":"eth0","addresses":["192.168.150.1/24"]}]},' +
    '{"id":"sw","kind":"switch","position":{"x":260,"y":160},"interfaces":["p1","p2","p3","p4"]},' +
    '{"id":"node01","kind":"host","position":{"x":520,"y":0},"interfaces":[{"name":"eth0","addresses":["192.168.150.11/24"]}],"packages":["ipvsadm"],' +
    '"boot":["ifconfig eth0:2 192.168.150.100/24","ipvsadm -A -t 192.168.150.100:80 -s rr","ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12 -g -w 1",' +
    '"ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13 -g -w 1"]},' +
    '{"id":"node02","kind":"host","position":{"x":520,"y":160},"interfaces":[{"name":"eth0","addresses":["192.168.150.12/24"]}],"packages":["httpd"],' +
    '"boot":["echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore","echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce","echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore",' +
    '"echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce","ifconfig lo:1 192.168.150.100 netmask 255.255.255.255",' +
    '"echo \'from node02 (192.168.150.12)\' > /var/www/html/index.html","service httpd start"]},' +
    '{"id":"node03","kind":"host","position":{"x":520,"y":320},"interfaces":[{"name":"eth0","addresses":["192.168.150.13/24"]}],"packages":["httpd"],' +
    '"boot":["echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore","echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce","echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore",' +
    '"echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce","ifconfig lo:1 192.168.150.100 netmask 255.255.255.255",' +
    '"echo \'from node03 (192.168.150.13)\' > /var/www/html/index.html","service httpd start"]}],' +
    '"links":[{"a":"client:eth0","b":"sw:p1"},{"a":"node01:eth0","b":"sw:p2"},{"a":"node02:eth0","b":"sw:p3"},{"a":"node03:eth0","b":"sw:p4"}]}',
];

/** The dictionary text of link format 1 (ASCII). */
export const DICTIONARY_V1_TEXT: string = parts.join('');

let bytes: Uint8Array | null = null;

/** The dictionary of link format 1 as bytes (built once). */
export function dictionaryV1(): Uint8Array {
  if (!bytes) {
    bytes = new Uint8Array(DICTIONARY_V1_TEXT.length);
    for (let i = 0; i < DICTIONARY_V1_TEXT.length; i++) bytes[i] = DICTIONARY_V1_TEXT.charCodeAt(i);
  }
  return bytes;
}
