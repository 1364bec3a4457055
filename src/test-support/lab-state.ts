/**
 * What a learner could see of a lab at one moment — ARP caches, IPVS
 * connections, TCP sockets, the consoles, and the trace (length and a hash of
 * every frame) — as one plain value, for determinism tests (rewind, replay).
 */
import type { Lab } from '../engine/lab';
import type { Host } from '../engine/os/host';
import { tcpOfHost } from '../engine/transport/tcp/socket';
import { snapshotNode } from '../engine/view/snapshot';
import type { HostSnapshot } from '../engine/view/types';
import { formatIpv4 } from '../engine/wire/addr';

/** FNV-1a over every frame (with its place in the stream) and every state line: equal hashes ⇔ the same trace. */
export function traceHash(lab: Lab): number {
  let h = 0x811c9dc5;
  const mix = (x: number) => (h = Math.imul(h ^ (x & 0xff), 0x01000193) >>> 0);
  for (const p of lab.world.trace.packets) {
    for (const x of [p.seq ?? 0, p.t, p.pid]) for (let k = 0; k < 4; k++) mix(x >>> (8 * k));
    for (const b of p.frame) mix(b);
  }
  for (const e of lab.world.trace.states) for (const c of `${e.seq} ${e.t} ${e.node} ${e.kind} ${e.text}`) mix(c.charCodeAt(0));
  return h;
}

/** What a learner could see of the lab at one moment. */
export function stateOf(lab: Lab) {
  const hosts = [...lab.world.nodes.values()].filter((n) => n.kind !== 'switch') as Host[];
  return {
    now: lab.world.now,
    events: lab.world.sim.executed,
    packets: lab.world.trace.packets.length,
    states: lab.world.trace.states.length,
    traceHash: traceHash(lab),
    arp: hosts.map((h) => [h.id, (snapshotNode(h) as HostSnapshot).arp]),
    ipvs: hosts.map((h) => [
      h.id,
      h.ipvs ? [...h.ipvs.conns.all()].map((c) => `${formatIpv4(c.caddr)}:${c.cport} → ${formatIpv4(c.daddr)}:${c.dport} state ${c.state} expires ${c.expiresAt}`) : null,
    ]),
    sockets: hosts.map((h) => [h.id, [...tcpOfHost(h).all].map((t) => `${t.localLabel()} ${t.remoteLabel()} ${t.state}`)]),
    consoles: lab.records.map((r) => [r.node, r.line, r.status, r.output]),
  };
}
