/**
 * Raw DEFLATE (RFC 1951) decompression with a hard output limit, for data from
 * outside (share links). The compressed input is fed to fflate's streaming
 * inflater in small slices and the output counted as it appears, so a "zip bomb"
 * (a few kB that inflate to gigabytes) is stopped at the limit instead of being
 * allocated: one slice of CHUNK bytes can produce at most ~1032 × CHUNK bytes
 * (DEFLATE's best ratio, RFC 1951 §3.2.5 lengths of 258 per ~2 bits).
 */
import { Inflate } from 'fflate';

/** Compressed bytes pushed per step: bounds what one step may allocate (~0.5 MB). */
const CHUNK = 512;

export type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; error: string; tooLarge?: true };

/** Inflate `data` (raw DEFLATE, optional preset dictionary); refuse output beyond `maxBytes`. Never throws. */
export function inflateCapped(data: Uint8Array, maxBytes: number, dictionary?: Uint8Array): Inflated {
  if (data.length === 0) return { ok: false, error: 'there is no compressed data' };
  const parts: Uint8Array[] = [];
  let total = 0;
  let over = false;
  let ended = false;
  try {
    const inf = new Inflate(dictionary ? { dictionary } : {}, (chunk, final) => {
      total += chunk.length;
      if (total > maxBytes) {
        over = true;
        return;
      }
      if (chunk.length) parts.push(chunk.slice());
      if (final) ended = true;
    });
    for (let off = 0; off < data.length && !over; off += CHUNK) {
      const end = Math.min(off + CHUNK, data.length);
      inf.push(data.subarray(off, end), end === data.length);
    }
  } catch (e) {
    if (over) return { ok: false, error: `it inflates to more than ${maxBytes} bytes`, tooLarge: true };
    return { ok: false, error: `the compressed data is invalid (${e instanceof Error ? e.message : String(e)})` };
  }
  if (over) return { ok: false, error: `it inflates to more than ${maxBytes} bytes`, tooLarge: true };
  if (!ended) return { ok: false, error: 'the compressed data ends too early' };
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { ok: true, bytes: out };
}
