/**
 * What a node did to a packet: for a hop that entered node N, the copies that
 * left N with the same pid (the forwarded or rewritten frame; one per port when
 * a switch floods; the same pid with an outer header under IPVS TUN), each
 * compared field by field with the frame that came in, and one line saying
 * what happened, in English and Chinese.
 */
import { diffFrames, fieldOf, type FieldDiff, type FrameDiff, type LayerDiff } from './frame-diff';
import { flowOfFrame, reverseTuple, tupleKey } from './flow';
import { indexOf, isDrop, visitsOf, type DropLike, type HopLike, type PacketIndex, type PacketLike, type Visit } from './packets';

export { diffFrames, diffLayers, type DiffStatus, type FieldDiff, type FrameDiff, type LayerDiff } from './frame-diff';

export interface Bilingual {
  en: string;
  zh: string;
}

/** One copy that left the node, compared with the frame that came in. */
export interface HopChange {
  out: HopLike;
  diff: FrameDiff;
  summary: Bilingual;
}

export interface NodeDiff {
  node: string;
  in: HopLike;
  outs: HopChange[];
  drop?: DropLike;
  /** Nothing left and nothing was dropped: the node took the packet for itself. */
  delivered: boolean;
  /** One line for the whole stay at the node. */
  summary: Bilingual;
}

export interface DiffContext {
  /** Nodes running IPVS (see `ipvsNodes`): their rewrites are named as a director's. */
  directors?: ReadonlySet<string>;
}

/** Nodes where IPVS has a virtual service: the directors, from the state stream. */
export function ipvsNodes(states: Iterable<{ node: string; kind: string; data?: Record<string, unknown> }>): Set<string> {
  const out = new Set<string>();
  for (const s of states) if (s.kind === 'ipvs' && s.data && 'service' in s.data) out.add(s.node);
  return out;
}

/** Where one packet went, node by node (a tree when a switch floods). */
export interface PathStep {
  node: string;
  /** Interface it came in on; absent where the packet was made. */
  inIface?: string;
  arrivedAt?: number;
  /** Copies that left: interface, next node, when. */
  out: Array<{ iface: string; to: string; toIface: string; t: number; seq?: number; lost?: string }>;
  dropped?: string;
  /** Index in this list of the step it came from. */
  parent?: number;
}

/** The path of packet `pid`: one step per stay at a node, in the order they began. */
export function hopsOfPacket(packets: readonly PacketLike[] | PacketIndex, pid: number): PathStep[] {
  const visits = visitsOf(indexOf(packets).ofPid(pid));
  const at = new Map<Visit, number>(visits.map((v, i) => [v, i]));
  return visits.map((v) => ({
    node: v.node,
    ...(v.in ? { inIface: v.in.to.iface, arrivedAt: v.in.arrive } : {}),
    out: v.out.map((h) => ({ iface: h.from.iface, to: h.to.node, toIface: h.to.iface, t: h.t, ...(h.seq !== undefined ? { seq: h.seq } : {}), ...(h.lost ? { lost: h.lost } : {}) })),
    ...(v.drop ? { dropped: v.drop.reason } : {}),
    ...(v.parent ? { parent: at.get(v.parent)! } : {}),
  }));
}

/** Every frame of packet `pid` that entered or left `node`, and its drops there. */
export function inOutAt(packets: readonly PacketLike[] | PacketIndex, pid: number, node: string): { in: HopLike[]; out: HopLike[]; drops: DropLike[] } {
  const r = { in: [] as HopLike[], out: [] as HopLike[], drops: [] as DropLike[] };
  for (const p of indexOf(packets).ofPid(pid)) {
    if (isDrop(p)) {
      if (p.node === node) r.drops.push(p);
    } else {
      if (p.to.node === node && !p.lost) r.in.push(p);
      if (p.from.node === node) r.out.push(p);
    }
  }
  return r;
}

const sameHop = (a: HopLike | undefined, b: HopLike): boolean => a !== undefined && (a === b || (b.seq !== undefined && a.seq === b.seq && a.pid === b.pid));

/** What `hop.to.node` did with the frame `hop` brought: its copies out, each diffed, or its drop. Undefined for a hop lost on the cable. */
export function hopDiff(packets: readonly PacketLike[] | PacketIndex, hop: HopLike, ctx: DiffContext = {}): NodeDiff | undefined {
  const index = indexOf(packets);
  const v = visitsOf(index.ofPid(hop.pid)).find((x) => sameHop(x.in, hop));
  if (!v || !v.in) return undefined;
  const role = roleAt(index, v.node, v.in, ctx);
  const outs = v.out.map((out) => {
    const diff = diffFrames(v.in!.frame, out.frame);
    return { out, diff, summary: describeChange(diff, role) };
  });
  const delivered = outs.length === 0 && !v.drop;
  return { node: v.node, in: v.in, outs, ...(v.drop ? { drop: v.drop } : {}), delivered, summary: visitSummary(v.node, outs, v.drop) };
}

/** What the sending node did to produce `hop`: the diff against the frame it received with the same pid (undefined where the packet was made). */
export function senderDiff(packets: readonly PacketLike[] | PacketIndex, hop: HopLike, ctx: DiffContext = {}): HopChange | undefined {
  const index = indexOf(packets);
  const v = visitsOf(index.ofPid(hop.pid)).find((x) => x.out.some((o) => sameHop(o, hop)));
  if (!v || !v.in) return undefined;
  const out = v.out.find((o) => sameHop(o, hop))!;
  const diff = diffFrames(v.in.frame, out.frame);
  return { out, diff, summary: describeChange(diff, roleAt(index, v.node, v.in, ctx)) };
}

/** How to name what `node` did: as an IPVS director, or as a NAT box translating a reply back. */
export interface ChangeRole {
  director?: boolean;
  /** The node earlier sent a packet of the reverse flow: a rewrite now is the translation of a reply. */
  reply?: () => boolean;
}

function roleAt(index: PacketIndex, node: string, arrived: HopLike, ctx: DiffContext): ChangeRole {
  if (ctx.directors?.has(node)) return { director: true };
  return { reply: () => sentReverseBefore(index, node, arrived) };
}

/** Whether `node` sent a frame of the reverse of `arrived`'s flow before it (a NAT reply: the request left translated). */
function sentReverseBefore(index: PacketIndex, node: string, arrived: HopLike): boolean {
  const f = flowOfFrame(arrived.frame);
  if (!f || f.quoted) return false;
  const want = tupleKey(reverseTuple(f.tuple));
  const ps = index.packets;
  const end = ps.indexOf(arrived);
  for (let i = (end < 0 ? ps.length : end) - 1; i >= 0; i--) {
    const p = ps[i];
    if (isDrop(p) || p.from.node !== node) continue;
    const g = flowOfFrame(p.frame);
    if (g && !g.quoted && tupleKey(g.tuple) === want) return true;
  }
  return false;
}

function visitSummary(node: string, outs: HopChange[], drop: DropLike | undefined): Bilingual {
  if (outs.length === 0) {
    if (drop) return { en: `Dropped at ${node}: ${drop.reason}`, zh: `在 ${node} 被丢弃：${drop.reason}` };
    return { en: `Delivered to ${node} itself`, zh: `交给 ${node} 本机处理` };
  }
  if (outs.length > 1 && outs.every((o) => o.diff.identical)) {
    const ports = outs.map((o) => o.out.from.iface).join(', ');
    return { en: `Switch: flooded unchanged out of ${outs.length} ports (${ports})`, zh: `交换机：原样泛洪到 ${outs.length} 个端口（${ports}）` };
  }
  const first = outs[0].summary;
  if (outs.length === 1) return first;
  return { en: `${first.en} (and ${outs.length - 1} more copies)`, zh: `${first.zh}（另有 ${outs.length - 1} 个副本）` };
}

// ------------------------------------------------------------------ one line per change

const baseKey = (k: string): string => k.replace(/\.inner$/, '');
const paired = (l: LayerDiff): boolean => l.status === 'same' || l.status === 'changed';
const moved = (f: FieldDiff | undefined): f is FieldDiff => f !== undefined && f.status === 'changed' && f.old !== f.new;
/** `192.168.150.1` from a field value (values are plain addresses and numbers for these fields). */
const firstWord = (s: string | undefined): string => (s ?? '').split(' ')[0];

interface Facts {
  ethSrc?: FieldDiff;
  ethDst?: FieldDiff;
  ip?: LayerDiff;
  l4?: LayerDiff;
  added?: LayerDiff;
  removed?: LayerDiff;
}

function factsOf(d: FrameDiff): Facts {
  const eth = d.layers.find((l) => l.key === 'eth' && paired(l));
  return {
    ethSrc: fieldOf(eth, 'src'),
    ethDst: fieldOf(eth, 'dst'),
    ip: d.layers.find((l) => baseKey(l.key) === 'ip' && paired(l)),
    l4: d.layers.find((l) => (baseKey(l.key) === 'tcp' || baseKey(l.key) === 'udp') && paired(l)),
    added: d.layers.find((l) => baseKey(l.key) === 'ip' && l.status === 'added'),
    removed: d.layers.find((l) => baseKey(l.key) === 'ip' && l.status === 'removed'),
  };
}

/** `addr:port` before or after, for the source or destination side. */
function endpoint(f: Facts, side: 'src' | 'dst', when: 'old' | 'new'): string {
  const ip = firstWord(fieldOf(f.ip, side)?.[when]);
  const port = fieldOf(f.l4, side === 'src' ? 'srcport' : 'dstport')?.[when];
  return port === undefined ? ip : `${ip}:${firstWord(port)}`;
}

/** The one-line description of a single in → out change. */
export function describeChange(d: FrameDiff, role: ChangeRole = {}): Bilingual {
  const director = role.director ?? false;
  if (d.identical) return { en: 'Switch: forwarded unchanged', zh: '交换机：原样转发' };
  const f = factsOf(d);
  const ttl = fieldOf(f.ip, 'ttl');
  const ttlText = moved(ttl) ? `TTL ${ttl.old} → ${ttl.new}` : '';
  if (f.added) {
    const hdr = `${firstWord(fieldOf(f.added, 'src')?.new)} → ${firstWord(fieldOf(f.added, 'dst')?.new)}`;
    const innerChanged = d.changed.filter((p) => !p.startsWith('eth.') && !/^ip(\.inner)?\.(ttl|checksum)$/.test(p));
    const inner = innerChanged.length > 0 ? { en: `; inner packet changed: ${innerChanged.join(', ')}`, zh: `；内层数据包改变：${innerChanged.join('、')}` } : ttlText ? { en: `; the inner packet is unchanged except ${ttlText}`, zh: `；内层数据包除 ${ttlText} 外不变` } : { en: '; the inner packet is unchanged', zh: '；内层数据包不变' };
    const who = director ? 'TUN' : 'IP-in-IP tunnel';
    return { en: `${who}: outer IPv4 header ${hdr} added${inner.en}`, zh: `${director ? 'TUN' : 'IPIP 隧道'}：添加了外层 IPv4 首部 ${hdr}${inner.zh}` };
  }
  if (f.removed) {
    const hdr = `${firstWord(fieldOf(f.removed, 'src')?.old)} → ${firstWord(fieldOf(f.removed, 'dst')?.old)}`;
    return { en: `Tunnel end: outer IPv4 header ${hdr} removed`, zh: `隧道终点：去掉了外层 IPv4 首部 ${hdr}` };
  }
  const srcMoved = moved(fieldOf(f.ip, 'src')) || moved(fieldOf(f.l4, 'srcport'));
  const dstMoved = moved(fieldOf(f.ip, 'dst')) || moved(fieldOf(f.l4, 'dstport'));
  if (srcMoved || dstMoved) {
    const parts: Bilingual[] = [];
    if (srcMoved) parts.push({ en: `source ${endpoint(f, 'src', 'old')} → ${endpoint(f, 'src', 'new')}`, zh: `源地址 ${endpoint(f, 'src', 'old')} → ${endpoint(f, 'src', 'new')}` });
    if (dstMoved) parts.push({ en: `destination ${endpoint(f, 'dst', 'old')} → ${endpoint(f, 'dst', 'new')}`, zh: `目标地址 ${endpoint(f, 'dst', 'old')} → ${endpoint(f, 'dst', 'new')}` });
    const reply = !director && !(srcMoved && dstMoved) && (role.reply?.() ?? false);
    const who = director
      ? { en: 'NAT director', zh: 'NAT 调度器' }
      : srcMoved && dstMoved
        ? { en: 'NAT', zh: '地址转换（NAT）' }
        : reply
          ? srcMoved
            ? { en: 'D-NAT reply', zh: 'D-NAT 回程' }
            : { en: 'S-NAT reply', zh: 'S-NAT 回程' }
          : srcMoved
            ? { en: 'S-NAT', zh: '源地址转换（S-NAT）' }
            : { en: 'D-NAT', zh: '目标地址转换（D-NAT）' };
    const back = reply ? { en: ' (translated back)', zh: '（还原）' } : { en: '', zh: '' };
    return { en: `${who.en}: ${parts.map((p) => p.en).join(', ')}${back.en}`, zh: `${who.zh}：${parts.map((p) => p.zh).join('，')}${back.zh}` };
  }
  const macs = macText(f);
  const l2AndTtl = f.ip !== undefined && d.changed.every((p) => p.startsWith('eth.') || /^ip\.(ttl|checksum)$/.test(p));
  // IPVS DR hands the packet to the real server's MAC; since Linux 4.3 it also decrements TTL (ip_vs_xmit.c decrement_ttl).
  if (l2AndTtl && moved(f.ethDst) && (director || !ttlText)) {
    const dst = `${f.ethDst.old} → ${f.ethDst.new}`;
    if (!moved(f.ethSrc) && !ttlText) {
      return { en: `DR director: only the destination MAC changed (${dst})`, zh: `DR 调度器：只改写了目标 MAC 地址（${dst}）` };
    }
    const src = moved(f.ethSrc) ? { en: ", source MAC now the director's", zh: '，源 MAC 换成调度器自己的' } : { en: '', zh: '' };
    const t = ttlText ? { en: `, ${ttlText}`, zh: `，${ttlText}` } : { en: '', zh: '' };
    return {
      en: `DR director: destination MAC ${dst}${src.en}${t.en}; IP addresses and ports unchanged`,
      zh: `DR 调度器：目标 MAC ${dst}${src.zh}${t.zh}；IP 地址和端口不变`,
    };
  }
  if (ttlText) {
    const sum = moved(fieldOf(f.ip, 'checksum'));
    const other = d.changed.filter((p) => !p.startsWith('eth.') && !/^ip\.(ttl|checksum)$/.test(p));
    const rest = other.length > 0 ? { en: `; also changed: ${other.join(', ')}`, zh: `；其他改变：${other.join('、')}` } : { en: '; IP addresses unchanged', zh: '；IP 地址不变' };
    return {
      en: `Router hop: ${macs.en}, ${ttlText}${sum ? ', header checksum updated' : ''}${rest.en}`,
      zh: `路由转发：${macs.zh}，${ttlText}${sum ? '，首部校验和更新' : ''}${rest.zh}`,
    };
  }
  return { en: `Changed: ${d.changed.join(', ') || 'header layout'}`, zh: `改变的字段：${d.changed.join('、') || '首部结构'}` };
}

function macText(f: Facts): Bilingual {
  const s = moved(f.ethSrc);
  const d = moved(f.ethDst);
  if (s && d) return { en: 'source and destination MAC changed', zh: '源和目标 MAC 地址改变' };
  if (d) return { en: 'destination MAC changed', zh: '目标 MAC 地址改变' };
  if (s) return { en: 'source MAC changed', zh: '源 MAC 地址改变' };
  return { en: 'MAC addresses unchanged', zh: 'MAC 地址不变' };
}
