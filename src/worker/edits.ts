/**
 * Topology edits as pure functions on the scenario document: each takes a
 * document and returns a new one (the input is never mutated), or a message
 * saying why the edit makes no sense. The session validates the result with
 * `loadScenario` before it is accepted, so an edit may produce an invalid
 * document: the validator's message is what the user sees.
 */
import { deriveLinkId } from '../engine/scenario/validate';
import type { InterfaceDoc, LinkDoc, NodeDoc, NodeKind, Position, ScenarioDocV1, TimelineActionDoc } from '../engine/scenario/types';
import { INTERNET, INTERNET_NODE_IDS, internet } from '../presets/internet';
import type { Edit } from './protocol';

export type EditResult = { ok: true; doc: ScenarioDocV1; label: string } | { ok: false; message: string };

/** The link's id as the validator derives it when the document has none. */
export const linkIdOf = (l: LinkDoc): string => l.id ?? deriveLinkId(l.a, l.b);

const clone = <T>(x: T): T => structuredClone(x);

/** Lowest `prefixN` (or `prefix` + two digits for hosts) not used by a node. */
export function freeNodeId(doc: ScenarioDocV1, kind: NodeKind, taken: Set<string> = new Set()): string {
  const used = new Set([...doc.nodes.map((n) => n.id), ...taken]);
  const name = (i: number) => (kind === 'host' ? `node${String(i).padStart(2, '0')}` : kind === 'router' ? (i === 1 ? 'router' : `router${i}`) : `sw${i}`);
  for (let i = 1; ; i++) if (!used.has(name(i))) return name(i);
}

const isSwitch = (n: NodeDoc) => n.kind === 'switch';

/** Next free interface name on a node: eth0, eth1, … for hosts; p1, p2, … for switches. */
export function freeIfaceName(n: NodeDoc): string {
  const names = new Set((n.interfaces ?? []).map((i) => i.name));
  if (isSwitch(n)) {
    for (let i = 1; ; i++) if (!names.has(`p${i}`)) return `p${i}`;
  }
  for (let i = 0; ; i++) if (!names.has(`eth${i}`)) return `eth${i}`;
}

const ipToNum = (s: string): number => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const numToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** Every IPv4 address (without prefix) in the document's interfaces. */
function usedAddresses(doc: ScenarioDocV1): Set<string> {
  const out = new Set<string>();
  for (const n of doc.nodes) for (const i of n.interfaces ?? []) for (const a of i.addresses ?? []) out.add(a.split('/')[0]);
  return out;
}

/**
 * A free address for a new host's eth0, in the subnet most hosts share (the
 * course's 192.168.150.0/24 by default). `nodeNN` gets .(10+NN) when free, as
 * in the course's lab table (node01 = .11).
 */
export function freeAddress(doc: ScenarioDocV1, id: string, taken: Set<string> = new Set()): string {
  const counts = new Map<string, number>();
  for (const n of doc.nodes) {
    for (const i of n.interfaces ?? []) {
      for (const a of i.addresses ?? []) {
        const [ip, len] = a.split('/');
        if (len !== '24' || ip.startsWith('127.')) continue;
        const net = ip.split('.').slice(0, 3).join('.');
        counts.set(net, (counts.get(net) ?? 0) + 1);
      }
    }
  }
  let net = '192.168.150';
  let best = 0;
  for (const [k, c] of counts) if (c > best) [net, best] = [k, c];
  const used = new Set([...usedAddresses(doc), ...taken]);
  const m = /^node(\d{1,3})$/.exec(id);
  const preferred = m ? 10 + Number(m[1]) : undefined;
  const candidates = [...(preferred !== undefined && preferred < 255 ? [preferred] : []), ...Array.from({ length: 244 }, (_, i) => i + 11)];
  for (const h of candidates) if (!used.has(`${net}.${h}`)) return `${net}.${h}/24`;
  for (let h = 2; h < 255; h++) if (!used.has(`${net}.${h}`)) return `${net}.${h}/24`;
  return `${net}.254/24`;
}

/** A new node of a kind, as the palette adds it. */
export function newNode(doc: ScenarioDocV1, kind: NodeKind, position: Position): NodeDoc {
  const id = freeNodeId(doc, kind);
  const pos = { x: Math.round(position.x), y: Math.round(position.y) };
  if (kind === 'switch') return { id, kind, position: pos, interfaces: [1, 2, 3, 4].map((i) => ({ name: `p${i}` })) };
  if (kind === 'router') {
    const used = usedAddresses(doc);
    const lan = freeAddress(doc, id).split('.').slice(0, 3).join('.');
    const gw = [2, 1, 254].map((h) => `${lan}.${h}`).find((a) => !used.has(a));
    return { id, kind, position: pos, interfaces: [{ name: 'eth0', addresses: gw ? [`${gw}/24`] : [] }, { name: 'eth1', addresses: [] }] };
  }
  return { id, kind, position: pos, interfaces: [{ name: 'eth0', addresses: [freeAddress(doc, id)] }] };
}

/** Remove nodes and links, with the timeline actions that name them (they would not validate). */
function removeFrom(doc: ScenarioDocV1, nodes: Set<string>, links: Set<string>): ScenarioDocV1 {
  const keptLinks = doc.links.filter((l) => !links.has(linkIdOf(l)) && !nodes.has(l.a.node) && !nodes.has(l.b.node));
  const keptIds = new Set(keptLinks.map(linkIdOf));
  const timeline = (doc.timeline ?? []).filter((a: TimelineActionDoc) => ('node' in a ? !nodes.has(a.node) : keptIds.has(a.link)));
  const out: ScenarioDocV1 = { ...doc, nodes: doc.nodes.filter((n) => !nodes.has(n.id)), links: keptLinks };
  if (doc.timeline) out.timeline = timeline;
  return out;
}

/** Rename a node's id in everything that refers to it (used by paste). */
function renumberPasted(doc: ScenarioDocV1, nodes: NodeDoc[], links: LinkDoc[], offset: Position): { nodes: NodeDoc[]; links: LinkDoc[]; ids: string[] } {
  const taken = new Set<string>();
  const map = new Map<string, string>();
  for (const n of nodes) {
    const id = freeNodeId(doc, n.kind, taken);
    taken.add(id);
    map.set(n.id, id);
  }
  const usedIps = usedAddresses(doc);
  const outNodes = nodes.map((n): NodeDoc => {
    const c = clone(n);
    c.id = map.get(n.id)!;
    if (c.name !== undefined) c.name = `${c.name} copy`.slice(0, 64);
    if (n.position) c.position = { x: Math.round(n.position.x + offset.x), y: Math.round(n.position.y + offset.y) };
    c.interfaces = (c.interfaces ?? []).map((i): InterfaceDoc => {
      const { mac: _mac, ...rest } = i; // a copy gets its own MAC
      void _mac;
      if (!rest.addresses) return rest;
      return {
        ...rest,
        addresses: rest.addresses.map((a) => {
          const [ip, len] = a.split('/');
          if (!usedIps.has(ip) || ip.startsWith('127.')) {
            usedIps.add(ip);
            return a;
          }
          // The same address twice on one LAN is a conflict: give the copy the next free one in its subnet.
          const prefix = Number(len);
          const size = prefix >= 31 ? 1 : 2 ** (32 - prefix);
          const base = Math.floor(ipToNum(ip) / size) * size;
          for (let k = 1; k < size - 1; k++) {
            const cand = numToIp(base + ((ipToNum(ip) - base + k) % size));
            const host = ipToNum(cand) - base;
            if (host === 0 || host === size - 1 || usedIps.has(cand)) continue;
            usedIps.add(cand);
            return `${cand}/${len}`;
          }
          return a;
        }),
      };
    });
    return c;
  });
  const outLinks = links
    .filter((l) => map.has(l.a.node) && map.has(l.b.node))
    .map((l): LinkDoc => {
      const { id: _id, ...rest } = clone(l);
      void _id;
      return { ...rest, a: { node: map.get(l.a.node)!, iface: l.a.iface }, b: { node: map.get(l.b.node)!, iface: l.b.iface } };
    });
  return { nodes: outNodes, links: outLinks, ids: [...map.values()] };
}

const findNode = (doc: ScenarioDocV1, id: string): NodeDoc | undefined => doc.nodes.find((n) => n.id === id);

/** Apply one edit. The result still has to pass validation. */
export function applyEdit(doc0: ScenarioDocV1, edit: Edit): EditResult {
  const doc = clone(doc0);
  switch (edit.op) {
    case 'add-node': {
      const n = newNode(doc, edit.kind, edit.position);
      doc.nodes.push(n);
      return { ok: true, doc, label: `Added ${n.id}` };
    }
    case 'paste': {
      if (edit.nodes.length === 0) return { ok: false, message: 'nothing to paste' };
      const p = renumberPasted(doc, edit.nodes, edit.links, edit.offset);
      doc.nodes.push(...p.nodes);
      doc.links.push(...p.links);
      return { ok: true, doc, label: `Pasted ${p.ids.join(', ')}` };
    }
    case 'remove': {
      const nodes = new Set(edit.nodes.filter((id) => findNode(doc, id)));
      const links = new Set(edit.links.filter((id) => doc.links.some((l) => linkIdOf(l) === id)));
      if (nodes.size === 0 && links.size === 0) return { ok: false, message: 'nothing to delete' };
      const cableName = (id: string) => {
        const l = doc.links.find((x) => linkIdOf(x) === id)!;
        return `the cable ${l.a.node} ${l.a.iface} ⟷ ${l.b.node} ${l.b.iface}`;
      };
      const what = [...nodes, ...[...links].filter((id) => !doc.links.some((l) => linkIdOf(l) === id && (nodes.has(l.a.node) || nodes.has(l.b.node)))).map(cableName)];
      return { ok: true, doc: removeFrom(doc, nodes, links), label: `Deleted ${what.join(', ')}` };
    }
    case 'connect': {
      const a = findNode(doc, edit.a.node);
      const b = findNode(doc, edit.b.node);
      if (!a || !b) return { ok: false, message: `no node ${!a ? edit.a.node : edit.b.node}` };
      if (a === b) return { ok: false, message: 'a cable joins two different nodes' };
      const ends = [
        [a, edit.a.iface],
        [b, edit.b.iface],
      ] as const;
      const names: string[] = [];
      for (const [n, want] of ends) {
        n.interfaces ??= [];
        let name = want;
        if (name === null) {
          name = freeIfaceName(n);
          n.interfaces.push(n.kind === 'switch' ? { name } : { name, addresses: [] });
        } else if (!n.interfaces.some((i) => i.name === name)) {
          return { ok: false, message: `${n.id} has no interface ${name}` };
        }
        const busy = doc.links.find((l) => (l.a.node === n.id && l.a.iface === name) || (l.b.node === n.id && l.b.iface === name));
        if (busy) return { ok: false, message: `${n.id} ${name} already has a cable (${linkIdOf(busy)}): an interface takes one cable` };
        names.push(name);
      }
      const link: LinkDoc = { a: { node: a.id, iface: names[0] }, b: { node: b.id, iface: names[1] } };
      doc.links.push(link);
      return { ok: true, doc, label: `Cabled ${a.id} ${names[0]} to ${b.id} ${names[1]}` };
    }
    case 'rename': {
      const n = findNode(doc, edit.node);
      if (!n) return { ok: false, message: `no node ${edit.node}` };
      const name = edit.name.trim();
      if (name === '') return { ok: false, message: 'a name cannot be empty' };
      if (name === n.id) delete n.name;
      else n.name = name;
      return { ok: true, doc, label: `Renamed ${n.id} to ${name}` };
    }
    case 'move': {
      let moved = 0;
      for (const [id, p] of Object.entries(edit.positions)) {
        const n = findNode(doc, id);
        if (!n || !Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
        n.position = { x: Math.round(p.x), y: Math.round(p.y) };
        moved++;
      }
      if (moved === 0) return { ok: false, message: 'nothing to move' };
      return { ok: true, doc, label: moved === 1 ? `Moved ${Object.keys(edit.positions)[0]}` : `Moved ${moved} nodes` };
    }
    case 'set-link': {
      const l = doc.links.find((x) => linkIdOf(x) === edit.link);
      if (!l) return { ok: false, message: `no cable ${edit.link}` };
      if (edit.up) delete l.up;
      else l.up = false;
      return { ok: true, doc, label: `${edit.up ? 'Restored' : 'Cut'} the cable ${l.a.node} ${l.a.iface} ⟷ ${l.b.node} ${l.b.iface}` };
    }
    case 'set-addresses': {
      const n = findNode(doc, edit.node);
      const i = n?.interfaces?.find((x) => x.name === edit.iface);
      if (!n || !i) return { ok: false, message: `no interface ${edit.node} ${edit.iface}` };
      if (n.kind === 'switch') return { ok: false, message: 'a switch port has no IP address' };
      i.addresses = edit.addresses.map((a) => a.trim()).filter((a) => a !== '');
      return { ok: true, doc, label: `${edit.node} ${edit.iface}: ${i.addresses.join(', ') || 'no address'}` };
    }
    case 'set-gateway': {
      const n = findNode(doc, edit.node);
      if (!n || n.kind === 'switch') return { ok: false, message: `no host ${edit.node}` };
      const gw = edit.gateway?.trim();
      if (gw) n.gateway = gw;
      else delete n.gateway;
      return { ok: true, doc, label: `${edit.node}: ${gw ? `default gateway ${gw}` : 'no default gateway'}` };
    }
    case 'set-sysctl': {
      const n = findNode(doc, edit.node);
      if (!n || n.kind === 'switch') return { ok: false, message: `no host ${edit.node}` };
      const sysctl = { ...(n.sysctl ?? {}) };
      if (edit.value === null || edit.value.trim() === '') delete sysctl[edit.key];
      else sysctl[edit.key] = /^-?\d+$/.test(edit.value.trim()) ? Number(edit.value.trim()) : edit.value.trim();
      n.sysctl = sysctl;
      return { ok: true, doc, label: `${edit.node}: ${edit.key} = ${edit.value ?? 'default'}` };
    }
    case 'add-internet': {
      const home = edit.router ? findNode(doc, edit.router) : doc.nodes.find((n) => n.kind === 'router');
      if (!home || home.kind !== 'router') return { ok: false, message: 'add a router first: the internet plugs into a home router\'s WAN interface' };
      const clash = INTERNET_NODE_IDS.find((id) => findNode(doc, id));
      if (clash) return { ok: false, message: `this lab already has a node "${clash}": the internet is already here, or that name is taken` };
      home.interfaces ??= [];
      const cabled = (name: string) => doc.links.some((l) => (l.a.node === home.id && l.a.iface === name) || (l.b.node === home.id && l.b.iface === name));
      let wan = home.interfaces.find((i) => !cabled(i.name) && !(i.addresses ?? []).length);
      if (!wan) {
        wan = { name: freeIfaceName(home) };
        home.interfaces.push(wan);
      }
      wan.addresses = [INTERNET.homeWan];
      home.gateway ??= INTERNET.homeGateway;
      const pos = home.position ?? { x: 0, y: 0 };
      const net = internet({ home: { node: home.id, iface: wan.name }, x: pos.x + 260, y: pos.y });
      doc.nodes.push(...net.nodes);
      doc.links.push(...net.links);
      return { ok: true, doc, label: `Plugged ${home.id} ${wan.name} into the internet` };
    }
    case 'add-interface': {
      const n = findNode(doc, edit.node);
      if (!n) return { ok: false, message: `no node ${edit.node}` };
      n.interfaces ??= [];
      const iface = edit.iface ?? (n.kind === 'switch' ? { name: freeIfaceName(n) } : { name: freeIfaceName(n), addresses: [] });
      n.interfaces.push(iface);
      return { ok: true, doc, label: `Added ${n.id} ${iface.name}` };
    }
  }
}
