import type { Micros } from '../sim/time';
import { formatMac, isMulticastMac, readMac, type Mac } from '../wire/addr';
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

/**
 * A learning bridge (IEEE 802.1D): learn the source MAC on the ingress port,
 * forward known unicast to one port, flood broadcast, multicast and unknown
 * unicast to every other port.
 */
export class Switch extends NetNode {
  private readonly table = new Map<Mac, MacEntry>();
  ageingTime: Micros = MAC_AGEING_TIME;

  constructor(world: World, id: string) {
    super(world, id, 'switch');
  }

  receive(ingress: Nic, frame: Uint8Array, pid: number): void {
    if (frame.length < 14) return this.world.drop(this, ingress, frame, pid, 'runt frame');
    const now = this.world.now;
    const dst = readMac(frame, 0);
    const src = readMac(frame, 6);
    this.learn(src, ingress.name, now);
    const known = isMulticastMac(dst) ? undefined : this.lookup(dst, now);
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

  private learn(mac: Mac, port: string, now: Micros): void {
    if (isMulticastMac(mac)) return;
    const e = this.table.get(mac);
    if (e && e.port === port) {
      e.lastSeen = now;
      return;
    }
    this.table.set(mac, { mac, port, lastSeen: now });
    this.world.trace.state({
      t: now,
      node: this.id,
      kind: 'switch.learn',
      text: `learned ${formatMac(mac)} on ${port}`,
      data: { mac: formatMac(mac), port, moved: !!e },
    });
  }

  private lookup(mac: Mac, now: Micros): MacEntry | undefined {
    const e = this.table.get(mac);
    if (!e) return undefined;
    if (now - e.lastSeen > this.ageingTime) {
      this.table.delete(mac);
      return undefined;
    }
    return e;
  }

  /** The MAC table as the inspector shows it, oldest entries aged out. */
  macTable(): MacEntry[] {
    const now = this.world.now;
    return [...this.table.values()].filter((e) => now - e.lastSeen <= this.ageingTime).map((e) => ({ ...e }));
  }

  override setPower(on: boolean): void {
    super.setPower(on);
    if (!on) this.table.clear();
  }
}


