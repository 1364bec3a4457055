import type { Mac } from '../wire/addr';
import type { Link } from './link';
import type { NetNode } from './node';

/**
 * A network interface: a host's eth0 or a switch port. It is where a cable
 * plugs in; addresses and routes belong to the host's IP layer, not here.
 */
export class Nic {
  link: Link | null = null;
  adminUp = true;
  mtu = 1500;
  /** Counters as ifconfig shows them. */
  rxPackets = 0;
  rxBytes = 0;
  txPackets = 0;
  txBytes = 0;
  rxDropped = 0;
  txDropped = 0;

  constructor(
    readonly node: NetNode,
    readonly name: string,
    public mac: Mac,
  ) {}

  /** The interface at the other end of the cable, if any. */
  get peer(): Nic | null {
    return this.link ? this.link.peerOf(this) : null;
  }

  /** Carrier: a cable is plugged, it is not cut, and the far end is powered and up. */
  get carrier(): boolean {
    const p = this.peer;
    return !!(this.link && this.link.up && p && p.adminUp && p.node.powered);
  }

  /** `RUNNING` in ifconfig's flags. */
  get operUp(): boolean {
    return this.adminUp && this.node.powered && this.carrier;
  }
}
