import type { Shell } from '../shell/shell';
import type { Host } from './host';
import type { ProcessInfo } from './process';
import { procfsProvider } from './procfs';
import { adoptService } from './services';
import { reloadsOnHup } from './units';

/**
 * What a freshly booted CentOS 7 minimal VM has: kernel threads and the usual
 * daemons with fixed PIDs (so `ps aux` looks like the course's VMs and every
 * run is the same), /proc/<pid>, and root's home files. Logins (`openShell`)
 * add `sshd: root@pts/N` and `-bash`.
 */

type Boot = Omit<ProcessInfo, 'state' | 'start' | 'ppid'> & { ppid?: number };

const KTHREADS: Array<[number, string, string?]> = [
  [2, 'kthreadd'],
  [3, 'ksoftirqd/0'],
  [5, 'kworker/0:0H', 'S<'],
  [7, 'migration/0'],
  [8, 'rcu_bh'],
  [9, 'rcu_sched'],
  [10, 'lru-add-drain', 'S<'],
  [11, 'watchdog/0'],
  [13, 'kdevtmpfs'],
  [14, 'netns', 'S<'],
  [15, 'khungtaskd'],
  [16, 'writeback', 'S<'],
  [18, 'bioset', 'S<'],
  [20, 'kblockd', 'S<'],
  [31, 'kswapd0'],
  [95, 'kauditd'],
  [392, 'xfsaild/dm-0'],
];

const DAEMONS: Boot[] = [
  { pid: 470, comm: 'systemd-journal', args: '/usr/lib/systemd/systemd-journald', user: 'root', stat: 'Ss', vsz: 39_060, rss: 4_240 },
  { pid: 497, comm: 'systemd-udevd', args: '/usr/lib/systemd/systemd-udevd', user: 'root', stat: 'Ss', vsz: 45_856, rss: 2_052 },
  { pid: 606, comm: 'auditd', args: '/sbin/auditd', user: 'root', stat: 'S<sl', vsz: 55_532, rss: 860 },
  { pid: 629, comm: 'polkitd', args: '/usr/lib/polkit-1/polkitd --no-debug', user: 'polkitd', stat: 'Ssl', vsz: 612_232, rss: 13_584 },
  { pid: 631, comm: 'dbus-daemon', args: '/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation', user: 'dbus', stat: 'Ssl', vsz: 58_116, rss: 2_312 },
  { pid: 634, comm: 'systemd-logind', args: '/usr/lib/systemd/systemd-logind', user: 'root', stat: 'Ss', vsz: 26_380, rss: 1_764 },
  { pid: 639, comm: 'crond', args: '/usr/sbin/crond -n', user: 'root', stat: 'Ss', vsz: 126_388, rss: 1_612 },
  { pid: 644, comm: 'agetty', args: '/sbin/agetty --noclear tty1 linux', user: 'root', stat: 'Ss+', tty: 'tty1', vsz: 110_208, rss: 856 },
  { pid: 656, comm: 'NetworkManager', args: '/usr/sbin/NetworkManager --no-daemon', user: 'root', stat: 'Ssl', vsz: 614_324, rss: 9_104 },
  { pid: 968, comm: 'tuned', args: '/usr/bin/python2 -Es /usr/sbin/tuned -l -P', user: 'root', stat: 'Ssl', vsz: 574_284, rss: 17_520 },
  { pid: 970, comm: 'sshd', args: '/usr/sbin/sshd -D', user: 'root', stat: 'Ss', vsz: 112_924, rss: 4_328 },
  { pid: 972, comm: 'rsyslogd', args: '/usr/sbin/rsyslogd -n', user: 'root', stat: 'Ssl', vsz: 216_404, rss: 4_920 },
  { pid: 1228, comm: 'master', args: '/usr/libexec/postfix/master -w', user: 'root', stat: 'Ss', vsz: 89_808, rss: 2_088 },
  { pid: 1232, ppid: 1228, comm: 'pickup', args: 'pickup -l -t unix -u', user: 'postfix', stat: 'S', vsz: 89_912, rss: 4_012 },
  { pid: 1233, ppid: 1228, comm: 'qmgr', args: 'qmgr -l -t unix -u', user: 'postfix', stat: 'S', vsz: 89_980, rss: 4_036 },
];

/** The first login's sshd gets a PID past the boot daemons, as on a VM logged into a little after boot. */
const FIRST_LOGIN_PID = 1400;

const HOME_FILES: Record<string, [string, number]> = {
  '/root/.bash_logout': ['# ~/.bash_logout\n\n', 0o644],
  '/root/.bash_profile': ['# .bash_profile\n\n# Get the aliases and functions\nif [ -f ~/.bashrc ]; then\n\t. ~/.bashrc\nfi\n\n# User specific environment and startup programs\n\nPATH=$PATH:$HOME/bin\n\nexport PATH\n', 0o644],
  '/root/.bashrc': ["# .bashrc\n\n# User specific aliases and functions\n\nalias rm='rm -i'\nalias cp='cp -i'\nalias mv='mv -i'\n\n# Source global definitions\nif [ -f /etc/bashrc ]; then\n\t. /etc/bashrc\nfi\n", 0o644],
  '/root/anaconda-ks.cfg': [
    '#version=DEVEL\n# System authorization information\nauth --enableshadow --passalgo=sha512\n# Use CDROM installation media\ncdrom\n# Use graphical install\ngraphical\n# Run the Setup Agent on first boot\nfirstboot --enable\nignoredisk --only-use=sda\n# Keyboard layouts\nkeyboard --vckeymap=us --xlayouts=\'us\'\n# System language\nlang en_US.UTF-8\n\n# Network information\nnetwork  --bootproto=static --device=eth0 --onboot=on --ipv6=auto --activate\nnetwork  --hostname=localhost.localdomain\n\n# System services\nservices --disabled="chronyd"\n# System timezone\ntimezone Asia/Shanghai --isUtc --nontp\n# System bootloader configuration\nbootloader --append=" crashkernel=auto" --location=mbr --boot-drive=sda\nautopart --type=lvm\n# Partition clearing information\nclearpart --none --initlabel\n\n%packages\n@^minimal\n@core\nkexec-tools\n\n%end\n\n%addon com_redhat_kdump --enable --reserve-mb=\'auto\'\n\n%end\n',
    0o600,
  ],
};

/** Boot a host: processes, units, /proc/<pid>, root's home. Called once by the Host constructor. */
export function bootHost(host: Host): void {
  const procs = host.procs;
  const init = procs.get(1);
  if (init) Object.assign(init, { stat: 'Ss', vsz: 193_700, rss: 6_800, cpuSeconds: 1, immune: true });
  for (const [pid, name, stat] of KTHREADS) {
    procs.spawn({ pid, ppid: pid === 2 ? 0 : 2, comm: name, args: `[${name}]`, user: 'root', start: 0, kthread: true, stat: stat ?? 'S', vsz: 0, rss: 0 });
  }
  for (const d of DAEMONS) procs.spawn({ ...d, ppid: d.ppid ?? 1, start: 0, onSignal: reloadsOnHup });
  procs.skipTo(FIRST_LOGIN_PID);
  adoptService(host, 'sshd', 970);
  adoptService(host, 'crond', 639);
  adoptService(host, 'rsyslog', 972);
  adoptService(host, 'NetworkManager', 656);
  host.fs.mount('/proc', procfsProvider(host));
  // The rest of a CentOS 7 root directory (bin, sbin, lib, lib64 are symlinks into /usr there; plain directories here).
  for (const d of ['/boot', '/home', '/media', '/mnt', '/opt', '/run', '/srv', '/sys', '/usr/lib', '/usr/lib64', '/usr/local', '/usr/share', '/var/lib', '/var/cache', '/var/spool', '/var/tmp', '/etc/yum.repos.d', '/etc/systemd/system', '/usr/lib/systemd/system']) host.fs.mkdirp(d);
  host.fs.chmod('/', 0o555);
  host.fs.chmod('/tmp', 0o1777);
  host.fs.chmod('/var/tmp', 0o1777);
  for (const [path, [content, mode]] of Object.entries(HOME_FILES)) {
    host.fs.write(path, content);
    host.fs.chmod(path, mode);
  }
  host.fs.chmod('/root', 0o550);
}

/** An ssh login: the session's `sshd: root@pts/N`, before its shell is spawned. */
export function beginLogin(host: Host, tty: string): ProcessInfo {
  const sshd = host.procs.spawn({ ppid: 970, comm: 'sshd', args: `sshd: root@${tty.replace('/dev/', '')}`, user: 'root', start: host.world.now, stat: 'Ss', vsz: 158_936, rss: 5_628 });
  // sshd forks twice (privilege separation) before the shell runs.
  host.procs.skipTo(sshd.pid + 4);
  return sshd;
}

/** The login shell hangs under its sshd, on its terminal, and survives signals (the lab cannot reopen it). */
export function endLogin(host: Host, shell: Shell, sshd: ProcessInfo): void {
  const p = host.procs.get(shell.pid);
  if (!p) return;
  Object.assign(p, { ppid: sshd.pid, tty: shell.tty.replace('/dev/', ''), stat: 'Ss', vsz: 115_548, rss: 2_076, immune: true });
  p.onSignal = () => true;
}
