import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { blockOf, transcript } from '../../../../test-support/transcript';
import type { ScenarioDocV1 } from '../../../scenario/types';
import { keepalivedHa } from '../../../../presets/keepalived-ha';

/** The notes' keepalived.conf, verbatim (interface enp0s3, 192.168.1.x). */
const NOTES = readFileSync(new URL('../../../ha/conf/fixtures/notes-002.conf', import.meta.url), 'utf8');

/** node01 has the notes' NIC name enp0s3; node02 only has eth0. keepalived is not installed yet. */
const doc: ScenarioDocV1 = {
  lvslab: 1,
  id: 'keepalived-notes',
  seed: 7,
  nodes: [
    { id: 'sw', kind: 'switch', interfaces: [{ name: 'p1' }, { name: 'p2' }] },
    { id: 'node01', kind: 'host', interfaces: [{ name: 'enp0s3', mac: '08:00:27:00:00:0b', addresses: ['192.168.1.11/24'] }], packages: ['ipvsadm'], files: { '/root/keepalived.conf': NOTES } },
    { id: 'node02', kind: 'host', interfaces: [{ name: 'eth0', mac: '08:00:27:00:00:0c', addresses: ['192.168.1.12/24'] }], packages: ['ipvsadm', 'keepalived'], files: { '/root/keepalived.conf': NOTES } },
  ],
  links: [
    { id: 'l1', a: { node: 'node01', iface: 'enp0s3' }, b: { node: 'sw', iface: 'p1' } },
    { id: 'l2', a: { node: 'node02', iface: 'eth0' }, b: { node: 'sw', iface: 'p2' } },
  ],
};

const CONF = '/etc/keepalived/keepalived.conf';

describe('yum install keepalived, the executable-bit problem, and the notes\' configuration on a host with enp0s3', () => {
  const { text } = transcript(
    doc,
    [
      '1 node01 keepalived -v',
      '1 node01 yum install keepalived -y',
      '2 node01 keepalived -v',
      `2 node01 ls -l ${CONF}`,
      `2 node01 cp /root/keepalived.conf ${CONF}`,
      `2 node01 chmod 755 ${CONF}`,
      '2 node01 service keepalived start',
      '2 node01 echo $?',
      '2 node01 grep regular /var/log/syslog',
      '2 node01 ps aux | grep keepalived',
      `3 node01 chmod 644 ${CONF}`,
      '3 node01 keepalived -t',
      '3 node01 echo $?',
      '3 node01 service keepalived start',
      '3 node01 echo $?',
      '12 node01 ip addr show enp0s3',
      '12 node01 ipvsadm -Ln',
      '12 node01 journalctl -u keepalived | grep -c Keepalived_vrrp',
    ].join('\n'),
    { until: 13 },
  );

  it('keepalived is "command not found" until the package is installed, which brings the sample configuration', () => {
    expect(blockOf(text, 'node01$ keepalived -v')).toBe('-bash: keepalived: command not found\n');
    expect(text).toContain('[2.000] node01$ keepalived -v\nKeepalived v2.0.10 (11/12,2018)\n\nCopyright(C) 2001-2018 Alexandre Cassen, <acassen@gmail.com>\n');
    expect(blockOf(text, `node01$ ls -l ${CONF}`)).toMatch(/^-rw-r--r-- 1 root root \d+ Mar 27 10:00 \/etc\/keepalived\/keepalived\.conf\n$/);
  });

  it('with the executable bit set keepalived refuses to start (the notes\' problem 1)', () => {
    expect(blockOf(text, 'node01$ service keepalived start')).toBe(
      'Redirecting to /bin/systemctl start  keepalived.service\n' +
        'Job for keepalived.service failed because the control process exited with error code. See "systemctl status keepalived.service" and "journalctl -xe" for details.\n',
    );
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
    expect(blockOf(text, 'node01$ grep regular /var/log/syslog')).toMatch(
      /^Mar 27 10:00:0\d node01 Keepalived\[\d+\]: Configuration file '\/etc\/keepalived\/keepalived\.conf' is not a regular non-executable file\n$/,
    );
    expect(blockOf(text, 'node01$ ps aux | grep keepalived')).toBe('');
  });

  it('chmod 644 fixes it; keepalived -t only reports the deprecated nb_get_retry (exit 4)', () => {
    expect(blockOf(text, 'node01$ keepalived -t')).toBe("nb_get_retry is deprecated - please use 'retry'\nnb_get_retry is deprecated - please use 'retry'\n");
    expect(text).toContain('node01$ keepalived -t\nnb_get_retry is deprecated - please use \'retry\'\nnb_get_retry is deprecated - please use \'retry\'\n[3.000] node01$ echo $?\n4\n');
    expect(text).toMatch(/node01\$ service keepalived start\nRedirecting to \/bin\/systemctl start {2}keepalived\.service\n\[3\.000\] node01\$ echo \$\?\n0\n/);
  });

  it('the notes\' configuration loads as written: VIP 192.168.1.100 on enp0s3:3 and the DR service in IPVS', () => {
    expect(blockOf(text, 'node01$ ip addr show enp0s3')).toBe(
      '2: enp0s3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000\n' +
        '    link/ether 08:00:27:00:00:0b brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 192.168.1.11/24 brd 192.168.1.255 scope global enp0s3\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet 192.168.1.100/24 scope global secondary enp0s3:3\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
    // The DR service is in IPVS; its real servers 192.168.1.24/.26 do not exist, so their checks have already removed them.
    expect(blockOf(text, 'node01$ ipvsadm -Ln')).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\n' +
        'Prot LocalAddress:Port Scheduler Flags\n' +
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n' +
        'TCP  192.168.1.100:80 rr\n',
    );
    expect(Number(blockOf(text, 'node01$ journalctl -u keepalived | grep -c Keepalived_vrrp'))).toBeGreaterThan(10);
  });
});

describe('the notes\' configuration on a host without enp0s3', () => {
  const { text } = transcript(
    doc,
    [
      `1 node02 cp /root/keepalived.conf ${CONF}`,
      '1 node02 keepalived -t',
      '1 node02 echo $?',
      '1 node02 service keepalived start',
      '2 node02 service keepalived status',
      '2 node02 grep -E "enp0s3|Non-existent|CONFIG" /var/log/messages',
      '2 node02 ps aux | grep keepalived',
      '2 node02 ipvsadm -Ln',
    ].join('\n'),
    { until: 3 },
  );

  it('keepalived -t names the missing interface', () => {
    expect(blockOf(text, 'node02$ keepalived -t')).toBe(
      [
        "WARNING - interface enp0s3 for vrrp_instance VI_1 doesn't exist",
        "WARNING - interface enp0s3 for ip address 192.168.1.100/24 doesn't exist",
        "nb_get_retry is deprecated - please use 'retry'",
        "nb_get_retry is deprecated - please use 'retry'",
        'Non-existent interface specified in configuration',
        '(VI_1) Unknown interface!',
        '',
      ].join('\n'),
    );
    expect(blockOf(text, 'node02$ echo $?')).toBe('4\n');
  });

  it('the VRRP child exits with a configuration error and takes keepalived down with it, IPVS cleaned up', () => {
    expect(blockOf(text, 'node02$ grep -E "enp0s3|Non-existent|CONFIG" /var/log/messages').replace(/\[\d+\]/g, '[PID]')).toBe(
      [
        "Mar 27 10:00:01 node02 Keepalived_vrrp[PID]: WARNING - interface enp0s3 for vrrp_instance VI_1 doesn't exist",
        "Mar 27 10:00:01 node02 Keepalived_vrrp[PID]: WARNING - interface enp0s3 for ip address 192.168.1.100/24 doesn't exist",
        'Mar 27 10:00:01 node02 Keepalived_vrrp[PID]: Non-existent interface specified in configuration',
        'Mar 27 10:00:01 node02 Keepalived[PID]: Keepalived_vrrp exited with permanent error CONFIG. Terminating',
        '',
      ].join('\n'),
    );
    expect(blockOf(text, 'node02$ service keepalived status')).toContain('   Active: failed (Result: exit-code) since Sat 2021-03-27 10:00:01 CST;');
    expect(blockOf(text, 'node02$ ps aux | grep keepalived')).toBe('');
    expect(blockOf(text, 'node02$ ipvsadm -Ln')).toBe('IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n');
  });
});

describe("virtual_server nested inside vrrp_instance (the notes' problem 2)", () => {
  // The vrrp_instance's closing brace moved to the end of the file.
  const nested = structuredClone(keepalivedHa);
  for (const n of nested.nodes) {
    const files = (n as { files?: Record<string, string> }).files;
    if (files?.[CONF]) files[CONF] = files[CONF].replace('    }\n}\n\nvirtual_server', '    }\n\nvirtual_server') + '}\n';
  }
  const { text } = transcript(nested, ['6 node01 grep -E "keyword|Unexpected" /var/log/syslog', '6 node01 ps aux | grep keepalived', '6 node01 ipvsadm -Ln', '6 node01 ip addr show eth0 | grep eth0:3'].join('\n'), { until: 7 });

  it("the VRRP child logs Unknown keyword 'virtual_server' (and the lines of its block); no virtual server, no checker", () => {
    const lines = blockOf(text, 'node01$ grep -E "keyword|Unexpected" /var/log/syslog').split('\n');
    expect(lines.slice(0, 4)).toEqual([
      "Mar 27 10:00:00 node01 Keepalived_vrrp[1408]: Unknown keyword 'virtual_server'",
      "Mar 27 10:00:00 node01 Keepalived_vrrp[1408]: Unexpected '{' - ignoring",
      "Mar 27 10:00:00 node01 Keepalived_vrrp[1408]: Unknown keyword 'delay_loop'",
      "Mar 27 10:00:00 node01 Keepalived_vrrp[1408]: Unknown keyword 'lb_algo'",
    ]);
    expect(blockOf(text, 'node01$ ipvsadm -Ln')).toBe('IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n');
    // With no virtual server configured the parent starts no checker child: only the parent and the VRRP child run.
    expect(blockOf(text, 'node01$ ps aux | grep keepalived').split('\n').map((l) => l.split(/\s+/)[1])).toEqual(['1407', '1408', undefined]);
    // VRRP itself still works.
    expect(blockOf(text, 'node01$ ip addr show eth0 | grep eth0:3')).toBe('    inet 192.168.150.100/24 scope global secondary eth0:3\n');
  });
});

describe('stopping and killing', () => {
  const { text } = transcript(
    'keepalived-ha',
    [
      '8 node01 service keepalived stop',
      '8 node01 ps aux | grep keepalived',
      '8 node01 ip addr show eth0 | grep eth0:3',
      '8 node01 ipvsadm -Ln',
      '8 node01 tail -n 10 /var/log/messages',
      '9 node04 grep -E "priority 0|MASTER" /var/log/messages',
      '12 node04 kill -9 1409',
      '14 node04 ps aux | grep keepalived',
      '14 node04 grep -E "died|Starting VRRP" /var/log/messages',
      '20 node04 kill -9 1407',
      '21 node04 ps aux | grep keepalived',
      '21 node04 ip addr show eth0 | grep eth0:3',
      '21 node04 ipvsadm -Ln',
    ].join('\n'),
    { until: 22 },
  );
  const IPVS_EMPTY = 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';

  it('a clean stop sends priority 0, removes the VIP and the IPVS rules', () => {
    expect(blockOf(text, 'node01$ ps aux | grep keepalived')).toBe('');
    expect(blockOf(text, 'node01$ ip addr show eth0 | grep eth0:3')).toBe('');
    expect(blockOf(text, 'node01$ ipvsadm -Ln')).toBe(IPVS_EMPTY);
    expect(blockOf(text, 'node01$ tail -n 10 /var/log/messages')).toBe(
      [
        'Mar 27 10:00:08 node01 systemd: Stopping LVS and VRRP High Availability Monitor...',
        'Mar 27 10:00:08 node01 Keepalived[1407]: Stopping',
        'Mar 27 10:00:08 node01 Keepalived_healthcheckers[1408]: Removing service [192.168.150.12]:tcp:80 from VS [192.168.150.100]:tcp:80',
        'Mar 27 10:00:08 node01 Keepalived_healthcheckers[1408]: Removing service [192.168.150.13]:tcp:80 from VS [192.168.150.100]:tcp:80',
        'Mar 27 10:00:08 node01 Keepalived_healthcheckers[1408]: Stopped',
        'Mar 27 10:00:08 node01 Keepalived_vrrp[1409]: (VI_1) sent 0 priority',
        'Mar 27 10:00:08 node01 Keepalived_vrrp[1409]: (VI_1) removing VIPs.',
        'Mar 27 10:00:08 node01 Keepalived_vrrp[1409]: Stopped',
        'Mar 27 10:00:08 node01 Keepalived[1407]: Stopped Keepalived v2.0.10 (11/12,2018)',
        'Mar 27 10:00:08 node01 systemd: Stopped LVS and VRRP High Availability Monitor.',
        '',
      ].join('\n'),
    );
  });

  it('the backup takes over after Skew_Time (0.8 s), not the whole down interval', () => {
    expect(blockOf(text, 'node04$ grep -E "priority 0|MASTER" /var/log/messages')).toBe(
      ['Mar 27 10:00:08 node04 Keepalived_vrrp[1409]: (VI_1) Backup received priority 0 advertisement', 'Mar 27 10:00:08 node04 Keepalived_vrrp[1409]: (VI_1) Entering MASTER STATE', ''].join('\n'),
    );
  });

  it('a killed VRRP child is respawned by the parent', () => {
    expect(blockOf(text, 'node04$ grep -E "died|Starting VRRP" /var/log/messages')).toBe(
      [
        'Mar 27 10:00:00 node04 Keepalived[1407]: Starting VRRP child process, pid=1409',
        'Mar 27 10:00:12 node04 Keepalived[1407]: VRRP child process(1409) died: Respawning',
        'Mar 27 10:00:12 node04 Keepalived[1407]: Starting VRRP child process, pid=1412',
        '',
      ].join('\n'),
    );
    expect(text).toContain('[14.000] node04$ ps aux | grep keepalived\nroot      1407 ');
    expect(blockOf(text, 'node04$ ps aux | grep keepalived').split('\n').map((l) => l.split(/\s+/)[1])).toEqual(['1407', '1408', '1412', undefined]);
  });

  it('killing only the parent: the children get SIGTERM (PR_SET_PDEATHSIG) and clean up', () => {
    expect(text).toContain('[21.000] node04$ ps aux | grep keepalived\n[21.000]');
    expect(text).toContain('[21.000] node04$ ip addr show eth0 | grep eth0:3\n[21.000]');
    expect(text).toContain(`[21.000] node04$ ipvsadm -Ln\n${IPVS_EMPTY}`);
  });
});

describe('kill -9 $(pidof keepalived): children first, then the parent, in one kill(1)', () => {
  const { text } = transcript(
    'keepalived-ha',
    ['8 node01 pidof keepalived', '8 node01 kill -9 $(pidof keepalived)', '8 node01 pidof keepalived', '9 node01 ip addr show eth0 | grep eth0:3', '9 node01 grep -c Respawning /var/log/messages', '9 node01 ipvsadm -Ln'].join('\n'),
    { until: 10 },
  );

  it('the parent dies before it reaps its children: nothing respawns, nothing is cleaned up', () => {
    expect(text).toContain('[8.000] node01$ pidof keepalived\n1409 1408 1407\n');
    expect(text).toContain('[8.000] node01$ pidof keepalived\n[9.000]');
    expect(blockOf(text, 'node01$ grep -c Respawning /var/log/messages')).toBe('0\n');
    expect(blockOf(text, 'node01$ ip addr show eth0 | grep eth0:3')).toBe('    inet 192.168.150.100/24 scope global secondary eth0:3\n');
    expect(blockOf(text, 'node01$ ipvsadm -Ln')).toContain('  -> 192.168.150.12:80            Route   1      0          0         \n');
  });
});
