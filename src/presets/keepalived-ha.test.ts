import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockOf, transcript } from '../test-support/transcript';
import { tsharkAvailable, tsharkCheck } from '../test-support/tshark';
import { capturesByInterface } from '../engine/capture';
import { Lab } from '../engine/lab';
import { loadScenario } from '../engine/scenario';
import type { ScenarioDocV1 } from '../engine/scenario/types';
import type { HopEvent, StateEvent } from '../engine/sim/trace';
import { tcpOpen, type TcpSocket } from '../engine/transport/tcp/socket';
import { formatIpv4, parseIpv4, readIpv4 } from '../engine/wire/addr';
import { masterDownInterval } from '../engine/ha/vrrp/timers';
import { keepalivedHa } from './keepalived-ha';

const CONF = '/etc/keepalived/keepalived.conf';
const VIP = '192.168.150.100';
const MAC = { node01: '00:0c:29:01:f0:c4', node04: '00:0c:29:08:ca:ee' };
const hex = (f: Uint8Array, from: number) => [...f.subarray(from, from + 6)].map((b) => b.toString(16).padStart(2, '0')).join(':');
const hops = (lab: Lab) => lab.world.trace.packets.filter((p): p is HopEvent => p.type === 'hop');
/** [time µs, from → to] of the vrrp.state events of one node. */
const vrrpStates = (lab: Lab, node: string) =>
  lab.world.trace.states
    .filter((s): s is StateEvent => s.kind === 'vrrp.state' && s.node === node)
    .map((s) => [s.t, `${(s.data as { from: string }).from}→${(s.data as { to: string }).to}`] as const);
/** One command's output, found by its timestamped header (`[26.000] node04$ ip addr show eth0`). */
function blockAt(text: string, header: string): string {
  const i = text.indexOf(`${header}\n`);
  if (i < 0) throw new Error(`no ${header} in transcript:\n${text}`);
  const rest = text.slice(i + header.length + 1);
  const end = rest.search(/^\[\d+\.\d{3}\] \S+\$ /m);
  return end < 0 ? rest : rest.slice(0, end);
}
const becameMaster = (lab: Lab, node: string) => vrrpStates(lab, node).filter(([, t]) => t.endsWith('→MASTER')).map(([t]) => t);

/** The preset with each director's keepalived.conf edited, plus extra files made from the original. */
function variant(edit: (conf: string) => string, extra: Record<string, (conf: string) => string> = {}): ScenarioDocV1 {
  const doc = structuredClone(keepalivedHa);
  for (const n of doc.nodes) {
    const files = (n as { files?: Record<string, string> }).files;
    if (!files?.[CONF]) continue;
    const orig = files[CONF];
    files[CONF] = edit(orig);
    for (const [path, make] of Object.entries(extra)) files[path] = make(orig);
  }
  return doc;
}

const IP_ADDR_WITH_VIP = (mac: string, ip: string) =>
  '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000\n' +
  `    link/ether ${mac} brd ff:ff:ff:ff:ff:ff\n` +
  `    inet ${ip}/24 brd 192.168.150.255 scope global eth0\n` +
  '       valid_lft forever preferred_lft forever\n' +
  `    inet ${VIP}/24 scope global secondary eth0:3\n` +
  '       valid_lft forever preferred_lft forever\n';
const IP_ADDR = (mac: string, ip: string) => IP_ADDR_WITH_VIP(mac, ip).split('\n').slice(0, 4).join('\n') + '\n';
const IPVS = (rs: string[], flags = 'rr') =>
  'IP Virtual Server version 1.2.1 (size=4096)\n' +
  'Prot LocalAddress:Port Scheduler Flags\n' +
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n' +
  `TCP  ${VIP}:80 ${flags}\n` +
  rs.join('');
const rsLine = (ip: string, weight = 1, inact = 0) => `  -> ${`${ip}:80`.padEnd(28)} Route   ${String(weight).padEnd(7)}0          ${String(inact).padEnd(10)}\n`;

describe('keepalived-ha: boot', () => {
  const { text, lab } = transcript(
    'keepalived-ha',
    [
      '5 node01 ip addr show eth0',
      '5 node04 ip addr show eth0',
      '5 node01 ipvsadm -Ln',
      '5 node04 ipvsadm -Ln',
      '5 node01 ps aux | grep keepalived',
      '5 node04 grep Keepalived_vrrp /var/log/syslog',
      '5 node01 grep -c Keepalived /var/log/messages',
      '5 node01 grep -c Keepalived /var/log/syslog',
    ].join('\n'),
    { until: 6 },
  );

  it('node01 (MASTER, priority 100) owns the VIP on eth0:3 after Master_Down_Interval; node04 stays BACKUP', () => {
    expect(blockOf(text, 'node01$ ip addr show eth0')).toBe(IP_ADDR_WITH_VIP(MAC.node01, '192.168.150.11'));
    expect(blockOf(text, 'node04$ ip addr show eth0')).toBe(IP_ADDR(MAC.node04, '192.168.150.14'));
    // keepalived starts at 0 s; MASTER after 3 × 1 s + (256 − 100)/256 s of silence.
    expect(becameMaster(lab, 'node01')).toHaveLength(1);
    expect(becameMaster(lab, 'node01')[0] - masterDownInterval(100, 1_000_000, 2)).toBeGreaterThanOrEqual(0);
    expect(becameMaster(lab, 'node01')[0] - masterDownInterval(100, 1_000_000, 2)).toBeLessThan(1000);
    expect(becameMaster(lab, 'node04')).toEqual([]);
  });

  it('both directors load the virtual server into IPVS, real servers in configuration order (listed in reverse)', () => {
    expect(blockOf(text, 'node01$ ipvsadm -Ln')).toBe(IPVS([rsLine('192.168.150.12'), rsLine('192.168.150.13')]));
    expect(blockOf(text, 'node04$ ipvsadm -Ln')).toBe(IPVS([rsLine('192.168.150.12'), rsLine('192.168.150.13')]));
  });

  it('three processes: the parent and its two children', () => {
    expect(blockOf(text, 'node01$ ps aux | grep keepalived')).toBe(
      'root      1407  0.0  0.1 120740  1408 ?        Ss   10:00   0:00 /usr/sbin/keepalived -D\n' +
        'root      1408  0.0  0.2 127480  3268 ?        S    10:00   0:00 /usr/sbin/keepalived -D\n' +
        'root      1409  0.0  0.1 127480  2604 ?        S    10:00   0:00 /usr/sbin/keepalived -D\n',
    );
  });

  it("the BACKUP's VRRP log, in /var/log/syslog as the notes read it", () => {
    expect(blockOf(text, 'node04$ grep Keepalived_vrrp /var/log/syslog')).toBe(
      [
        "Mar 27 10:00:00 node04 Keepalived_vrrp[1409]: Registering Kernel netlink reflector",
        'Mar 27 10:00:00 node04 Keepalived_vrrp[1409]: Registering Kernel netlink command channel',
        "Mar 27 10:00:00 node04 Keepalived_vrrp[1409]: Opening file '/etc/keepalived/keepalived.conf'.",
        'Mar 27 10:00:00 node04 Keepalived_vrrp[1409]: Assigned address 192.168.150.14 for interface eth0',
        'Mar 27 10:00:00 node04 Keepalived_vrrp[1409]: Registering gratuitous ARP shared channel',
        'Mar 27 10:00:00 node04 Keepalived_vrrp[1409]: (VI_1) removing VIPs.',
        'Mar 27 10:00:00 node04 Keepalived_vrrp[1409]: (VI_1) Entering BACKUP STATE (init)',
        'Mar 27 10:00:00 node04 Keepalived_vrrp[1409]: VRRP sockpool: [ifindex(2), family(IPv4), proto(112), unicast(0), fd(11,12)]',
        '',
      ].join('\n'),
    );
  });

  it('/var/log/messages and /var/log/syslog carry the same keepalived lines', () => {
    const n = blockOf(text, 'node01$ grep -c Keepalived /var/log/messages');
    expect(Number(n)).toBeGreaterThan(20);
    expect(blockOf(text, 'node01$ grep -c Keepalived /var/log/syslog')).toBe(n);
  });
});

describe('experiment 1: ifconfig eth0 down on the master, then up', () => {
  const { text, lab } = transcript(
    'keepalived-ha',
    [
      '6 client ping -c 1 192.168.150.100',
      '6 client arp -n 192.168.150.100',
      '10 node01 ifconfig eth0 down',
      '16 node04 ip addr show eth0',
      '16 client ping -c 1 192.168.150.100',
      '16 client arp -n 192.168.150.100',
      '20 node01 ifconfig eth0 up',
      '26 node01 ip addr show eth0',
      '26 node04 ip addr show eth0',
      '26 client arp -n 192.168.150.100',
      '26 node04 grep VI_1 /var/log/messages',
    ].join('\n'),
    { until: 27 },
  );
  const arpLine = (mac: string) => `Address                  HWtype  HWaddress           Flags Mask            Iface\n${VIP}          ether   ${mac}   C                     eth0\n`;

  it('the client reaches the VIP at node01', () => {
    expect(blockOf(text, 'client$ ping -c 1 192.168.150.100')).toContain('1 packets transmitted, 1 received, 0% packet loss');
    expect(text).toContain(`[6.000] client$ arp -n 192.168.150.100\n${arpLine(MAC.node01)}`);
  });

  it('the VIP moves to node04 within its Master_Down_Interval (3 × 1 s + 206/256 s) and the GARPs repoint the client', () => {
    const [t] = becameMaster(lab, 'node04');
    // node01's last advert went out at 9.609375 s (then its link died at 10 s).
    expect(t - 9_609_375).toBeGreaterThanOrEqual(masterDownInterval(50, 1_000_000, 2));
    expect(t - 9_609_375).toBeLessThan(masterDownInterval(50, 1_000_000, 2) + 1000);
    expect(blockAt(text, '[16.000] node04$ ip addr show eth0')).toBe(IP_ADDR_WITH_VIP(MAC.node04, '192.168.150.14'));
    expect(text).toContain(`[16.000] client$ ping -c 1 192.168.150.100\nPING 192.168.150.100 (192.168.150.100) 56(84) bytes of data.\n64 bytes from 192.168.150.100:`);
    expect(text).toContain(`[16.000] client$ arp -n 192.168.150.100\n${arpLine(MAC.node04)}`);
  });

  it('when eth0 comes back node01 preempts after its own Master_Down_Interval and node04 gives the VIP up', () => {
    expect(becameMaster(lab, 'node01')[1] - 20_000_000).toBeGreaterThanOrEqual(masterDownInterval(100, 1_000_000, 2));
    expect(becameMaster(lab, 'node01')[1] - 20_000_000).toBeLessThan(masterDownInterval(100, 1_000_000, 2) + 1000);
    expect(vrrpStates(lab, 'node01').map(([, s]) => s)).toEqual(['INIT→BACKUP', 'BACKUP→MASTER', 'MASTER→FAULT', 'FAULT→BACKUP', 'BACKUP→MASTER']);
    expect(blockAt(text, '[26.000] node01$ ip addr show eth0')).toBe(IP_ADDR_WITH_VIP(MAC.node01, '192.168.150.11'));
    expect(blockAt(text, '[26.000] node04$ ip addr show eth0')).toBe(IP_ADDR(MAC.node04, '192.168.150.14'));
    expect(text).toContain(`[26.000] client$ arp -n 192.168.150.100\n${arpLine(MAC.node01)}`);
  });

  it("node04's log of the takeover and the handback", () => {
    expect(blockOf(text, 'node04$ grep VI_1 /var/log/messages')).toBe(
      [
        'Mar 27 10:00:00 node04 Keepalived_vrrp[1409]: (VI_1) removing VIPs.',
        'Mar 27 10:00:00 node04 Keepalived_vrrp[1409]: (VI_1) Entering BACKUP STATE (init)',
        'Mar 27 10:00:13 node04 Keepalived_vrrp[1409]: (VI_1) Receive advertisement timeout',
        'Mar 27 10:00:13 node04 Keepalived_vrrp[1409]: (VI_1) Entering MASTER STATE',
        'Mar 27 10:00:13 node04 Keepalived_vrrp[1409]: (VI_1) setting VIPs.',
        'Mar 27 10:00:13 node04 Keepalived_vrrp[1409]: (VI_1) Sending/queueing gratuitous ARPs on eth0 for 192.168.150.100',
        'Mar 27 10:00:18 node04 Keepalived_vrrp[1409]: (VI_1) Sending/queueing gratuitous ARPs on eth0 for 192.168.150.100',
        'Mar 27 10:00:23 node04 Keepalived_vrrp[1409]: (VI_1) Master received advert from 192.168.150.11 with higher priority 100, ours 50',
        'Mar 27 10:00:23 node04 Keepalived_vrrp[1409]: (VI_1) Entering BACKUP STATE',
        'Mar 27 10:00:23 node04 Keepalived_vrrp[1409]: (VI_1) removing VIPs.',
        '',
      ].join('\n'),
    );
  });
});

describe('experiment 2: kill -9 keepalived on the master — split brain', () => {
  const { text } = transcript(
    'keepalived-ha',
    ['10 node01 kill -9 1407 1408 1409', '10 node01 ps aux | grep keepalived', '16 node01 ip addr show eth0', '16 node04 ip addr show eth0', '16 node01 ipvsadm -Ln', '16 node01 service keepalived status'].join('\n'),
    { until: 17 },
  );

  it('no cleanup: node01 keeps the VIP and its IPVS rules, and node04 takes the VIP too', () => {
    expect(blockOf(text, 'node01$ ps aux | grep keepalived')).toBe('');
    expect(blockOf(text, 'node01$ ip addr show eth0')).toBe(IP_ADDR_WITH_VIP(MAC.node01, '192.168.150.11'));
    expect(blockOf(text, 'node04$ ip addr show eth0')).toBe(IP_ADDR_WITH_VIP(MAC.node04, '192.168.150.14'));
    expect(blockOf(text, 'node01$ ipvsadm -Ln')).toBe(IPVS([rsLine('192.168.150.12'), rsLine('192.168.150.13')]));
  });

  it('systemd saw the main process killed', () => {
    const st = blockOf(text, 'node01$ service keepalived status');
    expect(st).toContain('   Active: failed (Result: signal) since Sat 2021-03-27 10:00:10 CST; 6s ago\n');
    expect(st).toContain(' Main PID: 1407 (code=killed, signal=KILL)\n');
    expect(st).toContain('Mar 27 10:00:10 node01 systemd[1]: keepalived.service: main process exited, code=killed, status=9/KILL\n');
  });
});

describe('experiment 2: a handshake split between the two directors', () => {
  const doc = loadScenario(keepalivedHa);
  if (!doc.ok) throw new Error('invalid preset');
  const mk = () => {
    const lab = new Lab(doc.scenario);
    lab.world.sim.at(5_000_000, () => lab.type('client', 'curl -s 192.168.150.100'));
    lab.world.sim.at(10_000_000, () => lab.type('node01', 'kill -9 1407 1408 1409'));
    return lab;
  };
  // First run: when does node04 take over (and send its gratuitous ARPs)?
  const probe = mk();
  probe.world.sim.runUntil(20_000_000);
  const [takeover] = becameMaster(probe, 'node04');
  // Second, identical run: the client opens a connection to the VIP just before that moment.
  const lab = mk();
  let sock: TcpSocket | string = '';
  lab.world.sim.at(takeover - 150, () => (sock = tcpOpen(lab.host('client')!, parseIpv4(VIP)!, 80, { owner: { pid: 4242, comm: 'test' } })));
  lab.world.sim.runUntil(takeover + 100_000);
  const tcpOnClientLink = hops(lab)
    .filter((h) => h.link.startsWith('client:') && h.frame[12] === 0x08 && h.frame[13] === 0x00 && h.frame[23] === 6 && h.t >= takeover - 150)
    .map((h) => ({ dstMac: hex(h.frame, 0), src: formatIpv4(readIpv4(h.frame, 26)), flags: h.frame[47] }));

  it('the run is deterministic: the takeover happens at the same instant', () => {
    expect(becameMaster(lab, 'node04')).toEqual([takeover]);
    expect(becameMaster(lab, 'node01')).toHaveLength(1);
  });

  it('the SYN goes to node01, the final ACK to node04 (after its GARP), and node04 answers with a reset', () => {
    const [syn, synAck, ack, rst] = tcpOnClientLink;
    expect(syn).toEqual({ dstMac: MAC.node01, src: '192.168.150.1', flags: 0x02 });
    // The real server answers straight to the client (DR).
    expect(synAck).toMatchObject({ src: VIP, flags: 0x12 });
    expect(ack).toEqual({ dstMac: MAC.node04, src: '192.168.150.1', flags: 0x10 });
    // node04 has no IPVS entry for a bare ACK, so its own stack (which owns the VIP) resets it.
    expect(rst).toMatchObject({ dstMac: expect.stringMatching(/^00:0c:29/), src: VIP });
    expect(rst.flags & 0x04).toBe(0x04);
    expect(typeof sock === 'string' ? sock : sock.error).toBe('ECONNRESET');
  });
});

describe('experiment 3: a real server stops serving', () => {
  const { text } = transcript(
    'keepalived-ha',
    ['10 node02 service httpd stop', '18 node01 ipvsadm -Ln', '18 node04 ipvsadm -Ln', '20 node02 service httpd start', '28 node01 ipvsadm -Ln', '28 node01 grep 192.168.150.12 /var/log/syslog'].join('\n'),
    { until: 29 },
  );

  it('after delay_loop + 2 retries × delay_before_retry the checkers remove it on both directors', () => {
    expect(blockAt(text, '[18.000] node01$ ipvsadm -Ln')).toBe(IPVS([rsLine('192.168.150.13')]));
    expect(blockAt(text, '[18.000] node04$ ipvsadm -Ln')).toBe(IPVS([rsLine('192.168.150.13')]));
  });

  it('two good checks later it is back', () => {
    expect(blockAt(text, '[28.000] node01$ ipvsadm -Ln')).toBe(IPVS([rsLine('192.168.150.12'), rsLine('192.168.150.13')]));
  });

  it('what the checker logged', () => {
    expect(blockOf(text, 'node01$ grep 192.168.150.12 /var/log/syslog')).toBe(
      [
        'Mar 27 10:00:00 node01 Keepalived_healthcheckers[1408]: Activating healthchecker for service [192.168.150.12]:tcp:80 for VS [192.168.150.100]:tcp:80',
        'Mar 27 10:00:05 node01 Keepalived_healthcheckers[1408]: Remote Web server [192.168.150.12]:tcp:80 succeed on service.',
        'Mar 27 10:00:16 node01 Keepalived_healthcheckers[1408]: HTTP_CHECK on service [192.168.150.12]:tcp:80 failed after 2 retries.',
        'Mar 27 10:00:16 node01 Keepalived_healthcheckers[1408]: Removing service [192.168.150.12]:tcp:80 from VS [192.168.150.100]:tcp:80',
        'Mar 27 10:00:21 node01 Keepalived_healthcheckers[1408]: HTTP status code success to [192.168.150.12]:tcp:80 url(/)',
        'Mar 27 10:00:26 node01 Keepalived_healthcheckers[1408]: HTTP status code success to [192.168.150.12]:tcp:80 url(/)',
        'Mar 27 10:00:26 node01 Keepalived_healthcheckers[1408]: Remote Web server [192.168.150.12]:tcp:80 succeed on service.',
        'Mar 27 10:00:26 node01 Keepalived_healthcheckers[1408]: Adding service [192.168.150.12]:tcp:80 to VS [192.168.150.100]:tcp:80',
        '',
      ].join('\n'),
    );
  });
});

describe('experiment 4: vrrp_strict', () => {
  const strict = variant((c) => c.replace('router_id LVS_DEVEL', 'router_id LVS_DEVEL\n    vrrp_strict'), { [`${CONF}.nostrict`]: (c) => c });
  const { text } = transcript(
    strict,
    [
      '6 client ping -c 2 192.168.150.100',
      '8 node01 iptables -L INPUT -n',
      '8 node01 grep -E "Strict|owner|drop" /var/log/messages',
      `10 node04 cp ${CONF}.nostrict ${CONF}`,
      `10 node01 cp ${CONF}.nostrict ${CONF}`,
      '10 node04 service keepalived restart',
      '10 node01 service keepalived restart',
      '18 node01 iptables -L INPUT -n',
      '18 client ping -c 2 192.168.150.100',
    ].join('\n'),
    { until: 21 },
  );

  it('the master drops everything addressed to the VIP: ping fails', () => {
    expect(text).toContain('[6.000] client$ ping -c 2 192.168.150.100\nPING 192.168.150.100 (192.168.150.100) 56(84) bytes of data.\n\n--- 192.168.150.100 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss');
    expect(text).toContain(
      '[8.000] node01$ iptables -L INPUT -n\nChain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \nDROP       all  --  0.0.0.0/0            192.168.150.100     \n',
    );
    expect(blockOf(text, 'node01$ grep -E "Strict|owner|drop" /var/log/messages')).toBe(
      [
        'Mar 27 10:00:00 node01 Keepalived_vrrp[1409]: (VI_1) Strict mode does not support authentication. Ignoring.',
        'Mar 27 10:00:00 node01 Keepalived_vrrp[1409]: (VI_1) State MASTER must match being address owner',
        'Mar 27 10:00:00 node01 Keepalived_vrrp[1409]: (VI_1) removing firewall drop rule',
        'Mar 27 10:00:03 node01 Keepalived_vrrp[1409]: (VI_1) setting firewall drop rule',
        '',
      ].join('\n'),
    );
  });

  it('without vrrp_strict the rule is gone and the VIP answers', () => {
    expect(text).toContain('[18.000] node01$ iptables -L INPUT -n\nChain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n[18.000]');
    expect(text).toContain('2 packets transmitted, 2 received, 0% packet loss');
  });
});

describe('experiment 5: persistence_timeout 0 vs 50', () => {
  const curls = ['6 client curl -s 192.168.150.100', '6 client curl -s 192.168.150.100', '6 client curl -s 192.168.150.100', '6 client curl -s 192.168.150.100', '7 node01 ipvsadm -Ln'].join('\n');
  const answers = (t: string) => [...t.matchAll(/\$ curl -s 192\.168\.150\.100\n(from \S+)/g)].map((m) => m[1]);

  it('persistence_timeout 0 (the notes): the same client alternates between the real servers', () => {
    const { text } = transcript('keepalived-ha', curls, { until: 8 });
    expect(answers(text)).toEqual(['from node03', 'from node02', 'from node03', 'from node02']);
  });

  it('persistence_timeout 50: it sticks to one', () => {
    const { text } = transcript(variant((c) => c.replace('persistence_timeout 0 ', 'persistence_timeout 50')), curls, { until: 8 });
    expect(answers(text)).toEqual(['from node03', 'from node03', 'from node03', 'from node03']);
    expect(blockOf(text, 'node01$ ipvsadm -Ln')).toBe(IPVS([rsLine('192.168.150.12'), rsLine('192.168.150.13', 1, 4)], 'rr persistent 50'));
  });
});

describe('on the wire', () => {
  const { lab } = transcript('keepalived-ha', '', { until: 12 });
  const onNode01 = hops(lab).filter((h) => h.link.startsWith('node01:'));
  const adverts = onNode01.filter((h) => h.frame[12] === 0x08 && h.frame[13] === 0x00 && h.frame[23] === 112 && hex(h.frame, 6) === MAC.node01);
  const garps = onNode01.filter((h) => h.frame[12] === 0x08 && h.frame[13] === 0x06 && formatIpv4(readIpv4(h.frame, 28)) === VIP && hex(h.frame, 6) === MAC.node01);

  it('adverts every second from the interface MAC to 01:00:5e:00:00:12, TTL 255, byte-exact', () => {
    expect(adverts.length).toBe(9); // 3.609 … 11.609
    expect(adverts.slice(1).map((h, i) => h.t - adverts[i].t)).toEqual(Array(8).fill(1_000_000));
    const f = adverts[0].frame;
    // Ethernet: 01:00:5e:00:00:12 ← node01; IPv4 TOS 0xc0, id 1, no DF, TTL 255, VRRP; VRRPv2 advert VRID 51 prio 100, 1 address, PASS "1111", 1 s.
    expect([...f.subarray(0, 54)].map((b) => b.toString(16).padStart(2, '0')).join(' ')).toBe(
      '01 00 5e 00 00 12 00 0c 29 01 f0 c4 08 00 ' +
        '45 c0 00 28 00 01 00 00 ff 70 ' + [...f.subarray(24, 26)].map((b) => b.toString(16).padStart(2, '0')).join(' ') + ' c0 a8 96 0b e0 00 00 12 ' +
        '21 33 64 01 01 01 ' + [...f.subarray(40, 42)].map((b) => b.toString(16).padStart(2, '0')).join(' ') + ' c0 a8 96 64 31 31 31 31 00 00 00 00',
    );
    expect(f.length).toBe(60); // padded to the Ethernet minimum
  });

  it('5 gratuitous ARPs at the takeover and 5 more 5 s later', () => {
    const times = [...new Set(garps.map((h) => h.t))];
    expect(garps).toHaveLength(10);
    expect(times).toHaveLength(2);
    expect(times[1] - times[0]).toBe(5_000_000);
    expect(hex(garps[0].frame, 0)).toBe('ff:ff:ff:ff:ff:ff');
  });

  it.skipIf(!tsharkAvailable())('tshark dissects the adverts as VRRP and the GARPs as gratuitous ARP, with no warnings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keepalived-'));
    const path = join(dir, 'node01-eth0.pcap');
    writeFileSync(path, capturesByInterface(lab.world.trace.packets).get('node01-eth0')!.toBytes());
    const r = tsharkCheck(path);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    const vrrp = spawnSync('tshark', ['-r', path, '-n', '-Y', 'vrrp && eth.src == 00:0c:29:01:f0:c4', '-T', 'fields', '-e', 'vrrp.version', '-e', 'vrrp.type', '-e', 'vrrp.virt_rtr_id', '-e', 'vrrp.prio', '-e', 'vrrp.ip_addr', '-e', 'vrrp.auth_string', '-e', 'vrrp.checksum.status', '-e', 'ip.ttl'], { encoding: 'utf8' });
    // Fields: version, type, VRID, priority, address, password, checksum status (1 = good), TTL.
    const lines = vrrp.stdout.trim().split('\n');
    expect(lines).toHaveLength(9);
    expect(new Set(lines)).toEqual(new Set(['2\t1\t51\t100\t192.168.150.100\t1111\t1\t255']));
    const garp = spawnSync('tshark', ['-r', path, '-n', '-Y', 'arp.isgratuitous && eth.src == 00:0c:29:01:f0:c4', '-T', 'fields', '-e', 'arp.opcode', '-e', 'arp.src.proto_ipv4'], { encoding: 'utf8' });
    expect(garp.stdout.trim().split('\n')).toEqual(Array(10).fill('1\t192.168.150.100'));
  });

  it('the same scenario gives the same trace', () => {
    const again = transcript('keepalived-ha', '', { until: 12 }).lab;
    const sig = (l: Lab) => JSON.stringify(hops(l).map((h) => [h.t, h.link, [...h.frame].join(',')]));
    expect(sig(again)).toBe(sig(lab));
  });
});
