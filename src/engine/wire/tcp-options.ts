/**
 * TCP options (RFC 9293 §3.2, RFC 7323 window scale + timestamps, RFC 2018 SACK).
 *
 * The repr keeps every option up to End of Option List; EOL and the padding
 * after it are not kept (they carry nothing), and emit adds EOL + zeros when
 * the list needs padding to a 4-byte boundary. An option of a known kind with
 * the wrong length is kept as `unknown` (Linux's tcp_parse_options ignores it
 * too); a length below 2 or past the header end is an error.
 */
import { readU16, readU32, toHex, writeU16, writeU32 } from './bytes';
import { fail, ok, type Field, type Parsed } from './field';
import { fieldBuilder, uniqueKeys } from './text';

export const TCP_OPTION_KIND = {
  EOL: 0,
  NOP: 1,
  MSS: 2,
  WINDOW_SCALE: 3,
  SACK_PERMITTED: 4,
  SACK: 5,
  TIMESTAMPS: 8,
} as const;

/** Option lengths (Kind + Length + data) for the fixed-size kinds. */
export const TCP_OPTION_LEN = { MSS: 4, WINDOW_SCALE: 3, SACK_PERMITTED: 2, TIMESTAMPS: 10, SACK_BLOCK: 8 } as const;

/** The options area is at most 40 bytes (Data Offset 15 ⇒ 60-byte header). */
export const TCP_MAX_OPTIONS_LEN = 40;

/** Wireshark's names: `TCP Option - <name>` and the `Options:` summary. */
export const TCP_OPTION_NAME: Readonly<Record<number, string>> = {
  0: 'End of Option List (EOL)',
  1: 'No-Operation (NOP)',
  2: 'Maximum segment size',
  3: 'Window scale',
  4: 'SACK permitted',
  5: 'SACK',
  8: 'Timestamps',
};

/** Wireshark's names in `Kind: <name> (<n>)`. */
const KIND_NAME: Readonly<Record<number, string>> = {
  0: 'End of Option List',
  1: 'No-Operation',
  2: 'Maximum Segment Size',
  3: 'Window Scale',
  4: 'SACK Permitted',
  5: 'SACK',
  8: 'Time Stamp Option',
};

/** `{left, right}` edges of one SACK block (RFC 2018 §3). */
export interface TcpSackBlock {
  left: number;
  right: number;
}

export type TcpOption =
  | { type: 'nop' }
  | { type: 'mss'; mss: number }
  | { type: 'windowScale'; shift: number }
  | { type: 'sackPermitted' }
  | { type: 'sack'; blocks: TcpSackBlock[] }
  | { type: 'timestamps'; tsVal: number; tsEcr: number }
  /** Any other kind (or a known kind with a wrong length), `data` = the bytes after Kind and Length. */
  | { type: 'unknown'; kind: number; data: Uint8Array };

/** Options of a Linux SYN, in its byte order: MSS, SACK_PERM, TS, NOP, WS = 20 bytes (tcp_output.c tcp_options_write). */
export function linuxSynOptions(tsVal: number, mss = 1460, windowShift = 7, tsEcr = 0): TcpOption[] {
  return [
    { type: 'mss', mss },
    { type: 'sackPermitted' },
    { type: 'timestamps', tsVal, tsEcr },
    { type: 'nop' },
    { type: 'windowScale', shift: windowShift },
  ];
}

/** Options of a Linux segment after the handshake when timestamps are on: NOP, NOP, TS = 12 bytes. */
export function linuxTimestampOptions(tsVal: number, tsEcr: number): TcpOption[] {
  return [{ type: 'nop' }, { type: 'nop' }, { type: 'timestamps', tsVal, tsEcr }];
}

function optionLen(o: TcpOption): number {
  switch (o.type) {
    case 'nop':
      return 1;
    case 'mss':
      return TCP_OPTION_LEN.MSS;
    case 'windowScale':
      return TCP_OPTION_LEN.WINDOW_SCALE;
    case 'sackPermitted':
      return TCP_OPTION_LEN.SACK_PERMITTED;
    case 'sack':
      return 2 + TCP_OPTION_LEN.SACK_BLOCK * o.blocks.length;
    case 'timestamps':
      return TCP_OPTION_LEN.TIMESTAMPS;
    case 'unknown':
      return 2 + o.data.length;
  }
}

/** Bytes the options take once padded to a 4-byte boundary. */
export function tcpOptionsLen(options: readonly TcpOption[]): number {
  let n = 0;
  for (const o of options) n += optionLen(o);
  return (n + 3) & ~3;
}

/** Write the options and their padding (EOL then zeros) at `off`; returns the padded length. */
export function emitTcpOptions(options: readonly TcpOption[], buf: Uint8Array, off: number): number {
  let p = off;
  for (const o of options) {
    const len = optionLen(o);
    switch (o.type) {
      case 'nop':
        buf[p] = TCP_OPTION_KIND.NOP;
        break;
      case 'mss':
        buf[p] = TCP_OPTION_KIND.MSS;
        writeU16(buf, p + 2, o.mss);
        break;
      case 'windowScale':
        buf[p] = TCP_OPTION_KIND.WINDOW_SCALE;
        buf[p + 2] = o.shift & 0xff;
        break;
      case 'sackPermitted':
        buf[p] = TCP_OPTION_KIND.SACK_PERMITTED;
        break;
      case 'sack':
        buf[p] = TCP_OPTION_KIND.SACK;
        o.blocks.forEach((blk, i) => {
          writeU32(buf, p + 2 + i * TCP_OPTION_LEN.SACK_BLOCK, blk.left);
          writeU32(buf, p + 6 + i * TCP_OPTION_LEN.SACK_BLOCK, blk.right);
        });
        break;
      case 'timestamps':
        buf[p] = TCP_OPTION_KIND.TIMESTAMPS;
        writeU32(buf, p + 2, o.tsVal);
        writeU32(buf, p + 6, o.tsEcr);
        break;
      case 'unknown':
        buf[p] = o.kind & 0xff;
        buf.set(o.data, p + 2);
        break;
    }
    if (len > 1) buf[p + 1] = len;
    p += len;
  }
  const end = off + tcpOptionsLen(options);
  buf.fill(TCP_OPTION_KIND.EOL, p, end); // EOL, then zero padding (RFC 9293 §3.1)
  return end - off;
}

/** One option as read from the bytes: where it is and what it means. */
interface RawOption {
  at: number;
  kind: number;
  /** 1 for EOL/NOP. */
  len: number;
  option?: TcpOption;
}

/** Walk the options area, stopping at EOL (which is returned, without an `option`). */
function walk(buf: Uint8Array, off: number, len: number): { items: RawOption[]; error?: string } {
  const items: RawOption[] = [];
  const end = off + len;
  let p = off;
  while (p < end) {
    const kind = buf[p];
    if (kind === TCP_OPTION_KIND.EOL) {
      items.push({ at: p, kind, len: 1 });
      break;
    }
    if (kind === TCP_OPTION_KIND.NOP) {
      items.push({ at: p, kind, len: 1, option: { type: 'nop' } });
      p++;
      continue;
    }
    const name = `${TCP_OPTION_NAME[kind] ?? 'Unknown'} (${kind})`;
    if (p + 1 >= end) return { items, error: `TCP: Option ${name} has no Length byte` };
    const olen = buf[p + 1];
    if (olen < 2) return { items, error: `TCP: Option ${name} Length ${olen} is less than 2` };
    if (p + olen > end) return { items, error: `TCP: Option ${name} Length ${olen} goes past the end of the options` };
    items.push({ at: p, kind, len: olen, option: decode(buf, p, kind, olen) });
    p += olen;
  }
  return { items };
}

function decode(buf: Uint8Array, p: number, kind: number, len: number): TcpOption {
  const K = TCP_OPTION_KIND;
  const L = TCP_OPTION_LEN;
  if (kind === K.MSS && len === L.MSS) return { type: 'mss', mss: readU16(buf, p + 2) };
  if (kind === K.WINDOW_SCALE && len === L.WINDOW_SCALE) return { type: 'windowScale', shift: buf[p + 2] };
  if (kind === K.SACK_PERMITTED && len === L.SACK_PERMITTED) return { type: 'sackPermitted' };
  if (kind === K.TIMESTAMPS && len === L.TIMESTAMPS) return { type: 'timestamps', tsVal: readU32(buf, p + 2), tsEcr: readU32(buf, p + 6) };
  if (kind === K.SACK && len > 2 && (len - 2) % L.SACK_BLOCK === 0) {
    const blocks: TcpSackBlock[] = [];
    for (let q = p + 2; q < p + len; q += L.SACK_BLOCK) blocks.push({ left: readU32(buf, q), right: readU32(buf, q + 4) });
    return { type: 'sack', blocks };
  }
  return { type: 'unknown', kind, data: buf.slice(p + 2, p + len) };
}

/** Parse the options area [off, off+len) (the header bytes after the fixed 20). */
export function parseTcpOptions(buf: Uint8Array, off: number, len: number): Parsed<TcpOption[]> {
  const { items, error } = walk(buf, off, len);
  if (error) return fail(error);
  const options: TcpOption[] = [];
  for (const it of items) if (it.option) options.push(it.option);
  return ok(options);
}

/**
 * tcpdump's `options [...]` body: `mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7`.
 * SACK edges less `sackBase`. Ends with `eol` when emit pads with End of Option List.
 */
export function summarizeTcpOptions(options: readonly TcpOption[], sackBase = 0): string {
  let unpadded = 0;
  for (const o of options) unpadded += optionLen(o);
  const eol = unpadded % 4 !== 0 ? ['eol'] : [];
  return options
    .map((o) => {
      switch (o.type) {
        case 'nop':
          return 'nop';
        case 'mss':
          return `mss ${o.mss}`;
        case 'windowScale':
          return `wscale ${o.shift}`;
        case 'sackPermitted':
          return 'sackOK';
        case 'sack':
          return `sack ${o.blocks.length} ` + o.blocks.map((b) => `{${(b.left - sackBase) >>> 0}:${(b.right - sackBase) >>> 0}}`).join('');
        case 'timestamps':
          return `TS val ${o.tsVal} ecr ${o.tsEcr}`;
        case 'unknown':
          return `unknown-${o.kind}` + (o.data.length > 0 ? ` 0x${toHex(o.data)}` : '');
      }
    })
    .concat(eol)
    .join(',');
}

/**
 * Wireshark's `Options: (20 bytes), Maximum segment size, ...` field for the
 * options area at [off, off+len) of `frame` (absolute offsets).
 */
export function describeTcpOptions(frame: Uint8Array, off: number, len: number): Field {
  const b = fieldBuilder(off);
  const { items, error } = walk(frame, off, len);
  const key = uniqueKeys();
  const children: Field[] = [];
  const names: string[] = [];
  for (const it of items) {
    const optName = TCP_OPTION_NAME[it.kind] ?? 'Unknown';
    names.push(it.kind in TCP_OPTION_NAME ? optName : `Unknown (0x${it.kind.toString(16).padStart(2, '0')})`);
    const r0 = it.at - off;
    const k = key(`options.${keyOf(it.option, it.kind)}`);
    const sub: Field[] = [b.at(`${k}.kind`, 'Kind', `${KIND_NAME[it.kind] ?? 'Unknown'} (${it.kind})`, [r0, r0 + 1])];
    if (it.len > 1) sub.push(b.at(`${k}.len`, 'Length', String(it.len), [r0 + 1, r0 + 2]));
    const o = it.option;
    let value = '';
    switch (o?.type) {
      case 'mss':
        value = `${o.mss} bytes`;
        sub.push(b.at(`${k}.val`, 'MSS Value', String(o.mss), [r0 + 2, r0 + 4]));
        break;
      case 'windowScale':
        value = `${o.shift} (multiply by ${2 ** Math.min(o.shift, 14)})`; // RFC 7323 §2.3: shifts above 14 are used as 14
        sub.push(b.at(`${k}.shift`, 'Shift count', String(o.shift), [r0 + 2, r0 + 3]));
        break;
      case 'timestamps':
        value = `TSval ${o.tsVal}, TSecr ${o.tsEcr}`;
        sub.push(b.at(`${k}.tsval`, 'Timestamp value', String(o.tsVal), [r0 + 2, r0 + 6]));
        sub.push(b.at(`${k}.tsecr`, 'Timestamp echo reply', String(o.tsEcr), [r0 + 6, r0 + 10]));
        break;
      case 'sack':
        value = o.blocks.map((blk) => `${blk.left}-${blk.right}`).join(' ');
        o.blocks.forEach((blk, i) => {
          const q = r0 + 2 + i * TCP_OPTION_LEN.SACK_BLOCK;
          sub.push(b.at(`${k}.le#${i + 1}`, 'left edge', String(blk.left), [q, q + 4]));
          sub.push(b.at(`${k}.re#${i + 1}`, 'right edge', String(blk.right), [q + 4, q + 8]));
        });
        break;
      case 'unknown':
        if (o.data.length > 0) sub.push(b.at(`${k}.payload`, 'Payload', toHex(o.data), [r0 + 2, r0 + it.len]));
        break;
    }
    children.push(b.at(k, `TCP Option - ${o?.type === 'unknown' ? 'Unknown' : optName}`, value, [r0, r0 + it.len], sub));
  }
  // Bytes after EOL are padding (Wireshark shows one EOL per zero byte; one field is plainer).
  const last = items[items.length - 1];
  const used = last ? last.at + last.len - off : 0;
  if (!error && used < len) children.push(b.at('options.padding', 'Padding', toHex(frame.subarray(off + used, off + len)), [used, len]));
  if (error) children.push({ key: 'error', name: 'Error', value: error, bitOffset: (off + used) * 8, bitLength: (len - used) * 8 });
  return b.at('options', 'Options', [`(${len} bytes)`, ...names].join(', '), [0, len], children);
}

function keyOf(o: TcpOption | undefined, kind: number): string {
  switch (o?.type) {
    case undefined:
      return 'eol';
    case 'nop':
      return 'nop';
    case 'mss':
      return 'mss';
    case 'windowScale':
      return 'wscale';
    case 'sackPermitted':
      return 'sack_perm';
    case 'sack':
      return 'sack';
    case 'timestamps':
      return 'timestamp';
    case 'unknown':
      return `kind${kind}`;
  }
}
