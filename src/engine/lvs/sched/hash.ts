/**
 * Hash functions of the IPVS schedulers.
 *
 * - The multiplicative hash of dh/sh/lblc/lblcr: `(key * 2654435761UL) & mask`
 *   (2654435761 = 0x9E3779B1, the golden-ratio prime). Only the low bits are
 *   ever kept, so the low 32 bits of the product (Math.imul) are exact.
 * - hsiphash for mh (lib/siphash.c). On 64-bit kernels `hsiphash` is
 *   SipHash-1-3 over 64-bit words with the two `unsigned long` key words,
 *   truncated to u32 ("we make HalfSipHash1-3 actually be SipHash1-3").
 *   `hsiphash1u32` is the fast path mh uses (32-bit halves, no allocation);
 *   `siphash` is a general BigInt reference used to check it against the
 *   kernel's test vectors (lib/siphash_kunit.c).
 */

/** The multiplier of ip_vs_{dh,sh,lblc,lblcr}_hashkey. */
export const GOLDEN_RATIO_PRIME = 2654435761;

/** Low 32 bits of `key * 2654435761` (unsigned). */
export const hashMul = (key: number): number => Math.imul(key >>> 0, GOLDEN_RATIO_PRIME | 0) >>> 0;

// ---------------------------------------------------------------------------------------------
// SipHash-c-d, BigInt reference (any message length, any round counts).

const M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & M64;

/**
 * SipHash-c-d of `data` with the 128-bit key (k0, k1) as two u64 words, as
 * lib/siphash.c computes it (PREAMBLE / SIPROUND / POSTAMBLE). Returns the u64.
 * `siphash(d, k0, k1, 2, 4)` is the kernel's `siphash()`;
 * `siphash(d, k0, k1, 1, 3) & 0xffffffff` is its 64-bit `hsiphash()`.
 */
export function siphash(data: Uint8Array, k0: bigint, k1: bigint, cRounds: number, dRounds: number): bigint {
  let v0 = 0x736f6d6570736575n ^ k0;
  let v1 = 0x646f72616e646f6dn ^ k1;
  let v2 = 0x6c7967656e657261n ^ k0;
  let v3 = 0x7465646279746573n ^ k1;
  const round = () => {
    v0 = (v0 + v1) & M64; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M64; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M64; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M64; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const len = data.length;
  const end = len - (len % 8);
  for (let off = 0; off < end; off += 8) {
    let m = 0n;
    for (let i = 7; i >= 0; i--) m = (m << 8n) | BigInt(data[off + i]);
    v3 ^= m;
    for (let r = 0; r < cRounds; r++) round();
    v0 ^= m;
  }
  let b = BigInt(len & 0xff) << 56n;
  for (let i = len - 1; i >= end; i--) b |= BigInt(data[i]) << BigInt(8 * (i - end));
  v3 ^= b;
  for (let r = 0; r < cRounds; r++) round();
  v0 ^= b;
  v2 ^= 0xffn;
  for (let r = 0; r < dRounds; r++) round();
  return (v0 ^ v1 ^ v2 ^ v3) & M64;
}

// ---------------------------------------------------------------------------------------------
// hsiphash_1u32 on 64-bit (SipHash-1-3, message = one u32), in 32-bit halves.

/** An hsiphash_key_t of a 64-bit kernel: two `unsigned long` words, each as hi/lo u32 halves. */
export interface HsiphashKey {
  k0hi: number;
  k0lo: number;
  k1hi: number;
  k1lo: number;
}

/** A key whose two words are small (< 2^32), like ip_vs_mh.c's generate_hash_secret. */
export const hsiphashKey = (k0: number, k1: number): HsiphashKey => ({ k0hi: 0, k0lo: k0 >>> 0, k1hi: 0, k1lo: k1 >>> 0 });

// The state v0..v3 as hi/lo halves; module-level scratch, so a call allocates nothing.
let v0h = 0, v0l = 0, v1h = 0, v1l = 0, v2h = 0, v2l = 0, v3h = 0, v3l = 0;

function sipround(): void {
  let lo: number, hi: number, t: number;
  // v0 += v1; v1 = rol64(v1, 13); v1 ^= v0; v0 = rol64(v0, 32);
  lo = (v0l + v1l) >>> 0; v0h = (v0h + v1h + (lo < v0l ? 1 : 0)) >>> 0; v0l = lo;
  hi = ((v1h << 13) | (v1l >>> 19)) >>> 0; lo = ((v1l << 13) | (v1h >>> 19)) >>> 0;
  v1h = (hi ^ v0h) >>> 0; v1l = (lo ^ v0l) >>> 0;
  t = v0h; v0h = v0l; v0l = t;
  // v2 += v3; v3 = rol64(v3, 16); v3 ^= v2;
  lo = (v2l + v3l) >>> 0; v2h = (v2h + v3h + (lo < v2l ? 1 : 0)) >>> 0; v2l = lo;
  hi = ((v3h << 16) | (v3l >>> 16)) >>> 0; lo = ((v3l << 16) | (v3h >>> 16)) >>> 0;
  v3h = (hi ^ v2h) >>> 0; v3l = (lo ^ v2l) >>> 0;
  // v0 += v3; v3 = rol64(v3, 21); v3 ^= v0;
  lo = (v0l + v3l) >>> 0; v0h = (v0h + v3h + (lo < v0l ? 1 : 0)) >>> 0; v0l = lo;
  hi = ((v3h << 21) | (v3l >>> 11)) >>> 0; lo = ((v3l << 21) | (v3h >>> 11)) >>> 0;
  v3h = (hi ^ v0h) >>> 0; v3l = (lo ^ v0l) >>> 0;
  // v2 += v1; v1 = rol64(v1, 17); v1 ^= v2; v2 = rol64(v2, 32);
  lo = (v2l + v1l) >>> 0; v2h = (v2h + v1h + (lo < v2l ? 1 : 0)) >>> 0; v2l = lo;
  hi = ((v1h << 17) | (v1l >>> 15)) >>> 0; lo = ((v1l << 17) | (v1h >>> 15)) >>> 0;
  v1h = (hi ^ v2h) >>> 0; v1l = (lo ^ v2l) >>> 0;
  t = v2h; v2h = v2l; v2l = t;
}

/**
 * hsiphash_1u32 of a 64-bit kernel (lib/siphash.c): HPREAMBLE(4); b |= first;
 * HPOSTAMBLE — i.e. `hsiphash(&v, 4, key)` on a little-endian machine. Returns a u32.
 */
export function hsiphash1u32(first: number, key: HsiphashKey): number {
  v0h = (0x736f6d65 ^ key.k0hi) >>> 0; v0l = (0x70736575 ^ key.k0lo) >>> 0;
  v1h = (0x646f7261 ^ key.k1hi) >>> 0; v1l = (0x6e646f6d ^ key.k1lo) >>> 0;
  v2h = (0x6c796765 ^ key.k0hi) >>> 0; v2l = (0x6e657261 ^ key.k0lo) >>> 0;
  v3h = (0x74656462 ^ key.k1hi) >>> 0; v3l = (0x79746573 ^ key.k1lo) >>> 0;
  // b = (len << 56) | first
  const bh = (4 << 24) >>> 0;
  const bl = first >>> 0;
  v3h = (v3h ^ bh) >>> 0; v3l = (v3l ^ bl) >>> 0;
  sipround();
  v0h = (v0h ^ bh) >>> 0; v0l = (v0l ^ bl) >>> 0;
  v2l = (v2l ^ 0xff) >>> 0;
  sipround();
  sipround();
  sipround();
  return (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
}
