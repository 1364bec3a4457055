import { describe, expect, it } from 'vitest';
import '../../shell/commands';
import { DNS_TYPE, dnsTypeName } from '../../wire/dns';
import type { IpStack } from '../../net/ip/stack';
import { udpSockets } from '../../transport/udp';
import { transcript, blockOf } from '../../../test-support/transcript';
import type { ScenarioDocV1 } from '../../scenario/types';
import { answerFromZone, normaliseZone, type Zone } from './zone';
import { parseNamedConf, parseZoneFile } from './zonefile';
import { namedOf } from './named';

const ZONE_FILE = `$TTL 300
@\tIN SOA\tns1.baidu.com. dnsadmin.baidu.com. (
\t\t\t2021032801\t; serial
\t\t\t300 300 2592000
\t\t\t7200 )
\tIN NS\tns1.baidu.com.
www\tIN CNAME\twww.a.shifen.com.
api 600 IN A 10.0.0.1
    IN A 10.0.0.2            ; same owner as the line above
$ORIGIN a.shifen.com.
www\t\tA\t61.135.169.125
`;

const records = (z: Zone, name: string, type: number) =>
  answerFromZone(normaliseZone(z), name, type).answers.map((a) => `${a.name} ${dnsTypeName(a.type)} ${a.data.kind === 'a' ? a.data.address : a.data.kind === 'name' ? a.data.name : ''}`);

describe('zone files and named.conf', () => {
  it('reads a master file: SOA across lines, relative names, a blank owner, $ORIGIN', () => {
    const z: Zone = {};
    expect(parseZoneFile(ZONE_FILE, 'baidu.com', '/var/named/baidu.com.zone', z)).toEqual([]);
    expect(z).toEqual({
      'www.baidu.com': { cname: 'www.a.shifen.com' },
      'api.baidu.com': ['10.0.0.1', '10.0.0.2'],
      'www.a.shifen.com': ['61.135.169.125'],
    });
  });

  it('reports BIND-style errors with file and line', () => {
    const z: Zone = {};
    expect(parseZoneFile('www IN A 300.1.1.1\nwww IN CNAME x.\nftp IN BOGUS 1\n', 'x.com', 'x.zone', z)).toEqual([
      'x.zone:1: bad dotted quad',
      'x.zone:3: unknown RR type \'BOGUS\'',
    ]);
    expect(parseZoneFile('www IN A 1.1.1.1\nwww IN CNAME y.\n', 'x.com', 'x.zone', {})).toEqual(['x.zone:2: www.x.com: CNAME and other data']);
  });

  it('named.conf: directory and master zones; hint zones skipped; unbalanced braces refused', () => {
    expect(parseNamedConf('options { directory "/var/named"; };\nzone "." IN { type hint; file "named.ca"; };\nzone "baidu.com" IN { type master; file "baidu.com.zone"; };')).toEqual({
      directory: '/var/named',
      zones: [{ name: 'baidu.com', file: 'baidu.com.zone' }],
    });
    expect(parseNamedConf('options { directory "/var/named";')).toEqual({ error: 'unexpected end of input' });
  });

  it('answers follow CNAMEs; unknown names are NXDOMAIN; a known name without that type is NODATA', () => {
    const z: Zone = { 'www.baidu.com': { cname: 'www.a.shifen.com' }, 'www.a.shifen.com': ['61.135.169.125'] };
    expect(records(z, 'WWW.Baidu.com.', DNS_TYPE.A)).toEqual(['WWW.Baidu.com CNAME www.a.shifen.com', `www.a.shifen.com A ${0x3d87a97d}`]);
    expect(answerFromZone(normaliseZone(z), 'nope.com', DNS_TYPE.A).rcode).toBe('NXDOMAIN');
    expect(answerFromZone(normaliseZone(z), 'www.a.shifen.com', DNS_TYPE.AAAA)).toEqual({ rcode: 'NOERROR', answers: [] });
  });
});

const dnsLab: ScenarioDocV1 = {
  lvslab: 1,
  nodes: [
    {
      id: 'dns',
      kind: 'host',
      interfaces: [{ name: 'eth0', addresses: ['223.5.5.5/24'] }],
      packages: ['bind'],
      files: {
        '/etc/named.conf': 'options {\n\tdirectory "/var/named";\n};\nzone "qq.com" IN {\n\ttype master;\n\tfile "qq.com.zone";\n};\nzone "bad.com" IN { type master; file "bad.zone"; };\n',
        '/var/named/qq.com.zone': '$TTL 600\n@ IN SOA ns1.qq.com. admin.qq.com. ( 1 2 3 4 5 )\nwww IN A 223.5.5.5\n',
      },
    },
    { id: 'client', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['223.5.5.9/24'] }], dns: ['223.5.5.5'] },
  ],
  links: [{ a: { node: 'dns', iface: 'eth0' }, b: { node: 'client', iface: 'eth0' } }],
};

describe('named', () => {
  it('starts from /etc/named.conf as the named process on UDP 53, skipping a zone it cannot load', () => {
    const { text, lab } = transcript(dnsLab, '1 dns named -u named\n2 client ping -c 1 www.qq.com\n3 dns named -u named');
    expect(blockOf(text, 'dns$ named -u named')).toBe('zone bad.com/IN: loading from master file bad.zone failed: file not found\n');
    expect(blockOf(text, 'client$ ping -c 1 www.qq.com')).toMatch(/^PING www\.qq\.com \(223\.5\.5\.5\) 56\(84\) bytes of data\.\n64 bytes from 223\.5\.5\.5 \(223\.5\.5\.5\): icmp_seq=1 ttl=64 time=/);
    const host = lab.host('dns')!;
    const server = namedOf(host)!;
    expect(host.procs.get(server.pid)).toMatchObject({ comm: 'named', args: '/usr/sbin/named -u named', user: 'named' });
    expect(udpSockets(host.stack as IpStack).list()).toEqual([expect.objectContaining({ localIp: 0, localPort: 53, pid: server.pid, comm: 'named' })]);
    // a second start refuses (status 1), the first keeps running
    const second = lab.records.filter((r) => r.line === 'named -u named')[1];
    expect(second.output).toBe(`named: another named process is already running (pid ${server.pid})\n`);
    expect(second.status).toBe(1);
  });

  it('is not there until bind is installed', () => {
    const { text } = transcript({ ...dnsLab, nodes: dnsLab.nodes.map((n) => ({ ...n, packages: [] })) }, '1 dns named');
    expect(blockOf(text, 'dns$ named')).toBe('-bash: named: command not found\n');
  });
});
