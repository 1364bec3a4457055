/**
 * "Download captures": every interface's pcap in one zip (PKWARE APPNOTE, via
 * fflate's zipSync), each file named `<node>-<iface>.pcap` as tcpdump users name
 * them. Deterministic: a fixed timestamp, files in name order.
 */
import { zipSync, type Zippable } from 'fflate';

export interface ZipCapturesOptions {
  /** 0 stores the files as they are; 1–9 deflates (pcaps of a lab shrink to about a quarter). Default 6. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * The modification time written for every file: 2000-01-01 12:00 UTC. A lab has
 * no wall-clock date, and a fixed one keeps the archive the same for the same
 * captures (zip stores local time: noon keeps it on that date in every time zone).
 */
const MTIME = 946_728_000_000;

/** A file name from a capture key: `node01-eth0` (capturesByInterface's keys) or `node01:eth0` → `node01-eth0.pcap`. */
export function captureFileName(key: string): string {
  const base = key.replace(/:/g, '-').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'capture';
  return base.endsWith('.pcap') ? base : `${base}.pcap`;
}

/** One zip holding each capture as `<node>-<iface>.pcap`. Names that collide after cleaning get `-2`, `-3`… */
export function zipCaptures(map: ReadonlyMap<string, Uint8Array>, opts: ZipCapturesOptions = {}): Uint8Array {
  const level = opts.level ?? 6;
  const files: Zippable = {};
  const keys = [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    let name = captureFileName(key);
    for (let n = 2; Object.prototype.hasOwnProperty.call(files, name); n++) name = captureFileName(`${key.replace(/\.pcap$/, '')}-${n}`);
    files[name] = [map.get(key)!, { level, mtime: MTIME }];
  }
  return zipSync(files, { level, mtime: MTIME });
}
