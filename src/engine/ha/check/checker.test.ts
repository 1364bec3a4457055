import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../../test-support/transcript';
import type { ScenarioDocV1 } from '../../scenario/types';
import type { HopEvent } from '../../sim/trace';
import { formatIpv4, readIpv4 } from '../../wire/addr';
import { keepalivedHa } from '../../../presets/keepalived-ha';

/**
 * The health checkers against the keepalived-ha lab's real servers (httpd on
 * node02 and node03): each check is a TCP connection on the wire.
 */
const CONF = '/etc/keepalived/keepalived.conf';

function variant(edit: (conf: string) => string): ScenarioDocV1 {
  const doc = structuredClone(keepalivedHa);
  for (const n of doc.nodes) {
    const files = (n as { files?: Record<string, string> }).files;
    if (files?.[CONF]) files[CONF] = edit(files[CONF]);
  }
  return doc;
}

const IPVS_HEAD = 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  192.168.150.100:80 rr\n';
const rs = (ip: string, weight = 1) => `  -> ${`${ip}:80`.padEnd(28)} Route   ${String(weight).padEnd(6)} 0          0         \n`;
const checkerLog = (text: string, header = 'node01$ grep healthcheckers /var/log/syslog') =>
  blockOf(text, header)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^Mar 27 (\S+) node01 Keepalived_healthcheckers\[1408\]: /, '$1 '));

describe('HTTP_GET', () => {
  it('sends keepalived\'s request: GET / HTTP/1.0, User-Agent: KeepAliveClient, Host: IP:PORT', () => {
    const { lab } = transcript('keepalived-ha', '', { until: 6 });
    const requests = lab.world.trace.packets
      .filter((p): p is HopEvent => p.type === 'hop' && p.link.startsWith('node01:'))
      .filter((h) => h.frame[23] === 6 && formatIpv4(readIpv4(h.frame, 26)) === '192.168.150.11' && ((h.frame[36] << 8) | h.frame[37]) === 80)
      .map((h) => {
        const ihl = (h.frame[14] & 0x0f) * 4;
        const tcp = 14 + ihl;
        const doff = (h.frame[tcp + 12] >> 4) * 4;
        const totalLen = (h.frame[16] << 8) | h.frame[17];
        return { dst: formatIpv4(readIpv4(h.frame, 30)), payload: new TextDecoder().decode(h.frame.subarray(tcp + doff, 14 + totalLen)) };
      })
      .filter((r) => r.payload !== '');
    expect(requests).toEqual([
      { dst: '192.168.150.13', payload: 'GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 192.168.150.13:80\r\n\r\n' },
      { dst: '192.168.150.12', payload: 'GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 192.168.150.12:80\r\n\r\n' },
    ]);
  });

  it('a status code outside status_code fails at the first check (one failure is enough initially)', () => {
    const { text } = transcript(variant((c) => c.replace('path /\n', 'path /missing.html\n')), ['7 node01 ipvsadm -Ln', '7 node01 grep healthcheckers /var/log/syslog'].join('\n'), { until: 8 });
    expect(blockOf(text, 'node01$ ipvsadm -Ln')).toBe(IPVS_HEAD + rs('192.168.150.13'));
    expect(checkerLog(text).slice(-3)).toEqual([
      '10:00:01 Remote Web server [192.168.150.13]:tcp:80 succeed on service.',
      '10:00:05 HTTP_CHECK on service [192.168.150.12]:tcp:80 failed after 2 retries.',
      '10:00:05 Removing service [192.168.150.12]:tcp:80 from VS [192.168.150.100]:tcp:80',
    ]);
  });

  it('status_code ranges: 200-299 404 accepts the 404', () => {
    const { text } = transcript(variant((c) => c.replace('path /\n                status_code 200\n', 'path /missing.html\n                status_code 200-299 404\n')), '7 node01 ipvsadm -Ln', { until: 8 });
    expect(blockOf(text, 'node01$ ipvsadm -Ln')).toBe(IPVS_HEAD + rs('192.168.150.12') + rs('192.168.150.13'));
  });

  it('inhibit_on_failure: the failed server stays with weight 0, and gets its weight back', () => {
    const { text } = transcript(
      variant((c) => c.replace(/weight 1\n/g, 'weight 1\n        inhibit_on_failure\n')),
      ['10 node02 service httpd stop', '18 node01 ipvsadm -Ln', '20 node02 service httpd start', '28 node01 ipvsadm -Ln', '28 node01 grep healthcheckers /var/log/syslog'].join('\n'),
      { until: 29 },
    );
    expect(text).toContain(`[18.000] node01$ ipvsadm -Ln\n${IPVS_HEAD}${rs('192.168.150.12', 0)}${rs('192.168.150.13')}`);
    expect(text).toContain(`[28.000] node01$ ipvsadm -Ln\n${IPVS_HEAD}${rs('192.168.150.12')}${rs('192.168.150.13')}`);
    expect(checkerLog(text)).toContain('10:00:16 Disabling service [192.168.150.12]:tcp:80 from VS [192.168.150.100]:tcp:80');
    expect(checkerLog(text)).toContain('10:00:26 Enabling service [192.168.150.12]:tcp:80 to VS [192.168.150.100]:tcp:80');
  });

  it('an unreachable server: each attempt waits connect_timeout (5 s), then 2 retries 3 s apart', () => {
    const { text } = transcript(
      variant((c) => c.replace(/HTTP_GET \{\n/g, 'HTTP_GET {\n            log_all_failures\n')),
      ['10 node02 ifconfig eth0 down', '40 node01 grep 192.168.150.12 /var/log/syslog'].join('\n'),
      { until: 41 },
    );
    // Checks at 5.x (ok), 10.x, retry 18.x, retry 26.x: each times out 5 s later.
    expect(checkerLog(text, 'node01$ grep 192.168.150.12 /var/log/syslog').slice(2)).toEqual([
      '10:00:15 Timeout connecting server [192.168.150.12]:tcp:80.',
      '10:00:23 Timeout connecting server [192.168.150.12]:tcp:80.',
      '10:00:31 Timeout connecting server [192.168.150.12]:tcp:80.',
      '10:00:31 HTTP_CHECK on service [192.168.150.12]:tcp:80 failed after 2 retries.',
      '10:00:31 Removing service [192.168.150.12]:tcp:80 from VS [192.168.150.100]:tcp:80',
    ]);
  });
});

describe('TCP_CHECK', () => {
  // The notes' real_server blocks with the HTTP_GET checker swapped for TCP_CHECK.
  const tcp = variant((c) => c.replace(/HTTP_GET \{\n\s+url \{\n\s+path \/\n\s+status_code 200\n\s+\}/g, 'TCP_CHECK {'));
  const { text } = transcript(
    tcp,
    ['10 node02 service httpd stop', '15 node01 ipvsadm -Ln', '20 node02 service httpd start', '23 node01 ipvsadm -Ln', '23 node01 grep healthcheckers /var/log/syslog'].join('\n'),
    { until: 24 },
  );

  it('nb_get_retry is an HTTP_GET keyword only: TCP_CHECK keeps its default retry (1)', () => {
    expect(checkerLog(text).slice(0, 3)).toEqual(["10:00:00 Opening file '/etc/keepalived/keepalived.conf'.", "10:00:00 Unknown keyword 'nb_get_retry'", "10:00:00 Unknown keyword 'nb_get_retry'"]);
  });

  it('a refused connection removes the server after one retry; one good connect brings it back', () => {
    expect(text).toContain(`[15.000] node01$ ipvsadm -Ln\n${IPVS_HEAD}${rs('192.168.150.13')}`);
    expect(text).toContain(`[23.000] node01$ ipvsadm -Ln\n${IPVS_HEAD}${rs('192.168.150.12')}${rs('192.168.150.13')}`);
    expect(checkerLog(text).slice(5)).toEqual([
      '10:00:01 TCP connection to [192.168.150.13]:tcp:80 success.',
      '10:00:05 TCP connection to [192.168.150.12]:tcp:80 success.',
      '10:00:13 TCP_CHECK on service [192.168.150.12]:tcp:80 failed after 1 retries.',
      '10:00:13 Removing service [192.168.150.12]:tcp:80 from VS [192.168.150.100]:tcp:80',
      '10:00:21 TCP connection to [192.168.150.12]:tcp:80 success.',
      '10:00:21 Adding service [192.168.150.12]:tcp:80 to VS [192.168.150.100]:tcp:80',
    ]);
  });
});

describe('quorum and sorry server', () => {
  it('with every real server down the sorry server is added, and removed when one comes back', () => {
    const { text } = transcript(
      variant((c) => c.replace('    protocol TCP\n', '    protocol TCP\n    sorry_server 192.168.150.14 80\n')),
      ['10 node02 service httpd stop', '10 node03 service httpd stop', '20 node01 ipvsadm -Ln', '20 node02 service httpd start', '32 node01 ipvsadm -Ln', '32 node01 grep -E "quorum|sorry" /var/log/syslog'].join('\n'),
      { until: 33 },
    );
    expect(blockOf(text, 'node01$ ipvsadm -Ln').startsWith(IPVS_HEAD + rs('192.168.150.14'))).toBe(true);
    expect(text).toContain(`[32.000] node01$ ipvsadm -Ln\n${IPVS_HEAD}${rs('192.168.150.12')}`);
    expect(checkerLog(text, 'node01$ grep -E "quorum|sorry" /var/log/syslog').map((l) => l.replace(/^\S+ /, ''))).toEqual([
      'Lost quorum 1-0=1 > 0 for VS [192.168.150.100]:tcp:80',
      'Adding sorry server [192.168.150.14]:tcp:80 to VS [192.168.150.100]:tcp:80',
      'Gained quorum 1+0=1 <= 1 for VS [192.168.150.100]:tcp:80',
      'Removing sorry server [192.168.150.14]:tcp:80 from VS [192.168.150.100]:tcp:80',
    ]);
  });
});
