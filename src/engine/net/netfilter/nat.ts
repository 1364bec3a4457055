/**
 * NAT (net/netfilter/nf_nat_core.c, net/ipv4/netfilter/iptable_nat.c,
 * ipt_MASQUERADE.c): the first packet of a flow walks the nat table at each
 * hook; the target chosen (DNAT, SNAT, MASQUERADE, or none — a "null
 * binding") fixes the flow's reply tuple once. Every later packet, in both
 * directions, is rewritten from the flow: the original direction to look like
 * the inverse of the reply tuple, replies back to the original addresses.
 *
 * Simplified: an address range picks its address by a simple hash of the
 * addresses (the kernel uses jhash2); MASQUERADE bindings are not flushed when
 * the interface loses its address.
 */
import { ACCEPT, DROP, NF_IP_PRI, STOLEN, type HookPoint, type HookState, type Verdict } from '../ip/netfilter';
import { ipDst, ipProto, writable, type Skb } from '../ip/skb';
import { IP_PROTOCOL } from '../../wire/ipv4';
import { IPS, IPS_NAT_MASK, ORIGINAL, REPLY, ctRef, type Conn, type Conntrack, type CtDir } from './conntrack';
import { icmpErrorManip, manipPkt, type Manip } from './nat-manip';
import { dropReason, walk, type NatRange, type Table, type Target } from './rules';
import { invertTuple, tupleEqual, type Tuple } from './tuple';
import type { Xtables } from './xtables';

const HOOK_CHAIN: Partial<Record<HookPoint, string>> = { prerouting: 'PREROUTING', input: 'INPUT', output: 'OUTPUT', postrouting: 'POSTROUTING' };
/** HOOK2MANIP: destination NAT before routing, source NAT after. */
const hookManip = (h: HookPoint): Manip => (h === 'prerouting' || h === 'output' ? 'dst' : 'src');
const doneBit = (m: Manip): number => (m === 'src' ? IPS.SRC_NAT_DONE : IPS.DST_NAT_DONE);

export class Nat {
  /** nf_nat_bysource: flows by their original source (proto/ip/port), for consistent SNAT mappings. */
  private readonly bySource = new Map<string, Set<Conn>>();
  /** The per-protocol port rovers (static in nf_nat_proto_{tcp,udp}.c) and icmp_unique_tuple's id. */
  private readonly rover: Record<number, number> = { [IP_PROTOCOL.TCP]: 0, [IP_PROTOCOL.UDP]: 0 };
  private icmpId = 0;

  constructor(
    readonly x: Xtables,
    readonly table: Table,
    readonly ct: Conntrack,
  ) {
    const nf = x.stack.nf;
    // iptable_nat.c nf_nat_ipv4_ops.
    nf.register('prerouting', NF_IP_PRI.NAT_DST, 'nf_nat_ipv4_in', (skb, st) => this.hook('prerouting', skb, st));
    nf.register('postrouting', NF_IP_PRI.NAT_SRC, 'nf_nat_ipv4_out', (skb, st) => this.hook('postrouting', skb, st));
    nf.register('output', NF_IP_PRI.NAT_DST, 'nf_nat_ipv4_local_fn', (skb, st) => this.localOut(skb, st));
    nf.register('input', NF_IP_PRI.NAT_SRC, 'nf_nat_ipv4_fn', (skb, st) => this.hook('input', skb, st));
    ct.onDestroy.push((c) => this.bySource.get(srcKey(c.orig))?.delete(c));
  }

  /** nf_nat_ipv4_local_fn: as the other hooks, and re-route when the destination changed (ip_route_me_harder). */
  private localOut(skb: Skb, st: HookState): Verdict {
    const before = ipDst(skb);
    const v = this.hook('output', skb, st);
    if (v.v !== 'accept' || ipDst(skb) === before) return v;
    // Run the output path again with the new destination: conntrack and NAT are done, filter runs once.
    const err = this.x.stack.outputSkb(skb);
    if (err) this.x.stack.dropSkb(skb, `no route to ${ipDst(skb)} after DNAT`);
    return STOLEN;
  }

  /** nf_nat_ipv4_fn. */
  hook(point: HookPoint, skb: Skb, st: HookState): Verdict {
    const ref = ctRef(skb);
    if (!ref) return ACCEPT;
    const c = ref.conn;
    const manip = hookManip(point);
    if (ref.info === 'RELATED' && ipProto(skb) === IP_PROTOCOL.ICMP) {
      this.icmpReplyTranslation(c, ref.dir, manip, skb);
      return ACCEPT;
    }
    if (ref.info !== 'ESTABLISHED' && !(c.status & doneBit(manip))) {
      // A flow confirmed before NAT was loaded is left alone ("NAT module was loaded late").
      if (c.status & IPS.CONFIRMED) return ACCEPT;
      const chain = HOOK_CHAIN[point]!;
      const d = walk(this.table, chain, this.x.view(skb, st));
      if (d.verdict === 'DROP') return DROP(dropReason('DROP', 'nat', d.chain, d.rule));
      if (d.verdict === 'TARGET') {
        const v = this.target(d.target!, c, manip, skb, st);
        if (v) return v;
      }
      if (!(c.status & doneBit(manip))) this.nullBinding(c, manip);
    }
    this.natPacket(c, ref.dir, manip, skb);
    return ACCEPT;
  }

  /** The DNAT / SNAT / MASQUERADE targets: set up the binding; a verdict only when the packet must go. */
  private target(t: Target, c: Conn, manip: Manip, skb: Skb, st: HookState): Verdict | undefined {
    if ((t.kind === 'DNAT' && manip === 'dst') || (t.kind === 'SNAT' && manip === 'src')) {
      this.setupInfo(c, t.range, manip);
      return undefined;
    }
    if (t.kind === 'MASQUERADE' && manip === 'src') {
      if (c.orig.src === 0) return undefined; // "locally generated packet that is probably not going to make it"
      const out = st.outDev;
      if (!out) return undefined;
      const dst = ipDst(skb);
      const route = this.x.stack.routeOutput(dst);
      const newsrc = this.x.stack.selectSource(out, route?.gateway || dst);
      if (!newsrc || !out.addrs.some((a) => a.ip === newsrc)) return DROP(`MASQUERADE: ${out.name} has no IPv4 address`);
      this.setupInfo(c, { ...t.range, mapIps: true, minIp: newsrc, maxIp: newsrc }, 'src');
      return undefined;
    }
    return undefined;
  }

  /** alloc_null_binding: map to the address the flow already has (the port may still move if taken). */
  private nullBinding(c: Conn, manip: Manip): void {
    const ip = manip === 'src' ? c.reply.dst : c.reply.src;
    this.setupInfo(c, { mapIps: true, protoSpecified: false, random: false, persistent: false, minIp: ip, maxIp: ip, minPort: 0, maxPort: 0 }, manip);
  }

  /** nf_nat_setup_info: choose the translated tuple and make the reply tuple its inverse. */
  setupInfo(c: Conn, range: NatRange, manip: Manip): void {
    const curr = invertTuple(c.reply);
    const next = this.uniqueTuple(curr, range, c, manip);
    if (!tupleEqual(next, curr)) {
      c.reply = invertTuple(next);
      c.status |= manip === 'src' ? IPS.SRC_NAT : IPS.DST_NAT;
    }
    if (manip === 'src') {
      const k = srcKey(c.orig);
      let set = this.bySource.get(k);
      if (!set) this.bySource.set(k, (set = new Set()));
      set.add(c);
    }
    c.status |= doneBit(manip);
  }

  /** nf_nat_packet: rewrite the packet from its flow. */
  private natPacket(c: Conn, dir: CtDir, manip: Manip, skb: Skb): void {
    let bit = manip === 'src' ? IPS.SRC_NAT : IPS.DST_NAT;
    if (dir === REPLY) bit ^= IPS_NAT_MASK;
    if (!(c.status & bit)) return;
    // "We are aiming to look like inverse of other direction."
    const target = invertTuple(dir === ORIGINAL ? c.reply : c.orig);
    const data = writable(skb);
    manipPkt(data, 0, data.length, target, manip);
  }

  /** nf_nat_icmp_reply_translation: the quoted packet and the outer header of an ICMP error. */
  private icmpReplyTranslation(c: Conn, dir: CtDir, manip: Manip, skb: Skb): void {
    let bit = manip === 'src' ? IPS.SRC_NAT : IPS.DST_NAT;
    if (dir === REPLY) bit ^= IPS_NAT_MASK;
    if (!(c.status & bit)) return;
    const other = dir === ORIGINAL ? c.reply : c.orig;
    icmpErrorManip(writable(skb), other, invertTuple(other), manip);
  }

  // ---- choosing the tuple (get_unique_tuple) ----

  private used(t: Tuple, c: Conn): boolean {
    return this.ct.tupleTaken(invertTuple(t), c);
  }

  private uniqueTuple(orig: Tuple, range: NatRange, c: Conn, manip: Manip): Tuple {
    // 1) Source NAT keeps the tuple, or this source's existing mapping, when it is free.
    if (manip === 'src' && !range.random) {
      if (inRange(orig, range, manip)) {
        if (!this.used(orig, c)) return orig;
      } else {
        const t = this.findAppropriateSrc(orig, range);
        if (t && !this.used(t, c)) return t;
      }
    }
    // 2) The address from the range.
    const t: Tuple = { ...orig };
    if (range.mapIps) {
      const ip = pickIp(t, range);
      if (manip === 'src') t.src = ip;
      else t.dst = ip;
    }
    // 3) Keep the port if it is in range and free, else let the protocol find one.
    if (!range.random) {
      if (range.protoSpecified) {
        if (protoInRange(t, range, manip) && (range.minPort === range.maxPort || !this.used(t, c))) return t;
      } else if (!this.used(t, c)) return t;
    }
    return this.protoUniqueTuple(t, range, manip, c);
  }

  /** find_appropriate_src: reuse the mapping another flow from the same source ip:port already has. */
  private findAppropriateSrc(orig: Tuple, range: NatRange): Tuple | undefined {
    for (const other of this.bySource.get(srcKey(orig)) ?? []) {
      const res = invertTuple(other.reply);
      const t: Tuple = { ...res, dst: orig.dst, dport: orig.dport }; // "Copy source part from reply tuple."
      if (inRange(t, range, 'src')) return t;
    }
    return undefined;
  }

  /** l4proto->unique_tuple. */
  private protoUniqueTuple(t: Tuple, range: NatRange, manip: Manip, c: Conn): Tuple {
    if (t.proto === IP_PROTOCOL.ICMP) {
      // icmp_unique_tuple: a static id, advanced past identifiers in use.
      const size = range.protoSpecified ? range.maxPort - range.minPort + 1 : 0xffff;
      const base = range.protoSpecified ? range.minPort : 0;
      for (let i = 0; ; this.icmpId = (this.icmpId + 1) & 0xffff) {
        t.sport = (base + (this.icmpId % size)) & 0xffff;
        if (++i === size || !this.used(t, c)) return t;
      }
    }
    if (t.proto !== IP_PROTOCOL.TCP && t.proto !== IP_PROTOCOL.UDP) return t;
    // nf_nat_l4proto_unique_tuple.
    let min: number;
    let size: number;
    const port = manip === 'src' ? t.sport : t.dport;
    if (!range.protoSpecified) {
      if (manip === 'dst') return t; // "If it's dst rewrite, can't change port"
      if (port < 1024) {
        // "Loose convention: >> 512 is credential passing"
        if (port < 512) {
          min = 1;
          size = 511;
        } else {
          min = 600;
          size = 1023 - 600 + 1;
        }
      } else {
        min = 1024;
        size = 65535 - 1024 + 1;
      }
    } else {
      min = range.minPort;
      size = range.maxPort - range.minPort + 1;
    }
    let off = range.random ? hashTuple(t) & 0xffff : this.rover[t.proto];
    for (let i = 0; ; off = (off + 1) & 0xffff) {
      const p = min + (off % size);
      if (manip === 'src') t.sport = p;
      else t.dport = p;
      if (++i !== size && this.used(t, c)) continue;
      if (!range.random) this.rover[t.proto] = off;
      return t;
    }
  }
}

const srcKey = (t: Tuple): string => `${t.proto}/${t.src}/${t.sport}`;

function protoInRange(t: Tuple, range: NatRange, manip: Manip): boolean {
  if (t.proto === IP_PROTOCOL.TCP || t.proto === IP_PROTOCOL.UDP) {
    const p = manip === 'src' ? t.sport : t.dport;
    return p >= range.minPort && p <= range.maxPort;
  }
  if (t.proto === IP_PROTOCOL.ICMP) return t.sport >= range.minPort && t.sport <= range.maxPort;
  return true;
}

/** in_range: the address (and, if the range says so, the port) is already what the range allows. */
function inRange(t: Tuple, range: NatRange, manip: Manip): boolean {
  const ip = manip === 'src' ? t.src : t.dst;
  if (range.mapIps && (ip < range.minIp || ip > range.maxIp)) return false;
  return !range.protoSpecified || protoInRange(t, range, manip);
}

/** find_best_ips_proto: one address of the range, the same for the same pair of hosts. */
function pickIp(t: Tuple, range: NatRange): number {
  if (range.minIp === range.maxIp) return range.minIp;
  const dist = range.maxIp - range.minIp + 1;
  const h = hash32(t.src ^ (range.persistent ? 0 : t.dst));
  return range.minIp + Math.floor((h * dist) / 0x1_0000_0000);
}

function hash32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const hashTuple = (t: Tuple): number => hash32(t.src ^ t.dst ^ (t.sport << 16) ^ t.dport);
