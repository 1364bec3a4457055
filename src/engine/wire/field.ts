/**
 * What the inspector shows for one header field: the RFC's name, a value
 * formatted as Wireshark would, and where the bits are so the UI can
 * highlight bytes and diff two frames field by field.
 */
export interface Field {
  /** Stable key within its layer, e.g. `ttl`, `flags.syn`. Used to pair fields when diffing. */
  key: string;
  /** Name as the RFC / Wireshark names it: `Time to Live`, `Flags`. */
  name: string;
  /** Display value as Wireshark would show it: `64`, `0x012 (SYN, ACK)`. */
  value: string;
  /** Offset in bits from the start of the frame. */
  bitOffset: number;
  bitLength: number;
  children?: Field[];
}

export interface Layer {
  /** Stable key: `eth`, `arp`, `ip`, `ip.inner`, `icmp`, `udp`, `tcp`, `vrrp`, `dns`, `data`. */
  key: string;
  /** Display name: `Ethernet II`, `Internet Protocol Version 4`, ... */
  name: string;
  /** One-line summary as Wireshark's tree shows it (`Src: 192.168.150.1, Dst: ...`). */
  summary: string;
  byteOffset: number;
  byteLength: number;
  fields: Field[];
}

/** The outcome of parsing: a value or a message naming the wrong field. Parse never throws. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = <T = never>(error: string): Parsed<T> => ({ ok: false, error });
