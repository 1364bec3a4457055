import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../../../test-support/transcript';
import { civil, dateText, journalTime, lsTime, relativeTime, syslogTime, systemdTimestamp } from '../../../os/clock';
import { klog } from '../../../os/syslog';
import { ONE_HOST, script } from './testing';

const run = (...lines: string[]) => transcript(ONE_HOST, script(...lines));
const L = '\u2018';
const R = '\u2019';

describe('the virtual wall clock', () => {
  it('starts at Sat 2021-03-27 10:00:00 CST and formats as each tool does', () => {
    const s = 1_000_000;
    expect(dateText(5 * s)).toBe('Sat Mar 27 10:00:05 CST 2021');
    expect(systemdTimestamp(5 * s)).toBe('Sat 2021-03-27 10:00:05 CST');
    // Eight days later the day of the month has one digit: padded with a space or a zero by tool.
    const apr4 = 8 * 86400 * s;
    expect(dateText(apr4)).toBe('Sun Apr  4 10:00:00 CST 2021');
    expect(syslogTime(apr4)).toBe('Apr  4 10:00:00');
    expect(journalTime(apr4)).toBe('Apr 04 10:00:00');
    expect(lsTime(0, apr4)).toBe('Mar 27 10:00');
    expect(lsTime(0, 200 * 86400 * s)).toBe('Mar 27  2021');
    expect(civil(279 * 86400 * s)).toMatchObject({ year: 2021, month: 12, day: 31, weekday: 5, yday: 365 });
    expect(civil(280 * 86400 * s)).toMatchObject({ year: 2022, month: 1, day: 1, hour: 10 });
  });

  it("relative times read as systemd 219's", () => {
    const s = 1_000_000;
    expect([0, 3 * s, 65 * s, 301 * s, 3700 * s, 7 * 3600 * s, 26 * 3600 * s, 3 * 86400 * s, 9 * 86400 * s].map((d) => relativeTime(0, d))).toEqual([
      'now',
      '3s ago',
      '1min 5s ago',
      '5min ago',
      '1h 1min ago',
      '7h ago',
      '1 day 2h ago',
      '3 days ago',
      '1 weeks 2 days ago',
    ]);
  });

  it('date prints it, follows virtual time, and takes +FORMAT', () => {
    const { text } = run('date', 'sleep 2', 'date', 'date +%F_%T', 'date -R', 'date -u', 'date -s 10:00');
    expect(text).toContain('[0.000] node01$ date\nSat Mar 27 10:00:00 CST 2021\n');
    expect(text).toContain('[2.000] node01$ date\nSat Mar 27 10:00:03 CST 2021\n');
    expect(blockOf(text, 'node01$ date +%F_%T')).toBe('2021-03-27_10:00:03\n');
    expect(blockOf(text, 'node01$ date -R')).toBe('Sat, 27 Mar 2021 10:00:04 +0800\n');
    expect(blockOf(text, 'node01$ date -u')).toBe('Sat Mar 27 02:00:05 UTC 2021\n');
  });
});

describe('sleep', () => {
  it('blocks in virtual time; Ctrl-C ends it with status 130', () => {
    const { text, lab } = transcript(ONE_HOST, '0 node01 sleep 1.5\n0 node01 date\n3 node01 sleep 100\n4 node01 ^C\n5 node01 echo $?\n6 node01 sleep x\n7 node01 sleep');
    expect(blockOf(text, 'node01$ date')).toBe('Sat Mar 27 10:00:01 CST 2021\n');
    expect(lab.records[0].endedAt).toBe(1_500_000);
    expect(blockOf(text, 'node01$ echo $?')).toBe('130\n');
    expect(blockOf(text, 'node01$ sleep x')).toBe(`sleep: invalid time interval ${L}x${R}\nTry 'sleep --help' for more information.\n`);
    expect(blockOf(text, 'node01$ sleep')).toBe("sleep: missing operand\nTry 'sleep --help' for more information.\n");
  });
});

describe('host identity', () => {
  it('hostname prints and sets the name (the prompt follows); uname; id; whoami', () => {
    const { text, lab } = run('hostname', 'hostname -I', 'hostname node09', 'hostname', 'uname', 'uname -r', 'uname -n', 'uname -a', 'id', 'whoami');
    expect(blockOf(text, 'node01$ hostname')).toBe('node01\n');
    expect(blockOf(text, 'node01$ hostname -I')).toBe('192.168.150.11 \n');
    expect(text).toContain('[3.000] node01$ hostname\nnode09\n');
    expect(lab.console('node01').shell.prompt()).toBe('[root@node09 ~]# ');
    expect(lab.host('node01')!.fs.read('/etc/hostname')).toBe('node01\n');
    expect(blockOf(text, 'node01$ uname')).toBe('Linux\n');
    expect(blockOf(text, 'node01$ uname -r')).toBe('3.10.0-1160.el7.x86_64\n');
    expect(blockOf(text, 'node01$ uname -n')).toBe('node09\n');
    expect(blockOf(text, 'node01$ uname -a')).toBe('Linux node09 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64 x86_64 x86_64 GNU/Linux\n');
    expect(blockOf(text, 'node01$ id')).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect(blockOf(text, 'node01$ whoami')).toBe('root\n');
  });

  it('which finds installed commands in /usr/bin or /usr/sbin', () => {
    const { text } = run('which ls ifconfig', 'which ipvsadm', 'echo $?');
    expect(blockOf(text, 'node01$ which ls ifconfig')).toBe('/usr/bin/ls\n/usr/sbin/ifconfig\n');
    expect(blockOf(text, 'node01$ which ipvsadm')).toBe('/usr/bin/which: no ipvsadm in (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin)\n');
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
  });

  it('clear homes the cursor and erases the screen', () => {
    expect(blockOf(run('clear').text, 'node01$ clear')).toBe('\x1b[H\x1b[2J\n');
  });

  it('dmesg shows the boot, the NIC and what the kernel logged since', () => {
    const { lab } = transcript(ONE_HOST, '', { until: 2 });
    const host = lab.host('node01')!;
    klog(host, 'IPVS: Registered protocols (TCP, UDP, SCTP, AH, ESP)');
    lab.type('node01', 'dmesg');
    lab.world.sim.runUntil(3_000_000);
    const lines = lab.records[0].output.split('\n');
    expect(lines[0]).toBe('[    0.000000] Initializing cgroup subsys cpuset');
    expect(lines[3]).toBe('[    0.000000] Linux version 3.10.0-1160.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) ) #1 SMP Mon Oct 19 16:18:59 UTC 2020');
    expect(lines).toContain(`[    1.735114] e1000 0000:02:01.0 eth0: (PCI:66MHz:32-bit) ${[...host.nics.values()][0].mac.toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:')}`);
    expect(lines.at(-2)).toBe('[   10.000000] IPVS: Registered protocols (TCP, UDP, SCTP, AH, ESP)');
    expect(host.fs.read('/var/log/messages')).toBe('Mar 27 10:00:02 node01 kernel: IPVS: Registered protocols (TCP, UDP, SCTP, AH, ESP)\n');
  });
});
