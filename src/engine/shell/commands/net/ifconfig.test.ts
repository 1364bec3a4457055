import { describe, expect, it } from 'vitest';
import { netLabShell } from '../../../../test-support/net-lab';
import { formatIpv4 } from '../../../wire/addr';
import { humanBytes, nstrcmp } from './ifconfig';

const LO_BLOCK =
  'lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n' +
  '        inet 127.0.0.1  netmask 255.0.0.0\n' +
  '        loop  txqueuelen 1000  (Local Loopback)\n' +
  '        RX packets 0  bytes 0 (0.0 B)\n' +
  '        RX errors 0  dropped 0  overruns 0  frame 0\n' +
  '        TX packets 0  bytes 0 (0.0 B)\n' +
  '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n' +
  '\n';

describe('ifconfig listing (net-tools 2.0 format)', () => {
  it('lists up interfaces sorted by name, with counters and the byte units of lib/interface.c', () => {
    const { sh, lab } = netLabShell();
    const nic = lab.host('node01')!.nic('eth0')!;
    nic.rxPackets = 12;
    nic.rxBytes = 1296;
    nic.txPackets = 10;
    nic.txBytes = 900;
    expect(sh('node01', 'ifconfig')).toBe(
      'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n' +
        '        inet 192.168.150.11  netmask 255.255.255.0  broadcast 192.168.150.255\n' +
        '        ether 00:0c:29:3a:1b:2c  txqueuelen 1000  (Ethernet)\n' +
        '        RX packets 12  bytes 1296 (1.2 KiB)\n' +
        '        RX errors 0  dropped 0  overruns 0  frame 0\n' +
        '        TX packets 10  bytes 900 (900.0 B)\n' +
        '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n' +
        '\n' +
        LO_BLOCK,
    );
  });

  it('formats byte counts as net-tools does (one truncated decimal, binary units, strictly greater than)', () => {
    expect(humanBytes(0)).toBe('0.0 B');
    expect(humanBytes(1024)).toBe('1024.0 B');
    expect(humanBytes(1025)).toBe('1.0 KiB');
    expect(humanBytes(1296)).toBe('1.2 KiB');
    expect(humanBytes(1048577)).toBe('1.0 MiB');
    expect(humanBytes(5 * 2 ** 30 + 2 ** 29)).toBe('5.5 GiB');
  });

  it('sorts names with numbers compared as numbers', () => {
    expect(['lo:1', 'eth10', 'eth0:2', 'lo', 'eth2', 'eth0'].sort(nstrcmp)).toEqual(['eth0', 'eth0:2', 'eth2', 'eth10', 'lo', 'lo:1']);
  });

  it('shows a down interface only with -a, and an Ethernet without carrier without RUNNING', () => {
    const { sh, lab, run } = netLabShell();
    lab.setLink('l3', false);
    expect(sh('node01', 'ifconfig eth0').split('\n')[0]).toBe('eth0: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500');
    expect(run('node01', 'ifconfig eth0 down')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ifconfig')).toBe(LO_BLOCK);
    expect(sh('node01', 'ifconfig -a').split('\n')[0]).toBe('eth0: flags=4098<BROADCAST,MULTICAST>  mtu 1500');
    expect(sh('node01', 'ifconfig eth0').split('\n')[1]).toBe('        inet 192.168.150.11  netmask 255.255.255.0  broadcast 192.168.150.255');
  });

  it('prints the short table with -s', () => {
    const { sh } = netLabShell();
    sh('node02', 'ifconfig lo:1 192.168.150.100 netmask 255.255.255.255');
    expect(sh('node02', 'ifconfig -s')).toBe(
      'Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n' +
        'eth0             1500        0      0      0 0             0      0      0      0 BMRU\n' +
        'lo              65536        0      0      0 0             0      0      0      0 LRU\n' +
        'lo:1            65536      - no statistics available -                        LRU\n',
    );
  });
});

describe('ifconfig aliases (the DR lab)', () => {
  it('eth0:2 VIP/24 is a secondary address listed as its own block without counters', () => {
    const { sh, run, stack } = netLabShell();
    expect(run('node01', 'ifconfig eth0:2 192.168.150.100/24')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ifconfig eth0:2')).toBe(
      'eth0:2: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n' +
        '        inet 192.168.150.100  netmask 255.255.255.0  broadcast 192.168.150.255\n' +
        '        ether 00:0c:29:3a:1b:2c  txqueuelen 1000  (Ethernet)\n' +
        '\n',
    );
    const all = sh('node01', 'ifconfig');
    expect(all.indexOf('eth0: ')).toBeLessThan(all.indexOf('eth0:2: '));
    expect(all.indexOf('eth0:2: ')).toBeLessThan(all.indexOf('lo: '));
    const addrs = stack('node01').iface('eth0')!.addrs.map((a) => `${formatIpv4(a.ip)}/${a.prefixLen} ${a.label}${a.secondary ? ' secondary' : ''}`);
    expect(addrs).toEqual(['192.168.150.11/24 eth0', '192.168.150.100/24 eth0:2 secondary']);
    // The secondary adds a local route and no second subnet route.
    expect(sh('node01', 'route -n')).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        '0.0.0.0         192.168.150.2   0.0.0.0         UG    0      0        0 eth0\n' +
        '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n',
    );
    expect(stack('node01').isLocalAddress(0xc0a89664)).toBe(true);
  });

  it('accepts the netmask form, replaces the alias address, and deletes the alias with down', () => {
    const { sh, run, stack } = netLabShell();
    sh('node01', 'ifconfig eth0:2 192.168.150.100 netmask 255.255.255.0');
    sh('node01', 'ifconfig eth0:2 192.168.150.101 netmask 255.255.255.0');
    expect(stack('node01').iface('eth0')!.addrs.map((a) => formatIpv4(a.ip))).toEqual(['192.168.150.11', '192.168.150.101']);
    expect(run('node01', 'ifconfig eth0:2 down')).toEqual({ out: '', status: 0 });
    expect(stack('node01').iface('eth0')!.addrs.map((a) => formatIpv4(a.ip))).toEqual(['192.168.150.11']);
    expect(stack('node01').isLocalAddress(0xc0a89665)).toBe(false);
    // Nothing left to take down: the kernel answers EADDRNOTAVAIL.
    expect(run('node01', 'ifconfig eth0:2 down')).toEqual({ out: 'SIOCSIFFLAGS: Cannot assign requested address\n', status: 255 });
    // The device itself is still up.
    expect(stack('node01').iface('eth0')!.up).toBe(true);
  });

  it('lo:1 VIP netmask 255.255.255.255 adds only a local /32: no route in route -n, no capture of the subnet', () => {
    const { sh, stack } = netLabShell();
    sh('node02', 'ifconfig lo:1 192.168.150.100 netmask 255.255.255.255');
    expect(sh('node02', 'ifconfig lo:1')).toBe(
      'lo:1: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n' + '        inet 192.168.150.100  netmask 255.255.255.255\n' + '        loop  txqueuelen 1000  (Local Loopback)\n' + '\n',
    );
    expect(sh('node02', 'route -n')).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        '0.0.0.0         192.168.150.2   0.0.0.0         UG    0      0        0 eth0\n' +
        '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n',
    );
    expect(sh('node02', 'ip route get 192.168.150.13')).toBe('192.168.150.13 dev eth0 src 192.168.150.12 \n    cache \n');
    expect(stack('node02').isLocalAddress(0xc0a89664)).toBe(true);
  });

  it('lo:1 VIP/24 makes the whole subnet local (the notes\' dead loop)', () => {
    const { sh } = netLabShell();
    sh('node02', 'ifconfig lo:1 192.168.150.100/24');
    expect(sh('node02', 'ip route show table local')).toBe(
      'broadcast 127.0.0.0 dev lo proto kernel scope link src 127.0.0.1 \n' +
        'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n' +
        'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n' +
        'broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n' +
        'broadcast 192.168.150.0 dev eth0 proto kernel scope link src 192.168.150.12 \n' +
        'broadcast 192.168.150.0 dev lo proto kernel scope link src 192.168.150.100 \n' +
        'local 192.168.150.0/24 dev lo proto kernel scope host src 192.168.150.100 \n' +
        'local 192.168.150.12 dev eth0 proto kernel scope host src 192.168.150.12 \n' +
        'local 192.168.150.100 dev lo proto kernel scope host src 192.168.150.100 \n' +
        'broadcast 192.168.150.255 dev eth0 proto kernel scope link src 192.168.150.12 \n' +
        'broadcast 192.168.150.255 dev lo proto kernel scope link src 192.168.150.100 \n',
    );
    expect(sh('node02', 'ip route get 192.168.150.13')).toBe('local 192.168.150.13 dev lo src 192.168.150.100 \n    cache <local> \n');
    // route -n still shows nothing new: the capture is in the local table.
    expect(sh('node02', 'route -n').split('\n')).toHaveLength(5);
  });
});

describe('ifconfig changing a device', () => {
  it('changes the primary address; the old address was the last one, so the default route goes too', () => {
    const { sh, run } = netLabShell();
    expect(run('node01', 'ifconfig eth0 192.168.150.20/24')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ifconfig eth0').split('\n')[1]).toBe('        inet 192.168.150.20  netmask 255.255.255.0  broadcast 192.168.150.255');
    // SIOCSIFADDR deletes the old address first: fib_disable_ip flushes every route through eth0.
    expect(sh('node01', 'ip route')).toBe('192.168.150.0/24 dev eth0 proto kernel scope link src 192.168.150.20 \n');
  });

  it('with an alias in the subnet, the alias is promoted and the new address becomes its secondary', () => {
    const { sh } = netLabShell();
    sh('node01', 'ifconfig eth0:2 192.168.150.100/24');
    sh('node01', 'ifconfig eth0 192.168.150.20/24');
    expect(sh('node01', 'ip -4 addr show dev eth0')).toBe(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000\n' +
        '    inet 192.168.150.100/24 brd 192.168.150.255 scope global eth0:2\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet 192.168.150.20/24 brd 192.168.150.255 scope global secondary eth0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
    expect(sh('node01', 'ip route')).toBe('default via 192.168.150.2 dev eth0 \n192.168.150.0/24 dev eth0 proto kernel scope link src 192.168.150.100 \n');
  });

  it('gives a new address its classful mask unless told otherwise', () => {
    const { sh } = netLabShell();
    sh('node01', 'ifconfig eth0:1 10.1.2.3');
    expect(sh('node01', 'ifconfig eth0:1').split('\n')[1]).toBe('        inet 10.1.2.3  netmask 255.0.0.0  broadcast 10.255.255.255');
    sh('node01', 'ifconfig eth0:1 netmask 255.255.0.0');
    expect(sh('node01', 'ifconfig eth0:1').split('\n')[1]).toBe('        inet 10.1.2.3  netmask 255.255.0.0  broadcast 10.1.255.255');
    sh('node01', 'ifconfig eth0:1 broadcast 10.1.2.255');
    expect(sh('node01', 'ifconfig eth0:1').split('\n')[1]).toBe('        inet 10.1.2.3  netmask 255.255.0.0  broadcast 10.1.2.255');
  });

  it('down flushes the routes through the device; up restores only the kernel ones', () => {
    const { sh, run } = netLabShell();
    expect(run('node01', 'ifconfig eth0 down')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ip route')).toBe('');
    run('node01', 'ifconfig eth0 up');
    expect(sh('node01', 'ip route')).toBe('192.168.150.0/24 dev eth0 proto kernel scope link src 192.168.150.11 \n');
  });

  it('sets the MTU within the driver\'s range', () => {
    const { sh, run, stack } = netLabShell();
    expect(run('node01', 'ifconfig eth0 mtu 1400')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ifconfig eth0').split('\n')[0]).toBe('eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1400');
    expect(run('node01', 'ifconfig eth0 mtu 99999')).toEqual({ out: 'SIOCSIFMTU: Invalid argument\n', status: 1 });
    expect(stack('node01').iface('eth0')!.mtu).toBe(1400);
  });
});

describe('ifconfig errors change nothing', () => {
  const cases: Array<[string, string, number]> = [
    ['ifconfig eth5', 'eth5: error fetching interface information: Device not found\n', 1],
    ['ifconfig eth5 1.2.3.4', 'SIOCSIFADDR: No such device\neth5: ERROR while getting interface flags: No such device\n', 255],
    ['ifconfig eth0 300.1.1.1', "300.1.1.1: Unknown host\nifconfig: `--help' gives usage information.\n", 1],
    ['ifconfig eth0:2 192.168.150.300/24', "192.168.150.300: Unknown host\nifconfig: `--help' gives usage information.\n", 1],
    ['ifconfig eth0 224.0.0.1', 'SIOCSIFADDR: Invalid argument\n', 1],
    ['ifconfig eth0:2 netmask 255.255.255.0', 'SIOCSIFNETMASK: Cannot assign requested address\n', 1],
    ['ifconfig eth0 netmask 255.0.255.0', 'SIOCSIFNETMASK: Invalid argument\n', 1],
    ['ifconfig -x', "ifconfig: option `-x' not recognised.\nifconfig: `--help' gives usage information.\n", 1],
    ['ifconfig eth0:2 192.168.150.11', 'SIOCSIFADDR: File exists\nSIOCSIFFLAGS: Cannot assign requested address\n', 255],
  ];
  for (const [line, err, status] of cases) {
    it(line, () => {
      const { run, state } = netLabShell();
      const before = state('node01');
      expect(run('node01', line)).toEqual({ out: err, status });
      expect(state('node01')).toBe(before);
    });
  }

  it('a missing mtu value prints the usage and exits 4', () => {
    const { run } = netLabShell();
    const r = run('node01', 'ifconfig eth0 mtu');
    expect(r.status).toBe(4);
    expect(r.out.split('\n')[0]).toBe('Usage:');
    expect(r.out.split('\n')[1]).toBe('  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]');
  });

  it('is not found before net-tools is installed', () => {
    const { run, lab } = netLabShell();
    lab.host('node01')!.packages.delete('net-tools');
    expect(run('node01', 'ifconfig')).toEqual({ out: '-bash: ifconfig: command not found\n', status: 127 });
  });
});

describe('ifconfig tunl0 counts what ipip_rcv decapsulated', () => {
  it('after two tunnelled connections the real server behind the router shows RX on tunl0, no TX', async () => {
    const { transcript } = await import('../../../../test-support/transcript');
    const { text } = transcript('lvs-tun', '1 client curl 192.168.150.100\n2 client curl 192.168.150.100\n3 node02 ifconfig tunl0');
    const rx = text.split('[3.000] node02$ ifconfig tunl0\n')[1].split('\n');
    expect(rx.slice(0, 3)).toEqual(['tunl0: flags=193<UP,RUNNING,NOARP>  mtu 1480', '        inet 192.168.150.100  netmask 255.255.255.255', '        tunnel   txqueuelen 1  (IPIP Tunnel)']);
    // One connection reached node02: SYN, ACK, request, ACK, FIN, ACK (inner packets, without the outer header).
    expect(rx[3]).toMatch(/^        RX packets 6  bytes \d+ \(\d+\.\d (B|KiB)\)$/);
    expect(rx[5]).toBe('        TX packets 0  bytes 0 (0.0 B)');
  });
});
