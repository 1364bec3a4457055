import type { Micros } from '../sim/time';
import type { Nic } from './nic';

/** A cable between two interfaces, with a one-way latency and optional random loss. */
export class Link {
  up = true;

  constructor(
    readonly id: string,
    readonly a: Nic,
    readonly b: Nic,
    public latency: Micros,
    public loss: number,
  ) {}

  peerOf(nic: Nic): Nic {
    return nic === this.a ? this.b : this.a;
  }
}
