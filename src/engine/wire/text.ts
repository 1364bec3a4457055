/**
 * Small helpers shared by the UDP, TCP, VRRP and DNS codecs: text <-> bytes
 * (ES2022 has no TextEncoder) and building inspector `Field`s.
 */
import type { Field } from './field';

/** UTF-8 encode (lone surrogates become U+FFFD, as TextEncoder does). */
/** The engine's lib has no DOM types; TextEncoder is in every browser, worker and Node. */
declare const TextEncoder: (new () => { encode(s: string): Uint8Array }) | undefined;
const nativeEncoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;

const newBytes = (n: number): Uint8Array => new Uint8Array(n);

/** UTF-8 as TextEncoder makes it. `alloc` gives the array for ASCII text (sockets pass the packet slabs). */
export function encodeUtf8(s: string, alloc: (n: number) => Uint8Array = newBytes): Uint8Array {
  // The platform's encoder does the same (lone surrogates → U+FFFD) and is faster on long text.
  if (nativeEncoder && s.length > 4096) return nativeEncoder.encode(s);
  const ascii = alloc(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return encodeUtf8General(s);
    ascii[i] = c;
  }
  return ascii;
}

function encodeUtf8General(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/** UTF-8 decode as TextDecoder does (WHATWG Encoding §8.1.1: one U+FFFD per maximal bad subpart). Never throws. */
export function decodeUtf8(b: Uint8Array, off = 0, len = b.length - off): string {
  const end = Math.min(b.length, off + len);
  const start = Math.max(0, off);
  if (isAscii(b, start, end)) return decodeAscii(b, start, end);
  let s = '';
  let needed = 0;
  let seen = 0;
  let cp = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = Math.max(0, off); i < end; i++) {
    const c = b[i];
    if (needed === 0) {
      if (c <= 0x7f) s += String.fromCharCode(c);
      else if (c >= 0xc2 && c <= 0xdf) [needed, cp] = [1, c & 0x1f];
      else if (c >= 0xe0 && c <= 0xef) {
        if (c === 0xe0) lower = 0xa0;
        if (c === 0xed) upper = 0x9f; // no surrogates
        [needed, cp] = [2, c & 0x0f];
      } else if (c >= 0xf0 && c <= 0xf4) {
        if (c === 0xf0) lower = 0x90;
        if (c === 0xf4) upper = 0x8f; // nothing above U+10FFFF
        [needed, cp] = [3, c & 0x07];
      } else s += '\ufffd';
      continue;
    }
    if (c < lower || c > upper) {
      [needed, seen, cp, lower, upper] = [0, 0, 0, 0x80, 0xbf];
      s += '\ufffd';
      i--; // this byte starts afresh
      continue;
    }
    [lower, upper] = [0x80, 0xbf];
    cp = (cp << 6) | (c & 0x3f);
    if (++seen === needed) {
      s += String.fromCodePoint(cp);
      [needed, seen, cp] = [0, 0, 0];
    }
  }
  return needed > 0 ? s + '\ufffd' : s;
}

function isAscii(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] >= 0x80) return false;
  return true;
}

/** Every request and reply comes through here: whole chunks at once, not a string per byte. */
function decodeAscii(b: Uint8Array, start: number, end: number): string {
  const CHUNK = 4096; // under any engine's argument-count limit
  let s = '';
  for (let i = start; i < end; i += CHUNK) {
    s += String.fromCharCode.apply(null, b.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
  }
  return s;
}

/** Bytes -> string, one char per byte (ISO 8859-1). */
export function decodeLatin1(b: Uint8Array, off = 0, len = b.length - off): string {
  let s = '';
  const end = Math.min(b.length, off + len);
  for (let i = Math.max(0, off); i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** String -> bytes, the low 8 bits of each UTF-16 code unit. */
export function encodeLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** A NUL-terminated (or full-length) string field as Wireshark shows `FT_STRINGZ`: stops at the first 0. */
export function decodeCString(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && end < b.length && b[end] !== 0) end++;
  return decodeLatin1(b, off, end - off);
}

/**
 * Builds inspector fields for one layer whose header starts at `base` in the
 * frame: `at('srcport', 'Source Port', '41234', FIELD.SRC_PORT)`.
 */
export function fieldBuilder(base: number) {
  return {
    /** A field covering the byte range [r0, r1) of the header. */
    at(key: string, name: string, value: string, r: readonly [number, number], children?: Field[]): Field {
      const f: Field = { key, name, value, bitOffset: (base + r[0]) * 8, bitLength: (r[1] - r[0]) * 8 };
      if (children && children.length > 0) f.children = children;
      return f;
    },
    /** A field of `bitLength` bits starting `bit` bits into byte `byte` of the header (bit 0 = MSB). */
    bits(key: string, name: string, value: string, byte: number, bit: number, bitLength: number): Field {
      return { key, name, value, bitOffset: (base + byte) * 8 + bit, bitLength };
    },
  };
}

/** Field keys stay unique among siblings: the second `options.nop` is `options.nop#2`. */
export function uniqueKeys() {
  const seen = new Map<string, number>();
  return (key: string): string => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  };
}

/** The `error` field a layer gets when its bytes are malformed (same shape as ethernet.ts `describeError`). */
export function errorField(error: string, byteOffset: number, byteLength: number): Field {
  return { key: 'error', name: 'Error', value: error, bitOffset: byteOffset * 8, bitLength: Math.max(0, byteLength) * 8 };
}

/**
 * Checks that [off, off+len) is a real span of `buf`; returns an error message
 * (`<layer>: ...`) or undefined. Keeps parsers from reading past the buffer.
 */
export function spanError(layer: string, buf: Uint8Array, off: number, len: number): string | undefined {
  if (!Number.isInteger(off) || !Number.isInteger(len) || off < 0 || len < 0 || off + len > buf.length) {
    return `${layer}: ${len} bytes at offset ${off} do not fit in the ${buf.length}-byte buffer`;
  }
  return undefined;
}

/** Wireshark's checksum value text: `0x1c2d [correct]`, `0x1234 incorrect, should be 0xabcd`, `0x1c2d [unverified]`. */
export function checksumText(stored: number, correct: number | undefined): string {
  const h = (n: number) => '0x' + n.toString(16).padStart(4, '0');
  if (correct === undefined) return `${h(stored)} [unverified]`;
  return stored === correct ? `${h(stored)} [correct]` : `${h(stored)} incorrect, should be ${h(correct)}`;
}
