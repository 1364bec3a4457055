import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transcript, blockOf } from '../test-support/transcript';
import { tsharkAvailable, tsharkCheck } from '../test-support/tshark';
import { capturesByInterface } from '../engine/capture';
import type { HopEvent } from '../engine/sim/trace';
import type { Lab } from '../engine/lab';
import type { IpStack } from '../engine/net/ip/stack';
import { natTable } from '../engine/net/netfilter';
import { formatIpv4, readIpv4 } from '../engine/wire/addr';
import { readU16 } from '../engine/wire/bytes';
import { renderEvents } from '../engine/transcript';

const hops = (lab: Lab) => lab.world.trace.packets.filter((p): p is HopEvent => p.type === 'hop');
const isIcmp = (f: Uint8Array, type: number) => f[12] === 0x08 && f[13] === 0x00 && f[23] === 1 && f[34] === type;
/** `src>dst id=N` of the echo requests/replies crossing `link`. */
const echoes = (lab: Lab, link: string, type: number) =>
  hops(lab)
    .filter((h) => h.link === link && isIcmp(h.frame, type))
    .map((h) => `${formatIpv4(readIpv4(h.frame, 26))}>${formatIpv4(readIpv4(h.frame, 30))} id=${readU16(h.frame, 38)}`);

describe('snat-home (lab L4)', () => {
  const { text, lab } = transcript(
    'snat-home',
    ['1 client1 ping -c 1 61.135.169.125', '1 client2 ping -c 1 61.135.169.125', '3 router conntrack -L', '3 router iptables -t nat -L -n -v'].join('\n'),
  );
  const id1 = echoes(lab, 'client1:eth0--sw:p1', 8)[0]?.replace(/.* id=/, '');
  const id2 = echoes(lab, 'client2:eth0--sw:p2', 8)[0]?.replace(/.* id=/, '');

  it('both clients reach the web server', () => {
    for (const c of ['client1', 'client2']) {
      expect(blockOf(text, `${c}$ ping -c 1 61.135.169.125`)).toMatch(/^64 bytes from 61\.135\.169\.125: icmp_seq=1 ttl=58 time=/m);
      expect(blockOf(text, `${c}$ ping -c 1 61.135.169.125`)).toContain('1 packets transmitted, 1 received, 0% packet loss');
    }
  });

  it('outside the router both requests carry its public address; replies come back to it and are translated back', () => {
    // On the LAN: each client's own address.
    expect(echoes(lab, 'client1:eth0--sw:p1', 8)).toEqual([`192.168.150.1>61.135.169.125 id=${id1}`]);
    expect(echoes(lab, 'client2:eth0--sw:p2', 8)).toEqual([`192.168.150.3>61.135.169.125 id=${id2}`]);
    // On the uplink: the router's public address for both; the second identical id is moved (icmp_unique_tuple starts at 0).
    const out = echoes(lab, 'uplink', 8);
    expect(out).toHaveLength(2);
    expect(out.every((l) => l.startsWith('123.112.0.2>61.135.169.125 id='))).toBe(true);
    expect(new Set(out).size).toBe(2);
    expect(echoes(lab, 'uplink', 0).map((l) => l.replace(/ id=.*/, ''))).toEqual(['61.135.169.125>123.112.0.2', '61.135.169.125>123.112.0.2']);
    // Back on the LAN the replies are addressed to each client with its own id.
    expect(echoes(lab, 'client1:eth0--sw:p1', 0)).toEqual([`61.135.169.125>192.168.150.1 id=${id1}`]);
    expect(echoes(lab, 'client2:eth0--sw:p2', 0)).toEqual([`61.135.169.125>192.168.150.3 id=${id2}`]);
  });

  it('conntrack -L on the router shows both translations', () => {
    expect(blockOf(text, 'router$ conntrack -L')).toBe(
      `icmp     1 28 src=192.168.150.1 dst=61.135.169.125 type=8 code=0 id=${id1} src=61.135.169.125 dst=123.112.0.2 type=0 code=0 id=${id1} mark=0 use=1\n` +
        `icmp     1 28 src=192.168.150.3 dst=61.135.169.125 type=8 code=0 id=${id2} src=61.135.169.125 dst=123.112.0.2 type=0 code=0 id=${id1 === id2 ? 0 : id2} mark=0 use=1\n` +
        'conntrack v1.4.4 (conntrack-tools): 2 flow entries have been shown.\n',
    );
    expect(natTable(lab.host('router')!.stack as IpStack).map((r) => [r.snat, r.origSrc.ip, r.replyDst.ip])).toEqual([
      [true, '192.168.150.1', '123.112.0.2'],
      [true, '192.168.150.3', '123.112.0.2'],
    ]);
  });

  it('the MASQUERADE rule counted the first packet of each flow', () => {
    expect(blockOf(text, 'router$ iptables -t nat -L -n -v').split('\n').at(-2)).toBe(
      '    2   168 MASQUERADE  all  --  *      eth1    0.0.0.0/0            0.0.0.0/0           ',
    );
  });

  it('without S-NAT nothing comes back: nobody outside knows the way to 192.168.150.0/24', () => {
    const r = transcript('snat-home', ['1 router iptables -t nat -F', '2 client1 ping -c 1 -W 1 61.135.169.125'].join('\n'));
    expect(blockOf(r.text, 'client1$ ping -c 1 -W 1 61.135.169.125')).toMatch(/1 packets transmitted, 0 received/);
    // The request leaves with its private source; the ISP has no route back to it and drops it (rp_filter).
    expect(echoes(r.lab, 'uplink', 8).map((l) => l.replace(/ id=.*/, ''))).toEqual(['192.168.150.1>61.135.169.125']);
    const drops = r.lab.world.trace.packets.filter((p) => p.type === 'drop').map((p) => `${p.node}: ${p.reason}`);
    expect(drops).toContain('isp1: reverse path filter (rp_filter) on eth0');
    expect(echoes(r.lab, 'idc-web', 8)).toEqual([]);
  });

  it('curl from both clients: two TCP flows translated to the public address, in TIME_WAIT once closed', () => {
    const r = transcript('snat-home', ['1 client1 curl 61.135.169.125', '1 client2 curl 61.135.169.125', '2 router conntrack -L -p tcp'].join('\n'));
    expect(blockOf(r.text, 'client1$ curl 61.135.169.125')).toBe('<html><body>www.baidu.com</body></html>\n');
    expect(blockOf(r.text, 'client2$ curl 61.135.169.125')).toBe('<html><body>www.baidu.com</body></html>\n');
    const lines = blockOf(r.text, 'router$ conntrack -L -p tcp').split('\n');
    const flow = (client: string) =>
      new RegExp(`^tcp {6}6 119 TIME_WAIT src=${client.replace(/\./g, '\\.')} dst=61\\.135\\.169\\.125 sport=(\\d+) dport=80 src=61\\.135\\.169\\.125 dst=123\\.112\\.0\\.2 sport=80 dport=(\\d+) \\[ASSURED\\] mark=0 use=1$`);
    expect(lines[0]).toMatch(flow('192.168.150.1'));
    expect(lines[1]).toMatch(flow('192.168.150.3'));
    expect(lines[2]).toBe('conntrack v1.4.4 (conntrack-tools): 2 flow entries have been shown.');
    // a free source port is kept (Linux only moves it on a clash)
    for (const l of lines.slice(0, 2)) {
      const [, sport, dport] = flow(l.includes('150.1 ') ? '192.168.150.1' : '192.168.150.3').exec(l)!;
      expect(dport).toBe(sport);
    }
  });

  it('an open socket (exec 8<> /dev/tcp/...) is ESTABLISHED for five days in the table', () => {
    const r = transcript('snat-home', ['1 client1 exec 8<> /dev/tcp/61.135.169.125/80', '3 router conntrack -L'].join('\n'));
    expect(blockOf(r.text, 'router$ conntrack -L')).toMatch(
      /^tcp {6}6 431998 ESTABLISHED src=192\.168\.150\.1 dst=61\.135\.169\.125 sport=(\d+) dport=80 src=61\.135\.169\.125 dst=123\.112\.0\.2 sport=80 dport=\1 \[ASSURED\] mark=0 use=1\nconntrack v1\.4\.4 \(conntrack-tools\): 1 flow entries have been shown\.\n$/,
    );
  });

  it('is deterministic: the same script gives the same trace, byte for byte', () => {
    const script = ['1 client1 ping -c 1 61.135.169.125', '1 client2 ping -c 1 61.135.169.125'].join('\n');
    const a = transcript('snat-home', script).lab.world.trace;
    const b = transcript('snat-home', script).lab.world.trace;
    expect(renderEvents(a.packets, a.states)).toBe(renderEvents(b.packets, b.states));
    expect(a.states.filter((e) => e.kind === 'conntrack.new').map((e) => e.node)).toEqual(['router', 'router']);
  });

  it.skipIf(!tsharkAvailable())('every interface capture reads cleanly in tshark', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvslab-snat-home-'));
    const caps = capturesByInterface(lab.world.trace.packets);
    expect([...caps.keys()]).toEqual(expect.arrayContaining(['client1-eth0', 'client2-eth0', 'router-eth0', 'router-eth1', 'web-eth0']));
    for (const [key, w] of caps) {
      const path = join(dir, `${key}.pcap`);
      writeFileSync(path, w.toBytes());
      const r = tsharkCheck(path);
      expect({ key, errors: r.errors, warnings: r.warnings }).toEqual({ key, errors: [], warnings: [] });
      expect(r.packets).toBeGreaterThan(0);
    }
  });
});
