import type { Mac } from '../wire/addr';
import type { World } from '../world';
import { Nic } from './nic';

export type NodeKind = 'host' | 'router' | 'switch';

/** Anything with interfaces on the canvas: a Linux host (router included) or a switch. */
export abstract class NetNode {
  readonly nics = new Map<string, Nic>();
  powered = true;

  constructor(
    readonly world: World,
    readonly id: string,
    readonly kind: NodeKind,
  ) {}

  addNic(name: string, mac?: Mac): Nic {
    if (this.nics.has(name)) throw new Error(`${this.id}: interface ${name} exists`);
    const nic = new Nic(this, name, mac ?? this.world.deriveMac(this.id, name));
    this.nics.set(name, nic);
    return nic;
  }

  nic(name: string): Nic | undefined {
    return this.nics.get(name);
  }

  /** A frame arrived on `nic` (the world already checked carrier and power). */
  abstract receive(nic: Nic, frame: Uint8Array, pid: number): void;

  /** Power off: stop timers and forget volatile state. Power on: boot again. */
  setPower(on: boolean): void {
    this.powered = on;
  }
}
