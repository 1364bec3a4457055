import { describe, expect, it } from 'vitest';
import { netLabShell } from '../../../../test-support/net-lab';

const TITLE = 'Address                  HWtype  HWaddress           Flags Mask            Iface\n';

describe('arp (net-tools 2.0)', () => {
  it('an empty cache prints nothing, in every style', () => {
    const { run } = netLabShell();
    expect(run('node01', 'arp -a')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'arp -n')).toEqual({ out: '', status: 0 });
    expect(run('node01', 'arp')).toEqual({ out: '', status: 0 });
  });

  it('after a ping: BSD style names the gateway, the table style shows flag C', () => {
    const { sh, run } = netLabShell();
    run('node01', 'ping -c 1 192.168.150.2');
    run('node01', 'ping -c 1 192.168.150.12');
    expect(sh('node01', 'arp -a')).toBe('gateway (192.168.150.2) at 00:0c:29:aa:bb:cc [ether] on eth0\n? (192.168.150.12) at 00:0c:29:00:00:12 [ether] on eth0\n');
    expect(sh('node01', 'arp -an')).toBe('? (192.168.150.2) at 00:0c:29:aa:bb:cc [ether] on eth0\n? (192.168.150.12) at 00:0c:29:00:00:12 [ether] on eth0\n');
    expect(sh('node01', 'arp -n')).toBe(
      TITLE + '192.168.150.2            ether   00:0c:29:aa:bb:cc   C                     eth0\n' + '192.168.150.12           ether   00:0c:29:00:00:12   C                     eth0\n',
    );
    expect(sh('node01', 'arp')).toBe(
      TITLE + 'gateway                  ether   00:0c:29:aa:bb:cc   C                     eth0\n' + '192.168.150.12           ether   00:0c:29:00:00:12   C                     eth0\n',
    );
    // The pinged host learned us from the request (STALE counts as complete).
    expect(sh('node02', 'arp -n')).toBe(TITLE + '192.168.150.11           ether   00:0c:29:3a:1b:2c   C                     eth0\n');
  });

  it('/etc/hosts names entries', () => {
    const { sh, run } = netLabShell();
    run('node01', 'ping -c 1 192.168.150.12');
    sh('node01', "echo '192.168.150.12 node02' >> /etc/hosts");
    expect(sh('node01', 'arp -a')).toBe('node02 (192.168.150.12) at 00:0c:29:00:00:12 [ether] on eth0\n');
  });

  it('arp -d leaves an incomplete entry (3.10 marks it FAILED); arp -s adds a permanent one', () => {
    const { sh, run } = netLabShell();
    run('node01', 'ping -c 1 192.168.150.12');
    expect(run('node01', 'arp -d 192.168.150.12')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'arp -n')).toBe(TITLE + '192.168.150.12                   (incomplete)                              eth0\n');
    expect(sh('node01', 'arp -a')).toBe('? (192.168.150.12) at <incomplete> on eth0\n');
    expect(run('node01', 'arp -s 192.168.150.50 00:11:22:33:44:55')).toEqual({ out: '', status: 0 });
    expect(sh('node01', 'arp -an 192.168.150.50')).toBe('? (192.168.150.50) at 00:11:22:33:44:55 [ether] PERM on eth0\n');
    expect(sh('node01', 'arp -n -i eth0 192.168.150.50')).toBe(TITLE + '192.168.150.50           ether   00:11:22:33:44:55   CM                    eth0\n');
    // Using the deleted neighbour again resolves it afresh.
    run('node01', 'ping -c 1 192.168.150.12');
    expect(sh('node01', 'arp -an 192.168.150.12')).toBe('? (192.168.150.12) at 00:0c:29:00:00:12 [ether] on eth0\n');
  });

  it('lookups with no match', () => {
    const { run } = netLabShell();
    expect(run('node01', 'arp -a 192.168.150.77')).toEqual({ out: 'arp: in 0 entries no match found.\n', status: 0 });
    expect(run('node01', 'arp 192.168.150.77')).toEqual({ out: '192.168.150.77 (192.168.150.77) -- no entry\n', status: 0 });
  });

  const errors: Array<[string, string, number]> = [
    ['arp -d 192.168.150.99', 'No ARP entry for 192.168.150.99\n', 255],
    ['arp -d 10.1.1.1', 'SIOCDARP(dontpub): Network is unreachable\n', 255],
    ['arp -s 10.1.1.1 00:11:22:33:44:55', 'SIOCSARP: Network is unreachable\n', 255],
    ['arp -s 192.168.150.50 00:11:22:33', 'arp: invalid hardware address\n', 255],
    ['arp -s 192.168.150.50', 'arp: need hardware address\n', 255],
    ['arp -d', 'arp: need host name\n', 255],
    ['arp -d nosuchhost', 'nosuchhost: Unknown host\n', 255],
  ];
  for (const [line, out, status] of errors) {
    it(`${line} fails as net-tools does and changes nothing`, () => {
      const { run, state } = netLabShell();
      const before = state('node01');
      expect(run('node01', line)).toEqual({ out, status });
      expect(state('node01')).toBe(before);
    });
  }
});
