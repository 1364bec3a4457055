import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../../../test-support/transcript';
import { formatG, formatRtt, formatStatistics, llsqrt } from './ping-format';
import { parsePingArgs } from './ping-args';
import type { ScenarioDocV1 } from '../../../scenario/types';

const USAGE = `Usage: ping [-aAbBdDfhLnOqrRUvV] [-c count] [-i interval] [-I interface]
            [-m mark] [-M pmtudisc_option] [-l preload] [-p pattern] [-Q tos]
            [-s packetsize] [-S sndbuf] [-t ttl] [-T timestamp_option]
            [-w deadline] [-W timeout] [hop1 ...] destination
`;

/** One command's output and its exit status (the script appends `; echo status=$?`). */
function ping(preset: string, line: string, extra = ''): string {
  const { text } = transcript(preset, `1 node01 ${line}; echo status=$?\n${extra}`.replace(/node01/g, preset === 'next-hop' ? 'client' : 'node01'));
  return blockOf(text, `${preset === 'next-hop' ? 'client' : 'node01'}$ ${line}; echo status=$?`);
}

describe('ping transcripts (iputils s20160308)', () => {
  it('a LAN host, -c 3: ARP makes the first reply slower; statistics with time and mdev', () => {
    expect(ping('arp-switch', 'ping -c 3 192.168.150.12')).toBe(`PING 192.168.150.12 (192.168.150.12) 56(84) bytes of data.
64 bytes from 192.168.150.12: icmp_seq=1 ttl=64 time=0.826 ms
64 bytes from 192.168.150.12: icmp_seq=2 ttl=64 time=0.454 ms
64 bytes from 192.168.150.12: icmp_seq=3 ttl=64 time=0.433 ms

--- 192.168.150.12 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 2001ms
rtt min/avg/max/mdev = 0.433/0.571/0.826/0.180 ms
status=0
`);
  });

  it('a LAN address nobody has: ARP gives up after 3 tries, the kernel reports Destination Host Unreachable', () => {
    expect(ping('arp-switch', 'ping -c 3 192.168.150.99')).toBe(`PING 192.168.150.99 (192.168.150.99) 56(84) bytes of data.
From 192.168.150.11 icmp_seq=1 Destination Host Unreachable
From 192.168.150.11 icmp_seq=2 Destination Host Unreachable
From 192.168.150.11 icmp_seq=3 Destination Host Unreachable

--- 192.168.150.99 ping statistics ---
3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2001ms
pipe 3
status=1
`);
  });

  it('no route to the destination: connect() fails before anything is sent', () => {
    expect(ping('arp-switch', 'ping 10.0.0.1')).toBe('connect: Network is unreachable\nstatus=2\n');
  });

  it('TTL 1 dies at the first router, TTL 4 at the fourth (isp2 → bb1 link address of bb1)', () => {
    expect(ping('next-hop', 'ping -c 2 -t 1 61.135.169.125')).toBe(`PING 61.135.169.125 (61.135.169.125) 56(84) bytes of data.
From 192.168.150.2 icmp_seq=1 Time to live exceeded
From 192.168.150.2 icmp_seq=2 Time to live exceeded

--- 61.135.169.125 ping statistics ---
2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1001ms

status=1
`);
    expect(ping('next-hop', 'ping -c 1 -t 4 61.135.169.125')).toMatch(/^PING 61\.135\.169\.125 \(61\.135\.169\.125\) 56\(84\) bytes of data\.\nFrom 202\.96\.12\.2 icmp_seq=1 Time to live exceeded\n/);
  });

  it('Ctrl-C: ^C, then the statistics, exit status 0 since replies came', () => {
    const { text, lab } = transcript('arp-switch', '1 node01 ping 192.168.150.13\n4.5 node01 ^C\n5 node01 echo status=$?');
    expect(blockOf(text, 'node01$ ping 192.168.150.13')).toBe(`PING 192.168.150.13 (192.168.150.13) 56(84) bytes of data.
64 bytes from 192.168.150.13: icmp_seq=1 ttl=64 time=0.826 ms
64 bytes from 192.168.150.13: icmp_seq=2 ttl=64 time=0.454 ms
64 bytes from 192.168.150.13: icmp_seq=3 ttl=64 time=0.433 ms
64 bytes from 192.168.150.13: icmp_seq=4 ttl=64 time=0.485 ms
^C
--- 192.168.150.13 ping statistics ---
4 packets transmitted, 4 received, 0% packet loss, time 3002ms
rtt min/avg/max/mdev = 0.433/0.549/0.826/0.162 ms
`);
    expect(blockOf(text, 'node01$ echo status=$?')).toBe('status=0\n');
    expect(lab.records[0].endedAt).toBe(4_500_000);
  });

  it('a name: the canonical name (CNAME) in the header, `IP (IP)` per reply, ttl=58 after six routers — as the course notes show', () => {
    const out = ping('next-hop', 'ping -c 2 www.baidu.com');
    expect(out).toBe(`PING www.a.shifen.com (61.135.169.125) 56(84) bytes of data.
64 bytes from 61.135.169.125 (61.135.169.125): icmp_seq=1 ttl=58 time=5.61 ms
64 bytes from 61.135.169.125 (61.135.169.125): icmp_seq=2 ttl=58 time=4.22 ms

--- www.a.shifen.com ping statistics ---
2 packets transmitted, 2 received, 0% packet loss, time 1001ms
rtt min/avg/max/mdev = 4.215/4.914/5.613/0.699 ms
status=0
`);
  });

  it('resolution failures and usage errors exit with status 2', () => {
    expect(ping('next-hop', 'ping www.nosuch.com')).toBe('ping: www.nosuch.com: Name or service not known\nstatus=2\n');
    expect(ping('arp-switch', 'ping')).toBe(`${USAGE}status=2\n`);
    expect(ping('arp-switch', 'ping -x 1.2.3.4')).toBe(`ping: invalid option -- 'x'\n${USAGE}status=2\n`);
    expect(ping('arp-switch', 'ping -c')).toBe(`ping: option requires an argument -- 'c'\n${USAGE}status=2\n`);
    expect(ping('arp-switch', 'ping -c 0 node02')).toBe('ping: bad number of packets to transmit.\nstatus=2\n');
    expect(ping('arp-switch', 'ping -t 300 node02')).toBe('ping: ttl 300 out of range\nstatus=2\n');
    expect(ping('arp-switch', 'ping -i x node02')).toBe('ping: bad timing interval\nstatus=2\n');
    expect(ping('arp-switch', 'ping -I eth9 192.168.150.12')).toBe('ping: SO_BINDTODEVICE: No such device\nstatus=2\n');
    expect(ping('arp-switch', 'ping -V')).toBe('ping utility, iputils-s20160308\nstatus=0\n');
    // options whose effect is not modelled are refused in plain words, not silently ignored
    expect(ping('arp-switch', 'ping -f 192.168.150.12')).toBe('ping: option -f is not simulated here\nstatus=2\n');
  });

  it('-q, -s, -I, -i and -p change what is sent and printed', () => {
    expect(ping('arp-switch', 'ping -c 2 -q -s 100 192.168.150.12')).toMatch(/^PING 192\.168\.150\.12 \(192\.168\.150\.12\) 100\(128\) bytes of data\.\n\n--- 192\.168\.150\.12 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 100\dms\nrtt min\/avg\/max\/mdev = [\d./]+ ms\nstatus=0\n$/);
    expect(ping('arp-switch', 'ping -c 1 -I eth0 192.168.150.12')).toMatch(/^PING 192\.168\.150\.12 \(192\.168\.150\.12\) from 192\.168\.150\.11 eth0: 56\(84\) bytes of data\.\n64 bytes from/);
    // fewer than 16 data bytes: no timestamp, so no time= and no rtt line (a blank line instead)
    expect(ping('arp-switch', 'ping -c 1 -s 8 192.168.150.13')).toBe(`PING 192.168.150.13 (192.168.150.13) 8(36) bytes of data.
16 bytes from 192.168.150.13: icmp_seq=1 ttl=64

--- 192.168.150.13 ping statistics ---
1 packets transmitted, 1 received, 0% packet loss, time 0ms

status=0
`);
    expect(ping('arp-switch', 'ping -c 2 -i 0.2 -p ff 192.168.150.13')).toMatch(/^PATTERN: 0xff\nPING [^\n]+\n64 bytes[^\n]+\n64 bytes[^\n]+\n\n[^\n]+\n2 packets transmitted, 2 received, 0% packet loss, time 20\dms\n/);
  });

  it('-w: the deadline ends it; no reply means status 1 and the trailing blank line', () => {
    expect(ping('arp-switch', 'ping -w 2 192.168.150.99')).toBe(`PING 192.168.150.99 (192.168.150.99) 56(84) bytes of data.

--- 192.168.150.99 ping statistics ---
2 packets transmitted, 0 received, 100% packet loss, time 1001ms

status=1
`);
  });
});

describe('ping waiting for the last reply (__schedule_exit)', () => {
  /** client — router — far, where far has no route back: requests arrive, replies never leave. */
  const silent: ScenarioDocV1 = {
    lvslab: 1,
    nodes: [
      { id: 'client', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.1/24'] }], gateway: '192.168.150.2' },
      { id: 'router', kind: 'router', interfaces: [{ name: 'eth0', addresses: ['192.168.150.2/24'] }, { name: 'eth1', addresses: ['10.0.0.1/24'] }] },
      { id: 'far', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['10.0.0.9/24'] }] },
    ],
    links: [
      { a: { node: 'client', iface: 'eth0' }, b: { node: 'router', iface: 'eth0' } },
      { a: { node: 'router', iface: 'eth1' }, b: { node: 'far', iface: 'eth0' } },
    ],
  };

  it('no reply at all: lingertime, 10 s by default, -W to change it', () => {
    const { lab } = transcript(silent, '1 client ping -c 1 10.0.0.9\n20 client ping -c 2 -W 3 10.0.0.9');
    expect(lab.records[0].output).toBe(`PING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.

--- 10.0.0.9 ping statistics ---
1 packets transmitted, 0 received, 100% packet loss, time 0ms

`);
    const [a, b] = lab.records;
    expect(a.endedAt! - a.startedAt!).toBe(10_000_000);
    expect(a.status).toBe(1);
    // the second request goes out at ~1 s, then -W 3
    expect(b.endedAt! - b.startedAt!).toBeGreaterThan(4_000_000);
    expect(b.endedAt! - b.startedAt!).toBeLessThan(4_010_000);
  });
});

describe('ping on the wire', () => {
  it('echo requests carry id = pid & 0xffff, seq from 1, a timestamp then 0x10..0x37; replies echo them', () => {
    const { lab } = transcript('arp-switch', '1 node01 ping -c 2 192.168.150.12');
    const frames = lab.world.trace.packets.filter((p) => p.type === 'hop' && p.from.node === 'node01' && p.frame[23] === 1).map((p) => p.frame);
    expect(frames).toHaveLength(2);
    const icmp = frames[1].subarray(34);
    expect(icmp[0]).toBe(8);
    const ident = (icmp[4] << 8) | icmp[5];
    expect(ident).toBeGreaterThan(0);
    expect((icmp[6] << 8) | icmp[7]).toBe(2);
    expect([...icmp.subarray(8 + 16, 8 + 56)]).toEqual(Array.from({ length: 40 }, (_, i) => 0x10 + i));
    // DF set, TTL 64
    expect(frames[1][20] & 0x40).toBe(0x40);
    expect(frames[1][22]).toBe(64);
  });

  it('is deterministic: same seed, same transcript and the same frames', () => {
    const a = transcript('next-hop', '1 client ping -c 3 www.baidu.com');
    const b = transcript('next-hop', '1 client ping -c 3 www.baidu.com');
    expect(a.text).toBe(b.text);
    expect(a.lab.world.trace.packets.map((p) => [p.t, [...p.frame].join(',')])).toEqual(b.lab.world.trace.packets.map((p) => [p.t, [...p.frame].join(',')]));
  });
});

describe('ping formatting', () => {
  it('time= precision follows the magnitude', () => {
    expect([412, 999, 1000, 3924, 9995, 10000, 54321, 99999, 100000, 123456].map(formatRtt)).toEqual(['0.412', '0.999', '1.00', '3.92', '10.00', '10.0', '54.3', '100.0', '100', '123']);
  });

  it('loss is printed with %g of a float', () => {
    expect([0, 100, 100 / 3, 200 / 3, 50, 0.001].map(formatG)).toEqual(['0', '100', '33.3333', '66.6667', '50', '0.001']);
    expect(llsqrt(1_000_000)).toBe(1000);
    expect(llsqrt(2)).toBe(1);
  });

  it('statistics: duplicates and errors, the pipe when errors stack up', () => {
    expect(formatStatistics({ hostname: 'h', transmitted: 3, received: 1, repeats: 1, errors: 1, elapsedUs: 2_002_600, timing: true, tmin: 400, tmax: 600, tsum: 1000, tsum2: 400 * 400 + 600 * 600, pipesize: 2 })).toBe(
      '\n--- h ping statistics ---\n3 packets transmitted, 1 received, +1 duplicates, +1 errors, 66.6667% packet loss, time 2003ms\nrtt min/avg/max/mdev = 0.400/0.500/0.600/0.100 ms, pipe 2\n',
    );
  });

  it('arguments glue and permute as glibc getopt does', () => {
    const r = parsePingArgs(['www.baidu.com', '-c3', '-nq']);
    expect(r.ok && r.opts).toMatchObject({ count: 3, numeric: true, quiet: true, targets: ['www.baidu.com'] });
  });
});
