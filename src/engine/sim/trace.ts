import type { Micros } from './time';

/** An interface of a node, as the trace names it. */
export interface Endpoint {
  node: string;
  iface: string;
}

/**
 * Packet stream: ephemeral hops, read by the animation and the pcap writer.
 * A `pid` follows one packet through every node that forwards or rewrites it,
 * so the frame entering a node can be paired with the frame leaving it.
 */
export type PacketEvent = HopEvent | DropEvent;

export interface HopEvent {
  type: 'hop';
  /** Position in the whole trace (both streams), set by Trace. */
  seq?: number;
  t: Micros;
  /** When the last bit reaches `to` (t + link latency). */
  arrive: Micros;
  pid: number;
  link: string;
  from: Endpoint;
  to: Endpoint;
  frame: Uint8Array;
  /** Set when the frame never arrives (random loss on the link). */
  lost?: string;
}

export interface DropEvent {
  type: 'drop';
  seq?: number;
  t: Micros;
  pid: number;
  node: string;
  iface?: string;
  frame: Uint8Array;
  /** Why, in a learner's words: `TTL exceeded`, `no route to host`, `ARP ignored`, `link down`. */
  reason: string;
}

/**
 * State stream: durable changes (an ARP entry filled, a route added, a TCP
 * socket changed state, a VRRP transition). `kind` is a dotted family name
 * (`arp.add`, `route.add`, `tcp.state`, `ipvs.conn`, `vrrp.state`, `shell.command`).
 */
export interface StateEvent {
  seq?: number;
  t: Micros;
  node: string;
  kind: string;
  /** One human-readable line. */
  text: string;
  data?: Record<string, string | number | boolean | null>;
}

export type TraceListener = {
  packet?: (e: PacketEvent) => void;
  state?: (e: StateEvent) => void;
};

export class Trace {
  readonly packets: PacketEvent[] = [];
  readonly states: StateEvent[] = [];
  /** Benchmarks turn storage off; listeners still hear everything. */
  private listeners: TraceListener[] = [];
  packetCount = 0;
  private seq = 0;

  /**
   * Whether anyone keeps or hears state events. Producers check this before
   * formatting an event's text, so benchmarks that keep no trace pay nothing.
   */
  wantsStates = true;

  listen(l: TraceListener): () => void {
    this.listeners.push(l);
    this.refresh();
    return () => {
      this.listeners = this.listeners.filter((x) => x !== l);
      this.refresh();
    };
  }

  /** Whether anyone keeps or hears packet events (else transmit only counts them). */
  wantsPackets = true;

  private refresh(): void {
    this.wantsStates = this._keepStates || this.listeners.some((l) => l.state);
    this.wantsPackets = this._keepPackets || this.listeners.some((l) => l.packet);
  }

  private _keepPackets = true;
  get keepPackets(): boolean {
    return this._keepPackets;
  }
  set keepPackets(v: boolean) {
    this._keepPackets = v;
    this.refresh();
  }

  private _keepStates = true;
  get keepStates(): boolean {
    return this._keepStates;
  }
  set keepStates(v: boolean) {
    this._keepStates = v;
    this.refresh();
  }

  packet(e: PacketEvent): void {
    this.packetCount++;
    e.seq = this.seq++;
    if (this._keepPackets) this.packets.push(e);
    for (const l of this.listeners) l.packet?.(e);
  }

  state(e: StateEvent): void {
    e.seq = this.seq++;
    if (this._keepStates) this.states.push(e);
    for (const l of this.listeners) l.state?.(e);
  }
}
