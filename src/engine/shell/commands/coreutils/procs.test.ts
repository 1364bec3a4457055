import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../../../test-support/transcript';
import { unitState } from '../../../os/services';
import { signalList } from './kill';
import { ONE_HOST, script } from './testing';

const run = (...lines: string[]) => transcript(ONE_HOST, script(...lines));

/** `ps aux` of a freshly booted host, the shell at PID 1404 and ps itself at `psPid`. */
const BOOT_PS_AUX = (psPid: number, args: string) =>
  'USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n' +
  'root         1  0.0  0.4 193700  6800 ?        Ss   10:00   0:01 /usr/lib/systemd/systemd --switched-root --system --deserialize 22\n' +
  'root         2  0.0  0.0      0     0 ?        S    10:00   0:00 [kthreadd]\n' +
  'root         3  0.0  0.0      0     0 ?        S    10:00   0:00 [ksoftirqd/0]\n' +
  'root         5  0.0  0.0      0     0 ?        S<   10:00   0:00 [kworker/0:0H]\n' +
  'root         7  0.0  0.0      0     0 ?        S    10:00   0:00 [migration/0]\n' +
  'root         8  0.0  0.0      0     0 ?        S    10:00   0:00 [rcu_bh]\n' +
  'root         9  0.0  0.0      0     0 ?        S    10:00   0:00 [rcu_sched]\n' +
  'root        10  0.0  0.0      0     0 ?        S<   10:00   0:00 [lru-add-drain]\n' +
  'root        11  0.0  0.0      0     0 ?        S    10:00   0:00 [watchdog/0]\n' +
  'root        13  0.0  0.0      0     0 ?        S    10:00   0:00 [kdevtmpfs]\n' +
  'root        14  0.0  0.0      0     0 ?        S<   10:00   0:00 [netns]\n' +
  'root        15  0.0  0.0      0     0 ?        S    10:00   0:00 [khungtaskd]\n' +
  'root        16  0.0  0.0      0     0 ?        S<   10:00   0:00 [writeback]\n' +
  'root        18  0.0  0.0      0     0 ?        S<   10:00   0:00 [bioset]\n' +
  'root        20  0.0  0.0      0     0 ?        S<   10:00   0:00 [kblockd]\n' +
  'root        31  0.0  0.0      0     0 ?        S    10:00   0:00 [kswapd0]\n' +
  'root        95  0.0  0.0      0     0 ?        S    10:00   0:00 [kauditd]\n' +
  'root       392  0.0  0.0      0     0 ?        S    10:00   0:00 [xfsaild/dm-0]\n' +
  'root       470  0.0  0.2  39060  4240 ?        Ss   10:00   0:00 /usr/lib/systemd/systemd-journald\n' +
  'root       497  0.0  0.1  45856  2052 ?        Ss   10:00   0:00 /usr/lib/systemd/systemd-udevd\n' +
  'root       606  0.0  0.0  55532   860 ?        S<sl 10:00   0:00 /sbin/auditd\n' +
  'polkitd    629  0.0  0.7 612232 13584 ?        Ssl  10:00   0:00 /usr/lib/polkit-1/polkitd --no-debug\n' +
  'dbus       631  0.0  0.1  58116  2312 ?        Ssl  10:00   0:00 /usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation\n' +
  'root       634  0.0  0.1  26380  1764 ?        Ss   10:00   0:00 /usr/lib/systemd/systemd-logind\n' +
  'root       639  0.0  0.1 126388  1612 ?        Ss   10:00   0:00 /usr/sbin/crond -n\n' +
  'root       644  0.0  0.0 110208   856 tty1     Ss+  10:00   0:00 /sbin/agetty --noclear tty1 linux\n' +
  'root       656  0.0  0.5 614324  9104 ?        Ssl  10:00   0:00 /usr/sbin/NetworkManager --no-daemon\n' +
  'root       968  0.0  0.9 574284 17520 ?        Ssl  10:00   0:00 /usr/bin/python2 -Es /usr/sbin/tuned -l -P\n' +
  'root       970  0.0  0.2 112924  4328 ?        Ss   10:00   0:00 /usr/sbin/sshd -D\n' +
  'root       972  0.0  0.3 216404  4920 ?        Ssl  10:00   0:00 /usr/sbin/rsyslogd -n\n' +
  'root      1228  0.0  0.1  89808  2088 ?        Ss   10:00   0:00 /usr/libexec/postfix/master -w\n' +
  'postfix   1232  0.0  0.2  89912  4012 ?        S    10:00   0:00 pickup -l -t unix -u\n' +
  'postfix   1233  0.0  0.2  89980  4036 ?        S    10:00   0:00 qmgr -l -t unix -u\n' +
  'root      1400  0.0  0.3 158936  5628 ?        Ss   10:00   0:00 sshd: root@pts/0\n' +
  'root      1404  0.0  0.1 115548  2076 pts/0    Ss   10:00   0:00 -bash\n' +
  `root      ${psPid}  0.0  0.1 155456  1868 pts/0    R+   10:00   0:00 ${args}\n`;

describe('ps', () => {
  it('ps aux shows a small CentOS 7 VM in procps-ng layout, ps itself last', () => {
    const { text } = run('ps aux', 'ps -aux');
    expect(blockOf(text, 'node01$ ps aux')).toBe(BOOT_PS_AUX(1405, 'ps aux'));
    expect(blockOf(text, 'node01$ ps -aux')).toBe(BOOT_PS_AUX(1406, 'ps -aux'));
  });

  it('ps -ef, plain ps, ps -p', () => {
    const { text } = run('ps -ef | head -4', 'ps -ef | tail -3', 'ps', 'ps -p 1,970', 'ps -p 99999', 'echo $?');
    expect(blockOf(text, 'node01$ ps -ef | head -4')).toBe(
      'UID        PID  PPID  C STIME TTY          TIME CMD\n' +
        'root         1     0  0 10:00 ?        00:00:01 /usr/lib/systemd/systemd --switched-root --system --deserialize 22\n' +
        'root         2     0  0 10:00 ?        00:00:00 [kthreadd]\n' +
        'root         3     2  0 10:00 ?        00:00:00 [ksoftirqd/0]\n',
    );
    expect(blockOf(text, 'node01$ ps -ef | tail -3')).toBe(
      'root      1400   970  0 10:00 ?        00:00:00 sshd: root@pts/0\n' +
        'root      1404  1400  0 10:00 pts/0    00:00:00 -bash\n' +
        'root      1407  1404  0 10:00 pts/0    00:00:00 ps -ef\n',
    );
    expect(blockOf(text, 'node01$ ps')).toBe('  PID TTY          TIME CMD\n 1404 pts/0    00:00:00 bash\n 1409 pts/0    00:00:00 ps\n');
    expect(blockOf(text, 'node01$ ps -p 1,970')).toBe('  PID TTY          TIME CMD\n    1 ?        00:00:01 systemd\n  970 ?        00:00:00 sshd\n');
    expect(blockOf(text, 'node01$ ps -p 99999')).toBe('  PID TTY          TIME CMD\n');
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
  });

  it('START moves to the month and day once a process is a day old', () => {
    const { lab } = transcript(ONE_HOST, '86400 node01 ps aux | grep crond', { until: 86_401 });
    lab.type('node01', 'ps -ef | grep crond');
    lab.world.sim.runUntil(86_402_000_000);
    const [day, later] = lab.records.map((r) => r.output);
    expect(day).toBe('root       639  0.0  0.1 126388  1612 ?        Ss   10:00   0:00 /usr/sbin/crond -n\n');
    expect(later).toBe('root       639     1  0 Mar27 ?        00:00:00 /usr/sbin/crond -n\n');
  });
});

describe('pidof, pgrep', () => {
  it('find PIDs by name', () => {
    const { text } = run('pidof sshd', 'pidof nothing', 'echo $?', 'pgrep -l ssh', 'pgrep -f postfix', 'pgrep');
    expect(blockOf(text, 'node01$ pidof sshd')).toBe('1400 970\n');
    expect(blockOf(text, 'node01$ pidof nothing')).toBe('');
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
    expect(blockOf(text, 'node01$ pgrep -l ssh')).toBe('970 sshd\n1400 sshd\n');
    expect(blockOf(text, 'node01$ pgrep -f postfix')).toBe('1228\n');
    expect(blockOf(text, 'node01$ pgrep')).toBe("pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n");
  });
});

describe('kill, killall', () => {
  it("signals a daemon: SIGKILL ends it and its unit fails; SIGHUP makes it reload", () => {
    const { text, lab } = run('kill -9 639', 'ps -p 639', 'systemctl is-active crond', 'kill -HUP 972', 'ps -p 972', 'kill -s TERM 656', 'systemctl is-active NetworkManager');
    const host = lab.host('node01')!;
    expect(blockOf(text, 'node01$ kill -9 639')).toBe('');
    expect(blockOf(text, 'node01$ ps -p 639')).toBe('  PID TTY          TIME CMD\n');
    expect(blockOf(text, 'node01$ systemctl is-active crond')).toBe('failed\n');
    expect(blockOf(text, 'node01$ ps -p 972')).toBe('  PID TTY          TIME CMD\n  972 ?        00:00:00 rsyslogd\n');
    // SIGTERM is a clean end for systemd: the unit is inactive, not failed.
    expect(blockOf(text, 'node01$ systemctl is-active NetworkManager')).toBe('inactive\n');
    expect(unitState(host, 'crond').mainExit).toEqual({ signal: 9 });
  });

  it('words its errors as bash 4.2 and leaves PID 1, kernel threads and the login shell alone', () => {
    const { text, lab } = run('kill 99999', 'echo $?', 'kill abc', 'kill -FOO 970', 'kill', 'kill %1', 'kill -9 1 2 $$', 'echo $?', 'kill -l 9', 'kill -l KILL', 'killall foo', 'killall -9 pickup qmgr');
    expect(blockOf(text, 'node01$ kill 99999')).toBe('-bash: kill: (99999) - No such process\n');
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
    expect(blockOf(text, 'node01$ kill abc')).toBe('-bash: kill: abc: arguments must be process or job IDs\n');
    expect(blockOf(text, 'node01$ kill -FOO 970')).toBe('-bash: kill: FOO: invalid signal specification\n');
    expect(blockOf(text, 'node01$ kill')).toBe('kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n');
    expect(blockOf(text, 'node01$ kill %1')).toBe('-bash: kill: %1: no such job\n');
    expect(text).toContain('[7.000] node01$ echo $?\n0\n');
    expect(blockOf(text, 'node01$ kill -l 9')).toBe('KILL\n');
    expect(blockOf(text, 'node01$ kill -l KILL')).toBe('9\n');
    expect(blockOf(text, 'node01$ killall foo')).toBe('foo: no process found\n');
    const procs = lab.host('node01')!.procs;
    expect([1, 2, lab.console('node01').shell.pid].every((p) => procs.get(p))).toBe(true);
    expect(procs.get(1232) ?? procs.get(1233)).toBeUndefined();
  });

  it('kill -l lists the signals as bash does', () => {
    const list = signalList();
    expect(list.split('\n')[0]).toBe(' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP');
    expect(list.split('\n')[6]).toBe('31) SIGSYS\t34) SIGRTMIN\t35) SIGRTMIN+1\t36) SIGRTMIN+2\t37) SIGRTMIN+3');
    expect(list.endsWith('63) SIGRTMAX-1\t64) SIGRTMAX\t\n')).toBe(true);
  });
});

describe('/proc/<pid>', () => {
  it('lists processes and their descriptors; daemons have 0-2 on /dev/null', () => {
    const { text } = run('ls -l /proc/970/fd', 'cat /proc/970/comm', 'ls /proc/2/fd', 'cd /proc/4242');
    expect(blockOf(text, 'node01$ ls -l /proc/970/fd')).toBe(
      'total 0\nlrwx------ 1 root root 64 Mar 27 10:00 0 -> /dev/null\nlrwx------ 1 root root 64 Mar 27 10:00 1 -> /dev/null\nlrwx------ 1 root root 64 Mar 27 10:00 2 -> /dev/null\n',
    );
    expect(blockOf(text, 'node01$ cat /proc/970/comm')).toBe('sshd\n');
    expect(blockOf(text, 'node01$ ls /proc/2/fd')).toBe('');
    expect(blockOf(text, 'node01$ cd /proc/4242')).toBe('-bash: cd: /proc/4242: No such file or directory\n');
  });
});
