/**
 * /usr/sbin/keepalived typed at the prompt (keepalived/core/main.c):
 * `-v` prints the version, `-h` the usage, `-t` tests the configuration
 * (errors on stderr, exit 4 when there are any), anything else starts the
 * daemon, which forks into the background (outside systemd).
 */
import { completeCheck, completeVrrp } from '../../../ha/conf/complete';
import { checkConfFile, readConf } from '../../../ha/config';
import { KEEPALIVED_EXIT, KeepalivedDaemon, parseOptions, VERSION_STRING } from '../../../ha/keepalived';
import type { IpStack } from '../../../net/ip/stack';
import { KERNEL_RELEASE, KERNEL_VERSION } from '../coreutils/uname';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';

function versionText(): string {
  return [
    VERSION_STRING,
    '',
    'Copyright(C) 2001-2018 Alexandre Cassen, <acassen@gmail.com>',
    '',
    'Built with kernel headers for Linux 3.10.0',
    `Running on Linux ${KERNEL_RELEASE} ${KERNEL_VERSION}`,
    '',
    'Config options:  LVS VRRP VRRP_AUTH OLD_CHKSUM_COMPAT FIB_ROUTING',
    '',
    'System options:  PIPE2 SIGNALFD INOTIFY_INIT1 VSYSLOG EPOLL_CREATE1 IPV4_DEVCONF LIBNL3 RTA_ENCAP RTA_EXPIRES RTA_NEWDST RTA_PREF FRA_SUPPRESS_PREFIXLEN FRA_SUPPRESS_IFGROUP FRA_TUN_ID RTAX_CC_ALGO RTAX_QUICKACK RTEXT_FILTER_SKIP_STATS FRA_L3MDEV FRA_UID_RANGE RTAX_FASTOPEN_NO_COOKIE RTA_VIA FRA_OIFNAME FRA_PROTOCOL FRA_IP_PROTO FRA_SPORT_RANGE FRA_DPORT_RANGE RTA_TTL_PROPAGATE IFA_FLAGS IP_MULTICAST_ALL LWTUNNEL_ENCAP_MPLS LWTUNNEL_ENCAP_ILA LIBIPTC LIBIPSET_DYNAMIC LIBNFNETLINK LIBNL_DYNAMIC RTM_NEWNETCONF SO_MARK SCHED_RT SCHED_RESET_ON_FORK',
    '',
  ].join('\n');
}

function usage(prog: string): string {
  return `Usage: ${prog} [OPTION...]
  -f, --use-file=FILE          Use the specified configuration file
  -P, --vrrp                   Only run with VRRP subsystem
  -C, --check                  Only run with Health-checker subsystem
  -l, --log-console            Log messages to local console
  -D, --log-detail             Detailed log messages
  -S, --log-facility=[0-7]     Set syslog facility to LOG_LOCAL[0-7]
  -V, --dont-release-vrrp      Don't remove VRRP VIPs and VROUTEs on daemon stop
  -I, --dont-release-ipvs      Don't remove IPVS topology on daemon stop
  -R, --dont-respawn           Don't respawn child processes
  -n, --dont-fork              Don't fork the daemon process
  -d, --dump-conf              Dump the configuration data
  -p, --pid=FILE               Use specified pidfile for parent process
  -r, --vrrp_pid=FILE          Use specified pidfile for VRRP child process
  -c, --checkers_pid=FILE      Use specified pidfile for checkers child process
  -t, --config-test[=LOG_FILE] Check the configuration for obvious errors, output to
                                 stderr by default
  -v, --version                Display the version number
  -h, --help                   Display this help message
`;
}

/** keepalived -t: parse with every subsystem active, report to stderr. */
function configTest(ctx: CommandContext, file: string): number {
  const errs: string[] = [];
  const pre = checkConfFile(ctx.host, file);
  if (pre) {
    ctx.err(pre + '\n');
    return KEEPALIVED_EXIT.CONFIG_TEST;
  }
  const log = (m: string) => {
    if (!m.startsWith('Opening file')) errs.push(m);
  };
  const r = readConf(ctx.host, file, 'all', log);
  if (r.missingInterface) errs.push('Non-existent interface specified in configuration');
  const stack = ctx.host.stack as IpStack;
  if (!r.fatal) {
    completeVrrp(r.conf, { primaryIp: (d) => stack.iface(d)?.primary?.ip, mtu: (d) => stack.iface(d)?.mtu ?? 1500 }, log);
    completeCheck(r.conf, log);
  }
  for (const e of errs) ctx.err(e + '\n');
  return errs.length || r.fatal ? KEEPALIVED_EXIT.CONFIG_TEST : 0;
}

function keepalived(ctx: CommandContext): number {
  const argv = [...ctx.argv];
  const prog = argv[0];
  if (argv.includes('-v') || argv.includes('--version')) {
    ctx.err(versionText());
    return 0;
  }
  if (argv.includes('-h') || argv.includes('--help')) {
    ctx.err(usage(prog));
    return 0;
  }
  const test = argv.findIndex((a) => a === '-t' || a.startsWith('--config-test'));
  if (test >= 0) {
    const rest = argv.filter((_, i) => i !== test);
    const o = parseOptions(rest);
    if ('error' in o) {
      ctx.err(`${o.error}\n`);
      return KEEPALIVED_EXIT.CONFIG;
    }
    return configTest(ctx, o.confFile);
  }
  const o = parseOptions(['/usr/sbin/keepalived', ...argv.slice(1)]);
  if ('error' in o) {
    ctx.err(`${o.error}\n`);
    ctx.err(usage(prog));
    return 1;
  }
  // Forked into the background, outside the keepalived.service cgroup.
  const d = new KeepalivedDaemon(ctx.host, o, (spec) => ctx.host.procs.spawn({ ...spec, ppid: spec.ppid ?? 1, start: ctx.host.world.now }));
  if (!d.start()) {
    // The foreground process logged why (syslog only, as keepalived does) and exits.
    const code = d.exitCode ?? 0;
    if (d.failedPid !== null) ctx.host.procs.exit(d.failedPid, { code });
    return code;
  }
  return 0;
}

register('keepalived', { run: sync(keepalived), pkg: 'keepalived', summary: 'load balancing and high-availability daemon' });
