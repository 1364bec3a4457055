import { PcapWriter } from './pcap/pcap';
import type { PacketEvent } from './sim/trace';

/**
 * Split the packet stream into one capture per interface, as tcpdump on that
 * interface would have seen it: frames it sent (at send time) and frames it
 * received (at arrival). Keys are `node-iface`.
 */
export function capturesByInterface(packets: readonly PacketEvent[]): Map<string, PcapWriter> {
  const per = new Map<string, Array<{ t: number; seq: number; frame: Uint8Array }>>();
  let seq = 0;
  const add = (key: string, t: number, frame: Uint8Array) => {
    let l = per.get(key);
    if (!l) per.set(key, (l = []));
    l.push({ t, seq: seq++, frame });
  };
  for (const p of packets) {
    if (p.type !== 'hop') continue;
    add(`${p.from.node}-${p.from.iface}`, p.t, p.frame);
    if (!p.lost) add(`${p.to.node}-${p.to.iface}`, p.arrive, p.frame);
  }
  const out = new Map<string, PcapWriter>();
  for (const [key, list] of [...per.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    list.sort((a, b) => a.t - b.t || a.seq - b.seq);
    const w = new PcapWriter();
    for (const r of list) w.add(r.t, r.frame);
    out.set(key, w);
  }
  return out;
}
