/**
 * The inspector's pure helpers (no React, no DOM): which diff rows to show,
 * where a field's bytes are, which node owns an address, how deep a path step
 * sits. Unit-tested in inspector.test.ts.
 */
import type { Bilingual, FieldDiff, LayerDiff } from '../../engine/view/diff';
import type { VisitView } from '../../engine/view/inspect';
import type { HostSnapshot, NodeSnapshot } from '../../engine/view/types';
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import type { Field, Layer } from '../../engine/wire/field';

/** The engine's one-line summaries come in both languages. */
export const pick = (b: Bilingual, lang: string): string => (lang === 'zh' ? b.zh : b.en) || b.en;

// ------------------------------------------------------------------ the per-hop diff

/** The fields a learner compares at every hop, shown even when they did not change. */
export const KEY_FIELD = /^(eth\.(src|dst)|ip(\.inner)?\.(src|dst|ttl|checksum|proto)|(tcp|udp)(\.inner)?\.(srcport|dstport)|arp\.(opcode|sha|spa|tha|tpa)|icmp\.(type|code)|vrrp\.(vrid|priority))$/;

export type RowStatus = 'same' | 'changed' | 'added' | 'removed';

/** A field whose value text did not change counts as the same. */
export const statusOf = (f: FieldDiff): RowStatus => (f.status === 'changed' && f.old === f.new ? 'same' : f.status);

/** The rows to show of one layer: key fields and everything that changed (or every field). */
export function diffRows(l: LayerDiff, all: boolean): FieldDiff[] {
  const out: FieldDiff[] = [];
  const walk = (fs: readonly FieldDiff[], depth: number) => {
    for (const f of fs) {
      const s = statusOf(f);
      const show = all
        ? depth === 0 || s !== 'same'
        : (depth === 0 && (KEY_FIELD.test(f.path) || (s !== 'same' && l.status !== 'added' && l.status !== 'removed'))) || (depth > 0 && s === 'changed');
      if (show) out.push(f);
      if (f.children && (all || s === 'changed')) walk(f.children, depth + 1);
    }
  };
  walk(l.fields, 0);
  return out;
}

/** Byte ranges [from, to) of the fields a hop changed or added (offsets in the frame that left). */
export function changedRanges(fields: readonly FieldDiff[] | undefined, into: Array<[number, number]> = []): Array<[number, number]> {
  for (const f of fields ?? []) {
    const moved = f.status === 'changed' && f.old !== f.new;
    if ((moved && !f.children?.some((c) => c.status === 'changed' && c.old !== c.new)) || f.status === 'added') into.push(byteRange(f));
    else if (f.children) changedRanges(f.children, into);
  }
  return into;
}

// ------------------------------------------------------------------ layers and bytes

/** A field picked in the tree or the hex dump: its layer and key (`ip`, `ttl`). */
export interface FieldPick {
  layer: string;
  key: string;
}

/** The bytes a field occupies, [from, to). */
export const byteRange = (f: { bitOffset: number; bitLength: number }): [number, number] => [
  Math.floor(f.bitOffset / 8),
  Math.max(Math.floor(f.bitOffset / 8) + 1, Math.ceil((f.bitOffset + f.bitLength) / 8)),
];

/** The smallest top-level field that covers byte `i` (a click on the hex dump). */
export function fieldAtByte(layers: readonly Layer[], i: number): { layer: string; field: Field } | undefined {
  let best: { layer: string; field: Field } | undefined;
  for (const l of layers) {
    if (i < l.byteOffset || i >= l.byteOffset + l.byteLength) continue;
    for (const f of l.fields) {
      const [a, b] = byteRange(f);
      if (i >= a && i < b && (!best || f.bitLength < best.field.bitLength)) best = { layer: l.key, field: f };
    }
  }
  return best;
}

/** Find a field (or one of its children) by key. */
export function findField(layers: readonly Layer[], pick: FieldPick | null): Field | undefined {
  if (!pick) return undefined;
  const walk = (fs: readonly Field[]): Field | undefined => {
    for (const f of fs) {
      if (f.key === pick.key) return f;
      const c = f.children && walk(f.children);
      if (c) return c;
    }
    return undefined;
  };
  const l = layers.find((x) => x.key === pick.layer);
  return l && walk(l.fields);
}

// ------------------------------------------------------------------ the path

/** Indentation of each step: one level per flood (a switch sending copies out of several ports), not per hop. */
export function branchDepths(visits: readonly Pick<VisitView, 'parent' | 'outs'>[]): number[] {
  const d: number[] = [];
  visits.forEach((v, i) => {
    const p = v.parent;
    d[i] = p === undefined ? 0 : d[p] + (visits[p].outs.length > 1 ? 1 : 0);
  });
  return d;
}

/** The frame to show when a step of the path is picked: what left the node, else what reached it. */
export const frameOfVisit = (v: VisitView): number | undefined => v.outs[0]?.seq ?? v.in?.seq ?? v.drop?.seq;

// ------------------------------------------------------------------ who is who on the canvas

const ipOf = (s: string): string => s.replace(/[:/].*$/, '');

/** Who owns an address or a MAC on the canvas, and which cable an interface has. */
export class Lookup {
  private readonly byIp = new Map<string, string[]>();
  private readonly byMac = new Map<string, string>();

  constructor(
    snapshots: Record<string, NodeSnapshot>,
    private readonly doc: ScenarioDocV1 | null,
  ) {
    for (const s of Object.values(snapshots)) {
      if (s.kind === 'switch') continue;
      for (const i of (s as HostSnapshot).interfaces) {
        if (!i.loopback) this.byMac.set(i.mac, s.id);
        for (const a of i.addresses) {
          const ip = ipOf(a.cidr);
          if (ip.startsWith('127.')) continue;
          const l = this.byIp.get(ip) ?? [];
          // A VIP on lo (a DR real server) is hidden from the network: the node that answers ARP for it comes first.
          if (i.loopback) l.push(s.id);
          else l.unshift(s.id);
          this.byIp.set(ip, l);
        }
      }
    }
  }

  /** The node that has `ip` (`a.b.c.d`, `a.b.c.d:port` or `a.b.c.d/len`) on a network interface. */
  node(ip: string | null | undefined): string[] {
    if (!ip) return [];
    const n = this.byIp.get(ipOf(ip));
    return n ? [n[0]] : [];
  }

  mac(mac: string | null | undefined): string[] {
    const n = mac ? this.byMac.get(mac) : undefined;
    return n ? [n] : [];
  }

  /** The cable plugged into `node`'s `iface` (an alias such as eth0:2 counts as eth0). */
  link(node: string, iface: string | null | undefined): string[] {
    if (!iface || !this.doc) return [];
    const name = iface.replace(/:.*$/, '');
    const l = this.doc.links.find((k) => (k.a.node === node && k.a.iface === name) || (k.b.node === node && k.b.iface === name));
    return l?.id ? [l.id] : [];
  }
}

/** Keys for rows that are usually unique (a socket's ends), numbered when they repeat. */
export function uniqueKeys<R>(rows: readonly R[], keyOf: (r: R) => string): Array<[string, R]> {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const k = keyOf(r);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return [n ? `${k} #${n}` : k, r];
  });
}
