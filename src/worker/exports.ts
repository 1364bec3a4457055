/**
 * What the page can download, built in the worker from the running lab: packet
 * captures (one interface's pcap, or all of them in a zip), a host's
 * configuration as shell commands, and a director's rules as `ipvsadm -S -n`
 * prints them. docs/embed.md "Exports".
 */
import { capturesByInterface } from '../engine/capture';
import type { Lab } from '../engine/lab';
import type { PacketEvent } from '../engine/sim/trace';
import { hostAsScript, ipvsSave } from '../engine/view/export-config';
import { strToU8 } from 'fflate';
import { captureFileName, zipCaptures } from '../share/zip';

export type ExportRequest =
  /** What there is to export: the interfaces that saw frames, the hosts. */
  | { kind: 'inventory' }
  /** One interface's capture; `iface` is a `node-iface` key from the inventory. */
  | { kind: 'pcap'; iface: string }
  /** Every interface's capture in one zip. */
  | { kind: 'pcap-zip' }
  /** A host's configuration as the commands that rebuild it (`hostAsScript`). */
  | { kind: 'host-script'; node: string }
  /** A director's IPVS rules as `ipvsadm -S -n` prints them. */
  | { kind: 'ipvs-save'; node: string };

export interface ExportInventory {
  /** `node-iface` keys of interfaces that sent or received frames, with the frame count. */
  captures: Array<{ key: string; frames: number }>;
  /** Linux hosts and routers; `ipvs` when the IPVS module is loaded there. */
  hosts: Array<{ id: string; ipvs: boolean }>;
  /** Virtual time of the lab, µs. */
  t: number;
}

export type ExportResult =
  | { ok: true; inventory: ExportInventory }
  | { ok: true; file: { name: string; mime: string; bytes: Uint8Array } }
  | { ok: false; error: string };

/** Frames per `node-iface`, counted as capturesByInterface files them (sent, and received unless lost), without building the files. */
function frameCounts(packets: readonly PacketEvent[]): Map<string, number> {
  const n = new Map<string, number>();
  const add = (k: string) => n.set(k, (n.get(k) ?? 0) + 1);
  for (const p of packets) {
    if (p.type !== 'hop') continue;
    add(`${p.from.node}-${p.from.iface}`);
    if (!p.lost) add(`${p.to.node}-${p.to.iface}`);
  }
  return new Map([...n].sort(([a], [b]) => (a < b ? -1 : 1)));
}

const noLab: ExportResult = { ok: false, error: 'no lab is running' };

export function exportFrom(lab: Lab | null, req: ExportRequest): ExportResult {
  if (!lab) return noLab;
  switch (req.kind) {
    case 'inventory': {
      const caps = frameCounts(lab.world.trace.packets);
      const hosts: ExportInventory['hosts'] = [];
      for (const id of lab.world.nodes.keys()) {
        const h = lab.host(id);
        if (h) hosts.push({ id, ipvs: !!h.ipvs });
      }
      return { ok: true, inventory: { captures: [...caps].map(([key, frames]) => ({ key, frames })), hosts, t: lab.world.now } };
    }
    case 'pcap': {
      const w = capturesByInterface(lab.world.trace.packets).get(req.iface);
      if (!w) return { ok: false, error: `no frames were seen on ${req.iface}` };
      return { ok: true, file: { name: captureFileName(req.iface), mime: 'application/vnd.tcpdump.pcap', bytes: w.toBytes() } };
    }
    case 'pcap-zip': {
      const caps = capturesByInterface(lab.world.trace.packets);
      if (!caps.size) return { ok: false, error: 'no frames have been sent yet' };
      const map = new Map([...caps].map(([k, w]) => [k, w.toBytes()] as const));
      return { ok: true, file: { name: `${lab.scenario.id ?? 'lab'}-captures.zip`, mime: 'application/zip', bytes: zipCaptures(map) } };
    }
    case 'host-script': {
      const h = lab.host(req.node);
      if (!h) return { ok: false, error: `${req.node} is not a Linux host` };
      return { ok: true, file: { name: `${req.node}.sh`, mime: 'text/x-shellscript', bytes: strToU8(hostAsScript(h)) } };
    }
    case 'ipvs-save': {
      const h = lab.host(req.node);
      if (!h) return { ok: false, error: `${req.node} is not a Linux host` };
      if (!h.ipvs) return { ok: false, error: `${req.node} has no IPVS rules (the ip_vs module is not loaded)` };
      return { ok: true, file: { name: `${req.node}.ipvsadm`, mime: 'text/plain', bytes: strToU8(ipvsSave(h)) } };
    }
  }
}
