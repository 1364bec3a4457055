import type { Micros } from '../sim/time';
import { formatMac, readMac, type Mac } from '../wire/addr';
import type { World } from '../world';
import { NetNode } from './node';
import type { Nic } from './nic';

/** Linux bridge / typical switch default: forget a MAC after 300 s of silence. */
export const MAC_AGEING_TIME: Micros = 300_000_000;

export interface MacEntry {
  mac: Mac;
  port: string;
  lastSeen: Micros;
}

/** An entry as the table keeps it: chained with others of the same key. */
interface Slot extends MacEntry {
  chain: Slot | null;
}

/**
 * A 31-bit key from the six address bytes at `o`: a small integer, so
 * looking a frame's addresses up boxes no number (a 48-bit MAC is a double).
 */
const macKey = (b: Uint8Array, o: number): number =>
  (((b[o + 2] << 24) | (b[o + 3] << 16) | (b[o + 4] << 8) | b[o + 5]) ^ Math.imul((b[o] << 8) | b[o + 1], 0x45d9f3b)) & 0x7fffffff;

/**
 * A learning bridge (IEEE 802.1D): learn the source MAC on the ingress port,
 * forward known unicast to one port, flood broadcast, multicast and unknown
 * unicast to every other port.
 */
export class Switch extends NetNode {
  /** By key, for every frame; `order` keeps learning order for the listing. */
  private readonly byKey = new Map<number, Slot>();
  private readonly order = new Set<Slot>();
  ageingTime: Micros = MAC_AGEING_TIME;

  constructor(world: World, id: string) {
    super(world, id, 'switch');
  }

  receive(ingress: Nic, frame: Uint8Array, pid: number): void {
    if (frame.length < 14) return this.world.drop(this, ingress, frame, pid, 'runt frame');
    const now = this.world.now;
    if (!(frame[6] & 1)) this.learn(frame, ingress.name, now); // a multicast source is never learned
    const known = frame[0] & 1 ? undefined : this.lookup(frame, now); // group addresses are flooded
    if (known) {
      if (known.port === ingress.name) return; // the destination is on the segment it came from: filter
      const out = this.nics.get(known.port);
      if (out) this.world.transmit(out, frame, pid);
      return;
    }
    if (this.world.flooded(pid, this.id)) return this.world.drop(this, ingress, frame, pid, 'storm: forwarding stopped (switching loop)');
    for (const nic of this.nics.values()) {
      if (nic !== ingress && nic.link) this.world.transmit(nic, frame, pid);
    }
  }

  /** The entry for the address at `frame[o..o+6]`. */
  private find(frame: Uint8Array, o: number, key: number): Slot | undefined {
    const mac = readMac(frame, o);
    let e = this.byKey.get(key);
    while (e && e.mac !== mac) e = e.chain ?? undefined;
    return e;
  }

  private learn(frame: Uint8Array, port: string, now: Micros): void {
    const key = macKey(frame, 6);
    const e = this.find(frame, 6, key);
    if (e && e.port === port) {
      e.lastSeen = now;
      return;
    }
    const mac = readMac(frame, 6);
    if (e) {
      // The station moved: same place in the listing, new port.
      e.port = port;
      e.lastSeen = now;
    } else {
      const slot: Slot = { mac, port, lastSeen: now, chain: this.byKey.get(key) ?? null };
      this.byKey.set(key, slot);
      this.order.add(slot);
    }
    this.world.trace.state({
      t: now,
      node: this.id,
      kind: 'switch.learn',
      text: `learned ${formatMac(mac)} on ${port}`,
      data: { mac: formatMac(mac), port, moved: !!e },
    });
  }

  private lookup(frame: Uint8Array, now: Micros): Slot | undefined {
    const key = macKey(frame, 0);
    const e = this.find(frame, 0, key);
    if (!e) return undefined;
    if (now - e.lastSeen > this.ageingTime) {
      this.forget(e, key);
      return undefined;
    }
    return e;
  }

  private forget(e: Slot, key: number): void {
    this.order.delete(e);
    let head = this.byKey.get(key) ?? null;
    if (head === e) head = e.chain;
    else for (let p = head; p; p = p.chain) if (p.chain === e) p.chain = e.chain;
    if (head) this.byKey.set(key, head);
    else this.byKey.delete(key);
  }

  /** The MAC table as the inspector shows it, in learning order, oldest entries aged out. */
  macTable(): MacEntry[] {
    const now = this.world.now;
    return [...this.order].filter((e) => now - e.lastSeen <= this.ageingTime).map((e) => ({ mac: e.mac, port: e.port, lastSeen: e.lastSeen }));
  }

  override setPower(on: boolean): void {
    super.setPower(on);
    if (!on) {
      this.byKey.clear();
      this.order.clear();
    }
  }
}
