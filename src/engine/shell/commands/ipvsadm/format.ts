/**
 * ipvsadm's listings, with its printf formats (ipvsadm.c: print_title,
 * print_service_entry, print_largenum, list_all, list_service, list_conn,
 * print_conn, list_timeout, list_daemon) and libipvs's sort order
 * (ipvs_cmp_services / ipvs_cmp_dests). `-S` is the FMT_RULE flavour of the
 * same walk.
 *
 * Names (without -n) come from a Namer: host names may need the resolver,
 * which blocks in virtual time, so every printer is a generator and writes
 * line by line as ipvsadm does.
 */
import type { Block, Wake } from '../../../os/task';
import { formatIpv4, type Ipv4 } from '../../../wire/addr';
import type { Ipvs } from '../../../lvs/ipvs';
import type { IpvsConn } from '../../../lvs/conn';
import { IPVS_TCP_STATES } from '../../../lvs/proto-tcp';
import { FWD_NAME, type FwdMethod, type IpvsDest, type IpvsService } from '../../../lvs/types';
import { MICROS_PER_SEC } from '../../../sim/time';
import { FMT } from './options';
import { IPPROTO, SVC_F } from './parse';
import { IPVS_VERSION } from './usage';

type Gen<T = void> = Generator<Block, T, Wake>;

/** addrport_to_anyname(): `addr:port`, numeric or with names. */
export interface Namer {
  addrport(addr: Ipv4, port: number, proto: number, format: number): Gen<string>;
}

export type Emit = (text: string) => void;

const padEnd = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padStart = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** print_largenum(): %9llu, or K/M/G/T with 8 digits; --exact prints the full number. */
export function largenum(i: number, format: number): string {
  if (format & FMT.EXACT) {
    const s = String(i);
    return padStart(s, s.length <= 8 ? 9 : s.length + 1);
  }
  if (i < 1e8) return padStart(String(i), 9);
  if (i < 1e9) return padStart(String(Math.floor(i / 1e3)), 8) + 'K';
  if (i < 1e11) return padStart(String(Math.floor(i / 1e6)), 8) + 'M';
  if (i < 1e14) return padStart(String(Math.floor(i / 1e9)), 8) + 'G';
  return padStart(String(Math.floor(i / 1e12)), 8) + 'T';
}

/** print_title(). */
export function title(format: number): string {
  const prot = padEnd('Prot LocalAddress:Port', 33);
  const sub = '  -> RemoteAddress:Port\n';
  const r8 = (...c: string[]) => c.map((x) => padStart(x, 8)).join(' ');
  if (format & FMT.STATS) return `${prot} ${r8('Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes')}\n${sub}`;
  if (format & FMT.RATE) return `${prot} ${r8('CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS')}\n${sub}`;
  if (format & FMT.THRESHOLDS) return `${prot} ${['Uthreshold', 'Lthreshold', 'ActiveConn', 'InActConn'].map((x) => padEnd(x, 10)).join(' ')}\n${sub}`;
  if (format & FMT.PERSISTENTCONN) return `${prot} ${padEnd('Weight', 9)} ${padEnd('PersistConn', 11)} ${padEnd('ActiveConn', 10)} ${padEnd('InActConn', 10)}\n${sub}`;
  if (!(format & FMT.RULE)) return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
  return '';
}

/** The service's protocol number as the kernel stores it (ipvsadm gives fwmark services TCP). */
const protoOf = (s: IpvsService): number => (s.protocol === 'UDP' ? IPPROTO.UDP : IPPROTO.TCP);

/** IP_VS_SVC_F_* of a service. */
export function svcFlags(s: IpvsService): number {
  let f = 0;
  if (s.persistent) f |= SVC_F.PERSISTENT;
  if (s.ops) f |= SVC_F.ONEPACKET;
  if (s.schedFlags.fallback) f |= SVC_F.SCHED1;
  if (s.schedFlags.port) f |= SVC_F.SCHED2;
  return f;
}

/** print_sched_flags() of 1.27: sh names its two flags, every other scheduler gets flag-N. */
function schedFlagsText(s: IpvsService): string {
  const f = svcFlags(s);
  const out: string[] = [];
  if (s.schedName === 'sh') {
    if (f & SVC_F.SCHED1) out.push('sh-fallback');
    if (f & SVC_F.SCHED2) out.push('sh-port');
  } else {
    if (f & SVC_F.SCHED1) out.push('flag-1');
    if (f & SVC_F.SCHED2) out.push('flag-2');
    if (f & SVC_F.SCHED3) out.push('flag-3');
  }
  return out.join(',');
}

const FWD_SWITCH: Record<FwdMethod, string> = { masq: '-m', tunnel: '-i', local: '-g', route: '-g' };

/** Signed 32-bit difference, as libipvs's comparators compute it. */
const diff32 = (a: number, b: number): number => (a - b) | 0;

/** ipvs_cmp_services: fwmark, af, protocol, address, port. */
export function cmpServices(a: IpvsService, b: IpvsService): number {
  return diff32(a.fwmark, b.fwmark) || protoOf(a) - protoOf(b) || diff32(a.addr, b.addr) || a.port - b.port;
}

/** ipvs_cmp_dests: address, port. */
export const cmpDests = (a: IpvsDest, b: IpvsDest): number => diff32(a.addr, b.addr) || a.port - b.port;

/**
 * The services as the kernel dumps them (--nosort): the service hash table
 * before the fwmark table, the newest first within each (list_add at the head).
 */
export function kernelOrder(ipvs: Ipvs): IpvsService[] {
  const rev = [...ipvs.services].reverse();
  return [...rev.filter((s) => s.protocol !== 'FWM'), ...rev.filter((s) => s.protocol === 'FWM')];
}

/** print_service_entry(): the service line and its real servers. */
export function* printServiceEntry(se: IpvsService, format: number, namer: Namer, emit: Emit): Gen {
  let svcName: string;
  if (se.protocol === 'FWM') {
    svcName = format & FMT.RULE ? `-f ${se.fwmark}` : `FWM  ${se.fwmark}`;
  } else {
    const vname = yield* namer.addrport(se.addr, se.port, protoOf(se), format);
    if (format & FMT.RULE) svcName = `${se.protocol === 'TCP' ? '-t' : '-u'} ${vname}`;
    else svcName = `${padEnd(se.protocol, 4)} ${vname}`.slice(0, 33);
  }
  const flags = svcFlags(se);
  const schedFlagBits = SVC_F.SCHED1 | SVC_F.SCHED2 | SVC_F.SCHED3;
  let line: string;
  if (format & FMT.RULE) {
    line = `-A ${svcName} -s ${se.schedName}`;
    if (flags & SVC_F.PERSISTENT) {
      line += ` -p ${se.timeout}`;
      if (se.netmask !== 0xffffffff) line += ` -M ${formatIpv4(se.netmask)}`;
    }
    // 1.26/1.27 write the one-packet flag as " ops", which -R cannot read back.
    if (flags & SVC_F.ONEPACKET) line += ' ops';
    if (flags & schedFlagBits) line += ` -b ${schedFlagsText(se)}`;
  } else if (format & FMT.STATS) {
    const s = se.stats;
    line = padEnd(svcName, 33) + [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes].map((n) => largenum(n, format)).join('');
  } else if (format & FMT.RATE) {
    const r = se.rates;
    line = padEnd(svcName, 33) + [r.cps, r.inpps, r.outpps, r.inbps, r.outbps].map((n) => largenum(n, format)).join('');
  } else {
    line = `${svcName} ${se.schedName}`;
    if (flags & schedFlagBits) line += ` (${schedFlagsText(se)})`;
    if (flags & SVC_F.PERSISTENT) {
      line += ` persistent ${se.timeout}`;
      if (se.netmask !== 0xffffffff) line += ` mask ${formatIpv4(se.netmask)}`;
    }
    if (flags & SVC_F.ONEPACKET) line += ' ops';
  }
  emit(line + '\n');

  const dests = format & FMT.NOSORT ? [...se.dests] : [...se.dests].sort(cmpDests);
  for (const e of dests) {
    let dname = yield* namer.addrport(e.addr, e.port, protoOf(se), format);
    if (!(format & FMT.RULE)) dname = dname.slice(0, 28);
    const d28 = padEnd(dname, 28);
    if (format & FMT.RULE) emit(`-a ${svcName} -r ${dname} ${FWD_SWITCH[e.fwd]} -w ${e.weight}\n`);
    else if (format & FMT.STATS) {
      const s = e.stats;
      emit(`  -> ${d28}` + [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes].map((n) => largenum(n, format)).join('') + '\n');
    } else if (format & FMT.RATE) {
      const r = e.rates;
      emit(`  -> ${d28} ${padStart(String(r.cps), 8)} ${padStart(String(r.inpps), 8)} ${padStart(String(r.outpps), 8)}${largenum(r.inbps, format)}${largenum(r.outbps, format)}\n`);
    } else if (format & FMT.THRESHOLDS) {
      emit(`  -> ${d28} ${[e.uThreshold, e.lThreshold, e.activeconns, e.inactconns].map((n) => padEnd(String(n), 10)).join(' ')}\n`);
    } else if (format & FMT.PERSISTENTCONN) {
      emit(`  -> ${d28} ${padEnd(String(e.weight), 9)} ${padEnd(String(e.persistconns), 11)} ${padEnd(String(e.activeconns), 10)} ${padEnd(String(e.inactconns), 10)}\n`);
    } else {
      emit(`  -> ${d28} ${padEnd(FWD_NAME[e.fwd], 7)} ${padEnd(String(e.weight), 6)} ${padEnd(String(e.activeconns), 10)} ${padEnd(String(e.inactconns), 10)}\n`);
    }
  }
}

/** list_all(): the version header (not for -S), the title, every service. */
export function* listAll(ipvs: Ipvs, format: number, namer: Namer, emit: Emit): Gen {
  if (!(format & FMT.RULE)) emit(`IP Virtual Server version ${IPVS_VERSION} (size=${ipvs.connTabSize})\n`);
  const services = format & FMT.NOSORT ? kernelOrder(ipvs) : [...ipvs.services].sort(cmpServices);
  emit(title(format));
  for (const s of services) yield* printServiceEntry(s, format, namer, emit);
}

/** list_service(): one service, no version header. */
export function* listService(se: IpvsService, format: number, namer: Namer, emit: Emit): Gen {
  emit(title(format));
  yield* printServiceEntry(se, format, namer, emit);
}

/** ip_vs_proto_name() for /proc/net/ip_vs_conn. */
const protoName = (p: number): string => (p === 6 ? 'TCP' : p === 17 ? 'UDP' : p === 0 ? 'IP' : `IP_${p}`);

/** ip_vs_state_name(): the TCP state, "UDP" for UDP, "NONE" for IPPROTO_IP templates. */
export function connStateName(c: IpvsConn): string {
  if (c.proto === 6) return IPVS_TCP_STATES[c.state] ?? 'ERR!';
  if (c.proto === 17) return 'UDP';
  return 'NONE';
}

/** Whole seconds left, as /proc prints `(cp->timer.expires - jiffies) / HZ`. */
export const secondsLeft = (c: IpvsConn, now: number): number => Math.max(0, Math.floor((c.expiresAt - now) / MICROS_PER_SEC));

/** list_conn() + print_conn(): one line per entry of /proc/net/ip_vs_conn, in table order. */
export function* listConn(ipvs: Ipvs, format: number, namer: Namer, emit: Emit): Gen {
  emit('IPVS connection entries\n');
  if (format & FMT.PERSISTENTCONN)
    emit(`pro expire ${padEnd('state', 11)} ${padEnd('source', 18)} ${padEnd('virtual', 18)} ${padEnd('destination', 18)} ${padEnd('pe name', 16)} pe_data\n`);
  else emit(`pro expire ${padEnd('state', 11)} ${padEnd('source', 18)} ${padEnd('virtual', 18)} destination\n`);
  const now = ipvs.stack.world.now;
  // Snapshot: /proc is read once, lookups may take virtual time.
  const rows = [...ipvs.conns.all()].map((c) => ({ c, expires: secondsLeft(c, now), state: connStateName(c) }));
  for (const { c, expires, state } of rows) {
    const cname = yield* namer.addrport(c.caddr, c.cport, c.proto, format);
    const vname = yield* namer.addrport(c.vaddr, c.vport, c.proto, format);
    const dname = yield* namer.addrport(c.daddr, c.dport, c.proto, format);
    const expire = `${String(Math.floor(expires / 60)).padStart(2, '0')}:${String(expires % 60).padStart(2, '0')}`;
    emit(`${padEnd(protoName(c.proto), 3)} ${padEnd(expire, 6)} ${padEnd(state, 11)} ${padEnd(cname, 18)} ${padEnd(vname, 18)} ${dname}\n`);
  }
}

/** list_timeout(). */
export const timeoutLine = (ipvs: Ipvs): string => `Timeout (tcp tcpfin udp): ${ipvs.tcpTimeouts.ESTABLISHED} ${ipvs.tcpTimeouts.FIN_WAIT} ${ipvs.udpTimeout}\n`;

/** list_daemon() of 1.27: one line per running sync daemon. */
export function daemonLines(ipvs: Ipvs): string {
  let out = '';
  const { master, backup } = ipvs.syncDaemons;
  if (master) out += `master sync daemon (mcast=${master.mcastIfn}, syncid=${master.syncid})\n`;
  if (backup) out += `backup sync daemon (mcast=${backup.mcastIfn}, syncid=${backup.syncid})\n`;
  return out;
}
