import { describe, expect, it } from 'vitest';
import { netLabShell } from '../../../../test-support/net-lab';

describe('sysctl (procps-ng 3.3.10)', () => {
  it('reads and writes keys with dots or slashes', () => {
    const { run, stack } = netLabShell();
    expect(run('node01', 'sysctl net.ipv4.ip_forward')).toEqual({ out: 'net.ipv4.ip_forward = 0\n', status: 0 });
    expect(run('node01', 'sysctl -w net.ipv4.conf.all.arp_ignore=1')).toEqual({ out: 'net.ipv4.conf.all.arp_ignore = 1\n', status: 0 });
    expect(run('node01', 'sysctl net/ipv4/conf/all/arp_ignore')).toEqual({ out: 'net.ipv4.conf.all.arp_ignore = 1\n', status: 0 });
    expect(run('node01', 'sysctl -n net.ipv4.conf.all.arp_ignore')).toEqual({ out: '1\n', status: 0 });
    expect(run('node01', 'sysctl net.ipv4.conf.eth0.arp_announce=2')).toEqual({ out: 'net.ipv4.conf.eth0.arp_announce = 2\n', status: 0 });
    expect(stack('node01').sysctl.conf('eth0', 'arp_ignore')).toBe(1);
    expect(stack('node01').sysctl.conf('eth0', 'arp_announce')).toBe(2);
  });

  it('a value the kernel refuses: a warning, the echo anyway, exit 0, nothing changed', () => {
    const { run, stack, state } = netLabShell();
    const before = state('node01');
    expect(run('node01', 'sysctl -w net.ipv4.conf.all.arp_ignore=9')).toEqual({
      out: 'sysctl: setting key "net.ipv4.conf.all.arp_ignore": Invalid argument\nnet.ipv4.conf.all.arp_ignore = 9\n',
      status: 0,
    });
    expect(stack('node01').sysctl.get('net/ipv4/conf/all/arp_ignore')).toBe(0);
    expect(state('node01')).toBe(before);
  });

  it('unknown keys and malformed settings', () => {
    const { run } = netLabShell();
    expect(run('node01', 'sysctl net.ipv4.foo')).toEqual({ out: 'sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory\n', status: 255 });
    expect(run('node01', 'sysctl -w net.ipv4.foo=1')).toEqual({ out: 'sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory\n', status: 255 });
    expect(run('node01', 'sysctl -e net.ipv4.foo')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'sysctl -w net.ipv4.ip_forward')).toEqual({ out: 'sysctl: "net.ipv4.ip_forward" must be of the form name=value\n', status: 255 });
    expect(run('node01', 'sysctl -w net.ipv4.ip_forward=')).toEqual({ out: 'sysctl: malformed setting "net.ipv4.ip_forward="\n', status: 254 });
  });

  it('a directory lists its keys; -a lists everything in name order', () => {
    const { sh } = netLabShell();
    expect(sh('node01', 'sysctl net.ipv4.conf.lo')).toBe(
      'net.ipv4.conf.lo.accept_local = 0\n' +
        'net.ipv4.conf.lo.accept_redirects = 1\n' +
        'net.ipv4.conf.lo.arp_accept = 0\n' +
        'net.ipv4.conf.lo.arp_announce = 0\n' +
        'net.ipv4.conf.lo.arp_filter = 0\n' +
        'net.ipv4.conf.lo.arp_ignore = 0\n' +
        'net.ipv4.conf.lo.forwarding = 0\n' +
        'net.ipv4.conf.lo.promote_secondaries = 1\n' +
        'net.ipv4.conf.lo.rp_filter = 0\n' +
        'net.ipv4.conf.lo.send_redirects = 1\n',
    );
    const all = sh('node01', 'sysctl -a').split('\n').filter(Boolean);
    const keys = all.map((l) => l.split(' = ')[0]);
    expect(keys).toContain('net.ipv4.ip_forward');
    expect(keys).toContain('net.ipv4.conf.eth0.arp_ignore');
    expect(keys.indexOf('net.ipv4.conf.all.arp_ignore')).toBeLessThan(keys.indexOf('net.ipv4.conf.default.arp_ignore'));
    expect(keys.indexOf('net.ipv4.conf.lo.send_redirects')).toBeLessThan(keys.indexOf('net.ipv4.ip_forward'));
  });

  it('-p applies /etc/sysctl.conf and prints what it set', () => {
    const { sh, run, stack } = netLabShell();
    expect(run('node01', 'sysctl -p')).toEqual({ out: '', status: 0 });
    sh('node01', "echo '# LVS DR real server' >> /etc/sysctl.conf");
    sh('node01', "echo 'net.ipv4.conf.all.arp_ignore = 1' >> /etc/sysctl.conf");
    sh('node01', "echo 'net.ipv4.conf.all.arp_announce=2' >> /etc/sysctl.conf");
    expect(run('node01', 'sysctl -p')).toEqual({ out: 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n', status: 0 });
    expect(stack('node01').sysctl.conf('eth0', 'arp_announce')).toBe(2);
    expect(run('node01', 'sysctl -p /etc/nope.conf')).toEqual({ out: 'sysctl: cannot open "/etc/nope.conf": No such file or directory\n', status: 0 });
  });

  it('/proc/sys is the same setting: cat and echo, and a refused echo changes nothing', () => {
    const { run, state } = netLabShell();
    expect(run('node02', 'cat /proc/sys/net/ipv4/ip_forward')).toEqual({ out: '0\n', status: 0 });
    expect(run('node02', 'echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore')).toEqual({ out: '', status: 0 });
    expect(run('node02', 'sysctl net.ipv4.conf.eth0.arp_ignore')).toEqual({ out: 'net.ipv4.conf.eth0.arp_ignore = 1\n', status: 0 });
    const before = state('node02');
    expect(run('node02', 'echo 9 > /proc/sys/net/ipv4/conf/eth0/arp_ignore')).toEqual({ out: '-bash: echo: write error: Invalid argument\n', status: 1 });
    expect(run('node02', 'cat /proc/sys/net/ipv4/conf/eth0/arp_ignore')).toEqual({ out: '1\n', status: 0 });
    expect(state('node02')).toBe(before);
  });
});

describe('ifcfg files', () => {
  it('show the boot configuration in the course\'s layout and do not follow ifconfig', () => {
    const { sh } = netLabShell();
    const ifcfg =
      'DEVICE=eth0\n' +
      '#HWADDR=00:0C:29:3A:1B:2C\n' +
      'TYPE=Ethernet\n' +
      'ONBOOT=yes\n' +
      'NM_CONTROLLED=yes\n' +
      'BOOTPROTO=static\n' +
      'IPADDR=192.168.150.11\n' +
      'NETMASK=255.255.255.0\n' +
      'GATEWAY=192.168.150.2\n' +
      'DNS1=223.5.5.5\n' +
      'DNS2=114.114.114.114\n';
    expect(sh('node01', 'cat /etc/sysconfig/network-scripts/ifcfg-eth0')).toBe(ifcfg);
    sh('node01', 'ifconfig eth0 192.168.150.20/24');
    expect(sh('node01', 'cat /etc/sysconfig/network-scripts/ifcfg-eth0')).toBe(ifcfg);
    expect(sh('node01', 'cat /etc/sysconfig/network-scripts/ifcfg-lo').split('\n')[0]).toBe('DEVICE=lo');
  });
});
