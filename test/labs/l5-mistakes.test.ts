import { describe, expect, it } from 'vitest';
import { formatMac, readMac } from '../../src/engine/wire/addr';
import { blockOf, transcript } from '../../src/test-support/transcript';
import { dropLines, firstLineAfter, hopLines } from './hops';

/**
 * Lab L5's mistakes (LABS.md; notes 000, 002, 004), each typed from lab-bare
 * in the notes' order with one step done wrong, and what the learner sees.
 */
const VIP = '192.168.150.100';

const HIDE = (n: string) => [
  `2 ${n} echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore`,
  `2 ${n} echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce`,
  `2 ${n} echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore`,
  `2 ${n} echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce`,
];
const LO_VIP = (n: string) => `2 ${n} ifconfig lo:1 ${VIP} netmask 255.255.255.255`;
const WEB = (n: string, ip: string) => [`3 ${n} yum install httpd -y`, `20 ${n} echo 'from ${ip}' > /var/www/html/index.html`, `20 ${n} service httpd start`];
const DIRECTOR = [
  '21 node01 yum install ipvsadm -y',
  `30 node01 ipvsadm -A -t ${VIP}:80 -s rr`,
  `30 node01 ipvsadm -a -t ${VIP}:80 -r 192.168.150.12 -g -w 1`,
  `30 node01 ipvsadm -a -t ${VIP}:80 -r 192.168.150.13 -g -w 1`,
];
const CURLS = [31, 32, 33, 34].map((t) => `${t} client curl ${VIP}`);
const pages = (text: string) => [31, 32, 33, 34].map((t) => firstLineAfter(text, `[${t}.000] client$ curl ${VIP}`));
const script = (lines: Array<string | string[]>) => lines.flat().join('\n');

/** Step 1, then the learner checks the new VIP from the client (its ARP cache now holds the director's MAC). */
const STEP1 = [`1 node01 ifconfig eth0:2 ${VIP}/24`, `1.5 client ping -c 1 ${VIP}`];

describe('control: the notes\' setup, with the VIP pinged from the client after step 1', () => {
  const { text, lab } = transcript('lab-bare', script([STEP1, HIDE('node02'), LO_VIP('node02'), HIDE('node03'), LO_VIP('node03'), WEB('node02', '192.168.150.12'), WEB('node03', '192.168.150.13'), DIRECTOR, CURLS, `35 client exec 8<> /dev/tcp/${VIP}/80`, '36 node01 netstat -natp', '36 node03 netstat -natp', '36 node01 ipvsadm -lnc']));

  it('pages alternate', () => {
    expect(pages(text)).toEqual(['from 192.168.150.13', 'from 192.168.150.12', 'from 192.168.150.13', 'from 192.168.150.12']);
  });

  it('step 7: the director has no socket for the connection, the real server has it ESTABLISHED, the director only a table entry', () => {
    expect(blockOf(text, 'node01$ netstat -natp')).not.toMatch(/ESTABLISHED|192\.168\.150\.1:/);
    expect(blockOf(text, 'node03$ netstat -natp')).toMatch(/^tcp {8}0 {6}0 192\.168\.150\.100:80 {6}192\.168\.150\.1:\d{5} {5}ESTABLISHED \d+\/httpd +$/m);
    expect(blockOf(text, 'node01$ ipvsadm -lnc')).toMatch(/^TCP 14:59  ESTABLISHED 192\.168\.150\.1:\d+ 192\.168\.150\.100:80 192\.168\.150\.13:80$/m);
  });

  it('arp_announce=2: a real server asks for the client with its own address, never the VIP', () => {
    const asks = hopLines(lab).filter((h) => (h.from === 'node02' || h.from === 'node03') && h.line.startsWith('ARP, Request'));
    expect(asks.map((h) => h.line)).toEqual([
      'ARP, Request who-has 192.168.150.1 tell 192.168.150.13, length 46',
      'ARP, Request who-has 192.168.150.1 tell 192.168.150.12, length 46',
    ]);
  });
});

describe('mistake 1: forgetting arp_ignore / arp_announce on the real servers', () => {
  const { text, lab } = transcript(
    'lab-bare',
    script([
      STEP1,
      LO_VIP('node02'),
      LO_VIP('node03'),
      WEB('node02', '192.168.150.12'),
      WEB('node03', '192.168.150.13'),
      DIRECTOR,
      CURLS,
      '35 client arp -a',
      '35 node01 ipvsadm -lnc',
      `36 client arp -d ${VIP}`,
      `36 client ping -c 1 ${VIP}`,
    ]),
  );
  const mac = (id: string) => formatMac(lab.world.node(id)!.nic('eth0')!.mac);

  it('arp_announce=0: node03 answers the first connection from the VIP and asks "who-has the client tell the VIP"', () => {
    const asks = hopLines(lab).filter((h) => h.t >= 31 && h.t < 32 && h.from === 'node03' && h.line.startsWith('ARP, Request'));
    expect(asks.map((h) => h.line)).toEqual([`ARP, Request who-has 192.168.150.1 tell ${VIP}, length 46`]);
  });

  it('the client believes that question: the VIP now maps to node03, and node03 steals every later connection', () => {
    expect(pages(text)).toEqual(['from 192.168.150.13', 'from 192.168.150.13', 'from 192.168.150.13', 'from 192.168.150.13']);
    expect(blockOf(text, 'client$ arp -a').split('\n')[0]).toBe(`? (${VIP}) at ${mac('node03')} [ether] on eth0`);
    // after the first SYN nothing crosses the director any more
    const syns = hopLines(lab).filter((h) => h.t >= 31 && h.t < 35 && h.from === 'client' && h.line.includes(`> ${VIP}.80: Flags [S]`));
    expect(syns.map((h) => formatMac(readMac(h.frame, 0)))).toEqual([mac('node01'), mac('node03'), mac('node03'), mac('node03')]);
  });

  it('the director saw one SYN and nothing else: a lone SYN_RECV in its connection table', () => {
    const rows = blockOf(text, 'node01$ ipvsadm -lnc').trim().split('\n').slice(2);
    expect(rows).toEqual([expect.stringMatching(/^TCP 00:5\d  SYN_RECV    192\.168\.150\.1:\d+ 192\.168\.150\.100:80 192\.168\.150\.13:80$/)]);
  });

  it('arp_ignore=0: asked again, all three hosts answer for the VIP (the director and both real servers)', () => {
    const replies = hopLines(lab).filter((h) => h.t >= 36 && h.t < 37 && h.to === 'sw' && h.line.startsWith(`ARP, Reply ${VIP} is-at`));
    expect(replies.map((h) => `${h.from} ${h.line}`)).toEqual([
      `node01 ARP, Reply ${VIP} is-at ${mac('node01')}, length 46`,
      `node02 ARP, Reply ${VIP} is-at ${mac('node02')}, length 46`,
      `node03 ARP, Reply ${VIP} is-at ${mac('node03')}, length 46`,
    ]);
    expect(dropLines(lab).filter((d) => d.reason.startsWith('ARP ignored'))).toEqual([]);
  });
});

describe("mistake 2: the VIP on lo with /24 — the notes' dead loop", () => {
  const { text, lab } = transcript(
    'lab-bare',
    script([
      STEP1,
      HIDE('node02'),
      `2 node02 ifconfig lo:8 ${VIP} netmask 255.255.255.0`,
      '2 node02 route -n',
      '2 node02 ip route show table local',
      WEB('node02', '192.168.150.12'),
      '21 node01 yum install ipvsadm -y',
      `30 node01 ipvsadm -A -t ${VIP}:80 -s rr`,
      `30 node01 ipvsadm -a -t ${VIP}:80 -r 192.168.150.12 -g -w 1`,
      `31 client curl ${VIP}`,
      '32 node01 ipvsadm -lnc',
      '33 node02 ping -c 1 192.168.150.1',
      '33 node02 ip route get 192.168.150.1',
    ]),
  );

  it('the kernel makes the whole /24 local on lo (local table); route -n shows nothing new', () => {
    expect(blockOf(text, 'node02$ route -n')).toBe(
      ['Kernel IP routing table', 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface', '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0', ''].join('\n'),
    );
    expect(blockOf(text, 'node02$ ip route show table local')).toContain(`local 192.168.150.0/24 dev lo proto kernel scope host src ${VIP} \n`);
  });

  it('"ping 192.168.150.1" never leaves node02: lo turns the output into input and node02 answers itself', () => {
    expect(blockOf(text, 'node02$ ping -c 1 192.168.150.1').split('\n')[1]).toMatch(/^64 bytes from 192\.168\.150\.1: icmp_seq=1 ttl=64 time=0\.0\d\d ms$/);
    expect(hopLines(lab).filter((h) => h.t >= 33 && h.from === 'node02' && h.line.includes('ICMP'))).toEqual([]);
    expect(blockOf(text, 'node02$ ip route get 192.168.150.1')).toBe(`local 192.168.150.1 dev lo src ${VIP} \n    cache <local> \n`);
  });

  it('so its SYN-ACK to the client loops back into node02 and is reset there; the client times out', () => {
    expect(blockOf(text, `client$ curl ${VIP}`)).toBe(`curl: (7) Failed connect to ${VIP}:80; Connection timed out\n`);
    const loop = dropLines(lab).filter((d) => d.node === 'node02' && d.iface === 'lo');
    expect(loop[0]).toEqual({ t: expect.any(Number), node: 'node02', iface: 'lo', reason: expect.stringMatching(/^TCP port \d+ closed: no socket for 192\.168\.150\.100:80 → 192\.168\.150\.1:\d+, RST sent$/) });
    expect(hopLines(lab).filter((h) => h.from === 'node02' && h.line.includes('Flags [S.]'))).toEqual([]);
  });

  it("the director did its job: its table holds the connection in SYN_RECV — the notes' sign that the fault is behind it", () => {
    expect(blockOf(text, 'node01$ ipvsadm -lnc').trim().split('\n').slice(2)).toEqual([expect.stringMatching(/^TCP 00:5\d  SYN_RECV    192\.168\.150\.1:\d+ 192\.168\.150\.100:80 192\.168\.150\.12:80$/)]);
  });
});

describe("mistake 3: the VIP on a real server's eth0", () => {
  const { text, lab } = transcript(
    'lab-bare',
    script([`1 node01 ifconfig eth0:2 ${VIP}/24`, HIDE('node02'), `2 node02 ifconfig eth0:1 ${VIP}/24`, '2 node02 ifconfig eth0:1', WEB('node02', '192.168.150.12'), '21 node01 yum install ipvsadm -y', `30 node01 ipvsadm -A -t ${VIP}:80 -s rr`, `30 node01 ipvsadm -a -t ${VIP}:80 -r 192.168.150.12 -g -w 1`, `31 client ping -c 1 ${VIP}`]),
  );
  const mac = (id: string) => formatMac(lab.world.node(id)!.nic('eth0')!.mac);

  it('the VIP is an ordinary address of eth0 now', () => {
    expect(blockOf(text, 'node02$ ifconfig eth0:1').split('\n')[1]).toBe(`        inet ${VIP}  netmask 255.255.255.0  broadcast 192.168.150.255`);
  });

  it('arp_ignore=1 does not hide it (it is on the interface the question came in on): node02 answers for the VIP too', () => {
    const replies = hopLines(lab).filter((h) => h.t >= 31 && h.t < 32 && h.to === 'sw' && h.line.startsWith(`ARP, Reply ${VIP} is-at`));
    expect(replies.map((h) => h.from)).toEqual(['node01', 'node02']);
    expect(replies[1].line).toBe(`ARP, Reply ${VIP} is-at ${mac('node02')}, length 46`);
    expect(dropLines(lab).filter((d) => d.node === 'node02' && d.reason.startsWith('ARP ignored'))).toEqual([]);
  });
});
