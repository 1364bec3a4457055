import { describe, expect, it } from 'vitest';
import { netLabShell } from '../../../../test-support/net-lab';

const LO =
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n' +
  '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
  '    inet 127.0.0.1/8 scope host lo\n' +
  '       valid_lft forever preferred_lft forever\n';
const ETH0 =
  '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000\n' +
  '    link/ether 00:0c:29:3a:1b:2c brd ff:ff:ff:ff:ff:ff\n' +
  '    inet 192.168.150.11/24 brd 192.168.150.255 scope global eth0\n' +
  '       valid_lft forever preferred_lft forever\n';

describe('ip address', () => {
  it('shows devices, link lines and addresses; abbreviations work', () => {
    const { sh } = netLabShell();
    expect(sh('node01', 'ip addr')).toBe(LO + ETH0);
    expect(sh('node01', 'ip a')).toBe(LO + ETH0);
    expect(sh('node01', 'ip a s dev eth0')).toBe(ETH0);
    expect(sh('node01', 'ip addr show eth0')).toBe(ETH0);
  });

  it('marks an alias address secondary and prints its label', () => {
    const { sh } = netLabShell();
    sh('node01', 'ifconfig eth0:2 192.168.150.100/24');
    expect(sh('node01', 'ip addr show dev eth0')).toBe(
      ETH0 + '    inet 192.168.150.100/24 brd 192.168.150.255 scope global secondary eth0:2\n' + '       valid_lft forever preferred_lft forever\n',
    );
  });

  it('-4 drops the link/ lines', () => {
    const { sh } = netLabShell();
    expect(sh('node01', 'ip -4 addr show dev eth0')).toBe(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000\n' +
        '    inet 192.168.150.11/24 brd 192.168.150.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
  });

  it('add with label and brd +, then del by prefix', () => {
    const { sh, run, stack } = netLabShell();
    expect(run('node01', 'ip addr add 192.168.150.100/24 dev eth0 label eth0:2 brd +')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ifconfig eth0:2').split('\n')[1]).toBe('        inet 192.168.150.100  netmask 255.255.255.0  broadcast 192.168.150.255');
    // Without brd, ip adds no broadcast address (ifconfig then shows 0.0.0.0).
    run('node01', 'ip addr add 10.0.0.1/8 dev eth0 label eth0:3');
    expect(sh('node01', 'ifconfig eth0:3').split('\n')[1]).toBe('        inet 10.0.0.1  netmask 255.0.0.0  broadcast 0.0.0.0');
    expect(run('node01', 'ip addr del 192.168.150.100/24 dev eth0')).toEqual({ out: '', status: 0 });
    expect(stack('node01').iface('eth0')!.addrs.map((a) => a.label)).toEqual(['eth0', 'eth0:3']);
  });

  it('del without a prefix length warns and deletes any prefix', () => {
    const { run } = netLabShell();
    run('node02', 'ip addr add 192.168.150.100/32 dev lo label lo:1');
    expect(run('node02', 'ip addr del 192.168.150.100 dev lo')).toEqual({
      out:
        'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
        '         Explicitly specify the prefix length (192.168.150.100/32) to avoid this warning.\n' +
        '         This special behaviour is likely to disappear in further releases,\n' +
        '         fix your scripts!\n',
      status: 0,
    });
  });

  const errors: Array<[string, string, number]> = [
    ['ip addr add 192.168.150.11/24 dev eth0', 'RTNETLINK answers: File exists\n', 2],
    ['ip addr add x dev eth0', 'Error: any valid prefix is expected rather than "x".\n', 1],
    ['ip -4 addr add 1.2.3.4/33 dev eth0', 'Error: inet prefix is expected rather than "1.2.3.4/33".\n', 1],
    ['ip addr add 9.9.9.9/24 dev eth9', 'Cannot find device "eth9"\n', 1],
    ['ip addr add 9.9.9.9/24', 'Not enough information: "dev" argument is required.\n', 1],
    ['ip addr del 9.9.9.9/24 dev eth0', 'RTNETLINK answers: Cannot assign requested address\n', 2],
    ['ip addr show dev eth9', 'Device "eth9" does not exist.\n', 1],
    ['ip addr show eth0 foo', 'Error: either "dev" is duplicate, or "foo" is a garbage.\n', 255],
    ['ip addr foo', 'Command "foo" is unknown, try "ip addr help".\n', 255],
    ['ip addr add 10.1.1.1/8 dev eth0 label lo:1', '"dev" (eth0) must match "label" (lo:1).\n', 1],
    ['ip addr flush', 'Flush requires arguments.\n', 255],
    ['ip foo', 'Object "foo" is unknown, try "ip help".\n', 1],
    ['ip -x a', 'Option "-x" is unknown, try "ip -help".\n', 255],
  ];
  for (const [line, out, status] of errors) {
    it(`${line} fails as iproute2 does and changes nothing`, () => {
      const { run, state } = netLabShell();
      const before = state('node01');
      expect(run('node01', line)).toEqual({ out, status });
      expect(state('node01')).toBe(before);
    });
  }
});

describe('ip link', () => {
  it('shows mode DEFAULT, and set up/down/mtu', () => {
    const { sh, run, lab } = netLabShell();
    expect(sh('node01', 'ip link show eth0')).toBe(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000\n' +
        '    link/ether 00:0c:29:3a:1b:2c brd ff:ff:ff:ff:ff:ff\n',
    );
    expect(run('node01', 'ip link set eth0 mtu 1400')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'ip link set dev eth0 down')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ip l show eth0').split('\n')[0]).toBe('2: eth0: <BROADCAST,MULTICAST> mtu 1400 qdisc pfifo_fast state DOWN mode DEFAULT group default qlen 1000');
    run('node01', 'ip link set eth0 up');
    lab.setLink('l3', false);
    expect(sh('node01', 'ip link show eth0').split('\n')[0]).toBe(
      '2: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1400 qdisc pfifo_fast state DOWN mode DEFAULT group default qlen 1000',
    );
    expect(sh('node01', 'ip link').split('\n')[0]).toBe('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000');
  });

  it('refuses bad values', () => {
    const { run, state } = netLabShell();
    const before = state('node01');
    expect(run('node01', 'ip link set eth0 mtu 99999')).toEqual({ out: 'RTNETLINK answers: Invalid argument\n', status: 2 });
    expect(run('node01', 'ip link set eth0 mtu abc')).toEqual({ out: 'Error: argument "abc" is wrong: Invalid "mtu" value\n\n', status: 255 });
    expect(run('node01', 'ip link set eth9 up')).toEqual({ out: 'Cannot find device "eth9"\n', status: 1 });
    expect(run('node01', 'ip link set eth0 foo')).toEqual({ out: 'Error: either "dev" is duplicate, or "foo" is a garbage.\n', status: 255 });
    expect(run('node01', 'ip link show eth9')).toEqual({ out: 'Device "eth9" does not exist.\n', status: 1 });
    expect(state('node01')).toBe(before);
  });
});

describe('ip route', () => {
  it('shows the main table, the local table and single routes', () => {
    const { sh } = netLabShell();
    expect(sh('node01', 'ip route')).toBe('default via 192.168.150.2 dev eth0 \n192.168.150.0/24 dev eth0 proto kernel scope link src 192.168.150.11 \n');
    expect(sh('node01', 'ip r show dev eth0')).toBe('default via 192.168.150.2 \n192.168.150.0/24 proto kernel scope link src 192.168.150.11 \n');
    expect(sh('node01', 'ip route show table local')).toBe(
      'broadcast 127.0.0.0 dev lo proto kernel scope link src 127.0.0.1 \n' +
        'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n' +
        'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n' +
        'broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n' +
        'broadcast 192.168.150.0 dev eth0 proto kernel scope link src 192.168.150.11 \n' +
        'local 192.168.150.11 dev eth0 proto kernel scope host src 192.168.150.11 \n' +
        'broadcast 192.168.150.255 dev eth0 proto kernel scope link src 192.168.150.11 \n',
    );
  });

  it('a secondary address gets a local route whose source is the primary', () => {
    const { sh } = netLabShell();
    sh('node01', 'ifconfig eth0:2 192.168.150.100/24');
    expect(sh('node01', 'ip route show table local')).toContain('local 192.168.150.100 dev eth0 proto kernel scope host src 192.168.150.11 \n');
    expect(sh('node01', 'ip route get 192.168.150.100')).toBe('local 192.168.150.100 dev lo src 192.168.150.11 \n    cache <local> \n');
  });

  it('add, get, replace and del', () => {
    const { sh, run } = netLabShell();
    expect(run('node01', 'ip route add 10.0.0.0/8 via 192.168.150.12')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'ip route add 172.16.0.0/16 dev eth0')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ip route')).toBe(
      'default via 192.168.150.2 dev eth0 \n' +
        '10.0.0.0/8 via 192.168.150.12 dev eth0 \n' +
        '172.16.0.0/16 dev eth0 scope link \n' +
        '192.168.150.0/24 dev eth0 proto kernel scope link src 192.168.150.11 \n',
    );
    expect(sh('node01', 'ip route get 10.1.2.3')).toBe('10.1.2.3 via 192.168.150.12 dev eth0 src 192.168.150.11 \n    cache \n');
    expect(sh('node01', 'ip route get 8.8.8.8')).toBe('8.8.8.8 via 192.168.150.2 dev eth0 src 192.168.150.11 \n    cache \n');
    expect(sh('node01', 'ip route get 192.168.150.12')).toBe('192.168.150.12 dev eth0 src 192.168.150.11 \n    cache \n');
    expect(run('node01', 'ip route replace 10.0.0.0/8 via 192.168.150.13 metric 0')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ip route show 10.0.0.0/8')).toBe('10.0.0.0/8 via 192.168.150.13 dev eth0 \n');
    expect(run('node01', 'ip route del 10.0.0.0/8')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'ip route del default')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'ip route get 8.8.8.8')).toEqual({ out: 'RTNETLINK answers: Network is unreachable\n', status: 2 });
  });

  const errors: Array<[string, string, number]> = [
    ['ip route add 10.0.0.0/8 via 10.9.9.9', 'RTNETLINK answers: Network is unreachable\n', 2],
    ['ip route add default via 192.168.150.3', 'RTNETLINK answers: File exists\n', 2],
    ['ip route add 10.0.0.0/8', 'RTNETLINK answers: No such device\n', 2],
    ['ip route add 10.1.1.1/8 via 192.168.150.2', 'RTNETLINK answers: Invalid argument\n', 2],
    ['ip route add x via 192.168.150.3', 'Error: any valid prefix is expected rather than "x".\n', 1],
    ['ip route add 10.0.0.0/8 via x', 'Error: any valid address is expected rather than "x".\n', 1],
    ['ip route add 10.0.0.0/8 dev eth9', 'Cannot find device "eth9"\n', 1],
    ['ip route del 10.9.0.0/16', 'RTNETLINK answers: No such process\n', 2],
    ['ip route get x', 'Error: any valid prefix is expected rather than "x".\n', 1],
    ['ip route flush', '"ip route flush" requires arguments.\n', 1],
    ['ip route foo', 'Command "foo" is unknown, try "ip route help".\n', 255],
  ];
  for (const [line, out, status] of errors) {
    it(`${line} fails as iproute2 does and changes nothing`, () => {
      const { run, state } = netLabShell();
      const before = state('node01');
      expect(run('node01', line)).toEqual({ out, status });
      expect(state('node01')).toBe(before);
    });
  }
});

describe('ip neigh', () => {
  it('shows REACHABLE after a ping, FAILED and INCOMPLETE without lladdr', () => {
    const { sh, run, wait } = netLabShell();
    expect(sh('node01', 'ip neigh')).toBe('');
    run('node01', 'ping -c 1 192.168.150.2');
    expect(sh('node01', 'ip neigh')).toBe('192.168.150.2 dev eth0 lladdr 00:0c:29:aa:bb:cc REACHABLE\n');
    expect(sh('node01', 'ip neigh show dev eth0')).toBe('192.168.150.2 lladdr 00:0c:29:aa:bb:cc REACHABLE\n');
    // Nobody has .5: while resolving the entry is INCOMPLETE, after 3 tries FAILED.
    run('node01', 'ping -c 1 -W 1 192.168.150.5');
    expect(sh('node01', 'ip neigh show 192.168.150.5')).toBe('192.168.150.5 dev eth0  INCOMPLETE\n');
    wait(3);
    expect(sh('node01', 'ip neigh show 192.168.150.5')).toBe('192.168.150.5 dev eth0  FAILED\n');
    expect(sh('node01', 'arp -an')).toBe('? (192.168.150.2) at 00:0c:29:aa:bb:cc [ether] on eth0\n? (192.168.150.5) at <incomplete> on eth0\n');
    wait(60);
    expect(sh('node01', 'ip neigh show 192.168.150.2')).toBe('192.168.150.2 dev eth0 lladdr 00:0c:29:aa:bb:cc STALE\n');
  });

  it('flush marks entries FAILED (Linux 3.10 keeps them), add/del administer permanent ones', () => {
    const { sh, run } = netLabShell();
    run('node01', 'ping -c 1 192.168.150.2');
    expect(run('node01', 'ip neigh flush dev eth0')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ip neigh')).toBe('192.168.150.2 dev eth0  FAILED\n');
    expect(run('node01', 'ip neigh add 192.168.150.60 lladdr 00:11:22:33:44:66 dev eth0')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'ip neigh add 192.168.150.60 lladdr 00:11:22:33:44:66 dev eth0')).toEqual({ out: 'RTNETLINK answers: File exists\n', status: 2 });
    expect(sh('node01', 'ip neigh show dev eth0')).toBe('192.168.150.2  FAILED\n192.168.150.60 lladdr 00:11:22:33:44:66 PERMANENT\n');
    // flush spares PERMANENT entries.
    run('node01', 'ip neigh flush dev eth0');
    expect(sh('node01', 'ip n show 192.168.150.60')).toBe('192.168.150.60 dev eth0 lladdr 00:11:22:33:44:66 PERMANENT\n');
    expect(run('node01', 'ip neigh del 192.168.150.61 dev eth0')).toEqual({ out: 'RTNETLINK answers: No such file or directory\n', status: 2 });
    expect(run('node01', 'ip neigh flush')).toEqual({ out: 'Flush requires arguments.\n', status: 255 });
  });
});

describe('ip global behaviour', () => {
  it('prints its version and usage', () => {
    const { run } = netLabShell();
    expect(run('node01', 'ip -V')).toEqual({ out: 'ip utility, iproute2-ss170501\n', status: 0 });
    const u = run('node01', 'ip');
    expect(u.status).toBe(255);
    expect(u.out.split('\n')[0]).toBe('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }');
  });

  it('ip link set on an alias name acts on the device (if_nametoindex strips the label)', () => {
    const { run, stack } = netLabShell();
    run('node02', 'ifconfig lo:1 192.168.150.100 netmask 255.255.255.255');
    run('node02', 'ip link set lo:1 down');
    expect(stack('node02').iface('lo')!.up).toBe(false);
  });
});
