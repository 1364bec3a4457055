import { readIpv4 } from '../../wire/addr';
import { readU16, readU32 } from '../../wire/bytes';
import { IPV4_FIELD } from '../../wire/ipv4';
import { TCP_FIELD, TCP_FLAG, TCP_HEADER_LEN, TCP_OPTION_KIND, TCP_OPTION_LEN, parseTcpOptions, tcpChecksum } from '../../wire/tcp';
import type { Skb } from '../../net/ip/skb';

/**
 * One arriving segment, read straight from the packet's bytes (no copies).
 * A TcpStack reuses a single instance: segments are processed one at a time,
 * to completion, and nothing keeps a reference to it.
 */
export class Seg {
  skb!: Skb;
  src = 0;
  dst = 0;
  sport = 0;
  dport = 0;
  seq = 0;
  ack = 0;
  flags = 0;
  /** The Window field as sent (unscaled). */
  wnd = 0;
  /** The packet bytes and where the payload starts in them. */
  data!: Uint8Array;
  off = 0;
  len = 0;
  hasTs = false;
  tsVal = 0;
  tsEcr = 0;
  /** SYN options: -1 when absent. */
  mss = -1;
  wscale = -1;
  sackPerm = false;

  get syn(): boolean {
    return (this.flags & TCP_FLAG.SYN) !== 0;
  }
  get fin(): boolean {
    return (this.flags & TCP_FLAG.FIN) !== 0;
  }
  get rst(): boolean {
    return (this.flags & TCP_FLAG.RST) !== 0;
  }
  get hasAck(): boolean {
    return (this.flags & TCP_FLAG.ACK) !== 0;
  }
  /** Sequence space the segment occupies: data plus one each for SYN and FIN. */
  get segLen(): number {
    return this.len + (this.flags & TCP_FLAG.SYN ? 1 : 0) + (this.flags & TCP_FLAG.FIN ? 1 : 0);
  }
  payload(): Uint8Array {
    return this.data.subarray(this.off, this.off + this.len);
  }
}

/**
 * Fill `seg` from the IPv4 packet in `skb` (already trimmed to Total Length).
 * Returns an error text for a segment to drop, or null. Options are read on
 * the fast path Linux takes (tcp_fast_parse_options): the aligned NOP, NOP,
 * Timestamps block; anything else goes through the codec.
 */
export function readSegment(seg: Seg, skb: Skb): string | null {
  const d = skb.data;
  const ihl = (d[0] & 0x0f) * 4;
  const len = d.length - ihl;
  if (len < TCP_HEADER_LEN) return `TCP: segment of ${len} bytes is shorter than the ${TCP_HEADER_LEN}-byte header`;
  const src = readIpv4(d, IPV4_FIELD.SRC_ADDR[0]);
  const dst = readIpv4(d, IPV4_FIELD.DST_ADDR[0]);
  const stored = readU16(d, ihl + TCP_FIELD.CHECKSUM[0]);
  const right = tcpChecksum(d, ihl, len, src, dst);
  if (stored !== right) return `TCP: bad checksum 0x${stored.toString(16).padStart(4, '0')} (should be 0x${right.toString(16).padStart(4, '0')})`;
  const word = readU16(d, ihl + TCP_FIELD.DATA_OFFSET_FLAGS[0]);
  const hl = (word >>> 12) * 4;
  if (hl < TCP_HEADER_LEN || hl > len) return `TCP: bad Data Offset ${word >>> 12}`;
  seg.skb = skb;
  seg.src = src;
  seg.dst = dst;
  seg.sport = readU16(d, ihl + TCP_FIELD.SRC_PORT[0]);
  seg.dport = readU16(d, ihl + TCP_FIELD.DST_PORT[0]);
  seg.seq = readU32(d, ihl + TCP_FIELD.SEQ_NUM[0]);
  seg.ack = readU32(d, ihl + TCP_FIELD.ACK_NUM[0]);
  seg.flags = word & 0x0fff;
  seg.wnd = readU16(d, ihl + TCP_FIELD.WINDOW[0]);
  seg.data = d;
  seg.off = ihl + hl;
  seg.len = len - hl;
  seg.hasTs = false;
  seg.mss = -1;
  seg.wscale = -1;
  seg.sackPerm = false;
  if (hl === TCP_HEADER_LEN) return null;
  const o = ihl + TCP_HEADER_LEN;
  const K = TCP_OPTION_KIND;
  if (hl === TCP_HEADER_LEN + 12 && d[o] === K.NOP && d[o + 1] === K.NOP && d[o + 2] === K.TIMESTAMPS && d[o + 3] === TCP_OPTION_LEN.TIMESTAMPS) {
    seg.hasTs = true;
    seg.tsVal = readU32(d, o + 4);
    seg.tsEcr = readU32(d, o + 8);
    return null;
  }
  return readOptions(seg, d, o, ihl + hl) ? null : optionError(d, o, hl - TCP_HEADER_LEN);
}

/**
 * tcp_parse_options in place: MSS, window scale, SACK-permitted and
 * timestamps into `seg`, unknown kinds skipped. False when the options are
 * malformed (the codec then names what is wrong).
 */
function readOptions(seg: Seg, d: Uint8Array, p: number, end: number): boolean {
  const K = TCP_OPTION_KIND;
  const L = TCP_OPTION_LEN;
  while (p < end) {
    const kind = d[p];
    if (kind === K.EOL) return true;
    if (kind === K.NOP) {
      p++;
      continue;
    }
    if (p + 1 >= end) return false;
    const len = d[p + 1];
    if (len < 2 || p + len > end) return false;
    if (kind === K.MSS && len === L.MSS) seg.mss = readU16(d, p + 2);
    else if (kind === K.WINDOW_SCALE && len === L.WINDOW_SCALE) seg.wscale = Math.min(d[p + 2], 14); // RFC 7323 §2.3: larger shifts are used as 14
    else if (kind === K.SACK_PERMITTED && len === L.SACK_PERMITTED) seg.sackPerm = true;
    else if (kind === K.TIMESTAMPS && len === L.TIMESTAMPS) {
      seg.hasTs = true;
      seg.tsVal = readU32(d, p + 2);
      seg.tsEcr = readU32(d, p + 6);
    }
    p += len;
  }
  return true;
}

function optionError(d: Uint8Array, o: number, len: number): string {
  const opts = parseTcpOptions(d, o, len);
  return opts.ok ? 'TCP: malformed options' : opts.error;
}
