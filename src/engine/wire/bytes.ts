/** Big-endian (network order) integer access on a Uint8Array. */
export const readU16 = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];
export const readU32 = (b: Uint8Array, o: number): number =>
  ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

export function writeU16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}

export function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

/**
 * Packet bytes are carved out of 64 KiB slabs: a small typed array with an
 * ArrayBuffer of its own costs several times more to create than a view, and
 * every frame, packet and socket write of every host makes one. Slabs are
 * never reused, so the bytes start as zeros (Ethernet padding relies on it);
 * a slab is freed once nothing made from it is referenced. `.buffer` is
 * shared: copy with `slice()` before transferring bytes to another thread.
 */
const SLAB_SIZE = 64 * 1024;
let slab = new Uint8Array(SLAB_SIZE);
let slabUsed = 0;

export function allocBytes(n: number): Uint8Array {
  return allocRoomy(n, 0, n);
}

/**
 * `n` bytes with `front` more reserved before them and the whole reservation
 * at least `total` long: room to build a header around the bytes later
 * without copying them (one view made, whatever the room).
 */
export function allocRoomy(n: number, front: number, total: number): Uint8Array {
  const size = Math.max(front + n, total);
  if (size > SLAB_SIZE / 16) return new Uint8Array(size).subarray(front, front + n);
  if (slabUsed + size > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const start = slabUsed + front;
  slabUsed += size;
  return slab.subarray(start, start + n);
}

export const hex = (n: number, width: number): string => '0x' + n.toString(16).padStart(width, '0');

export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}
