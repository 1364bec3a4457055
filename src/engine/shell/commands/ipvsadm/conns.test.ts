import { describe, expect, it } from 'vitest';
import { Lab } from '../../../lab';
import { loadScenario } from '../../../scenario';
import { renderTranscript } from '../../../transcript';
import type { ScenarioDocV1 } from '../../../scenario/types';
import type { IpStack } from '../../../net/ip/stack';
import { buildTcp, TCP_FLAG } from '../../../wire/tcp';
import { buildUdp } from '../../../wire/udp';
import { IP_PROTOCOL } from '../../../wire/ipv4';
import { parseIpv4 } from '../../../wire/addr';

const A = (s: string) => parseIpv4(s)!;
const CIP = A('192.168.150.1');
const VIP = A('192.168.150.100');

/** A director carrying the VIP on eth0 and a client on the same cable; the real servers need not exist. */
const doc: ScenarioDocV1 = {
  lvslab: 1,
  nodes: [
    { id: 'node01', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.11/24', '192.168.150.100/24'] }], packages: ['ipvsadm'] },
    { id: 'client', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['192.168.150.1/24'] }] },
  ],
  links: [{ a: { node: 'node01', iface: 'eth0' }, b: { node: 'client', iface: 'eth0' } }],
};

/**
 * A lab where the test types on node01 and injects bare TCP/UDP segments
 * from the client (no client TCP needed: IPVS only watches the flags go by).
 */
function lab() {
  const res = loadScenario(doc);
  if (!res.ok) throw new Error(JSON.stringify(res.errors));
  const l = new Lab(res.scenario);
  const client = l.host('client')!.stack as IpStack;
  const at = (t: number, f: () => void) => l.world.sim.at(Math.round(t * 1e6), f);
  return {
    lab: l,
    type: (t: number, line: string) => at(t, () => l.type('node01', line)),
    tcp: (t: number, flags: number, sport = 40000) =>
      at(t, () => {
        const seg = buildTcp({ srcPort: sport, dstPort: 80, seq: 1000, ack: flags & TCP_FLAG.ACK ? 1 : 0, flags, window: 29200, urgentPointer: 0, options: [] }, new Uint8Array(0), CIP, VIP);
        client.sendIp({ proto: IP_PROTOCOL.TCP, dst: VIP, payload: seg });
      }),
    udp: (t: number, sport: number) =>
      at(t, () => client.sendIp({ proto: IP_PROTOCOL.UDP, dst: VIP, payload: buildUdp({ srcPort: sport, dstPort: 53 }, new Uint8Array(20), CIP, VIP) })),
    run: (until: number) => {
      l.world.sim.runUntil(Math.round(until * 1e6));
      return renderTranscript(l.records);
    },
  };
}

const SETUP = (x: ReturnType<typeof lab>) => {
  x.type(0, 'ipvsadm -A -t 192.168.150.100:80 -s rr');
  x.type(0.1, 'ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12 -g');
  x.type(0.2, 'ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13 -g');
};

describe('ipvsadm -Lnc after traffic', () => {
  it('a DR connection goes SYN_RECV → ESTABLISHED → FIN_WAIT, the expire column counting down in virtual time', () => {
    const x = lab();
    SETUP(x);
    x.tcp(1, TCP_FLAG.SYN);
    x.type(1.5, 'ipvsadm -Lnc');
    x.type(1.6, 'ipvsadm -Ln');
    x.tcp(2, TCP_FLAG.ACK);
    x.type(2.5, 'ipvsadm -Lnc');
    x.type(10, 'ipvsadm -Lnc');
    x.type(10.1, 'ipvsadm -Ln');
    x.tcp(11, TCP_FLAG.FIN | TCP_FLAG.ACK);
    x.type(12, 'ipvsadm -Lnc');
    x.type(12.1, 'ipvsadm -Ln');
    x.type(100, 'ipvsadm -Lnc --persistent-conn');
    x.type(140, 'ipvsadm -Lnc');
    x.type(140.1, 'ipvsadm -Ln');
    const text = x.run(150);
    expect(text.slice(text.indexOf('[1.500]'))).toBe(`[1.500] node01$ ipvsadm -Lnc
IPVS connection entries
pro expire state       source             virtual            destination
TCP 00:59  SYN_RECV    192.168.150.1:40000 192.168.150.100:80 192.168.150.13:80
[1.600] node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 rr
  -> 192.168.150.12:80            Route   1      0          0         
  -> 192.168.150.13:80            Route   1      1          0         
[2.500] node01$ ipvsadm -Lnc
IPVS connection entries
pro expire state       source             virtual            destination
TCP 14:59  ESTABLISHED 192.168.150.1:40000 192.168.150.100:80 192.168.150.13:80
[10.000] node01$ ipvsadm -Lnc
IPVS connection entries
pro expire state       source             virtual            destination
TCP 14:52  ESTABLISHED 192.168.150.1:40000 192.168.150.100:80 192.168.150.13:80
[10.100] node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 rr
  -> 192.168.150.12:80            Route   1      0          0         
  -> 192.168.150.13:80            Route   1      1          0         
[12.000] node01$ ipvsadm -Lnc
IPVS connection entries
pro expire state       source             virtual            destination
TCP 01:59  FIN_WAIT    192.168.150.1:40000 192.168.150.100:80 192.168.150.13:80
[12.100] node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 rr
  -> 192.168.150.12:80            Route   1      0          0         
  -> 192.168.150.13:80            Route   1      0          1         
[100.000] node01$ ipvsadm -Lnc --persistent-conn
IPVS connection entries
pro expire state       source             virtual            destination        pe name          pe_data
TCP 00:31  FIN_WAIT    192.168.150.1:40000 192.168.150.100:80 192.168.150.13:80
[140.000] node01$ ipvsadm -Lnc
IPVS connection entries
pro expire state       source             virtual            destination
[140.100] node01$ ipvsadm -Ln
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 rr
  -> 192.168.150.12:80            Route   1      0          0         
  -> 192.168.150.13:80            Route   1      0          0         
`);
  });

  it('persistence templates and UDP entries; names without -n (the VIP is the director\'s own address: nss-myhostname)', () => {
    const x = lab();
    x.type(0, 'ipvsadm -A -t 192.168.150.100:80 -s rr -p 600');
    x.type(0.1, 'ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12');
    x.type(0.2, 'ipvsadm -A -u 192.168.150.100:53 -s rr');
    x.type(0.3, 'ipvsadm -a -u 192.168.150.100:53 -r 192.168.150.13 -m');
    x.tcp(1, TCP_FLAG.SYN, 40001);
    x.udp(1, 5353);
    x.type(3, 'ipvsadm -Lnc');
    x.type(3.1, 'ipvsadm -Lc');
    x.type(3.2, 'ipvsadm -Ln --persistent-conn');
    const text = x.run(4);
    expect(text.slice(text.indexOf('[3.000]'))).toBe(`[3.000] node01$ ipvsadm -Lnc
IPVS connection entries
pro expire state       source             virtual            destination
TCP 09:58  NONE        192.168.150.1:0    192.168.150.100:80 192.168.150.12:80
TCP 00:58  SYN_RECV    192.168.150.1:40001 192.168.150.100:80 192.168.150.12:80
UDP 04:58  UDP         192.168.150.1:5353 192.168.150.100:53 192.168.150.13:53
[3.100] node01$ ipvsadm -Lc
IPVS connection entries
pro expire state       source             virtual            destination
TCP 09:57  NONE        192.168.150.1:0    node01:http        192.168.150.12:http
TCP 00:57  SYN_RECV    192.168.150.1:40001 node01:http        192.168.150.12:http
UDP 04:57  UDP         192.168.150.1:5353 node01:domain      192.168.150.13:domain
[3.200] node01$ ipvsadm -Ln --persistent-conn
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn 
  -> RemoteAddress:Port
TCP  192.168.150.100:80 rr persistent 600
  -> 192.168.150.12:80            1         1           1          0         
UDP  192.168.150.100:53 rr
  -> 192.168.150.13:53            1         0           0          1         
`);
  });
});

describe('ipvsadm --stats / --rate / -Z after traffic', () => {
  it('counts packets and bytes per service and real server; the 2 s estimator gives the rates; -Z zeroes both', () => {
    const x = lab();
    SETUP(x);
    // 20 handshakes between 1.0 and 2.0 s, rr alternating from the newest real server
    for (let i = 0; i < 20; i++) {
      x.tcp(1 + i * 0.05, TCP_FLAG.SYN, 41000 + i);
      x.tcp(1.02 + i * 0.05, TCP_FLAG.ACK, 41000 + i);
    }
    x.type(2.5, 'ipvsadm -Ln --stats');
    x.type(2.6, 'ipvsadm -Ln --rate');
    x.type(2.7, 'ipvsadm -Z');
    x.type(2.8, 'ipvsadm -Ln --stats');
    x.type(4.5, 'ipvsadm -Ln --rate --exact');
    const text = x.run(5);
    expect(text.slice(text.indexOf('[2.500]'))).toBe(`[2.500] node01$ ipvsadm -Ln --stats
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
  -> RemoteAddress:Port
TCP  192.168.150.100:80                 20       40        0     1600        0
  -> 192.168.150.12:80                  10       20        0      800        0
  -> 192.168.150.13:80                  10       20        0      800        0
[2.600] node01$ ipvsadm -Ln --rate
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS
  -> RemoteAddress:Port
TCP  192.168.150.100:80                  2        5        0      200        0
  -> 192.168.150.12:80                   1        2        0      100        0
  -> 192.168.150.13:80                   1        2        0      100        0
[2.700] node01$ ipvsadm -Z
[2.800] node01$ ipvsadm -Ln --stats
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
  -> RemoteAddress:Port
TCP  192.168.150.100:80                  0        0        0        0        0
  -> 192.168.150.12:80                   0        0        0        0        0
  -> 192.168.150.13:80                   0        0        0        0        0
[4.500] node01$ ipvsadm -Ln --rate --exact
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS
  -> RemoteAddress:Port
TCP  192.168.150.100:80                  0        0        0        0        0
  -> 192.168.150.12:80                   0        0        0        0        0
  -> 192.168.150.13:80                   0        0        0        0        0
`);
  });
});
