import type { Ipv4 } from './addr';

/**
 * The Internet checksum (RFC 1071): one's-complement sum of 16-bit words.
 * `sumWords` returns the unfolded partial sum so pseudo-headers can be added.
 */
export function sumWords(buf: Uint8Array, off: number, len: number, initial = 0): number {
  let sum = initial;
  const end = off + (len & ~1);
  for (let i = off; i < end; i += 2) sum += (buf[i] << 8) | buf[i + 1];
  if (len & 1) sum += buf[off + len - 1] << 8;
  return sum;
}

/** Fold a partial sum to 16 bits and complement it. */
export function finish(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

export function internetChecksum(buf: Uint8Array, off: number, len: number): number {
  return finish(sumWords(buf, off, len));
}

/** Partial sum of the IPv4 pseudo-header used by UDP and TCP (RFC 793 §3.1, RFC 768). */
export function pseudoHeaderSum(src: Ipv4, dst: Ipv4, protocol: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
}

/**
 * RFC 1624 incremental update: the new checksum after a 16-bit word changed
 * from `oldWord` to `newWord` (what a router does to the IPv4 header after TTL--).
 */
export function updateChecksum16(checksum: number, oldWord: number, newWord: number): number {
  let sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + newWord;
  sum = (sum & 0xffff) + (sum >>> 16);
  sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
