import { describe, expect, it } from 'vitest';
import type { ScenarioDocV1 } from '../../src/engine/scenario/types';
import { keepalivedConf, keepalivedHa } from '../../src/presets/keepalived-ha';
import { blockOf, transcript } from '../../src/test-support/transcript';
import { hopLines } from './hops';

/**
 * Lab L8 as the notes tell it (LABS.md; notes 002 and 004 "第四课"): the DR
 * director node01 of lab L5 is turned into a keepalived pair with node04.
 * The learner clears the hand-made rules (`ipvsadm -C`, `ifconfig eth0:2
 * down`), installs keepalived, backs up the sample configuration and writes
 * the notes' keepalived.conf (here the vim session is a prepared file in
 * /root that is copied in), then runs the five experiments.
 */
const VIP = '192.168.150.100';

function notesLab(): ScenarioDocV1 {
  const doc = structuredClone(keepalivedHa);
  for (const n of doc.nodes) {
    if (n.id !== 'node01' && n.id !== 'node04') continue;
    const master = n.id === 'node01';
    const conf = keepalivedConf(master ? 'MASTER' : 'BACKUP', master ? 100 : 50);
    n.files = {
      '/root/keepalived.conf': conf,
      // the two mistakes of note 002, and the variants of experiments 4 and 5
      '/root/nested.conf': conf.replace(/\n}\n\nvirtual_server/, '\nvirtual_server') + '}\n',
      '/root/strict.conf': conf.replace('router_id LVS_DEVEL', 'router_id LVS_DEVEL\n    vrrp_strict'),
      '/root/persist.conf': conf.replace('persistence_timeout 0 ', 'persistence_timeout 50'),
    };
    // node01 is lab L5's director, configured by hand; node04 is a bare host.
    n.packages = master ? ['ipvsadm'] : [];
    n.boot = master ? [`ifconfig eth0:2 ${VIP}/24`, `ipvsadm -A -t ${VIP}:80 -s rr`, `ipvsadm -a -t ${VIP}:80 -r 192.168.150.12 -g -w 1`, `ipvsadm -a -t ${VIP}:80 -r 192.168.150.13 -g -w 1`] : [];
  }
  return doc;
}

/** Note 004's sequence on both directors, keepalived started at 22 s (the backup first). */
const SETUP = [
  '1 client curl 192.168.150.100',
  '2 node01 ipvsadm -C',
  '2 node01 ifconfig eth0:2 down',
  '3 node01 yum install keepalived ipvsadm -y',
  '3 node04 yum install keepalived ipvsadm -y',
  '20 node01 cp /etc/keepalived/keepalived.conf  /etc/keepalived/keepalived.conf.back',
  '20 node04 cp /etc/keepalived/keepalived.conf  /etc/keepalived/keepalived.conf.back',
  '21 node01 cp /root/keepalived.conf /etc/keepalived/keepalived.conf',
  '21 node04 cp /root/keepalived.conf /etc/keepalived/keepalived.conf',
  '22 node04 service keepalived start',
  '22 node01 service keepalived start',
];
const run = (lines: string[], until: number) => transcript(notesLab(), [...SETUP, ...lines].join('\n'), { until });

const IPVS_BOTH = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  `TCP  ${VIP}:80 rr`,
  '  -> 192.168.150.12:80            Route   1      0          0         ',
  '  -> 192.168.150.13:80            Route   1      0          0         ',
  '',
].join('\n');
const VIP_ALIAS = (mac: string) =>
  `eth0:3: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet ${VIP}  netmask 255.255.255.0  broadcast 0.0.0.0\n        ether ${mac}  txqueuelen 1000  (Ethernet)\n`;
/** ifconfig on an alias label that has no address (keepalived removed it): flags and MAC only. */
const NO_VIP_ALIAS = (mac: string) => `eth0:3: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        ether ${mac}  txqueuelen 1000  (Ethernet)\n`;
const MAC = { node01: '00:0c:29:01:f0:c4', node04: '00:0c:29:08:ca:ee' };

describe('L8 setup: the notes\' keepalived.conf, as written, replaces the hand-made director', () => {
  const { text, lab } = run(['21 node01 ls -l /etc/keepalived/', '30 node01 ifconfig eth0:3', '30 node04 ifconfig eth0:3', '30 node01 ipvsadm -ln', '30 node04 ipvsadm -ln', '31 client curl 192.168.150.100', '32 client curl 192.168.150.100'], 33);

  it('every command succeeded', () => {
    expect(lab.records.filter((r) => !r.boot && r.status !== 0).map((r) => r.line)).toEqual([]);
  });

  it('the sample config is kept as keepalived.conf.back', () => {
    expect(blockOf(text, 'node01$ ls -l /etc/keepalived/')).toMatch(/^total \d+\n-rw-r--r-- 1 root root +\d+ Mar 27 10:00 keepalived\.conf\n-rw-r--r-- 1 root root +\d+ Mar 27 10:00 keepalived\.conf\.back\n$/);
  });

  it('keepalived puts the VIP on the MASTER (eth0:3) and loads the virtual_server into IPVS on both directors', () => {
    expect(blockOf(text, 'node01$ ifconfig eth0:3')).toBe(VIP_ALIAS(MAC.node01));
    expect(blockOf(text, 'node04$ ifconfig eth0:3')).toBe(NO_VIP_ALIAS(MAC.node04));
    expect(blockOf(text, 'node01$ ipvsadm -ln')).toBe(IPVS_BOTH);
    expect(blockOf(text, 'node04$ ipvsadm -ln')).toBe(IPVS_BOTH);
  });

  it('the service answers, round robin, with persistence_timeout 0', () => {
    expect(text).toContain('[31.000] client$ curl 192.168.150.100\nfrom node03 (192.168.150.13)\n[32.000] client$ curl 192.168.150.100\nfrom node02 (192.168.150.12)\n');
  });
});

describe('L8 config mistakes of note 002', () => {
  const { text } = run(
    [
      '23 node01 service keepalived stop',
      '24 node01 chmod 755 /etc/keepalived/keepalived.conf',
      '25 node01 service keepalived start',
      '26 node01 grep regular /var/log/syslog',
      '27 node01 chmod 644 /etc/keepalived/keepalived.conf',
      '27 node01 cp /root/nested.conf /etc/keepalived/keepalived.conf',
      '28 node01 service keepalived start',
      '30 node01 grep Unknown /var/log/syslog | head -1',
    ],
    31,
  );

  it("问题1: an executable keepalived.conf is refused — fixed by chmod 644", () => {
    expect(text.split('[25.000] node01$ service keepalived start\n')[1].split('\n').slice(0, 2)).toEqual([
      'Redirecting to /bin/systemctl start  keepalived.service',
      'Job for keepalived.service failed because the control process exited with error code. See "systemctl status keepalived.service" and "journalctl -xe" for details.',
    ]);
    expect(blockOf(text, 'node01$ grep regular /var/log/syslog')).toBe("Mar 27 10:00:25 node01 Keepalived[1422]: Configuration file '/etc/keepalived/keepalived.conf' is not a regular non-executable file\n");
  });

  it("问题2: virtual_server nested inside vrrp_instance → Unknown keyword 'virtual_server'", () => {
    expect(blockOf(text, 'node01$ grep Unknown /var/log/syslog | head -1')).toMatch(/^Mar 27 10:00:28 node01 Keepalived_vrrp\[\d+\]: Unknown keyword 'virtual_server'\n$/);
  });
});

describe('L8 experiment 1: ifconfig eth0 down on the master, then up (preemption)', () => {
  const { text } = run(
    [
      '31 node01 ifconfig eth0 down',
      '36 node01 ifconfig eth0:3',
      '36 node04 ifconfig eth0:3',
      '36 client curl 192.168.150.100',
      '40 node01 ifconfig eth0 up',
      '46 node01 ifconfig eth0:3',
      '46 node04 ifconfig eth0:3',
      '46 node04 grep VI_1 /var/log/syslog',
    ],
    47,
  );

  it('the VIP moves to the backup, which serves the client', () => {
    expect(text).toContain(`[36.000] node04$ ifconfig eth0:3\n${VIP_ALIAS(MAC.node04)}`);
    expect(text).toContain('[36.000] node01$ ifconfig eth0:3\neth0:3: flags=4098<BROADCAST,MULTICAST>  mtu 1500\n        ether 00:0c:29:01:f0:c4');
    expect(text).toMatch(/\[36\.000\] client\$ curl 192\.168\.150\.100\nfrom node0[23] /);
  });

  it('eth0 back up: the master (priority 100) takes the VIP back from the backup (50)', () => {
    expect(text).toContain(`[46.000] node01$ ifconfig eth0:3\n${VIP_ALIAS(MAC.node01)}`);
    expect(text).toContain(`[46.000] node04$ ifconfig eth0:3\n${NO_VIP_ALIAS(MAC.node04)}`);
  });

  it("the backup's syslog tells the story", () => {
    const log = blockOf(text, 'node04$ grep VI_1 /var/log/syslog').split('\n').map((l) => l.replace(/^Mar 27 10:00:\d\d node04 Keepalived_vrrp\[\d+\]: /, ''));
    expect(log.filter((l) => /Entering|received advert|removing|setting/.test(l))).toEqual([
      '(VI_1) removing VIPs.',
      '(VI_1) Entering BACKUP STATE (init)',
      '(VI_1) Entering MASTER STATE',
      '(VI_1) setting VIPs.',
      '(VI_1) Master received advert from 192.168.150.11 with higher priority 100, ours 50',
      '(VI_1) Entering BACKUP STATE',
      '(VI_1) removing VIPs.',
    ]);
  });
});

describe('L8 experiment 2: kill -9 keepalived on the master — split brain', () => {
  const { text, lab } = run(
    [
      '30 node01 ps -ef | grep keepalived',
      '31 node01 kill -9 $(pidof keepalived)',
      '31 node01 pidof keepalived',
      '40 node01 ifconfig eth0:3',
      '40 node04 ifconfig eth0:3',
      '40 node01 ipvsadm -ln',
      `41 client arp -d ${VIP}`,
      `41 client ping -c 1 ${VIP}`,
    ],
    42,
  );

  it('pidof lists the three processes (children first) and kill -9 takes them all: nothing is respawned', () => {
    expect(blockOf(text, 'node01$ ps -ef | grep keepalived').split('\n').filter(Boolean)).toHaveLength(3);
    expect(text).toContain('[31.000] node01$ pidof keepalived\n[40.000]');
    expect(lab.host('node01')!.fs.read('/var/log/syslog')).not.toContain('Respawning');
  });

  it('nobody cleaned up: node01 keeps the VIP and its IPVS rules, and node04, hearing no adverts, takes the VIP too', () => {
    expect(blockOf(text, 'node01$ ifconfig eth0:3')).toBe(VIP_ALIAS(MAC.node01));
    expect(blockOf(text, 'node04$ ifconfig eth0:3')).toBe(VIP_ALIAS(MAC.node04));
    expect(blockOf(text, 'node01$ ipvsadm -ln')).toBe(IPVS_BOTH);
  });

  it('two hosts now answer ARP for the VIP — which one gets a SYN and which one the final ACK is left to chance', () => {
    const replies = hopLines(lab).filter((h) => h.t >= 41 && h.to === 'sw' && h.line.startsWith(`ARP, Reply ${VIP} is-at`));
    expect(replies.map((h) => h.line)).toEqual([`ARP, Reply ${VIP} is-at ${MAC.node01}, length 46`, `ARP, Reply ${VIP} is-at ${MAC.node04}, length 46`]);
  });
});

describe('L8 experiment 3: a real server stops serving — the health check (HTTP GET, 200) takes it out and puts it back', () => {
  const { text } = run(['30 node02 service httpd stop', '45 node01 ipvsadm -ln', '45 node04 ipvsadm -ln', '46 node02 service httpd start', '60 node01 ipvsadm -ln', '60 node01 grep 192.168.150.12 /var/log/syslog'], 61);
  const only13 = IPVS_BOTH.replace('  -> 192.168.150.12:80            Route   1      0          0         \n', '');

  it('removed from IPVS on both directors', () => {
    expect(text).toContain(`[45.000] node01$ ipvsadm -ln\n${only13}`);
    expect(text).toContain(`[45.000] node04$ ipvsadm -ln\n${only13}`);
  });

  it('back once it answers 200 again', () => {
    expect(text).toContain(`[60.000] node01$ ipvsadm -ln\n${IPVS_BOTH}`);
    const log = blockOf(text, 'node01$ grep 192.168.150.12 /var/log/syslog');
    expect(log).toMatch(/Removing service \[192\.168\.150\.12\]:tcp:80 from VS \[192\.168\.150\.100\]:tcp:80/);
    expect(log).toMatch(/Adding service \[192\.168\.150\.12\]:tcp:80 to VS \[192\.168\.150\.100\]:tcp:80\n(.*\n)*$/);
  });
});

describe('L8 experiment 4: vrrp_strict — the VIP stops answering ping', () => {
  const restart = (file: string, t: number) => [`${t} node01 cp /root/${file} /etc/keepalived/keepalived.conf`, `${t} node04 cp /root/${file} /etc/keepalived/keepalived.conf`, `${t} node04 service keepalived restart`, `${t} node01 service keepalived restart`];
  const { text } = run([`29 client ping -c 1 ${VIP}`, ...restart('strict.conf', 30), `40 client ping -c 2 ${VIP}`, ...restart('keepalived.conf', 45), `55 client ping -c 1 ${VIP}`], 56);
  const stats = (t: number) => text.split(`[${t}.000] client$ ping`)[1].split('\n').find((l) => l.includes('packets transmitted'));

  it('before: the VIP answers; with vrrp_strict: 100% loss; without it again: answers', () => {
    expect(stats(29)).toBe('1 packets transmitted, 1 received, 0% packet loss, time 0ms');
    expect(stats(40)).toMatch(/^2 packets transmitted, 0 received, 100% packet loss, time 10\d\dms$/);
    expect(stats(55)).toBe('1 packets transmitted, 1 received, 0% packet loss, time 0ms');
  });
});

describe('L8 experiment 5: persistence_timeout 0 vs 50 — the same client, the same real server', () => {
  const curls = (t: number) => [0, 1, 2, 3].map((k) => `${t + k} client curl -s ${VIP}`);
  const { text } = run([...curls(30), '34 node01 cp /root/persist.conf /etc/keepalived/keepalived.conf', '34 node01 service keepalived reload', ...curls(40), '44 node01 ipvsadm -ln'], 45);
  const pages = (t: number) => [0, 1, 2, 3].map((k) => text.split(`[${t + k}.000] client$ curl -s ${VIP}\n`)[1].split('\n')[0]);

  it('0 (the notes\' lab setting): pages alternate', () => {
    expect(pages(30)).toEqual(['from node03 (192.168.150.13)', 'from node02 (192.168.150.12)', 'from node03 (192.168.150.13)', 'from node02 (192.168.150.12)']);
  });

  it('50: the client sticks to one real server; the service is listed persistent', () => {
    expect(new Set(pages(40)).size).toBe(1);
    expect(blockOf(text, 'node01$ ipvsadm -ln').split('\n')[3]).toBe(`TCP  ${VIP}:80 rr persistent 50`);
  });
});
