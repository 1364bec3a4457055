/**
 * A host's iptables state: the tables loaded so far and, once needed, the
 * connection tracker. Like the kernel modules (iptable_filter, iptable_nat,
 * nf_conntrack_ipv4), each part is loaded on first use and registers its
 * netfilter hooks then, so a host that never touches iptables pays nothing.
 */
import { readU16 } from '../../wire/bytes';
import { IP_PROTOCOL } from '../../wire/ipv4';
import type { HookState } from '../ip/netfilter';
import { ipDst, ipHeaderLen, ipProto, ipSrc, type Skb } from '../ip/skb';
import type { IpStack } from '../ip/stack';
import { klog } from '../../os/syslog';
import { Conntrack, ctRef, IPS } from './conntrack';
import { registerFilter } from './filter';
import { Nat } from './nat';
import { CT_STATE, Table, type PacketView, type TableName } from './rules';

export class Xtables {
  /** Loaded tables in load order. */
  private readonly loaded = new Map<TableName, Table>();
  private ct: Conntrack | null = null;
  private natMod: Nat | null = null;

  constructor(readonly stack: IpStack) {}

  /** The table if its module is loaded (no side effect). */
  peek(name: TableName): Table | undefined {
    return this.loaded.get(name);
  }

  /** The table, loading its module (and its hooks) on first use, as `iptables -t NAME` does. */
  table(name: TableName): Table {
    let t = this.loaded.get(name);
    if (t) return t;
    t = new Table(name);
    if (this.loaded.size === 0) {
      klog(this.stack.host, 'ip_tables: (C) 2000-2006 Netfilter Core Team');
      this.stack.host.fs.mount('/proc/net/ip_tables_names', {
        read: (rel) => (rel === '' ? this.tableNames().map((n) => n + '\n').join('') : undefined),
        list: () => undefined,
        isDir: () => false,
      });
    }
    this.loaded.set(name, t);
    if (name === 'filter') registerFilter(this, t);
    else this.natMod = new Nat(this, t, this.conntrack());
    this.stack.event('iptables.load', `iptable_${name} loaded`, { table: name });
    return t;
  }

  /** /proc/net/ip_tables_names: the kernel lists the most recently registered table first. */
  tableNames(): TableName[] {
    return [...this.loaded.keys()].reverse();
  }

  /** The connection tracker, if loaded. */
  get tracker(): Conntrack | null {
    return this.ct;
  }

  get nat(): Nat | null {
    return this.natMod;
  }

  /** Load nf_conntrack_ipv4 (a nat table or a state match needs it). */
  conntrack(): Conntrack {
    if (!this.ct) this.ct = new Conntrack(this.stack);
    return this.ct;
  }

  /** What the rules look at, read from the packet once per hook. */
  view(skb: Skb, st: HookState): PacketView {
    const data = skb.data;
    const proto = ipProto(skb);
    const hl = ipHeaderLen(skb);
    let sport = -1;
    let dport = -1;
    let icmpType = -1;
    let icmpCode = -1;
    const firstFragment = (readU16(data, 6) & 0x1fff) === 0;
    if (firstFragment && (proto === IP_PROTOCOL.TCP || proto === IP_PROTOCOL.UDP) && data.length >= hl + 4) {
      sport = readU16(data, hl);
      dport = readU16(data, hl + 2);
    } else if (firstFragment && proto === IP_PROTOCOL.ICMP && data.length >= hl + 2) {
      icmpType = data[hl];
      icmpCode = data[hl + 1];
    }
    const ref = ctRef(skb);
    let ctstate: number = CT_STATE.INVALID;
    let ctnat = 0;
    if (ref) {
      ctstate = ref.info === 'NEW' ? CT_STATE.NEW : ref.info === 'RELATED' ? CT_STATE.RELATED : CT_STATE.ESTABLISHED;
      if (ref.conn.status & IPS.SRC_NAT) ctnat |= CT_STATE.SNAT;
      if (ref.conn.status & IPS.DST_NAT) ctnat |= CT_STATE.DNAT;
    }
    return {
      src: ipSrc(skb),
      dst: ipDst(skb),
      proto,
      sport,
      dport,
      icmpType,
      icmpCode,
      len: data.length,
      inDev: st.inDev?.name ?? '',
      outDev: st.outDev?.name ?? '',
      ctstate,
      ctnat,
    };
  }
}

const all = new WeakMap<IpStack, Xtables>();

/** The host's iptables state (created empty on first call; nothing is loaded until a table is used). */
export function xtablesOf(stack: IpStack): Xtables {
  let x = all.get(stack);
  if (!x) all.set(stack, (x = new Xtables(stack)));
  return x;
}

/** The host's iptables state if anything ever asked for it. */
export const peekXtables = (stack: IpStack): Xtables | undefined => all.get(stack);
