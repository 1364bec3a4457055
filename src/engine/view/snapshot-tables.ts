/**
 * The inspector's live tables of a host, as the tools print them: sockets
 * (`netstat -natup`), connection tracking / NAT (`conntrack -L`), IPVS
 * services and connections (`ipvsadm -Ln`, `ipvsadm -Lnc`) and keepalived's
 * VRRP instances. Each is read without side effects: nothing is created or
 * loaded just because the inspector looked.
 */
import type { IpStack } from '../net/ip/stack';
import { natTable } from '../net/netfilter';
import type { Host } from '../os/host';
import { IPVS_TCP_STATES } from '../lvs/proto-tcp';
import { FWD_NAME, type IpvsService } from '../lvs/types';
import { keepalivedOf } from '../ha/keepalived';
import { netstatProgram, tcpRows, udpRows, type InetRow } from '../shell/commands/sockets/rows';
import { formatIpv4, type Ipv4 } from '../wire/addr';
import { IP_PROTOCOL } from '../wire/ipv4';
import type { IpvsConnView, IpvsServiceView, IpvsView, NatView, SocketRow, VrrpView } from './types';

/** Rows sent per table: enough to read, bounded for a busy server. */
export const SOCKET_ROWS = 100;
export const IPVS_CONN_ROWS = 100;
export const NAT_ROWS = 100;

const ap = (ip: Ipv4, port: number): string => `${formatIpv4(ip)}:${port}`;

/** netstat -natup: TCP then UDP, numeric, with the owning process. */
export function socketRows(host: Host): { rows: SocketRow[]; count: number } {
  const stack = host.stack as IpStack;
  // TCP and UDP are attached to every built host; never attach them just to look.
  const tcp = stack.protocols.has(IP_PROTOCOL.TCP) ? tcpRows(host) : [];
  const udp = stack.protocols.has(IP_PROTOCOL.UDP) ? udpRows(host) : [];
  const all: InetRow[] = [...tcp, ...udp];
  const rows = all.slice(0, SOCKET_ROWS).map((r) => ({
    proto: r.proto,
    recvQ: r.recvQ,
    sendQ: r.sendQ,
    local: ap(r.localIp, r.localPort),
    foreign: r.listening && r.remotePort === 0 ? `${formatIpv4(r.remoteIp)}:*` : ap(r.remoteIp, r.remotePort),
    state: r.netstatState,
    program: netstatProgram(host, r.owner),
  }));
  return { rows, count: all.length };
}

/** Connection tracking entries (only once conntrack is loaded: iptables nat/filter in use). */
export function natRows(stack: IpStack): NatView[] | undefined {
  const rows = natTable(stack);
  if (!rows.length) return undefined;
  return rows.slice(0, NAT_ROWS).map((r) => ({
    id: r.id,
    proto: r.proto,
    state: r.state,
    expires: r.expires,
    origSrc: `${r.origSrc.ip}:${r.origSrc.port}`,
    origDst: `${r.origDst.ip}:${r.origDst.port}`,
    replySrc: `${r.replySrc.ip}:${r.replySrc.port}`,
    replyDst: `${r.replyDst.ip}:${r.replyDst.port}`,
    snat: r.snat,
    dnat: r.dnat,
    assured: r.assured,
    text: r.text,
  }));
}

/** ipvsadm -Ln's service line flags: `persistent 50`, `mask …`, `ops`. */
function serviceFlags(s: IpvsService): string {
  const out: string[] = [];
  if (s.persistent) {
    out.push(`persistent ${s.timeout}`);
    if (s.netmask !== 0xffffffff) out.push(`mask ${formatIpv4(s.netmask)}`);
  }
  if (s.ops) out.push('ops');
  return out.join(' ');
}

/** ipvsadm -Ln / -Lnc, sorted as libipvs sorts services and real servers. */
export function ipvsView(host: Host): IpvsView | undefined {
  const ipvs = host.ipvs;
  // Only the real module (a test may hang a stand-in on host.ipvs).
  if (!ipvs || !Array.isArray(ipvs.services) || typeof ipvs.conns?.all !== 'function') return undefined;
  const services: IpvsServiceView[] = [...ipvs.services]
    .sort((a, b) => a.fwmark - b.fwmark || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0) || a.addr - b.addr || a.port - b.port)
    .map((s) => ({
      proto: s.protocol,
      vip: s.protocol === 'FWM' ? String(s.fwmark) : ap(s.addr, s.port),
      scheduler: s.schedName,
      flags: serviceFlags(s),
      dests: [...s.dests]
        .sort((a, b) => a.addr - b.addr || a.port - b.port)
        .map((d) => ({ addr: ap(d.addr, d.port), forward: FWD_NAME[d.fwd], weight: d.weight, active: d.activeconns, inactive: d.inactconns })),
    }));
  const conns: IpvsConnView[] = [];
  for (const c of ipvs.conns.all()) {
    if (conns.length >= IPVS_CONN_ROWS) break;
    const left = ipvs.expiresIn(c);
    conns.push({
      id: c.id,
      proto: c.proto === 6 ? 'TCP' : c.proto === 17 ? 'UDP' : 'IP',
      expire: `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`,
      state: c.proto === 6 ? (IPVS_TCP_STATES[c.state] ?? 'ERR!') : c.proto === 17 ? 'UDP' : 'NONE',
      source: ap(c.caddr, c.cport),
      virtual: ap(c.vaddr, c.vport),
      destination: ap(c.daddr, c.dport),
      template: c.template,
    });
  }
  return { services, conns, connCount: ipvs.conns.size };
}

/** keepalived's VRRP instances, while its VRRP process runs. */
export function vrrpView(host: Host): VrrpView[] | undefined {
  const vrrp = keepalivedOf(host)?.vrrp;
  if (!vrrp || !vrrp.instances.length) return undefined;
  return vrrp.instances.map((i) => ({
    name: i.name,
    state: i.state,
    vrid: i.s.vrid,
    iface: i.s.iface,
    priority: i.effectivePriority,
    basePriority: i.s.basePriority,
    vips: i.s.vips.map((v) => `${formatIpv4(v.ip)}/${v.prefixLen}`),
    master: i.state === 'MASTER' ? null : i.masterSaddr ? formatIpv4(i.masterSaddr) : null,
    advertSent: i.stats.advertSent,
    advertRcvd: i.stats.advertRcvd,
  }));
}
