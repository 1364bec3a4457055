import { describe, expect, it } from 'vitest';
import { netLabShell } from '../../../../test-support/net-lab';

const HEADER = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';

describe('route (net-tools 2.0)', () => {
  it('route -n prints the main table as the notes show it', () => {
    const { sh } = netLabShell();
    expect(sh('node01', 'route -n')).toBe(
      HEADER + '0.0.0.0         192.168.150.2   0.0.0.0         UG    0      0        0 eth0\n' + '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n',
    );
  });

  it('route without -n names the default route and the gateway (nss-myhostname), and /etc/hosts names', () => {
    const { sh } = netLabShell();
    expect(sh('node01', 'route')).toBe(
      HEADER + 'default         gateway         0.0.0.0         UG    0      0        0 eth0\n' + '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n',
    );
    sh('node01', "echo '192.168.150.2   router.lab.example' >> /etc/hosts");
    sh('node01', 'route add -host 192.168.150.12 dev eth0');
    sh('node01', "echo '192.168.150.12  node02' >> /etc/hosts");
    expect(sh('node01', 'route')).toBe(
      HEADER +
        'default         router.lab.exam 0.0.0.0         UG    0      0        0 eth0\n' +
        '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n' +
        'node02          0.0.0.0         255.255.255.255 UH    0      0        0 eth0\n',
    );
  });

  it('adds and deletes net, host, default and reject routes', () => {
    const { sh, run } = netLabShell();
    expect(run('node01', 'route add -net 10.0.0.0 netmask 255.0.0.0 gw 192.168.150.12')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'route add -host 172.16.1.1 dev eth0')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'route add -net 10.5.0.0/16 reject')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'route add -net 10.6.0.0/16 gw 192.168.150.13 metric 5')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'route -n')).toBe(
      HEADER +
        '0.0.0.0         192.168.150.2   0.0.0.0         UG    0      0        0 eth0\n' +
        '10.0.0.0        192.168.150.12  255.0.0.0       UG    0      0        0 eth0\n' +
        '10.5.0.0        -               255.255.0.0     !     0      -        0 -\n' +
        '10.6.0.0        192.168.150.13  255.255.0.0     UG    5      0        0 eth0\n' +
        '172.16.1.1      0.0.0.0         255.255.255.255 UH    0      0        0 eth0\n' +
        '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n',
    );
    expect(sh('node01', 'ip route')).toBe(
      'default via 192.168.150.2 dev eth0 \n' +
        '10.0.0.0/8 via 192.168.150.12 dev eth0 \n' +
        'unreachable 10.5.0.0/16 scope host \n' +
        '10.6.0.0/16 via 192.168.150.13 dev eth0 metric 5 \n' +
        '172.16.1.1 dev eth0 scope link \n' +
        '192.168.150.0/24 dev eth0 proto kernel scope link src 192.168.150.11 \n',
    );
    expect(run('node01', 'route del -net 10.0.0.0 netmask 255.0.0.0')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'route del -host 172.16.1.1')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'route del -net 10.5.0.0/16 reject')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'route del -net 10.6.0.0/16 metric 5')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'route del default')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'route -n')).toBe(HEADER + '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n');
    expect(run('node01', 'route add default gw 192.168.150.2 dev eth0')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'ip route get 8.8.8.8')).toBe('8.8.8.8 via 192.168.150.2 dev eth0 src 192.168.150.11 \n    cache \n');
  });

  it('a second default gateway goes in front and is the one used (the ioctl has no NLM_F_APPEND)', () => {
    const { sh, run } = netLabShell();
    expect(run('node01', 'route add default gw 192.168.150.12')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'route -n')).toBe(
      HEADER +
        '0.0.0.0         192.168.150.12  0.0.0.0         UG    0      0        0 eth0\n' +
        '0.0.0.0         192.168.150.2   0.0.0.0         UG    0      0        0 eth0\n' +
        '192.168.150.0   0.0.0.0         255.255.255.0   U     0      0        0 eth0\n',
    );
    expect(sh('node01', 'ip route get 8.8.8.8')).toBe('8.8.8.8 via 192.168.150.12 dev eth0 src 192.168.150.11 \n    cache \n');
  });

  const INET_USAGE =
    'Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]\n' +
    '       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]\n' +
    '                              [netmask N] [mss Mss] [window W] [irtt I]\n' +
    '                              [mod] [dyn] [reinstate] [[dev] If]\n' +
    '       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject\n' +
    '       inet_route [-FC] flush      NOT supported\n';
  const errors: Array<[string, string, number]> = [
    ['route add default gw 10.9.9.9', 'SIOCADDRT: Network is unreachable\n', 7],
    ['route add default gw 192.168.150.2', 'SIOCADDRT: File exists\n', 7],
    ['route add -net 10.0.0.0 gw 192.168.150.2', 'SIOCADDRT: Invalid argument\n', 7],
    ['route add -net 172.16.0.0/16 dev eth9', 'SIOCADDRT: No such device\n', 7],
    ['route del -net 10.0.0.0 netmask 255.0.0.0', 'SIOCDELRT: No such process\n', 7],
    ['route add default gw foo', 'foo: Unknown host\n', 6],
    ['route add -net 10.0.0.1 netmask 255.0.0.0 gw 192.168.150.2', "route: netmask doesn't match route address\n" + INET_USAGE, 3],
    ['route add -net 10.2.0.0 netmask 255.0.255.0 dev eth0', 'route: bogus netmask 255.0.255.0\n' + INET_USAGE, 3],
    ['route add -host 10.1.1.2 netmask 255.255.255.0 dev eth0', "route: netmask 000000ff doesn't make sense with host route\n" + INET_USAGE, 3],
    ['route add', INET_USAGE, 4],
  ];
  for (const [line, out, status] of errors) {
    it(`${line} fails as net-tools does and changes nothing`, () => {
      const { run, state } = netLabShell();
      const before = state('node01');
      expect(run('node01', line)).toEqual({ out, status });
      expect(state('node01')).toBe(before);
    });
  }

  it('an unknown action prints the usage', () => {
    const { run } = netLabShell();
    const r = run('node01', 'route xyz');
    expect(r.status).toBe(4);
    expect(r.out.split('\n')[0]).toBe('Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables');
  });
});
