import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transcript } from '../test-support/transcript';
import { tsharkAvailable, tsharkCheck } from '../test-support/tshark';
import { capturesByInterface } from '../engine/capture';
import type { HopEvent } from '../engine/sim/trace';
import type { Lab } from '../engine/lab';
import { formatIpv4, formatMac, readIpv4, readMac } from '../engine/wire/addr';
import { summarizeFrame } from '../engine/wire/summary';

const hops = (lab: Lab) => lab.world.trace.packets.filter((p): p is HopEvent => p.type === 'hop');
const macOf = (lab: Lab, node: string, iface: string) => formatMac(lab.world.node(node)!.nic(iface)!.mac);
const isEchoRequest = (f: Uint8Array) => f[12] === 0x08 && f[13] === 0x00 && f[23] === 1 && f[34] === 8;

describe('next-hop (lab L2)', () => {
  const { text, lab } = transcript('next-hop', '1 client ping -c 1 www.baidu.com');

  it('prints what the notes show: the CNAME, 61.135.169.125 (61.135.169.125), ttl=58', () => {
    expect(text.split('\n').slice(1, 3)).toEqual([
      'PING www.a.shifen.com (61.135.169.125) 56(84) bytes of data.',
      expect.stringMatching(/^64 bytes from 61\.135\.169\.125 \(61\.135\.169\.125\): icmp_seq=1 ttl=58 time=\d\.\d\d ms$/),
    ]);
  });

  it('ARP for the gateway first, then the DNS query and its answer, then the echo request', () => {
    const fromClient = hops(lab).filter((h) => h.from.node === 'client').map((h) => summarizeFrame(h.frame));
    expect(fromClient[0]).toBe('ARP, Request who-has 192.168.150.2 tell 192.168.150.1, length 46');
    expect(fromClient[1]).toMatch(/^IP 192\.168\.150\.1\.\d+ > 223\.5\.5\.5\.53: \d+\+ A\? www\.baidu\.com\. \(31\)$/);
    expect(fromClient[2]).toMatch(/^IP 192\.168\.150\.1 > 61\.135\.169\.125: ICMP echo request, id \d+, seq 1, length 64$/);
    const toClient = hops(lab).filter((h) => h.to.node === 'client').map((h) => summarizeFrame(h.frame));
    expect(toClient[1]).toMatch(/^IP 223\.5\.5\.5\.53 > 192\.168\.150\.1\.\d+: \d+ 2\/0\/0 CNAME www\.a\.shifen\.com\., A 61\.135\.169\.125 \(74\)$/);
  });

  it('hop by hop: the IP addresses stay, the MAC addresses change at every router, the TTL drops by one per router', () => {
    const first = hops(lab).find((h) => h.from.node === 'client' && isEchoRequest(h.frame))!;
    const path = hops(lab).filter((h) => h.pid === first.pid);
    const rows = path.map((h) => ({
      link: `${h.from.node}>${h.to.node}`,
      eth: `${formatMac(readMac(h.frame, 6))} > ${formatMac(readMac(h.frame, 0))}`,
      ipSrc: formatIpv4(readIpv4(h.frame, 26)),
      ipDst: formatIpv4(readIpv4(h.frame, 30)),
      ttl: h.frame[22],
    }));
    expect(rows.map((r) => r.link)).toEqual(['client>sw', 'sw>router', 'router>isp1', 'isp1>isp2', 'isp2>bb1', 'bb1>bb2', 'bb2>idc', 'idc>web']);
    // the destination never changes; the source is the client's on the LAN and one address on the whole
    // internet side (the client's own without S-NAT, the router's public address with it)
    expect(new Set(rows.map((r) => r.ipDst))).toEqual(new Set(['61.135.169.125']));
    expect(rows.slice(0, 2).map((r) => r.ipSrc)).toEqual(['192.168.150.1', '192.168.150.1']);
    expect(new Set(rows.slice(2).map((r) => r.ipSrc)).size).toBe(1);
    expect(['192.168.150.1', '123.112.0.2']).toContain(rows[2].ipSrc);
    // each segment: from the sender's interface to the next hop's interface (the switch changes nothing)
    const seg = (a: string, ai: string, b: string, bi: string) => `${macOf(lab, a, ai)} > ${macOf(lab, b, bi)}`;
    expect(rows.map((r) => r.eth)).toEqual([
      seg('client', 'eth0', 'router', 'eth0'),
      seg('client', 'eth0', 'router', 'eth0'),
      seg('router', 'eth1', 'isp1', 'eth0'),
      seg('isp1', 'eth1', 'isp2', 'eth0'),
      seg('isp2', 'eth1', 'bb1', 'eth0'),
      seg('bb1', 'eth1', 'bb2', 'eth0'),
      seg('bb2', 'eth1', 'idc', 'eth0'),
      seg('idc', 'eth1', 'web', 'eth0'),
    ]);
    expect(rows.map((r) => r.ttl)).toEqual([64, 64, 63, 62, 61, 60, 59, 58]);
  });

  it('each router keeps only its neighbourhood: the client has one default route, bb1 none', () => {
    const stack = (id: string) => lab.host(id)!.stack as unknown as { routes: { main(): Array<{ prefixLen: number; gateway: number }> } };
    const defaults = (id: string) => stack(id).routes.main().filter((r) => r.prefixLen === 0).map((r) => formatIpv4(r.gateway));
    expect(defaults('client')).toEqual(['192.168.150.2']);
    expect(defaults('router')).toEqual(['123.112.0.1']);
    expect(defaults('bb1')).toEqual([]);
  });

  it.skipIf(!tsharkAvailable())('every interface capture reads cleanly in tshark', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvslab-next-hop-'));
    const caps = capturesByInterface(lab.world.trace.packets);
    expect([...caps.keys()]).toEqual(expect.arrayContaining(['client-eth0', 'router-eth1', 'dns-eth0', 'web-eth0']));
    for (const [key, w] of caps) {
      const path = join(dir, `${key}.pcap`);
      writeFileSync(path, w.toBytes());
      const r = tsharkCheck(path);
      expect({ key, errors: r.errors, warnings: r.warnings }).toEqual({ key, errors: [], warnings: [] });
      expect(r.packets).toBeGreaterThan(0);
    }
  });
});
