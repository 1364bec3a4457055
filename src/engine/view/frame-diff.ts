/**
 * Field-by-field difference between two frames, as the inspector's per-hop
 * diff shows it: each layer of the later frame (plus layers that went away),
 * each field marked same / changed (old → new) / added / removed.
 *
 * Layers are paired by protocol, aligned from the inside out, so an
 * encapsulation reads as what it is: when IPVS TUN wraps a packet, the frame's
 * old `ip` pairs with the new `ip.inner` and the new outer `ip` is added
 * (decapsulation is the mirror image).
 */
import { dissectFrame } from '../wire/dissect';
import type { Field, Layer } from '../wire/field';

export type DiffStatus = 'same' | 'changed' | 'added' | 'removed';

export interface FieldDiff {
  /** Key within its layer (`ttl`, `flags.df`). */
  key: string;
  /** Layer key + field key: `ip.ttl`, `eth.dst`, `ip.inner.ttl`, `tcp.dstport`. */
  path: string;
  name: string;
  status: DiffStatus;
  /** Value before (absent when added). */
  old?: string;
  /** Value after (absent when removed). */
  new?: string;
  /** Where the field is in the later frame (in the earlier one when removed). */
  bitOffset: number;
  bitLength: number;
  children?: FieldDiff[];
}

export interface LayerDiff {
  /** Key in the later frame (in the earlier one when removed). */
  key: string;
  /** The layer's key before, when it differs (`ip` → `ip.inner` under an added tunnel header). */
  oldKey?: string;
  name: string;
  status: DiffStatus;
  summary: string;
  oldSummary?: string;
  fields: FieldDiff[];
}

export interface FrameDiff {
  layers: LayerDiff[];
  /** Paths of fields whose value changed, outermost first. */
  changed: string[];
  identical: boolean;
}

/** `ip.inner` and `tcp.inner` are the same protocols as `ip` and `tcp`. */
const base = (key: string): string => key.replace(/\.inner$/, '');

/** Pairs of layer indices (a in `before`, b in `after`) by the longest common protocol sequence, matched from the end. */
function alignLayers(a: readonly Layer[], b: readonly Layer[]): Array<[number | null, number | null]> {
  const n = a.length;
  const m = b.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      L[i][j] = base(a[i - 1].key) === base(b[j - 1].key) ? L[i - 1][j - 1] + 1 : Math.max(L[i - 1][j], L[i][j - 1]);
    }
  }
  const pairs: Array<[number | null, number | null]> = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && base(a[i - 1].key) === base(b[j - 1].key)) {
      pairs.push([--i, --j]);
    } else if (j > 0 && (i === 0 || L[i][j - 1] >= L[i - 1][j])) {
      pairs.push([null, --j]);
    } else {
      pairs.push([--i, null]);
    }
  }
  return pairs.reverse();
}

/** Fields paired by key; a key that repeats (two NOP options) pairs by occurrence. */
function diffFields(before: readonly Field[], after: readonly Field[], layerKey: string): FieldDiff[] {
  const occ = (fs: readonly Field[]): string[] => {
    const seen = new Map<string, number>();
    return fs.map((f) => {
      const k = seen.get(f.key) ?? 0;
      seen.set(f.key, k + 1);
      return `${f.key}#${k}`;
    });
  };
  const bIds = occ(before);
  const aIds = occ(after);
  const byId = new Map<string, Field>();
  bIds.forEach((id, i) => byId.set(id, before[i]));
  const used = new Set<string>();
  const out: FieldDiff[] = [];
  // Fields gone from `before` are shown where they were, before the next field that stayed.
  let bi = 0;
  const flushRemoved = (until: string | null): void => {
    while (bi < before.length && bIds[bi] !== until) {
      if (!aIds.includes(bIds[bi])) out.push(whole(before[bi], layerKey, 'removed'));
      bi++;
    }
    if (until !== null && bi < before.length) bi++;
  };
  after.forEach((f, i) => {
    const id = aIds[i];
    const old = byId.get(id);
    if (!old) {
      out.push(whole(f, layerKey, 'added'));
      return;
    }
    if (!used.has(id)) flushRemoved(id);
    used.add(id);
    const children = f.children || old.children ? diffFields(old.children ?? [], f.children ?? [], layerKey) : undefined;
    const changed = old.value !== f.value || (children?.some((c) => c.status !== 'same') ?? false);
    out.push({
      key: f.key,
      path: `${layerKey}.${f.key}`,
      name: f.name,
      status: changed ? 'changed' : 'same',
      old: old.value,
      new: f.value,
      bitOffset: f.bitOffset,
      bitLength: f.bitLength,
      ...(children ? { children } : {}),
    });
  });
  flushRemoved(null);
  return out;
}

function whole(f: Field, layerKey: string, status: 'added' | 'removed'): FieldDiff {
  return {
    key: f.key,
    path: `${layerKey}.${f.key}`,
    name: f.name,
    status,
    ...(status === 'added' ? { new: f.value } : { old: f.value }),
    bitOffset: f.bitOffset,
    bitLength: f.bitLength,
    ...(f.children ? { children: f.children.map((c) => whole(c, layerKey, status)) } : {}),
  };
}

function wholeLayer(l: Layer, status: 'added' | 'removed'): LayerDiff {
  return {
    key: l.key,
    name: l.name,
    status,
    summary: l.summary,
    fields: l.fields.map((f) => whole(f, l.key, status)),
  };
}

function collectChanged(fields: readonly FieldDiff[], into: string[]): void {
  for (const f of fields) {
    if (f.status !== 'changed') continue;
    if (f.old !== f.new) into.push(f.path);
    if (f.children) collectChanged(f.children, into);
  }
}

/** Compare two dissections (the frame entering a node, and one leaving it). */
export function diffLayers(before: readonly Layer[], after: readonly Layer[]): FrameDiff {
  const layers: LayerDiff[] = [];
  for (const [i, j] of alignLayers(before, after)) {
    if (i === null) layers.push(wholeLayer(after[j!], 'added'));
    else if (j === null) layers.push(wholeLayer(before[i], 'removed'));
    else {
      const a = before[i];
      const b = after[j];
      const fields = diffFields(a.fields, b.fields, b.key);
      const changed = fields.some((f) => f.status !== 'same');
      layers.push({
        key: b.key,
        ...(a.key !== b.key ? { oldKey: a.key } : {}),
        name: b.name,
        status: changed ? 'changed' : 'same',
        summary: b.summary,
        ...(a.summary !== b.summary ? { oldSummary: a.summary } : {}),
        fields,
      });
    }
  }
  const changed: string[] = [];
  for (const l of layers) if (l.status === 'changed') collectChanged(l.fields, changed);
  const identical = layers.every((l) => l.status === 'same');
  return { layers, changed, identical };
}

/** Compare two frames' bytes, dissected. */
export function diffFrames(before: Uint8Array, after: Uint8Array): FrameDiff {
  return diffLayers(dissectFrame(before), dissectFrame(after));
}

/** A top-level field of a layer diff, by key. */
export function fieldOf(l: LayerDiff | undefined, key: string): FieldDiff | undefined {
  return l?.fields.find((f) => f.key === key);
}
