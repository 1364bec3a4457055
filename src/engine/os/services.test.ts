import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../test-support/transcript';
import { ONE_HOST } from '../shell/commands/coreutils/testing';
import { World } from '../world';
import { Host } from './host';
import { registerService, startService, stopService, unitState } from './services';
import { syslog } from './syslog';

/**
 * A test double daemon: a main process and a worker, a journal line when it
 * starts, a `Status:`; it fails to start while /etc/testd.fail exists.
 */
const stops: string[] = [];
registerService({
  name: 'testd',
  description: 'Test Daemon',
  docs: ['man:testd(8)'],
  execStart: '/usr/sbin/testd -f $OPTIONS',
  execStop: '/bin/kill -TERM ${MAINPID}',
  start: (unit) => {
    if (unit.host.fs.exists('/etc/testd.fail')) return 'cannot bind to port 7: Address already in use\nexiting';
    unit.spawn({ comm: 'testd', args: '/usr/sbin/testd -f', user: 'root', stat: 'Ss', vsz: 20_000, rss: 1_000 });
    unit.spawn({ comm: 'testd', args: '/usr/sbin/testd -f', user: 'nobody', stat: 'S', vsz: 20_000, rss: 500 });
    unit.log('listening on port 7');
    return {
      stop: () => {
        stops.push(unit.host.id);
        unit.log('shutting down');
      },
      status: () => 'Ready.',
    };
  },
});
/** Like keepalived (KillMode=process): its children outlive a killed main process. */
registerService({
  name: 'forkd',
  description: 'Forking Daemon',
  execStart: '/usr/sbin/forkd',
  killMode: 'process',
  start: (unit) => {
    unit.spawn({ comm: 'forkd', args: '/usr/sbin/forkd', user: 'root', stat: 'Ss' });
    unit.spawn({ comm: 'forkd', args: '/usr/sbin/forkd', user: 'root', stat: 'S' });
    return { stop: () => {} };
  },
});

const lines = (...l: string[]) => l.map((c, i) => `${i} node01 ${c}`).join('\n');

const RUNNING = (since: string, ago: string) =>
  '● testd.service - Test Daemon\n' +
  '   Loaded: loaded (/usr/lib/systemd/system/testd.service; disabled; vendor preset: disabled)\n' +
  `   Active: active (running) since Sat 2021-03-27 ${since} CST; ${ago}\n` +
  '     Docs: man:testd(8)\n';

describe('systemd units', () => {
  it('start: processes in the cgroup and in ps aux, status in systemd 219 layout, journal lines', () => {
    const { text } = transcript(ONE_HOST, lines('systemctl start testd', 'systemctl is-active testd', 'systemctl status testd', 'ps aux | grep testd'));
    expect(blockOf(text, 'node01$ systemctl start testd')).toBe('');
    expect(blockOf(text, 'node01$ systemctl is-active testd')).toBe('active\n');
    expect(blockOf(text, 'node01$ systemctl status testd')).toBe(
      RUNNING('10:00:00', '2s ago') +
        ' Main PID: 1406 (testd)\n' +
        '   Status: "Ready."\n' +
        '   CGroup: /system.slice/testd.service\n' +
        '           ├─1406 /usr/sbin/testd -f\n' +
        '           └─1407 /usr/sbin/testd -f\n' +
        '\n' +
        'Mar 27 10:00:00 node01 systemd[1]: Starting Test Daemon...\n' +
        'Mar 27 10:00:00 node01 testd[1406]: listening on port 7\n' +
        'Mar 27 10:00:00 node01 systemd[1]: Started Test Daemon.\n',
    );
    expect(blockOf(text, 'node01$ ps aux | grep testd')).toBe(
      'root      1406  0.0  0.1  20000  1000 ?        Ss   10:00   0:00 /usr/sbin/testd -f\n' +
        'nobody    1407  0.0  0.0  20000   500 ?        S    10:00   0:00 /usr/sbin/testd -f\n',
    );
  });

  it('stop: the daemon cleans up, processes go, status shows the exited commands', () => {
    const { text, lab } = transcript(ONE_HOST, lines('systemctl start testd', 'systemctl stop testd', 'systemctl status testd; echo $?', 'ps aux | grep testd', 'journalctl -u testd'));
    expect(stops).toContain('node01');
    expect(blockOf(text, 'node01$ systemctl status testd; echo $?')).toBe(
      '● testd.service - Test Daemon\n' +
        '   Loaded: loaded (/usr/lib/systemd/system/testd.service; disabled; vendor preset: disabled)\n' +
        '   Active: inactive (dead) since Sat 2021-03-27 10:00:01 CST; 1s ago\n' +
        '     Docs: man:testd(8)\n' +
        '  Process: 1409 ExecStop=/bin/kill -TERM ${MAINPID} (code=exited, status=0/SUCCESS)\n' +
        '  Process: 1406 ExecStart=/usr/sbin/testd -f $OPTIONS (code=exited, status=0/SUCCESS)\n' +
        ' Main PID: 1406 (code=exited, status=0/SUCCESS)\n' +
        '\n' +
        'Mar 27 10:00:00 node01 systemd[1]: Starting Test Daemon...\n' +
        'Mar 27 10:00:00 node01 testd[1406]: listening on port 7\n' +
        'Mar 27 10:00:00 node01 systemd[1]: Started Test Daemon.\n' +
        'Mar 27 10:00:01 node01 systemd[1]: Stopping Test Daemon...\n' +
        'Mar 27 10:00:01 node01 testd[1406]: shutting down\n' +
        'Mar 27 10:00:01 node01 systemd[1]: Stopped Test Daemon.\n' +
        '3\n',
    );
    expect(blockOf(text, 'node01$ ps aux | grep testd')).toBe('');
    expect(blockOf(text, 'node01$ journalctl -u testd')).toBe(
      '-- Logs begin at Sat 2021-03-27 10:00:00 CST, end at Sat 2021-03-27 10:00:01 CST. --\n' +
        'Mar 27 10:00:00 node01 systemd[1]: Starting Test Daemon...\n' +
        'Mar 27 10:00:00 node01 testd[1406]: listening on port 7\n' +
        'Mar 27 10:00:00 node01 systemd[1]: Started Test Daemon.\n' +
        'Mar 27 10:00:01 node01 systemd[1]: Stopping Test Daemon...\n' +
        'Mar 27 10:00:01 node01 testd[1406]: shutting down\n' +
        'Mar 27 10:00:01 node01 systemd[1]: Stopped Test Daemon.\n',
    );
    expect(lab.host('node01')!.fs.read('/var/log/messages')).toBe(
      'Mar 27 10:00:00 node01 systemd: Starting Test Daemon...\n' +
        'Mar 27 10:00:00 node01 testd[1406]: listening on port 7\n' +
        'Mar 27 10:00:00 node01 systemd: Started Test Daemon.\n' +
        'Mar 27 10:00:01 node01 systemd: Stopping Test Daemon...\n' +
        'Mar 27 10:00:01 node01 testd[1406]: shutting down\n' +
        'Mar 27 10:00:01 node01 systemd: Stopped Test Daemon.\n',
    );
  });

  it('kill -9 of the main PID: the unit fails (Result: signal) and the rest of its cgroup is killed', () => {
    stops.length = 0;
    const { text, lab } = transcript(ONE_HOST, lines('systemctl start testd', 'kill -9 1406', 'systemctl status testd; echo $?', 'ps aux | grep testd', 'systemctl is-active testd'));
    expect(blockOf(text, 'node01$ systemctl status testd; echo $?')).toBe(
      '● testd.service - Test Daemon\n' +
        '   Loaded: loaded (/usr/lib/systemd/system/testd.service; disabled; vendor preset: disabled)\n' +
        '   Active: failed (Result: signal) since Sat 2021-03-27 10:00:01 CST; 1s ago\n' +
        '     Docs: man:testd(8)\n' +
        '  Process: 1406 ExecStart=/usr/sbin/testd -f $OPTIONS (code=killed, signal=KILL)\n' +
        ' Main PID: 1406 (code=killed, signal=KILL)\n' +
        '\n' +
        'Mar 27 10:00:00 node01 systemd[1]: Starting Test Daemon...\n' +
        'Mar 27 10:00:00 node01 testd[1406]: listening on port 7\n' +
        'Mar 27 10:00:00 node01 systemd[1]: Started Test Daemon.\n' +
        'Mar 27 10:00:01 node01 systemd[1]: testd.service: main process exited, code=killed, status=9/KILL\n' +
        'Mar 27 10:00:01 node01 systemd[1]: Unit testd.service entered failed state.\n' +
        'Mar 27 10:00:01 node01 systemd[1]: testd.service failed.\n' +
        '3\n',
    );
    expect(blockOf(text, 'node01$ ps aux | grep testd')).toBe('');
    expect(blockOf(text, 'node01$ systemctl is-active testd')).toBe('failed\n');
    // No orderly shutdown ran: a killed daemon cleans nothing up.
    expect(stops).toEqual([]);
    expect(lab.world.trace.states.filter((s) => s.kind === 'service.state' && s.data?.unit === 'testd').map((s) => s.text)).toEqual([
      'testd.service active',
      'testd.service failed (Result: signal)',
    ]);
  });

  it('SIGTERM to the main PID is a clean exit: inactive (dead), not failed', () => {
    const { text } = transcript(ONE_HOST, lines('systemctl start testd', 'kill 1406', 'systemctl status testd'));
    const s = blockOf(text, 'node01$ systemctl status testd');
    expect(s).toContain('   Active: inactive (dead) since Sat 2021-03-27 10:00:01 CST; 1s ago\n');
    expect(s).toContain(' Main PID: 1406 (code=killed, signal=TERM)\n');
    expect(s).not.toContain('failed');
  });

  it('KillMode=process: the children outlive the main process and stay in the cgroup', () => {
    const { text } = transcript(ONE_HOST, lines('systemctl start forkd', 'kill -9 1406', 'systemctl status forkd'));
    expect(blockOf(text, 'node01$ systemctl status forkd')).toBe(
      '● forkd.service - Forking Daemon\n' +
        '   Loaded: loaded (/usr/lib/systemd/system/forkd.service; disabled; vendor preset: disabled)\n' +
        '   Active: failed (Result: signal) since Sat 2021-03-27 10:00:01 CST; 1s ago\n' +
        '  Process: 1406 ExecStart=/usr/sbin/forkd (code=killed, signal=KILL)\n' +
        ' Main PID: 1406 (code=killed, signal=KILL)\n' +
        '   CGroup: /system.slice/forkd.service\n' +
        '           └─1407 /usr/sbin/forkd\n' +
        '\n' +
        'Mar 27 10:00:00 node01 systemd[1]: Starting Forking Daemon...\n' +
        'Mar 27 10:00:00 node01 systemd[1]: Started Forking Daemon.\n' +
        'Mar 27 10:00:01 node01 systemd[1]: forkd.service: main process exited, code=killed, status=9/KILL\n' +
        'Mar 27 10:00:01 node01 systemd[1]: Unit forkd.service entered failed state.\n' +
        'Mar 27 10:00:01 node01 systemd[1]: forkd.service failed.\n',
    );
  });

  it('a daemon that cannot start: the job fails, its own lines are in the journal', () => {
    const { text } = transcript(ONE_HOST, lines('touch /etc/testd.fail', 'systemctl start testd', 'echo $?', 'systemctl status testd', 'rm /etc/testd.fail', 'systemctl restart testd', 'systemctl is-active testd'));
    expect(blockOf(text, 'node01$ systemctl start testd')).toBe(
      'Job for testd.service failed because the control process exited with error code. See "systemctl status testd.service" and "journalctl -xe" for details.\n',
    );
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
    expect(blockOf(text, 'node01$ systemctl status testd')).toBe(
      '● testd.service - Test Daemon\n' +
        '   Loaded: loaded (/usr/lib/systemd/system/testd.service; disabled; vendor preset: disabled)\n' +
        '   Active: failed (Result: exit-code) since Sat 2021-03-27 10:00:01 CST; 2s ago\n' +
        '     Docs: man:testd(8)\n' +
        '  Process: 1407 ExecStart=/usr/sbin/testd -f $OPTIONS (code=exited, status=1/FAILURE)\n' +
        ' Main PID: 1407 (code=exited, status=1/FAILURE)\n' +
        '\n' +
        'Mar 27 10:00:01 node01 systemd[1]: Starting Test Daemon...\n' +
        'Mar 27 10:00:01 node01 testd[1407]: cannot bind to port 7: Address already in use\n' +
        'Mar 27 10:00:01 node01 testd[1407]: exiting\n' +
        'Mar 27 10:00:01 node01 systemd[1]: testd.service: main process exited, code=exited, status=1/FAILURE\n' +
        'Mar 27 10:00:01 node01 systemd[1]: Failed to start Test Daemon.\n' +
        'Mar 27 10:00:01 node01 systemd[1]: Unit testd.service entered failed state.\n' +
        'Mar 27 10:00:01 node01 systemd[1]: testd.service failed.\n',
    );
    expect(blockOf(text, 'node01$ systemctl is-active testd')).toBe('active\n');
  });

  it('enable, disable, is-enabled; service redirects to systemctl', () => {
    const { text } = transcript(ONE_HOST, lines('systemctl enable testd', 'systemctl enable testd', 'systemctl is-enabled testd', 'systemctl disable testd.service', 'systemctl is-enabled testd', 'service testd start', 'service testd status', 'service'));
    expect(text).toContain('[0.000] node01$ systemctl enable testd\nCreated symlink from /etc/systemd/system/multi-user.target.wants/testd.service to /usr/lib/systemd/system/testd.service.\n[1.000]');
    expect(text).toContain('[1.000] node01$ systemctl enable testd\n[2.000]');
    expect(text).toContain('[2.000] node01$ systemctl is-enabled testd\nenabled\n');
    expect(blockOf(text, 'node01$ systemctl disable testd.service')).toBe('Removed symlink /etc/systemd/system/multi-user.target.wants/testd.service.\n');
    expect(text).toContain('[4.000] node01$ systemctl is-enabled testd\ndisabled\n');
    expect(blockOf(text, 'node01$ service testd start')).toBe('Redirecting to /bin/systemctl start  testd.service\n');
    expect(blockOf(text, 'node01$ service testd status').split('\n').slice(0, 4).join('\n')).toBe(
      'Redirecting to /bin/systemctl status  testd.service\n● testd.service - Test Daemon\n   Loaded: loaded (/usr/lib/systemd/system/testd.service; disabled; vendor preset: disabled)\n   Active: active (running) since Sat 2021-03-27 10:00:05 CST; 1s ago',
    );
    expect(blockOf(text, 'node01$ service')).toBe('Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n');
  });

  it('unknown units and units of packages not installed answer as systemd 219, with its exit codes', () => {
    const { text } = transcript(ONE_HOST, lines('systemctl status foo; echo $?', 'systemctl start foo; echo $?', 'systemctl stop foo', 'systemctl restart httpd', 'systemctl is-active foo', 'systemctl enable foo', 'systemctl frob foo', 'service httpd start'));
    expect(blockOf(text, 'node01$ systemctl status foo; echo $?')).toBe('Unit foo.service could not be found.\n4\n');
    expect(blockOf(text, 'node01$ systemctl start foo; echo $?')).toBe('Failed to start foo.service: Unit not found.\n5\n');
    expect(blockOf(text, 'node01$ systemctl stop foo')).toBe('Failed to stop foo.service: Unit foo.service not loaded.\n');
    expect(blockOf(text, 'node01$ systemctl restart httpd')).toBe('Failed to restart httpd.service: Unit not found.\n');
    expect(blockOf(text, 'node01$ systemctl is-active foo')).toBe('unknown\n');
    expect(blockOf(text, 'node01$ systemctl enable foo')).toBe('Failed to execute operation: No such file or directory\n');
    expect(blockOf(text, 'node01$ systemctl frob foo')).toBe("Unknown operation 'frob'.\n");
    expect(blockOf(text, 'node01$ service httpd start')).toBe('Redirecting to /bin/systemctl start  httpd.service\nFailed to start httpd.service: Unit not found.\n');
  });

  it('the boot daemons are active units from boot', () => {
    const { text } = transcript(ONE_HOST, '65 node01 systemctl status sshd\n66 node01 systemctl is-enabled firewalld; systemctl is-active firewalld');
    expect(blockOf(text, 'node01$ systemctl status sshd')).toBe(
      '● sshd.service - OpenSSH server daemon\n' +
        '   Loaded: loaded (/usr/lib/systemd/system/sshd.service; enabled; vendor preset: enabled)\n' +
        '   Active: active (running) since Sat 2021-03-27 10:00:00 CST; 1min 5s ago\n' +
        '     Docs: man:sshd(8)\n' +
        '           man:sshd_config(5)\n' +
        ' Main PID: 970 (sshd)\n' +
        '   CGroup: /system.slice/sshd.service\n' +
        '           └─970 /usr/sbin/sshd -D\n',
    );
    expect(blockOf(text, 'node01$ systemctl is-enabled firewalld; systemctl is-active firewalld')).toBe('disabled\ninactive\n');
  });

  it('works on a bare host too (engine API), and syslog() writes the CentOS line format', () => {
    const world = new World(1);
    const host = world.addNode(new Host(world, 'node02'));
    expect(startService(host, 'testd')).toBe('ok');
    const u = unitState(host, 'testd');
    expect(u.active).toBe('active');
    expect(u.cgroup.map((pid) => host.procs.get(pid)!.user)).toEqual(['root', 'nobody']);
    expect(stopService(host, 'testd')).toBe('ok');
    expect(u.cgroup).toEqual([]);
    expect(startService(host, 'nope')).toBe('not-found');
    syslog(host, 'Keepalived_vrrp', 1234, 'VRRP_Instance(VI_1) Entering MASTER STATE', 'keepalived');
    expect(host.fs.read('/var/log/messages').split('\n').at(-2)).toBe('Mar 27 10:00:00 node02 Keepalived_vrrp[1234]: VRRP_Instance(VI_1) Entering MASTER STATE');
    expect(host.fs.mode('/var/log/messages')).toBe(0o600);
  });
});
