/**
 * Base64 (RFC 4648 §4) and base64url (§5) without `btoa`/`atob` or Buffer, so the
 * same code runs in the browser, the Worker and Node. Decoding is strict: a
 * character outside the alphabet or an impossible length is an error, never a
 * silently shorter result.
 */

const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** char code → 6-bit value, -1 for characters outside the alphabet. */
function table(alphabet: string): Int16Array {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}
const URL_TABLE = table(URL_ALPHABET);
const STD_TABLE = table(STD_ALPHABET);

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += alphabet[n >>> 18] + alphabet[(n >>> 12) & 63] + alphabet[(n >>> 6) & 63] + alphabet[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += alphabet[n >>> 18] + alphabet[(n >>> 12) & 63] + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += alphabet[n >>> 18] + alphabet[(n >>> 12) & 63] + alphabet[(n >>> 6) & 63] + (pad ? '=' : '');
  }
  return out;
}

export type Decoded = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

function decode(text: string, t: Int16Array, what: string): Decoded {
  const len = text.length;
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? t[c] : -1;
    if (v < 0) {
      const shown = c >= 0x20 && c < 0x7f ? `"${text[i]}"` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      return { ok: false, error: `character ${shown} at position ${i + 1} is not ${what}` };
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  // 4n+1 characters carry 6 bits of a byte that never ends.
  if (len % 4 === 1) return { ok: false, error: `${what} of ${len} characters cannot be complete` };
  return { ok: true, bytes: out.subarray(0, o) };
}

/** base64url without padding (`-` and `_`, no `=`): safe in a URL fragment as is. */
export const base64urlEncode = (bytes: Uint8Array): string => encode(bytes, URL_ALPHABET, false);

/** Strict base64url decoding; padding is not accepted. */
export const base64urlDecode = (text: string): Decoded => decode(text, URL_TABLE, 'base64url');

/** Standard base64 with `=` padding. */
export const base64Encode = (bytes: Uint8Array): string => encode(bytes, STD_ALPHABET, true);

/** Standard base64; trailing `=` padding is optional. */
export function base64Decode(text: string): Decoded {
  let end = text.length;
  if (end % 4 === 0) {
    if (text.endsWith('==')) end -= 2;
    else if (text.endsWith('=')) end -= 1;
  }
  return decode(text.slice(0, end), STD_TABLE, 'base64');
}

/** Largest number of bytes `chars` base64 characters can carry. */
export const base64Capacity = (chars: number): number => Math.floor((chars * 3) / 4);

/** Characters base64 needs for `bytes` bytes (no padding). */
export const base64Length = (bytes: number): number => Math.ceil((bytes * 4) / 3);
