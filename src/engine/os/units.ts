import { registerService, type ServiceDef, type SpawnSpec, type UnitContext } from './services';
import { SIG } from './signals';

/**
 * The unit files of the CentOS 7 VMs in the course: the daemons running after
 * boot (sshd, crond, rsyslog, NetworkManager), firewalld (installed, turned
 * off as the course does), and the units packages bring (httpd, keepalived,
 * nginx). The httpd/keepalived/nginx start functions here only create the
 * processes; the daemons' behaviour is plugged in with `setServiceStart`.
 */

/** Daemons re-read their configuration on SIGHUP instead of dying (sshd, crond, rsyslogd, httpd...). */
export const reloadsOnHup = (sig: number): boolean => sig === SIG.HUP;

/** A daemon that only exists as processes: stop ends them. */
function simpleDaemon(procs: SpawnSpec[], status?: string): ServiceDef['start'] {
  return (unit: UnitContext) => {
    for (const p of procs) unit.spawn({ onSignal: reloadsOnHup, ...p });
    return { stop: () => {}, status: status ? () => status : undefined };
  };
}

const httpdArgs = '/usr/sbin/httpd -DFOREGROUND';

export const BUILTIN_UNITS: ServiceDef[] = [
  {
    name: 'sshd',
    description: 'OpenSSH server daemon',
    docs: ['man:sshd(8)', 'man:sshd_config(5)'],
    execStart: '/usr/sbin/sshd -D $OPTIONS',
    vendorPreset: 'enabled',
    start: simpleDaemon([{ comm: 'sshd', args: '/usr/sbin/sshd -D', user: 'root', stat: 'Ss', vsz: 112_924, rss: 4_328 }]),
  },
  {
    name: 'crond',
    description: 'Command Scheduler',
    execStart: '/usr/sbin/crond -n $CRONDARGS',
    vendorPreset: 'enabled',
    start: simpleDaemon([{ comm: 'crond', args: '/usr/sbin/crond -n', user: 'root', stat: 'Ss', vsz: 126_388, rss: 1_612 }]),
  },
  {
    name: 'rsyslog',
    description: 'System Logging Service',
    docs: ['man:rsyslogd(8)', 'http://www.rsyslog.com/doc/'],
    execStart: '/usr/sbin/rsyslogd -n $SYSLOGD_OPTIONS',
    vendorPreset: 'enabled',
    start: simpleDaemon([{ comm: 'rsyslogd', args: '/usr/sbin/rsyslogd -n', user: 'root', stat: 'Ssl', vsz: 216_404, rss: 4_920 }]),
  },
  {
    name: 'NetworkManager',
    description: 'Network Manager',
    docs: ['man:NetworkManager(8)'],
    execStart: '/usr/sbin/NetworkManager --no-daemon',
    vendorPreset: 'enabled',
    start: simpleDaemon([{ comm: 'NetworkManager', args: '/usr/sbin/NetworkManager --no-daemon', user: 'root', stat: 'Ssl', vsz: 614_324, rss: 9_104 }]),
  },
  {
    // Starting it does not filter anything in lvslab (no firewalld rules are modelled).
    name: 'firewalld',
    description: 'firewalld - dynamic firewall daemon',
    docs: ['man:firewalld(1)'],
    execStart: '/usr/sbin/firewalld --nofork --nopid $FIREWALLD_ARGS',
    vendorPreset: 'enabled',
    start: simpleDaemon([{ comm: 'firewalld', args: '/usr/bin/python2 -Es /usr/sbin/firewalld --nofork --nopid', user: 'root', stat: 'Ssl', vsz: 358_596, rss: 29_168 }]),
  },
  {
    name: 'httpd',
    pkg: 'httpd',
    description: 'The Apache HTTP Server',
    docs: ['man:httpd(8)', 'man:apachectl(8)'],
    execStart: '/usr/sbin/httpd $OPTIONS -DFOREGROUND',
    execStop: '/bin/kill -WINCH ${MAINPID}',
    vendorPreset: 'disabled',
    // The prefork MPM: a root master and StartServers=5 children running as apache.
    start: simpleDaemon(
      [
        { comm: 'httpd', args: httpdArgs, user: 'root', stat: 'Ss', vsz: 224_084, rss: 5_052 },
        ...Array.from({ length: 5 }, (): SpawnSpec => ({ comm: 'httpd', args: httpdArgs, user: 'apache', stat: 'S', vsz: 224_084, rss: 2_960 })),
      ],
      'Processing requests...',
    ),
  },
  {
    // keepalived 1.3.5 (CentOS 7 base): a parent and its VRRP and checker children, all `keepalived -D`.
    name: 'keepalived',
    pkg: 'keepalived',
    description: 'LVS and VRRP High Availability Monitor',
    execStart: '/usr/sbin/keepalived $KEEPALIVED_OPTIONS',
    killMode: 'process',
    vendorPreset: 'disabled',
    start: simpleDaemon([
      { comm: 'keepalived', args: '/usr/sbin/keepalived -D', user: 'root', stat: 'Ss', vsz: 120_740, rss: 1_408 },
      { comm: 'keepalived', args: '/usr/sbin/keepalived -D', user: 'root', stat: 'S', vsz: 127_480, rss: 3_268 },
      { comm: 'keepalived', args: '/usr/sbin/keepalived -D', user: 'root', stat: 'S', vsz: 127_480, rss: 2_604 },
    ]),
  },
  {
    name: 'nginx',
    pkg: 'nginx',
    description: 'The nginx HTTP and reverse proxy server',
    execStart: '/usr/sbin/nginx',
    vendorPreset: 'disabled',
    start: simpleDaemon([
      { comm: 'nginx', args: 'nginx: master process /usr/sbin/nginx', user: 'root', stat: 'Ss', vsz: 39_304, rss: 1_932 },
      { comm: 'nginx', args: 'nginx: worker process', user: 'nginx', stat: 'S', vsz: 39_692, rss: 3_548 },
    ]),
  },
];

for (const u of BUILTIN_UNITS) registerService(u);
