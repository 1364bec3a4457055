/**
 * "Export configuration": a host's live state as the shell commands that
 * rebuild it on a bare host (one with the same network cards and nothing
 * configured), in the course's own idiom — `yum install -y`, `echo N >
 * /proc/sys/...`, `ifconfig eth0:2 … netmask …`, `route add`, here-documents
 * for files, `service … start`, and `ipvsadm -A/-a` lines from ipvsadm's own
 * `-S` code.
 *
 * Only what differs from a freshly built host is written: the comparison is
 * with a pristine host built here (same id, same packages installed, same
 * devices), so defaults — base packages, lo's 127.0.0.1/8, sysctl defaults,
 * the files packages install, the daemons running after boot — never appear.
 *
 * Order: packages (their commands and unit files are needed later); sysctls of
 * devices a bare host has (the notes set arp_ignore/arp_announce before the VIP
 * goes on lo:1); addresses, MTU, link state; sysctls of devices the address
 * lines created (tunl0); routes; files; services (keepalived reads its file);
 * IPVS rules and timeouts; IPVS sysctls (they exist once ip_vs is loaded);
 * iptables rules.
 *
 * Pure with respect to the host: it reads, never changes it.
 */
import { BASE_PACKAGES, installBase } from '../apps/base';
import { IpStack } from '../net/ip/stack';
import type { IfAddr, Iface } from '../net/ip/iface';
import type { Route } from '../net/ip/route';
import { peekXtables } from '../net/netfilter/xtables';
import { Host } from '../os/host';
import { CATALOGUE, installPackage } from '../os/packages';
import { isActive } from '../os/services';
import { BUILTIN_UNITS } from '../os/units';
import { ipvsOf } from '../lvs';
import { DEFAULT_TCP_TIMEOUTS, DEFAULT_UDP_TIMEOUT } from '../lvs/proto-tcp';
import { FMT } from '../shell/commands/ipvsadm/options';
import { saveRules } from '../shell/commands/ipvsadm/save';
import type { Namer } from '../shell/commands/ipvsadm/format';
import { iptablesSave } from '../shell/commands/firewall/iptables-save';
import { formatIpv4, networkOf, prefixToMask, type Ipv4 } from '../wire/addr';
import { World } from '../world';

/** Where a learner's files live that belong to a host's configuration. */
export const CONFIG_PATHS = ['/etc/hosts', '/etc/resolv.conf', '/etc/sysctl.conf', '/etc/sysconfig/ipvsadm', '/etc/keepalived', '/var/www/html'] as const;

/** The commands that rebuild `host`'s configuration on a bare host, one shell submission each (a here-document is one). */
export function hostAsCommands(host: Host): string[] {
  const stack = host.stack as IpStack | null;
  if (!stack || !(stack instanceof IpStack)) return [];
  const fresh = pristine(host, stack);
  const out: string[] = [];
  if (host.hostname !== host.id) out.push(`hostname ${shellWord(host.hostname)}`);
  out.push(...packageLines(host));
  // Devices a bare host lacks (tunl0): the address lines create them, their sysctls come after.
  const late = new Set([...stack.ifaces.values()].filter((i) => !i.nic && !fresh.stack.ifaces.has(i.name)).map((i) => i.name));
  const sysctls = sysctlLines(stack, fresh.stack, late);
  const devOf = (key: string) => /^net\/ipv4\/conf\/([^/]+)\//.exec(key)?.[1];
  out.push(...sysctls.filter(([k]) => !k.startsWith('net/ipv4/vs/') && !late.has(devOf(k) ?? '')).map(([, line]) => line));
  // Network cards first (the notes configure eth0, then hide the VIP on lo:1), then lo, then tunnels.
  const rank = (i: Iface) => (i.nic ? 0 : i.tunnel ? 2 : 1);
  for (const iface of [...stack.ifaces.values()].sort((a, b) => rank(a) - rank(b))) {
    const f = fresh.stack.ifaces.get(iface.name);
    // A bare host's network cards: up, MTU 1500, no address (SCENARIO_DEFAULTS).
    const base = f ? { mtu: f.mtu, up: f.up, addrs: f.addrs } : iface.nic ? { mtu: 1500, up: true, addrs: [] } : null;
    out.push(...interfaceLines(iface, base));
  }
  out.push(...sysctls.filter(([k]) => late.has(devOf(k) ?? '')).map(([, line]) => line));
  out.push(...routeLines(stack));
  out.push(...fileLines(host, fresh.host));
  out.push(...serviceLines(host, fresh.host));
  // keepalived, when it runs, rebuilds the IPVS table from its own file.
  const ipvs = isActive(host, 'keepalived') ? [] : ipvsLines(host);
  const vs = sysctls.filter(([k]) => k.startsWith('net/ipv4/vs/')).map(([, line]) => line);
  // /proc/sys/net/ipv4/vs exists once ip_vs is loaded: an empty table still needs one ipvsadm call.
  if (vs.length && !ipvs.length && !isActive(host, 'keepalived')) ipvs.push('ipvsadm -C');
  out.push(...ipvs, ...vs);
  out.push(...iptablesLines(host, stack));
  return out;
}

/** The same as one script, ready to save as `<node>.sh`. */
export function hostAsScript(host: Host): string {
  const lines = hostAsCommands(host);
  return `#!/bin/bash\n# ${host.id}: its configuration at t=${(host.world.now / 1e6).toFixed(3)} s, as commands (lvslab)\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** The director's rules as `ipvsadm -S -n` prints them (the `ipvsadm-save` file); '' when IPVS is not loaded. */
export function ipvsSave(host: Host): string {
  if (!host.ipvs) return '';
  let text = '';
  drive(saveRules(host.ipvs, FMT.NUMERIC, numeric, (t) => (text += t)));
  return text;
}

// ---------------------------------------------------------------------------

interface Pristine {
  host: Host;
  stack: IpStack;
}

/** What `host` would be straight after it was built: same id, kind, devices and packages, nothing typed. */
function pristine(host: Host, stack: IpStack): Pristine {
  const world = new World(host.world.seed);
  const h = world.addNode(new Host(world, host.id, host.kind));
  const s = new IpStack(h);
  installBase(h, s);
  // The bare host has the same network cards (their sysctls: a new device copies `default`).
  for (const i of stack.ifaces.values()) if (i.nic) s.sysctl.addDevice(i.name);
  for (const p of host.packages) if (!h.packages.has(p)) installPackage(h, p);
  if (host.ipvs) ipvsOf(h);
  return { host: h, stack: s };
}

/** A word the shell reads back as itself. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function packageLines(host: Host): string[] {
  const base = new Set<string>(BASE_PACKAGES);
  const extra = [...host.packages].filter((p) => !base.has(p));
  // Dependencies come along with what needs them (yum resolves them again).
  const deps = new Set(extra.flatMap((p) => CATALOGUE.get(p)?.requires?.map((r) => r.pkg) ?? []));
  const wanted = extra.filter((p) => !deps.has(p) && CATALOGUE.has(p));
  const epel = wanted.filter((p) => CATALOGUE.get(p)!.repo === 'epel');
  const plain = wanted.filter((p) => CATALOGUE.get(p)!.repo !== 'epel');
  const out: string[] = [];
  if (plain.length) out.push(`yum install -y ${plain.join(' ')}`);
  if (epel.length) out.push(`yum install -y ${epel.join(' ')}`);
  return out;
}

/**
 * [key, command] for every sysctl whose value differs from a fresh host's; keys
 * sorted. A device the bare host lacks copies `conf/default` when the address
 * lines create it (the kernel's devinet_sysctl_register), so that is its default.
 */
function sysctlLines(stack: IpStack, fresh: IpStack, late: ReadonlySet<string>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const ipForward = stack.sysctl.get('net/ipv4/ip_forward');
  for (const key of stack.sysctl.keys()) {
    const v = stack.sysctl.get(key);
    const conf = /^net\/ipv4\/conf\/([^/]+)\/(.+)$/.exec(key);
    const def = conf && late.has(conf[1]) ? stack.sysctl.get(`net/ipv4/conf/default/${conf[2]}`) : fresh.sysctl.get(key);
    // A key the fresh host lacks belongs to a module loaded later (conntrack): its default is not known here.
    if (v === undefined || def === undefined || v === def) continue;
    // ip_forward and conf/all/forwarding mirror each other: one line sets both.
    if (key === 'net/ipv4/conf/all/forwarding' && v === ipForward) continue;
    out.push([key, `echo ${v} > /proc/sys/${key}`]);
  }
  return out;
}

/** What `ifconfig NAME IP netmask M` leaves as the broadcast address (SIOCSIFADDR's classful mask, then SIOCSIFNETMASK). */
function ifconfigBroadcast(dev: Iface, a: IfAddr): Ipv4 {
  if (!dev.nic) return 0;
  const first = a.ip >>> 31 === 0 ? 8 : a.ip >>> 30 === 2 ? 16 : a.ip >>> 29 === 6 ? 24 : -1;
  if (first < 0) return 0;
  const brd = (a.ip | (~prefixToMask(first) >>> 0)) >>> 0;
  if (a.prefixLen === first || a.prefixLen >= 31) return brd;
  return (a.ip | (~prefixToMask(a.prefixLen) >>> 0)) >>> 0;
}

/** What a bare host has on a device (null: it has no such device). */
interface DeviceBase {
  mtu: number;
  up: boolean;
  addrs: readonly IfAddr[];
}

function interfaceLines(iface: Iface, base: DeviceBase | null): string[] {
  const out: string[] = [];
  const dev = iface.name;
  const freshAddrs = base?.addrs ?? [];
  const seenLabels = new Set<string>();
  for (const a of iface.addrs) {
    const label = a.label;
    const firstOfLabel = !seenLabels.has(label);
    seenLabels.add(label);
    // lo's own 127.0.0.1/8 (and anything else a fresh host has) is not configuration.
    if (freshAddrs.some((f) => f.ip === a.ip && f.prefixLen === a.prefixLen && f.label === a.label && f.broadcast === a.broadcast)) continue;
    const defaultScope = a.ip >>> 24 === 127 ? 'host' : 'global';
    const ifcBrd = ifconfigBroadcast(iface, a);
    const ip = formatIpv4(a.ip);
    const mask = formatIpv4(prefixToMask(a.prefixLen));
    const ifconfigName = label === dev || label.startsWith(`${dev}:`);
    if (firstOfLabel && ifconfigName && a.scope === defaultScope && (a.broadcast === ifcBrd || a.broadcast !== 0)) {
      // net-tools, as the notes write it; an explicit broadcast when it is not the one ifconfig would pick.
      out.push(`ifconfig ${label} ${ip} netmask ${mask}${a.broadcast !== ifcBrd ? ` broadcast ${formatIpv4(a.broadcast)}` : ''}`);
    } else {
      const brd = a.broadcast ? ` brd ${formatIpv4(a.broadcast)}` : '';
      const scope = a.scope !== defaultScope ? ` scope ${a.scope}` : '';
      out.push(`ip addr add ${ip}/${a.prefixLen}${brd} dev ${dev}${label !== dev ? ` label ${label}` : ''}${scope}`);
    }
  }
  // ifconfig with an address brings the device up; a device the bare host lacks is created down (tunl0).
  const upAfter = out.some((l) => l.startsWith(`ifconfig ${dev} `)) ? true : base ? base.up : false;
  if (base && iface.mtu !== base.mtu) out.push(`ifconfig ${dev} mtu ${iface.mtu}`);
  if (iface.up !== upAfter || (!base && out.length === 0)) out.push(`ifconfig ${dev} ${iface.up ? 'up' : 'down'}`);
  return out;
}

const isGatewayless = (r: Route) => r.gateway === 0;

/** The routes a command added (every main-table route that is not derived from an address), in table order. */
function routeLines(stack: IpStack): string[] {
  const out: string[] = [];
  for (const r of stack.routes.routes) {
    if (r.table !== 'main' || r.proto === 'kernel') continue;
    out.push(routeLine(stack, r));
  }
  return out;
}

function routeLine(stack: IpStack, r: Route): string {
  const dst = formatIpv4(r.dst);
  const netmask = formatIpv4(prefixToMask(r.prefixLen));
  const target = r.prefixLen === 0 ? 'default' : r.prefixLen === 32 ? `-host ${dst}` : `-net ${dst} netmask ${netmask}`;
  const metric = r.metric ? ` metric ${r.metric}` : '';
  // route(8)'s reject route is the kernel's unreachable type with host scope.
  if (r.type === 'unreachable' && r.scope === 'host' && r.prefsrc === 0) return `route add ${target}${metric} reject`;
  if (r.type === 'unicast' && r.prefsrc === 0 && r.proto === 'boot') {
    if (isGatewayless(r) && r.scope === 'link') return `route add ${target}${metric} dev ${r.dev}`;
    if (!isGatewayless(r) && r.scope === 'global') {
      // The device route(8) would pick for the gateway by itself (a connected route); name it only when that differs.
      const connected = stack.routes.routes.find((k) => k.table === 'main' && k.proto === 'kernel' && k.type === 'unicast' && networkOf(r.gateway, k.prefixLen) === k.dst);
      return `route add ${target} gw ${formatIpv4(r.gateway)}${metric}${connected && connected.dev === r.dev ? '' : ` dev ${r.dev}`}`;
    }
  }
  const parts = ['ip route add'];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(r.prefixLen === 0 ? 'default' : `${dst}/${r.prefixLen}`);
  if (r.gateway) parts.push(`via ${formatIpv4(r.gateway)}`);
  if (r.dev) parts.push(`dev ${r.dev}`);
  if (r.proto !== 'boot') parts.push(`proto ${r.proto}`);
  const reject = r.type === 'unreachable' || r.type === 'prohibit' || r.type === 'blackhole';
  const defScope = reject ? 'global' : r.gateway ? 'global' : 'link';
  if (r.scope !== defScope) parts.push(`scope ${r.scope}`);
  if (r.prefsrc) parts.push(`src ${formatIpv4(r.prefsrc)}`);
  if (r.metric) parts.push(`metric ${r.metric}`);
  return parts.join(' ');
}

/** Regular files under CONFIG_PATHS, with their content and mode. */
function configFiles(host: Host): Map<string, { content: string; mode: number }> {
  const out = new Map<string, { content: string; mode: number }>();
  const walk = (path: string, depth: number): void => {
    if (depth > 16 || host.fs.isVirtual(path)) return;
    if (host.fs.isFile(path)) {
      out.set(path, { content: host.fs.read(path), mode: host.fs.mode(path) });
      return;
    }
    if (!host.fs.isDir(path)) return;
    for (const e of host.fs.list(path)) walk(path === '/' ? `/${e.name}` : `${path}/${e.name}`, depth + 1);
  };
  for (const p of CONFIG_PATHS) walk(p, 0);
  return out;
}

/** Files the learner wrote or changed (as here-documents), removed (rm -f), or re-moded (chmod). */
function fileLines(host: Host, fresh: Host): string[] {
  const now = configFiles(host);
  const before = configFiles(fresh);
  const out: string[] = [];
  const dirs = new Set<string>();
  for (const [path, f] of now) {
    const was = before.get(path);
    if (!was) {
      const dir = path.slice(0, path.lastIndexOf('/')) || '/';
      if (!fresh.fs.isDir(dir) && !dirs.has(dir)) {
        dirs.add(dir);
        out.push(`mkdir -p ${shellWord(dir)}`);
      }
    }
    if (!was || was.content !== f.content) out.push(writeFile(path, f.content));
    if (f.mode !== (was ? was.mode : 0o644)) out.push(`chmod ${f.mode.toString(8).padStart(3, '0')} ${shellWord(path)}`);
  }
  for (const path of before.keys()) if (!now.has(path)) out.push(`rm -f ${shellWord(path)}`);
  return out;
}

/**
 * A file's content as a command: a quoted here-document (no expansion) when the
 * text ends with a newline, else one printf line with the text as its format.
 */
export function writeFile(path: string, content: string): string {
  const p = shellWord(path);
  const lines = content.split('\n');
  if (content.endsWith('\n') && !content.includes('\r') && !content.includes('\0')) {
    let delim = 'EOF';
    for (let n = 1; lines.includes(delim); n++) delim = `EOF${n}`;
    return `cat > ${p} <<'${delim}'\n${content}${delim}`;
  }
  const format = content.replace(/\\/g, '\\\\').replace(/%/g, '%%').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\0/g, '\\0').replace(/'/g, `'\\''`);
  return `printf '${format}' > ${p}`;
}

/** Units whose state differs from a fresh host's: `service NAME start|stop`. */
function serviceLines(host: Host, fresh: Host): string[] {
  const out: string[] = [];
  for (const def of BUILTIN_UNITS) {
    const now = isActive(host, def.name);
    const then = isActive(fresh, def.name);
    if (now !== then) out.push(`service ${def.name} ${now ? 'start' : 'stop'}`);
  }
  return out;
}

const numeric: Namer = {
  // eslint-disable-next-line require-yield
  *addrport(addr, port) {
    return `${formatIpv4(addr)}:${port}`;
  },
};

/** Run a printer generator that never blocks (numeric names need no resolver). */
function drive(g: Generator<unknown, void, unknown>): void {
  for (let r = g.next(); !r.done; r = g.next()) throw new Error('ipvsadm -S -n blocked (it never should)');
}

function ipvsLines(host: Host): string[] {
  const ipvs = host.ipvs;
  if (!ipvs) return [];
  const out = ipvsSave(host)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `ipvsadm ${l}`);
  const t = ipvs.tcpTimeouts;
  if (t.ESTABLISHED !== DEFAULT_TCP_TIMEOUTS.ESTABLISHED || t.FIN_WAIT !== DEFAULT_TCP_TIMEOUTS.FIN_WAIT || ipvs.udpTimeout !== DEFAULT_UDP_TIMEOUT) {
    out.push(`ipvsadm --set ${t.ESTABLISHED} ${t.FIN_WAIT} ${ipvs.udpTimeout}`);
  }
  return out;
}

/** iptables-save's tables as iptables commands: policies, user chains, then rules in order. */
function iptablesLines(host: Host, stack: IpStack): string[] {
  const x = peekXtables(stack);
  if (!x || x.tableNames().length === 0) return [];
  let text = '';
  iptablesSave(host, ['iptables-save'], (s) => (text += s), () => {});
  const out: string[] = [];
  let table = 'filter';
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    const t = table === 'filter' ? '' : ` -t ${table}`;
    const chain = /^:(\S+) (\S+) /.exec(line);
    if (chain) {
      if (chain[2] === '-') out.push(`iptables${t} -N ${chain[1]}`);
      else if (chain[2] !== 'ACCEPT') out.push(`iptables${t} -P ${chain[1]} ${chain[2]}`);
    } else if (line.startsWith('-A ')) out.push(`iptables${t} ${line}`);
  }
  return out;
}
