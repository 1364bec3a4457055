/**
 * DNS domain names (RFC 1035 §3.1, §4.1.4): labels of 1..63 bytes, at most 255
 * bytes on the wire, compression pointers (two bytes 11xxxxxx xxxxxxxx giving
 * an offset from the start of the message).
 *
 * In the repr a name is text: labels joined by `.`, no trailing dot, the root
 * is `''`. Label bytes other than printable ASCII are escaped as in master
 * files (RFC 1035 §5.1): `\.` `\\` and `\DDD` (decimal), so any wire name
 * round-trips.
 */

export const DNS_MAX_LABEL_LEN = 63;
export const DNS_MAX_NAME_LEN = 255;
/** A length byte with the top two bits set starts a compression pointer. */
export const DNS_POINTER_MASK = 0xc0;
/** Pointers hold a 14-bit offset. */
export const DNS_MAX_POINTER_OFFSET = 0x3fff;

const DOT = 0x2e;
const BACKSLASH = 0x5c;

/** One label's bytes as text, escaped. */
export function escapeLabel(b: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = off; i < off + len; i++) {
    const c = b[i];
    if (c === DOT || c === BACKSLASH) s += '\\' + String.fromCharCode(c);
    else if (c > 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\' + String(c).padStart(3, '0');
  }
  return s;
}

/**
 * Text -> label bytes. Accepts a trailing dot; `''` and `.` are the root.
 * Returns an error message for an empty label, a label over 63 bytes, a name
 * over 255 bytes, a bad escape or a character above U+00FF.
 */
export function encodeDnsName(name: string): { labels: Uint8Array[] } | { error: string } {
  if (name === '' || name === '.') return { labels: [] };
  const labels: Uint8Array[] = [];
  let cur: number[] = [];
  let wire = 1;
  const end = (): string | undefined => {
    if (cur.length === 0) return `empty label in "${name}"`;
    if (cur.length > DNS_MAX_LABEL_LEN) return `label of ${cur.length} bytes in "${name}" is longer than ${DNS_MAX_LABEL_LEN}`;
    wire += cur.length + 1;
    labels.push(Uint8Array.from(cur));
    cur = [];
    return undefined;
  };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === DOT) {
      const e = end();
      if (e) return { error: e };
      if (i === name.length - 1) break; // trailing dot: fully qualified
      continue;
    }
    if (c === BACKSLASH) {
      const d = /^\d{3}/.exec(name.slice(i + 1, i + 4));
      if (d) {
        const v = Number(d[0]);
        if (v > 255) return { error: `escape \\${d[0]} in "${name}" is above 255` };
        cur.push(v);
        i += 3;
      } else if (i + 1 < name.length) {
        const n = name.charCodeAt(++i);
        if (n > 0xff) return { error: `character U+${n.toString(16).padStart(4, '0')} in "${name}" is not allowed` };
        cur.push(n);
      } else return { error: `"${name}" ends with a lone backslash` };
      continue;
    }
    if (c > 0xff) return { error: `character U+${c.toString(16).padStart(4, '0')} in "${name}" is not allowed` };
    cur.push(c);
  }
  if (cur.length > 0 || name.charCodeAt(name.length - 1) !== DOT) {
    const e = end();
    if (e) return { error: e };
  }
  if (wire > DNS_MAX_NAME_LEN) return { error: `"${name}" is ${wire} bytes on the wire, more than ${DNS_MAX_NAME_LEN}` };
  return { labels };
}

/** An error message for a name that cannot be sent, or undefined if it is fine. */
export function checkDnsName(name: string): string | undefined {
  const r = encodeDnsName(name);
  return 'error' in r ? r.error : undefined;
}

export interface ReadName {
  name: string;
  /** Offset (absolute) just past the name where it starts: after its terminating 0 or its first pointer. */
  next: number;
}

/**
 * Read the name at absolute offset `pos` of the message [base, end). Never
 * loops: each pointer target may be visited once. Errors say what is wrong
 * with offsets relative to the message start.
 */
export function readDnsName(buf: Uint8Array, base: number, end: number, pos: number): ReadName | { error: string } {
  const labels: string[] = [];
  const visited = new Set<number>();
  let wire = 1;
  let next = -1;
  let p = pos;
  for (;;) {
    if (p >= end) return { error: `name at offset ${pos - base} runs past the end of the message` };
    const b = buf[p];
    if ((b & DNS_POINTER_MASK) === DNS_POINTER_MASK) {
      if (p + 1 >= end) return { error: `compression pointer at offset ${p - base} runs past the end of the message` };
      const target = ((b & ~DNS_POINTER_MASK) << 8) | buf[p + 1];
      if (next < 0) next = p + 2;
      if (base + target >= end) return { error: `compression pointer at offset ${p - base} points to offset ${target}, past the end of the message` };
      if (visited.has(target)) return { error: `compression pointer loop at offset ${p - base}` };
      visited.add(target);
      p = base + target;
      continue;
    }
    if ((b & DNS_POINTER_MASK) !== 0) return { error: `label type 0x${(b & DNS_POINTER_MASK).toString(16)} at offset ${p - base} is not supported` };
    if (b === 0) {
      if (next < 0) next = p + 1;
      return { name: labels.join('.'), next };
    }
    if (p + 1 + b > end) return { error: `label at offset ${p - base} runs past the end of the message` };
    wire += b + 1;
    if (wire > DNS_MAX_NAME_LEN) return { error: `name at offset ${pos - base} is longer than ${DNS_MAX_NAME_LEN} bytes` };
    labels.push(escapeLabel(buf, p + 1, b));
    p += 1 + b;
  }
}

/**
 * Writes names into a growing message, compressing like real servers do: a
 * name (or any suffix of it) already written is replaced by a pointer, so an
 * answer for the question's name becomes `c0 0c`.
 */
export class DnsNameWriter {
  private readonly seen = new Map<string, number>();

  constructor(private readonly out: number[]) {}

  /** Append `name` at the end of the message; throws RangeError for a name encodeDnsName rejects. */
  write(name: string, compress = true): void {
    const enc = encodeDnsName(name);
    if ('error' in enc) throw new RangeError(`DNS: ${enc.error}`);
    const keys = enc.labels.map((l) => escapeLabel(l, 0, l.length));
    for (let i = 0; i < enc.labels.length; i++) {
      const suffix = keys.slice(i).join('.');
      const at = this.seen.get(suffix);
      if (compress && at !== undefined) {
        this.out.push(DNS_POINTER_MASK | (at >> 8), at & 0xff);
        return;
      }
      if (this.out.length <= DNS_MAX_POINTER_OFFSET && !this.seen.has(suffix)) this.seen.set(suffix, this.out.length);
      this.out.push(enc.labels[i].length, ...enc.labels[i]);
    }
    this.out.push(0);
  }
}
