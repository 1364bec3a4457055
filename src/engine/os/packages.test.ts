import { describe, expect, it } from 'vitest';
import { blockOf, transcript } from '../../test-support/transcript';
import { ONE_HOST } from '../shell/commands/coreutils/testing';
import { sync } from '../shell/command';
import { register } from '../shell/registry';
import { World } from '../world';
import { Host } from './host';
import { CATALOGUE, envra, installOrder, installPackage, lookupPackage, nvra, registerPackageHook, removePackage, resolveInstall } from './packages';
import { KEEPALIVED_CONF } from './package-files';
import type { ScenarioDocV1 } from '../scenario/types';

const lines = (...l: string[]) => l.map((c, i) => `${i * 10} node01 ${c}`).join('\n');
const pkg = (n: string) => CATALOGUE.get(n)!;

const MIRRORS = 'Loaded plugins: fastestmirror\nLoading mirror speeds from cached hostfile\n * base: mirrors.aliyun.com\n * extras: mirrors.aliyun.com\n * updates: mirrors.aliyun.com\n';

/** The real CentOS 7.9 log of `yum install -y httpd` on a minimal VM (80 columns). */
const HTTPD_INSTALL =
  MIRRORS +
  'Resolving Dependencies\n' +
  '--> Running transaction check\n' +
  '---> Package httpd.x86_64 0:2.4.6-97.el7.centos will be installed\n' +
  '--> Processing Dependency: httpd-tools = 2.4.6-97.el7.centos for package: httpd-2.4.6-97.el7.centos.x86_64\n' +
  '--> Processing Dependency: /etc/mime.types for package: httpd-2.4.6-97.el7.centos.x86_64\n' +
  '--> Processing Dependency: libaprutil-1.so.0()(64bit) for package: httpd-2.4.6-97.el7.centos.x86_64\n' +
  '--> Processing Dependency: libapr-1.so.0()(64bit) for package: httpd-2.4.6-97.el7.centos.x86_64\n' +
  '--> Running transaction check\n' +
  '---> Package apr.x86_64 0:1.4.8-7.el7 will be installed\n' +
  '---> Package apr-util.x86_64 0:1.5.2-6.el7 will be installed\n' +
  '---> Package httpd-tools.x86_64 0:2.4.6-97.el7.centos will be installed\n' +
  '---> Package mailcap.noarch 0:2.1.41-2.el7 will be installed\n' +
  '--> Finished Dependency Resolution\n' +
  '\n' +
  'Dependencies Resolved\n' +
  '\n' +
  '================================================================================\n' +
  ' Package           Arch         Version                     Repository     Size\n' +
  '================================================================================\n' +
  'Installing:\n' +
  ' httpd             x86_64       2.4.6-97.el7.centos         updates       2.7 M\n' +
  'Installing for dependencies:\n' +
  ' apr               x86_64       1.4.8-7.el7                 base          104 k\n' +
  ' apr-util          x86_64       1.5.2-6.el7                 base           92 k\n' +
  ' httpd-tools       x86_64       2.4.6-97.el7.centos         updates        93 k\n' +
  ' mailcap           noarch       2.1.41-2.el7                base           31 k\n' +
  '\n' +
  'Transaction Summary\n' +
  '================================================================================\n' +
  'Install  1 Package (+4 Dependent packages)\n' +
  '\n' +
  'Total download size: 3.0 M\n' +
  'Installed size: 10 M\n' +
  'Downloading packages:\n' +
  '(1/5): apr-1.4.8-7.el7.x86_64.rpm                        | 104 kB  00:00:00     \n' +
  '(2/5): apr-util-1.5.2-6.el7.x86_64.rpm                   |  92 kB  00:00:00     \n' +
  '(3/5): httpd-2.4.6-97.el7.centos.x86_64.rpm              | 2.7 MB  00:00:01     \n' +
  '(4/5): httpd-tools-2.4.6-97.el7.centos.x86_64.rpm        |  93 kB  00:00:00     \n' +
  '(5/5): mailcap-2.1.41-2.el7.noarch.rpm                   |  31 kB  00:00:00     \n' +
  '--------------------------------------------------------------------------------\n' +
  'Total                                           1.7 MB/s | 3.0 MB  00:00:01     \n' +
  'Running transaction check\n' +
  'Running transaction test\n' +
  'Transaction test succeeded\n' +
  'Running transaction\n' +
  '  Installing : apr-1.4.8-7.el7.x86_64                                       1/5 \n' +
  '  Installing : apr-util-1.5.2-6.el7.x86_64                                  2/5 \n' +
  '  Installing : httpd-tools-2.4.6-97.el7.centos.x86_64                       3/5 \n' +
  '  Installing : mailcap-2.1.41-2.el7.noarch                                  4/5 \n' +
  '  Installing : httpd-2.4.6-97.el7.centos.x86_64                             5/5 \n' +
  '  Verifying  : apr-1.4.8-7.el7.x86_64                                       1/5 \n' +
  '  Verifying  : apr-util-1.5.2-6.el7.x86_64                                  2/5 \n' +
  '  Verifying  : httpd-tools-2.4.6-97.el7.centos.x86_64                       3/5 \n' +
  '  Verifying  : mailcap-2.1.41-2.el7.noarch                                  4/5 \n' +
  '  Verifying  : httpd-2.4.6-97.el7.centos.x86_64                             5/5 \n' +
  '\n' +
  'Installed:\n' +
  '  httpd.x86_64 0:2.4.6-97.el7.centos                                            \n' +
  '\n' +
  'Dependency Installed:\n' +
  '  apr.x86_64 0:1.4.8-7.el7                     apr-util.x86_64 0:1.5.2-6.el7    \n' +
  '  httpd-tools.x86_64 0:2.4.6-97.el7.centos     mailcap.noarch 0:2.1.41-2.el7    \n' +
  '\n' +
  'Complete!\n';

describe('the package catalogue', () => {
  it('names packages as rpm and yum print them', () => {
    expect(nvra(pkg('httpd'))).toBe('httpd-2.4.6-97.el7.centos.x86_64');
    expect(nvra(pkg('ipvsadm'))).toBe('ipvsadm-1.27-8.el7.x86_64');
    expect(nvra(pkg('keepalived'))).toBe('keepalived-2.0.10-11.el7.x86_64');
    expect(envra(pkg('tcpdump'))).toBe('14:tcpdump-4.9.2-4.el7_7.1.x86_64');
  });

  it('resolves dependencies level by level and orders the rpm transaction', () => {
    const world = new World(1);
    const host = world.addNode(new Host(world, 'n'));
    const plan = resolveInstall(host, [pkg('keepalived')]);
    expect(plan.levels.map((l) => l.map((s) => s.pkg.name))).toEqual([['keepalived'], ['net-snmp-agent-libs', 'net-snmp-libs'], ['lm_sensors-libs']]);
    expect(plan.levels[0][0].pulled.map((p) => p.cap)).toEqual(['libnetsnmpmibs.so.31()(64bit)', 'libnetsnmpagent.so.31()(64bit)', 'libnetsnmp.so.31()(64bit)']);
    // net-snmp-libs is already in the transaction when net-snmp-agent-libs needs it: no line for it.
    expect(plan.levels[1][0].pulled.map((p) => p.cap)).toEqual(['libsensors.so.4()(64bit)']);
    expect(installOrder(plan.all).map((p) => p.name)).toEqual(['lm_sensors-libs', 'net-snmp-libs', 'net-snmp-agent-libs', 'keepalived']);
  });

  it('EPEL packages exist only once epel-release is installed; nc is provided by nmap-ncat', () => {
    const world = new World(1);
    const host = world.addNode(new Host(world, 'n'));
    expect(lookupPackage(host, 'nginx')).toBeUndefined();
    installPackage(host, 'epel-release');
    expect(lookupPackage(host, 'nginx')?.name).toBe('nginx');
    expect(lookupPackage(host, 'nc')?.name).toBe('nmap-ncat');
  });

  it('installPackage brings dependencies and runs hooks; removePackage takes what needs it along', () => {
    const world = new World(1);
    const host = world.addNode(new Host(world, 'n'));
    const seen: string[] = [];
    registerPackageHook('ipvsadm', (h) => seen.push(h.id));
    installPackage(host, 'ipvsadm');
    expect(seen).toEqual(['n']);
    installPackage(host, 'httpd');
    expect(['httpd', 'apr', 'apr-util', 'httpd-tools', 'mailcap'].every((p) => host.packages.has(p))).toBe(true);
    expect(host.fs.read('/etc/httpd/conf/httpd.conf')).toContain('DocumentRoot "/var/www/html"');
    expect(host.fs.exists('/usr/lib/systemd/system/httpd.service')).toBe(true);
    removePackage(host, 'apr');
    expect(['httpd', 'apr', 'apr-util', 'httpd-tools'].some((p) => host.packages.has(p))).toBe(false);
    expect(host.packages.has('mailcap')).toBe(true);
  });

  it('a scenario that lists packages gets them installed with their files', () => {
    const doc: ScenarioDocV1 = { ...ONE_HOST, nodes: [{ ...ONE_HOST.nodes[0], packages: ['keepalived'] }] };
    const { text, lab } = transcript(doc, '0 node01 rpm -q keepalived net-snmp-libs\n1 node01 cat /etc/keepalived/keepalived.conf');
    expect(blockOf(text, 'node01$ rpm -q keepalived net-snmp-libs')).toBe('keepalived-2.0.10-11.el7.x86_64\nnet-snmp-libs-5.7.2-49.el7.x86_64\n');
    expect(blockOf(text, 'node01$ cat /etc/keepalived/keepalived.conf')).toBe(KEEPALIVED_CONF);
    expect(lab.host('node01')!.fs.read('/etc/keepalived/keepalived.conf').split('\n').slice(0, 3)).toEqual(['! Configuration File for keepalived', '', 'global_defs {']);
  });
});

describe('yum', () => {
  it('yum install -y httpd prints the CentOS 7 log, takes a few virtual seconds, installs the files', () => {
    const { text, lab } = transcript(ONE_HOST, lines('yum install -y httpd', 'yum install httpd', 'rpm -q httpd apr'));
    expect(blockOf(text, 'node01$ yum install -y httpd')).toBe(HTTPD_INSTALL);
    const r = lab.records[0];
    expect((r.endedAt! - r.startedAt!) / 1e6).toBeGreaterThan(2);
    expect((r.endedAt! - r.startedAt!) / 1e6).toBeLessThan(5);
    expect(blockOf(text, 'node01$ yum install httpd')).toBe(MIRRORS + 'Package httpd-2.4.6-97.el7.centos.x86_64 already installed and latest version\nNothing to do\n');
    expect(blockOf(text, 'node01$ rpm -q httpd apr')).toBe('httpd-2.4.6-97.el7.centos.x86_64\napr-1.4.8-7.el7.x86_64\n');
    const fs = lab.host('node01')!.fs;
    expect(fs.isDir('/var/www/html')).toBe(true);
    expect(fs.read('/etc/httpd/conf/httpd.conf')).toContain('\nListen 80\n');
  });

  it('installing ipvsadm makes its command exist', () => {
    register('ipvsadm', { pkg: 'ipvsadm', run: sync((ctx) => (ctx.out('IP Virtual Server version 1.2.1 (size=4096)\n'), 0)) });
    const { text } = transcript(ONE_HOST, lines('ipvsadm', 'yum install ipvsadm -y', 'ipvsadm', 'which ipvsadm'));
    expect(text).toContain('[0.000] node01$ ipvsadm\n-bash: ipvsadm: command not found\n');
    expect(blockOf(text, 'node01$ yum install ipvsadm -y')).toBe(
      MIRRORS +
        'Resolving Dependencies\n' +
        '--> Running transaction check\n' +
        '---> Package ipvsadm.x86_64 0:1.27-8.el7 will be installed\n' +
        '--> Finished Dependency Resolution\n' +
        '\n' +
        'Dependencies Resolved\n' +
        '\n' +
        '================================================================================\n' +
        ' Package           Arch             Version                Repository      Size\n' +
        '================================================================================\n' +
        'Installing:\n' +
        ' ipvsadm           x86_64           1.27-8.el7             base            45 k\n' +
        '\n' +
        'Transaction Summary\n' +
        '================================================================================\n' +
        'Install  1 Package\n' +
        '\n' +
        'Total download size: 45 k\n' +
        'Installed size: 75 k\n' +
        'Downloading packages:\n' +
        'ipvsadm-1.27-8.el7.x86_64.rpm                            |  45 kB  00:00:00     \n' +
        'Running transaction check\n' +
        'Running transaction test\n' +
        'Transaction test succeeded\n' +
        'Running transaction\n' +
        '  Installing : ipvsadm-1.27-8.el7.x86_64                                    1/1 \n' +
        '  Verifying  : ipvsadm-1.27-8.el7.x86_64                                    1/1 \n' +
        '\n' +
        'Installed:\n' +
        '  ipvsadm.x86_64 0:1.27-8.el7                                                   \n' +
        '\n' +
        'Complete!\n',
    );
    expect(text).toContain('[20.000] node01$ ipvsadm\nIP Virtual Server version 1.2.1 (size=4096)\n');
    expect(blockOf(text, 'node01$ which ipvsadm')).toBe('/usr/sbin/ipvsadm\n');
  });

  it('without -y it asks, reads the answer from standard input, and exits on no answer', () => {
    const { text, lab } = transcript(ONE_HOST, lines('yum install ipvsadm', 'echo $?', 'rpm -q ipvsadm', 'echo y | yum install ipvsadm', 'rpm -q ipvsadm'));
    const first = blockOf(text, 'node01$ yum install ipvsadm');
    expect(first.endsWith('Total download size: 45 k\nInstalled size: 75 k\nIs this ok [y/d/N]: Exiting on user command\nYour transaction was saved, rerun it with:\n yum load-transaction /tmp/yum_save_tx.2021-03-27.10-00.' + first.split('10-00.')[1])).toBe(true);
    expect(first).toMatch(/yum_save_tx\.2021-03-27\.10-00\.\w{6}\.yumtx\n$/);
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
    expect(blockOf(text, 'node01$ rpm -q ipvsadm')).toBe('package ipvsadm is not installed\n');
    expect(blockOf(text, 'node01$ echo y | yum install ipvsadm')).toContain('Installed size: 75 k\nIs this ok [y/d/N]: Downloading packages:\n');
    expect(lab.host('node01')!.packages.has('ipvsadm')).toBe(true);
  });

  it('unknown packages, EPEL gating, several packages with dependencies (the notes: yum install keepalived ipvsadm -y)', () => {
    const { text } = transcript(ONE_HOST, lines('yum install foo', 'echo $?', 'yum install nginx', 'yum -y install epel-release', 'yum install -y keepalived ipvsadm'));
    expect(blockOf(text, 'node01$ yum install foo')).toBe(MIRRORS + 'No package foo available.\nError: Nothing to do\n');
    expect(blockOf(text, 'node01$ echo $?')).toBe('1\n');
    expect(blockOf(text, 'node01$ yum install nginx')).toBe(MIRRORS + 'No package nginx available.\nError: Nothing to do\n');
    const ka = blockOf(text, 'node01$ yum install -y keepalived ipvsadm');
    expect(ka).toContain(' * base: mirrors.aliyun.com\n * epel: mirrors.aliyun.com\n');
    // The long lm_sensors-libs version pushes "Size" under "Repository", as yum's column code does.
    expect(ka).toContain(
      '================================================================================\n' +
        ' Package               Arch     Version                            Repository\n' +
        '                                                                           Size\n' +
        '================================================================================\n' +
        'Installing:\n' +
        ' ipvsadm               x86_64   1.27-8.el7                         base    45 k\n' +
        ' keepalived            x86_64   2.0.10-11.el7                      base   332 k\n' +
        'Installing for dependencies:\n' +
        ' lm_sensors-libs       x86_64   3.4.0-8.20160601gitf9185e5.el7     base    42 k\n' +
        ' net-snmp-agent-libs   x86_64   1:5.7.2-49.el7                     base   707 k\n' +
        ' net-snmp-libs         x86_64   1:5.7.2-49.el7                     base   752 k\n' +
        '\n' +
        'Transaction Summary\n' +
        '================================================================================\n' +
        'Install  2 Packages (+3 Dependent packages)\n',
    );
    expect(ka).toContain('--> Processing Dependency: libsensors.so.4()(64bit) for package: 1:net-snmp-agent-libs-5.7.2-49.el7.x86_64\n');
    expect(ka).toContain('(3/5): lm_sensors-libs-3.4.0-8.20160601gitf9185e5.el7.x8 |  42 kB  00:00:00     \n');
    expect(ka).toContain(
      '\nInstalled:\n  ipvsadm.x86_64 0:1.27-8.el7         keepalived.x86_64 0:2.0.10-11.el7        \n\nDependency Installed:\n' +
        '  lm_sensors-libs.x86_64 0:3.4.0-8.20160601gitf9185e5.el7                       \n' +
        '  net-snmp-agent-libs.x86_64 1:5.7.2-49.el7                                     \n' +
        '  net-snmp-libs.x86_64 1:5.7.2-49.el7                                           \n\nComplete!\n',
    );
  });

  it('yum remove takes what requires the package along and stops its service', () => {
    const { text, lab } = transcript(ONE_HOST, lines('yum install -y httpd', 'systemctl start httpd', 'yum remove -y apr', 'systemctl status httpd', 'yum remove foo', 'yum remove -y yum'));
    expect(blockOf(text, 'node01$ yum remove -y apr')).toBe(
      'Loaded plugins: fastestmirror\n' +
        'Resolving Dependencies\n' +
        '--> Running transaction check\n' +
        '---> Package apr.x86_64 0:1.4.8-7.el7 will be erased\n' +
        '--> Processing Dependency: libapr-1.so.0()(64bit) for package: apr-util-1.5.2-6.el7.x86_64\n' +
        '--> Processing Dependency: libapr-1.so.0()(64bit) for package: httpd-2.4.6-97.el7.centos.x86_64\n' +
        '--> Processing Dependency: libapr-1.so.0()(64bit) for package: httpd-tools-2.4.6-97.el7.centos.x86_64\n' +
        '--> Running transaction check\n' +
        '---> Package apr-util.x86_64 0:1.5.2-6.el7 will be erased\n' +
        '---> Package httpd.x86_64 0:2.4.6-97.el7.centos will be erased\n' +
        '---> Package httpd-tools.x86_64 0:2.4.6-97.el7.centos will be erased\n' +
        '--> Finished Dependency Resolution\n' +
        '\n' +
        'Dependencies Resolved\n' +
        '\n' +
        '================================================================================\n' +
        ' Package           Arch         Version                    Repository      Size\n' +
        '================================================================================\n' +
        'Removing:\n' +
        ' apr               x86_64       1.4.8-7.el7                @base          221 k\n' +
        'Removing for dependencies:\n' +
        ' apr-util          x86_64       1.5.2-6.el7                @base          198 k\n' +
        ' httpd             x86_64       2.4.6-97.el7.centos        @updates       9.4 M\n' +
        ' httpd-tools       x86_64       2.4.6-97.el7.centos        @updates       168 k\n' +
        '\n' +
        'Transaction Summary\n' +
        '================================================================================\n' +
        'Remove  1 Package (+3 Dependent packages)\n' +
        '\n' +
        'Installed size: 9.9 M\n' +
        'Downloading packages:\n' +
        'Running transaction check\n' +
        'Running transaction test\n' +
        'Transaction test succeeded\n' +
        'Running transaction\n' +
        '  Erasing    : httpd-2.4.6-97.el7.centos.x86_64                             1/4 \n' +
        '  Erasing    : httpd-tools-2.4.6-97.el7.centos.x86_64                       2/4 \n' +
        '  Erasing    : apr-util-1.5.2-6.el7.x86_64                                  3/4 \n' +
        '  Erasing    : apr-1.4.8-7.el7.x86_64                                       4/4 \n' +
        '  Verifying  : httpd-2.4.6-97.el7.centos.x86_64                             1/4 \n' +
        '  Verifying  : httpd-tools-2.4.6-97.el7.centos.x86_64                       2/4 \n' +
        '  Verifying  : apr-util-1.5.2-6.el7.x86_64                                  3/4 \n' +
        '  Verifying  : apr-1.4.8-7.el7.x86_64                                       4/4 \n' +
        '\n' +
        'Removed:\n' +
        '  apr.x86_64 0:1.4.8-7.el7                                                      \n' +
        '\n' +
        'Dependency Removed:\n' +
        // Three names fit in two columns; the third row holds one name padded to the first column's width.
        '  apr-util.x86_64 0:1.5.2-6.el7             httpd.x86_64 0:2.4.6-97.el7.centos \n' +
        '  httpd-tools.x86_64 0:2.4.6-97.el7.centos \n' +
        '\n' +
        'Complete!\n',
    );
    expect(blockOf(text, 'node01$ systemctl status httpd')).toBe('Unit httpd.service could not be found.\n');
    expect(lab.host('node01')!.procs.byName('httpd')).toEqual([]);
    expect(blockOf(text, 'node01$ yum remove foo')).toBe('Loaded plugins: fastestmirror\nNo Match for argument: foo\nNo Packages marked for removal\n');
    expect(blockOf(text, 'node01$ yum remove -y yum')).toBe('Loaded plugins: fastestmirror\nError: Trying to remove "yum", which is protected\n');
  });

  it('yum list installed lays out name.arch, version and repository in computed columns', () => {
    const { text } = transcript(ONE_HOST, lines('yum install -y ipvsadm', 'yum list installed', 'yum list installed httpd'));
    expect(blockOf(text, 'node01$ yum list installed')).toBe(
      'Loaded plugins: fastestmirror\n' +
        'Installed Packages\n' +
        'bash.x86_64                    4.2.46-34.el7                           @anaconda\n' +
        'coreutils.x86_64               8.22-24.el7_9.2                         @anaconda\n' +
        'curl.x86_64                    7.29.0-59.el7_9.1                       @anaconda\n' +
        'iproute.x86_64                 4.11.0-30.el7                           @anaconda\n' +
        'iptables.x86_64                1.4.21-35.el7                           @anaconda\n' +
        'iputils.x86_64                 20160308-10.el7                         @anaconda\n' +
        'ipvsadm.x86_64                 1.27-8.el7                              @base    \n' +
        'net-tools.x86_64               2.0-0.25.20131004git.el7                @anaconda\n' +
        'procps-ng.x86_64               3.3.10-28.el7                           @anaconda\n' +
        'systemd.x86_64                 219-78.el7_9.3                          @anaconda\n' +
        'yum.noarch                     3.4.3-168.el7.centos                    @anaconda\n',
    );
    expect(blockOf(text, 'node01$ yum list installed httpd')).toBe('Loaded plugins: fastestmirror\nError: No matching Packages to list\n');
  });

  it('rpm -qa lists the rpmdb; rpm -e refuses to break dependencies', () => {
    const { text } = transcript(ONE_HOST, lines('yum install -y httpd', 'rpm -qa | grep apr', 'rpm -e apr', 'rpm -q foo; echo $?'));
    expect(blockOf(text, 'node01$ rpm -qa | grep apr')).toBe('apr-1.4.8-7.el7.x86_64\napr-util-1.5.2-6.el7.x86_64\n');
    expect(blockOf(text, 'node01$ rpm -e apr')).toBe(
      'error: Failed dependencies:\n\tlibapr-1.so.0()(64bit) is needed by (installed) httpd-2.4.6-97.el7.centos.x86_64\n\tlibapr-1.so.0()(64bit) is needed by (installed) apr-util-1.5.2-6.el7.x86_64\n\tlibapr-1.so.0()(64bit) is needed by (installed) httpd-tools-2.4.6-97.el7.centos.x86_64\n',
    );
    expect(blockOf(text, 'node01$ rpm -q foo; echo $?')).toBe('package foo is not installed\n1\n');
  });
});
