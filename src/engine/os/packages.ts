import type { Host } from './host';
import { installEpelFiles, installHttpdFiles, installKeepalivedFiles, installNginxFiles } from './package-files';
import { stopServicesOfPackage } from './services';

/**
 * The RPM packages lvslab knows: CentOS 7.9 versions as its base/updates/extras
 * repositories (and EPEL) carried them in 2021, with the dependencies a
 * minimal install lacks. keepalived is the exception: CentOS 7 base ships
 * 1.3.5, but lvslab's daemon follows keepalived 2.x (LINUX-BEHAVIOUR.md §4),
 * so the package is 2.0.10, the version `keepalived -v` and its logs print.
 */
export interface PackageInfo {
  name: string;
  arch: 'x86_64' | 'noarch';
  epoch: number;
  version: string;
  release: string;
  /** Repository id it installs from; `anaconda` for the VM's installed base. */
  repo: 'base' | 'updates' | 'extras' | 'epel' | 'anaconda';
  /** Download size and installed size, bytes. */
  size: number;
  installedSize: number;
  /** What it requires that a minimal install lacks: the capability as yum prints it, and the package providing it. */
  requires?: Array<{ cap: string; pkg: string }>;
  /** Other names `yum install` accepts (`nc` → nmap-ncat). */
  provides?: string[];
}

type P = PackageInfo;
const pkg = (name: string, arch: P['arch'], evr: string, repo: P['repo'], size: number, installedSize: number, extra: Partial<P> = {}): P => {
  const m = /^(?:(\d+):)?([^-]+)-(.+)$/.exec(evr)!;
  return { name, arch, epoch: m[1] ? Number(m[1]) : 0, version: m[2], release: m[3], repo, size, installedSize, ...extra };
};
const req = (...pairs: Array<[string, string]>) => ({ requires: pairs.map(([cap, p]) => ({ cap, pkg: p })) });

const LIST: PackageInfo[] = [
  // The VM's base system (installed by anaconda; `rpm -q` answers for them).
  pkg('bash', 'x86_64', '4.2.46-34.el7', 'anaconda', 1_041_408, 3_667_968),
  pkg('coreutils', 'x86_64', '8.22-24.el7_9.2', 'anaconda', 3_407_872, 14_680_064),
  pkg('procps-ng', 'x86_64', '3.3.10-28.el7', 'anaconda', 297_984, 778_240),
  pkg('iproute', 'x86_64', '4.11.0-30.el7', 'anaconda', 826_368, 2_347_008),
  pkg('iputils', 'x86_64', '20160308-10.el7', 'anaconda', 151_552, 350_208),
  pkg('net-tools', 'x86_64', '2.0-0.25.20131004git.el7', 'anaconda', 313_344, 939_008),
  pkg('curl', 'x86_64', '7.29.0-59.el7_9.1', 'anaconda', 276_480, 547_840),
  pkg('yum', 'noarch', '3.4.3-168.el7.centos', 'anaconda', 1_318_912, 5_976_064),
  pkg('systemd', 'x86_64', '219-78.el7_9.3', 'anaconda', 5_347_328, 24_641_536),
  pkg('iptables', 'x86_64', '1.4.21-35.el7', 'anaconda', 440_320, 1_568_768),
  // httpd and what a minimal install lacks for it (the course's real servers).
  pkg('httpd', 'x86_64', '2.4.6-97.el7.centos', 'updates', 2_843_700, 9_821_064, req(
    ['httpd-tools = 2.4.6-97.el7.centos', 'httpd-tools'],
    ['/etc/mime.types', 'mailcap'],
    ['libaprutil-1.so.0()(64bit)', 'apr-util'],
    ['libapr-1.so.0()(64bit)', 'apr'],
  )),
  pkg('apr', 'x86_64', '1.4.8-7.el7', 'base', 106_776, 226_686),
  pkg('apr-util', 'x86_64', '1.5.2-6.el7', 'base', 94_512, 203_000, req(['libapr-1.so.0()(64bit)', 'apr'])),
  pkg('httpd-tools', 'x86_64', '2.4.6-97.el7.centos', 'updates', 95_492, 172_000, req(['libapr-1.so.0()(64bit)', 'apr'], ['libaprutil-1.so.0()(64bit)', 'apr-util'])),
  pkg('mailcap', 'noarch', '2.1.41-2.el7', 'base', 31_968, 73_000),
  // The director.
  pkg('ipvsadm', 'x86_64', '1.27-8.el7', 'base', 46_080, 76_800),
  pkg('keepalived', 'x86_64', '2.0.10-11.el7', 'base', 339_968, 1_062_000, req(
    ['libnetsnmpmibs.so.31()(64bit)', 'net-snmp-agent-libs'],
    ['libnetsnmpagent.so.31()(64bit)', 'net-snmp-agent-libs'],
    ['libnetsnmp.so.31()(64bit)', 'net-snmp-libs'],
  )),
  pkg('net-snmp-agent-libs', 'x86_64', '1:5.7.2-49.el7', 'base', 724_000, 1_780_000, req(['libsensors.so.4()(64bit)', 'lm_sensors-libs'], ['net-snmp-libs = 1:5.7.2-49.el7', 'net-snmp-libs'])),
  pkg('net-snmp-libs', 'x86_64', '1:5.7.2-49.el7', 'base', 770_000, 2_100_000),
  pkg('lm_sensors-libs', 'x86_64', '3.4.0-8.20160601gitf9185e5.el7', 'base', 42_500, 86_000),
  // Tools learners reach for.
  pkg('tcpdump', 'x86_64', '14:4.9.2-4.el7_7.1', 'base', 432_128, 1_010_000, req(['libpcap >= 14:1.5.3-10', 'libpcap'], ['libpcap.so.1()(64bit)', 'libpcap'])),
  pkg('libpcap', 'x86_64', '14:1.5.3-12.el7', 'base', 142_336, 278_000),
  pkg('telnet', 'x86_64', '1:0.17-66.el7', 'updates', 65_536, 115_000),
  pkg('wget', 'x86_64', '1.14-18.el7_6.1', 'base', 560_128, 2_055_000),
  pkg('nmap-ncat', 'x86_64', '2:6.40-19.el7', 'base', 210_944, 423_000, { provides: ['nc', 'ncat'] }),
  pkg('bind-utils', 'x86_64', '32:9.11.4-26.P2.el7_9.3', 'updates', 267_264, 590_000, req(['bind-libs = 32:9.11.4-26.P2.el7_9.3', 'bind-libs'], ['libbind9.so.160()(64bit)', 'bind-libs'])),
  pkg('bind-libs', 'x86_64', '32:9.11.4-26.P2.el7_9.3', 'updates', 160_768, 565_000),
  pkg('iptables-services', 'x86_64', '1.4.21-35.el7', 'base', 53_248, 27_000),
  pkg('lsof', 'x86_64', '4.87-6.el7', 'base', 331_776, 947_000),
  pkg('vim-enhanced', 'x86_64', '2:7.4.629-8.el7_9', 'updates', 1_126_400, 2_296_000, req(['vim-common = 2:7.4.629-8.el7_9', 'vim-common'], ['libgpm.so.2()(64bit)', 'gpm-libs'])),
  pkg('vim-common', 'x86_64', '2:7.4.629-8.el7_9', 'updates', 6_186_598, 22_000_000, req(['vim-filesystem', 'vim-filesystem'])),
  pkg('vim-filesystem', 'x86_64', '2:7.4.629-8.el7_9', 'updates', 11_264, 2_000),
  pkg('gpm-libs', 'x86_64', '1.20.7-6.el7', 'base', 32_768, 66_000),
  pkg('epel-release', 'noarch', '7-11', 'extras', 15_360, 24_576),
  // EPEL: only once epel-release is installed.
  pkg('nginx', 'x86_64', '1:1.20.1-10.el7', 'epel', 602_112, 1_700_000, req(
    ['nginx-filesystem = 1:1.20.1-10.el7', 'nginx-filesystem'],
    ['libprofiler.so.0()(64bit)', 'gperftools-libs'],
    ['libssl.so.1.1(OPENSSL_1_1_1)(64bit)', 'openssl11-libs'],
    ['libcrypto.so.1.1()(64bit)', 'openssl11-libs'],
  )),
  pkg('nginx-filesystem', 'noarch', '1:1.20.1-10.el7', 'epel', 24_000, 2_000),
  pkg('gperftools-libs', 'x86_64', '2.6.1-1.el7', 'base', 278_528, 1_073_000),
  pkg('openssl11-libs', 'x86_64', '1:1.1.1k-5.el7', 'epel', 1_572_864, 3_680_000),
];

export const CATALOGUE: ReadonlyMap<string, PackageInfo> = new Map(LIST.map((p) => [p.name, p]));

/** `1.27-8.el7`, `14:4.9.2-4.el7_7.1` (yum's printVer). */
export const evr = (p: PackageInfo): string => `${p.epoch ? `${p.epoch}:` : ''}${p.version}-${p.release}`;
/** `httpd-2.4.6-97.el7.centos.x86_64` (rpm -q). */
export const nvra = (p: PackageInfo): string => `${p.name}-${p.version}-${p.release}.${p.arch}`;
/** yum's str(po): NVRA with `epoch:` in front when it is not 0. */
export const envra = (p: PackageInfo): string => `${p.epoch ? `${p.epoch}:` : ''}${nvra(p)}`;

/** Find a package by name or by something it provides, if its repository is enabled on the host. */
export function lookupPackage(host: Host, name: string): PackageInfo | undefined {
  const p = CATALOGUE.get(name) ?? LIST.find((q) => q.provides?.includes(name));
  if (!p) return undefined;
  if (p.repo === 'epel' && !host.packages.has('epel-release')) return undefined;
  return p;
}

export type PackageHook = (host: Host) => void;
const HOOKS = new Map<string, PackageHook[]>();

/** Run `fn` whenever `name` is installed on a host (after its files are in place). Hooks add up. */
export function registerPackageHook(name: string, fn: PackageHook): void {
  const l = HOOKS.get(name) ?? [];
  l.push(fn);
  HOOKS.set(name, l);
}

registerPackageHook('httpd', installHttpdFiles);
registerPackageHook('keepalived', installKeepalivedFiles);
registerPackageHook('epel-release', installEpelFiles);
registerPackageHook('nginx', installNginxFiles);

/** Mark one package installed and run its hooks (no dependencies: yum resolves them). */
export function markInstalled(host: Host, name: string): void {
  if (host.packages.has(name)) return;
  host.packages.add(name);
  for (const h of HOOKS.get(name) ?? []) h(host);
  const p = CATALOGUE.get(name);
  host.world.trace.state({ t: host.world.now, node: host.id, kind: 'package.install', text: p ? nvra(p) : name, data: { name } });
}

/** Remove one package: its units are stopped first (%systemd_preun); its commands disappear. Config files stay. */
export function markRemoved(host: Host, name: string): void {
  if (!host.packages.has(name)) return;
  stopServicesOfPackage(host, name);
  host.packages.delete(name);
  const p = CATALOGUE.get(name);
  host.world.trace.state({ t: host.world.now, node: host.id, kind: 'package.remove', text: p ? nvra(p) : name, data: { name } });
}

/**
 * Install a package with its missing dependencies, silently (scenario
 * `packages`, presets). Unknown names are added as they are, so a scenario can
 * name a package lvslab has no catalogue entry for.
 */
export function installPackage(host: Host, name: string): void {
  const p = CATALOGUE.get(name) ?? LIST.find((q) => q.provides?.includes(name));
  if (!p) {
    markInstalled(host, name);
    return;
  }
  for (const q of installOrder(resolveInstall(host, [p]).all)) markInstalled(host, q.name);
}

/** Remove a package and everything installed that requires it, silently. */
export function removePackage(host: Host, name: string): void {
  for (const q of resolveRemove(host, name)) markRemoved(host, q.name);
}

/** One level of yum's dependency resolution, as its log prints it. */
export interface ResolveStep {
  pkg: PackageInfo;
  /** `--> Processing Dependency:` lines: capabilities that pulled in a package not yet in the transaction. */
  pulled: Array<{ cap: string; by: PackageInfo }>;
}

/**
 * yum's depsolve for an install: level by level (each level is one
 * `--> Running transaction check`), packages sorted by name within a level.
 */
export function resolveInstall(host: Host, wanted: PackageInfo[]): { levels: ResolveStep[][]; all: PackageInfo[]; deps: PackageInfo[] } {
  const inTx = new Set(wanted.map((p) => p.name));
  const levels: ResolveStep[][] = [];
  let level = [...wanted].sort(byName);
  const deps: PackageInfo[] = [];
  while (level.length) {
    const steps: ResolveStep[] = [];
    const next: PackageInfo[] = [];
    for (const p of level) {
      const step: ResolveStep = { pkg: p, pulled: [] };
      // Each of this package's unresolved requirements gets a line, even when two resolve to one package.
      const mine = new Set<string>();
      for (const r of p.requires ?? []) {
        if (host.packages.has(r.pkg)) continue;
        const dep = CATALOGUE.get(r.pkg)!;
        if (inTx.has(r.pkg) && !mine.has(r.pkg)) continue;
        mine.add(r.pkg);
        step.pulled.push({ cap: r.cap, by: p });
        if (!inTx.has(r.pkg)) {
          inTx.add(r.pkg);
          next.push(dep);
          deps.push(dep);
        }
      }
      steps.push(step);
    }
    levels.push(steps);
    level = next.sort(byName);
  }
  return { levels, all: [...wanted, ...deps], deps: deps.sort(byName) };
}

/** rpm's install order: every package after what it requires, alphabetical among the ready ones (reversed, the erase order). */
export function installOrder(pkgs: PackageInfo[]): PackageInfo[] {
  const left = [...pkgs].sort(byName);
  const done = new Set<string>();
  const out: PackageInfo[] = [];
  while (left.length) {
    const ready = left.find((p) => (p.requires ?? []).every((r) => done.has(r.pkg) || !left.some((q) => q.name === r.pkg))) ?? left[0];
    left.splice(left.indexOf(ready), 1);
    done.add(ready.name);
    out.push(ready);
  }
  return out;
}

/** `yum remove X`: X plus every installed package that (transitively) requires it. */
export function resolveRemove(host: Host, name: string): PackageInfo[] {
  const out = new Map<string, PackageInfo>();
  const visit = (n: string) => {
    const p = CATALOGUE.get(n);
    if (!p || out.has(n) || !host.packages.has(n)) return;
    out.set(n, p);
    for (const q of CATALOGUE.values()) if (host.packages.has(q.name) && q.requires?.some((r) => r.pkg === n)) visit(q.name);
  };
  visit(name);
  return [...out.values()];
}

/** The installed package record (catalogue entry), if lvslab knows it. */
export function installedInfo(host: Host, name: string): PackageInfo | undefined {
  return host.packages.has(name) ? CATALOGUE.get(name) : undefined;
}

function byName(a: PackageInfo, b: PackageInfo): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
