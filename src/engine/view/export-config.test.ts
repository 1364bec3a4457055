import { describe, expect, it } from 'vitest';
import type { Lab } from '../lab';
import type { Host } from '../os/host';
import type { ScenarioDocV1 } from '../scenario/types';
import { formatMac } from '../wire/addr';
import { transcript } from '../../test-support/transcript';
import { hostAsCommands, hostAsScript, ipvsSave, writeFile } from './export-config';

const SETTLE_US = 30_000_000;

/** Type lines into a node's console, let virtual time run, and return what each printed. */
function type(lab: Lab, node: string, lines: string[]): string[] {
  const recs = lines.map((l) => lab.type(node, l));
  lab.world.sim.runUntil(lab.world.now + SETTLE_US);
  for (const r of recs) expect(r.status, `${node}$ ${r.line.split('\n')[0]} did not finish`).not.toBeNull();
  return recs.map((r) => r.output);
}

/** A bare host with the original's network cards (same names and MACs, cabled to a switch so they have carrier), nothing configured. */
function bareTwin(host: Host): Lab {
  const nics = [...host.nics.values()];
  const doc: ScenarioDocV1 = {
    lvslab: 1,
    nodes: [
      { id: host.id, kind: 'host', interfaces: nics.map((n) => ({ name: n.name, mac: formatMac(n.mac) })) },
      { id: 'twin-sw', kind: 'switch', interfaces: nics.map((_, i) => ({ name: `p${i + 1}` })) },
    ],
    links: nics.map((n, i) => ({ a: { node: host.id, iface: n.name }, b: { node: 'twin-sw', iface: `p${i + 1}` } })),
  };
  return transcript(doc, '', { until: 0 }).lab;
}

/** What the learner would compare: counters and times are not configuration. */
const QUERIES = ['ifconfig -a', 'route -n', 'ip addr', 'ip route show table all', 'ipvsadm -Sn', 'sysctl -a', 'rpm -qa', 'iptables-save', 'ls -l /var/www/html', 'cat /var/www/html/index.html', 'hostname'];
const normalise = (q: string, text: string): string => {
  if (q.startsWith('ifconfig')) return text.replace(/^ +[RT]X (packets|errors) .*\n/gm, '');
  if (q === 'iptables-save') return text.replace(/^#.*\n/gm, '').replace(/\[\d+:\d+\]/g, '[0:0]');
  if (q.startsWith('ls -l')) return text.replace(/ [A-Z][a-z]{2} [ \d]\d \d\d:\d\d /g, ' DATE ');
  return text;
};

/** Export `node` from `lab`, replay the commands on a bare twin, and compare what the tools print. */
function roundTrip(lab: Lab, node: string): { commands: string[]; twin: Lab } {
  const host = lab.host(node)!;
  const commands = hostAsCommands(host);
  const twin = bareTwin(host);
  const outputs = type(twin, node, commands);
  outputs.forEach((o, i) => expect(o, `replaying: ${commands[i]}`).not.toMatch(/command not found|No such|Invalid|invalid|error|Error|usage/i));
  const before = type(lab, node, QUERIES);
  const after = type(twin, node, QUERIES);
  QUERIES.forEach((q, i) => expect(normalise(q, after[i]), `${node}$ ${q}`).toBe(normalise(q, before[i])));
  return { commands, twin };
}

describe('hostAsCommands', () => {
  it('the DR director: package, VIP alias, IPVS rules from ipvsadm -S', () => {
    const { lab } = transcript('lvs-dr', '', { until: 5 });
    const { commands } = roundTrip(lab, 'node01');
    expect(commands).toEqual([
      'yum install -y ipvsadm',
      'ifconfig eth0 192.168.150.11 netmask 255.255.255.0',
      'ifconfig eth0:2 192.168.150.100 netmask 255.255.255.0',
      'ipvsadm -A -t 192.168.150.100:80 -s rr',
      'ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12:80 -g -w 1',
      'ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13:80 -g -w 1',
    ]);
    expect(ipvsSave(lab.host('node01')!)).toBe('-A -t 192.168.150.100:80 -s rr\n-a -t 192.168.150.100:80 -r 192.168.150.12:80 -g -w 1\n-a -t 192.168.150.100:80 -r 192.168.150.13:80 -g -w 1\n');
  });

  it('a DR real server: ARP sysctls before the hidden VIP, the page, httpd running', () => {
    const { lab } = transcript('lvs-dr', '', { until: 5 });
    const { commands, twin } = roundTrip(lab, 'node02');
    expect(commands).toEqual([
      'yum install -y httpd',
      'echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce',
      'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore',
      'echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce',
      'echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore',
      'ifconfig eth0 192.168.150.12 netmask 255.255.255.0',
      'ifconfig lo:1 192.168.150.100 netmask 255.255.255.255',
      "cat > /var/www/html/index.html <<'EOF'\nfrom node02 (192.168.150.12)\nEOF",
      'service httpd start',
    ]);
    expect(type(twin, 'node02', ['systemctl is-active httpd'])).toEqual(['active\n']);
  });

  it('a TUN real server: tunl0 is created by its address line, its sysctls follow', () => {
    const { lab } = transcript('lvs-tun', '', { until: 5 });
    const { commands } = roundTrip(lab, 'node02');
    const at = (s: string) => commands.indexOf(s);
    expect(at('ifconfig tunl0 192.168.150.100 netmask 255.255.255.255')).toBeGreaterThan(-1);
    expect(at('echo 0 > /proc/sys/net/ipv4/conf/tunl0/rp_filter')).toBeGreaterThan(at('ifconfig tunl0 192.168.150.100 netmask 255.255.255.255'));
    expect(commands).toContain('route add default gw 172.16.0.1');
  });

  it('a NAT router: ip_forward, default route, MASQUERADE', () => {
    const { lab } = transcript('next-hop', '', { until: 2 });
    const { commands } = roundTrip(lab, 'router');
    expect(commands).toContain('echo 1 > /proc/sys/net/ipv4/ip_forward');
    expect(commands).toContain('iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE');
    expect(commands.filter((c) => c.startsWith('route add default gw'))).toHaveLength(1);
  });

  it('what a learner typed by hand: routes of every kind, MTU, a downed card, secondaries, files, timeouts, a hostname', () => {
    const doc: ScenarioDocV1 = {
      lvslab: 1,
      nodes: [
        { id: 'node01', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24'] }, { name: 'eth1', addresses: ['10.0.0.1/24'] }, { name: 'eth2' }] },
        { id: 'sw', kind: 'switch', interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] },
      ],
      links: ['eth0', 'eth1', 'eth2'].map((iface, i) => ({ a: { node: 'node01', iface }, b: { node: 'sw', iface: `p${i + 1}` } })),
    };
    const script = [
      'route add -net 172.16.0.0 netmask 255.255.0.0 gw 192.168.150.2',
      'route add -host 172.17.0.9 gw 10.0.0.254 metric 5',
      'route add -net 10.9.0.0 netmask 255.255.255.0 dev eth1',
      'route add -net 10.66.0.0 netmask 255.255.0.0 reject',
      'ip route add blackhole 10.77.0.0/16',
      'ip route add 10.88.0.0/16 via 192.168.150.3 src 192.168.150.11 metric 7',
      'route add default gw 192.168.150.2',
      'ip addr add 192.168.150.99/24 dev eth0',
      'ip addr add 10.0.0.50/32 dev eth1 label eth1:web',
      'ifconfig eth1:3 10.0.0.3 netmask 255.255.255.0 broadcast 10.0.0.127',
      'ifconfig eth0 mtu 1400',
      'ifconfig eth2 down',
      'echo 0 > /proc/sys/net/ipv4/conf/default/rp_filter',
      'hostname director-1',
      'yum install -y ipvsadm',
      'ipvsadm -A -t 10.0.0.1:80 -s wlc -p 300',
      'ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.12 -m -w 3',
      'ipvsadm -A -u 10.0.0.1:53 -s sh',
      'ipvsadm --set 600 60 120',
      "printf 'no newline, 100%% \\\\ it'\"'\"'s here' > /var/www/html/raw.txt",
      'mkdir -p /var/www/html/app',
      'echo EOF > /var/www/html/app/eof.txt',
      'chmod 600 /var/www/html/app/eof.txt',
    ]
      .map((l) => `0 node01 ${l}`)
      .join('\n');
    const { lab } = transcript(doc, script, { until: 10 });
    const host = lab.host('node01')!;
    expect(host.fs.read('/var/www/html/raw.txt')).toBe("no newline, 100% \\ it's here");
    const { commands, twin } = roundTrip(lab, 'node01');
    expect(commands).toContain('route add -net 172.16.0.0 netmask 255.255.0.0 gw 192.168.150.2');
    expect(commands).toContain('route add -host 172.17.0.9 gw 10.0.0.254 metric 5');
    expect(commands).toContain('route add -net 10.66.0.0 netmask 255.255.0.0 reject');
    expect(commands).toContain('ip route add blackhole 10.77.0.0/16');
    expect(commands).toContain('ip route add 10.88.0.0/16 via 192.168.150.3 dev eth0 src 192.168.150.11 metric 7');
    expect(commands).toContain('ip addr add 10.0.0.50/32 dev eth1 label eth1:web');
    expect(commands).toContain('ifconfig eth1:3 10.0.0.3 netmask 255.255.255.0 broadcast 10.0.0.127');
    expect(commands).toContain('ipvsadm --set 600 60 120');
    expect(commands).toContain('hostname director-1');
    expect(commands).toContain(`printf 'no newline, 100%% \\\\ it'\\''s here' > /var/www/html/raw.txt`);
    expect(commands).toContain("cat > /var/www/html/app/eof.txt <<'EOF1'\nEOF\nEOF1");
    expect(commands).toContain('chmod 600 /var/www/html/app/eof.txt');
    const t = twin.host('node01')!;
    expect(t.fs.read('/var/www/html/raw.txt')).toBe(host.fs.read('/var/www/html/raw.txt'));
    expect(t.fs.mode('/var/www/html/app/eof.txt')).toBe(0o600);
  });

  it('keepalived running: its file and its service, not the IPVS rules it makes', () => {
    const conf = 'virtual_server 192.168.150.100 80 {\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n    real_server 192.168.150.12 80 {\n        weight 1\n    }\n}\n';
    const doc: ScenarioDocV1 = {
      lvslab: 1,
      nodes: [{ id: 'node01', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24'] }], packages: ['keepalived', 'ipvsadm'], files: { '/etc/keepalived/keepalived.conf': conf }, boot: ['service keepalived start'] }],
      links: [],
    };
    const { lab } = transcript(doc, '', { until: 3 });
    expect(ipvsSave(lab.host('node01')!)).toContain('-A -t 192.168.150.100:80 -s rr');
    expect(hostAsCommands(lab.host('node01')!)).toEqual([
      'yum install -y keepalived ipvsadm',
      'ifconfig eth0 192.168.150.11 netmask 255.255.255.0',
      `cat > /etc/keepalived/keepalived.conf <<'EOF'\n${conf}EOF`,
      'service keepalived start',
    ]);
  });

  it('an IPVS sysctl with no rules still loads ip_vs first', () => {
    const { lab } = transcript('lvs-dr', '6 node01 ipvsadm -C\n6 node01 echo 1 > /proc/sys/net/ipv4/vs/expire_nodest_conn', { until: 7 });
    const { commands } = roundTrip(lab, 'node01');
    expect(commands.slice(-2)).toEqual(['ipvsadm -C', 'echo 1 > /proc/sys/net/ipv4/vs/expire_nodest_conn']);
  });

  it('a host as built exports only its addresses (a bare host has none); the script form has a header', () => {
    const { lab } = transcript('two-hosts', '', { until: 1 });
    const host = lab.host('node01')!;
    expect(hostAsCommands(host)).toEqual(['ifconfig eth0 192.168.150.11 netmask 255.255.255.0']);
    expect(hostAsScript(host)).toBe('#!/bin/bash\n# node01: its configuration at t=1.000 s, as commands (lvslab)\nifconfig eth0 192.168.150.11 netmask 255.255.255.0\n');
    expect(ipvsSave(host)).toBe('');
  });

  it('does not change the host it reads', () => {
    const { lab } = transcript('lvs-dr', '', { until: 5 });
    const host = lab.host('node01')!;
    const before = type(lab, 'node01', QUERIES);
    const events = lab.world.trace.states?.length;
    hostAsCommands(host);
    expect(lab.world.trace.states?.length).toBe(events);
    expect(type(lab, 'node01', QUERIES)).toEqual(before);
  });
});

describe('writeFile', () => {
  it('a here-document when the text ends with a newline, with a delimiter the text does not contain', () => {
    expect(writeFile('/a b/c', 'x\n')).toBe("cat > '/a b/c' <<'EOF'\nx\nEOF");
    expect(writeFile('/f', 'EOF\nEOF1\n')).toBe("cat > /f <<'EOF2'\nEOF\nEOF1\nEOF2");
    expect(writeFile('/f', '$HOME `id`\n')).toBe("cat > /f <<'EOF'\n$HOME `id`\nEOF");
  });

  it('printf otherwise, with \\, % and quotes escaped', () => {
    expect(writeFile('/f', '')).toBe("printf '' > /f");
    expect(writeFile('/f', "a\nb%c\\d'e")).toBe("printf 'a\\nb%%c\\\\d'\\''e' > /f");
  });
});
