/**
 * Classic libpcap capture files, the format Wireshark, tcpdump and tshark all read.
 * https://wiki.wireshark.org/Development/LibpcapFileFormat
 *
 * We write little-endian with the microsecond magic 0xa1b2c3d4 (stored as
 * `d4 c3 b2 a1`), version 2.4, thiszone 0, sigfigs 0, snaplen 262144 and
 * LINKTYPE_ETHERNET. Little-endian is what tcpdump writes on x86/ARM hosts, so
 * our files are byte-comparable with a real capture of the same frames.
 * Readers detect the byte order from the magic, so the choice is invisible to them.
 *
 * Timestamps come from virtual time (integer microseconds since the world started),
 * so a capture starts at 1970-01-01 00:00:00 UTC in Wireshark's absolute view;
 * the relative view (the default) shows the simulation's own clock.
 */
import { fail, ok, type Parsed } from '../wire/field';

/** Global header fields (pcap/pcap.h `struct pcap_file_header`). */
export const PCAP = {
  /** Magic for microsecond timestamps; its byte order tells readers the file's byte order. */
  MAGIC_USEC: 0xa1b2c3d4,
  /** Magic for nanosecond timestamps (read only). */
  MAGIC_NSEC: 0xa1b23c4d,
  VERSION_MAJOR: 2,
  VERSION_MINOR: 4,
  /** tcpdump's default snapshot length (MAXIMUM_SNAPLEN in libpcap). */
  SNAPLEN: 262_144,
  /** https://www.tcpdump.org/linktypes.html */
  LINKTYPE_ETHERNET: 1,
} as const;

/** Byte offsets, as named ranges: [start, end). */
const HEADER = {
  MAGIC: [0, 4],
  VERSION_MAJOR: [4, 6],
  VERSION_MINOR: [6, 8],
  THISZONE: [8, 12],
  SIGFIGS: [12, 16],
  SNAPLEN: [16, 20],
  NETWORK: [20, 24],
  LEN: 24,
} as const;

const RECORD = {
  TS_SEC: [0, 4],
  TS_USEC: [4, 8],
  INCL_LEN: [8, 12],
  ORIG_LEN: [12, 16],
  LEN: 16,
} as const;

const MICROS_PER_SEC = 1_000_000;
/** ts_sec is an unsigned 32-bit field: the latest time a record can carry. */
export const PCAP_MAX_TIME_US = (2 ** 32 - 1) * MICROS_PER_SEC + (MICROS_PER_SEC - 1);

export interface PcapOptions {
  /** Frames longer than this are truncated in the file (orig_len keeps the real length). */
  snaplen?: number;
}

/**
 * Accumulates frames and produces one pcap file. Each `add` copies the frame
 * (callers may reuse their buffer); `toBytes` concatenates once.
 */
export class PcapWriter {
  private readonly chunks: Uint8Array[] = [];
  private records = 0;
  private size = HEADER.LEN;
  readonly snaplen: number;

  constructor(options: PcapOptions = {}) {
    const snaplen = options.snaplen ?? PCAP.SNAPLEN;
    if (!Number.isInteger(snaplen) || snaplen < 1 || snaplen > PCAP.SNAPLEN) {
      throw new RangeError(`pcap: snaplen must be an integer 1..${PCAP.SNAPLEN}, got ${snaplen}`);
    }
    this.snaplen = snaplen;
  }

  /** Number of records added so far. */
  get count(): number {
    return this.records;
  }

  /** Size in bytes of the file `toBytes` would return now. */
  get byteLength(): number {
    return this.size;
  }

  /**
   * Append one Ethernet frame seen at virtual time `timeUs` (integer µs ≥ 0).
   * Time is not required to be monotonic: the file keeps the order of `add` calls,
   * exactly as a capture does.
   */
  add(timeUs: number, frame: Uint8Array): void {
    if (!Number.isSafeInteger(timeUs) || timeUs < 0 || timeUs > PCAP_MAX_TIME_US) {
      throw new RangeError(`pcap: time must be an integer number of microseconds 0..${PCAP_MAX_TIME_US}, got ${timeUs}`);
    }
    const incl = Math.min(frame.length, this.snaplen);
    const rec = new Uint8Array(RECORD.LEN + incl);
    const view = new DataView(rec.buffer);
    view.setUint32(RECORD.TS_SEC[0], Math.floor(timeUs / MICROS_PER_SEC), true);
    view.setUint32(RECORD.TS_USEC[0], timeUs % MICROS_PER_SEC, true);
    view.setUint32(RECORD.INCL_LEN[0], incl, true);
    view.setUint32(RECORD.ORIG_LEN[0], frame.length, true);
    rec.set(frame.subarray(0, incl), RECORD.LEN);
    this.chunks.push(rec);
    this.records++;
    this.size += rec.length;
  }

  /** The whole file: global header followed by every record, in `add` order. */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    out.set(pcapHeader(this.snaplen), 0);
    let off = HEADER.LEN;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}

/** The 24-byte global header, little-endian. */
export function pcapHeader(snaplen: number = PCAP.SNAPLEN): Uint8Array {
  const h = new Uint8Array(HEADER.LEN);
  const view = new DataView(h.buffer);
  view.setUint32(HEADER.MAGIC[0], PCAP.MAGIC_USEC, true);
  view.setUint16(HEADER.VERSION_MAJOR[0], PCAP.VERSION_MAJOR, true);
  view.setUint16(HEADER.VERSION_MINOR[0], PCAP.VERSION_MINOR, true);
  view.setInt32(HEADER.THISZONE[0], 0, true);
  view.setUint32(HEADER.SIGFIGS[0], 0, true);
  view.setUint32(HEADER.SNAPLEN[0], snaplen, true);
  view.setUint32(HEADER.NETWORK[0], PCAP.LINKTYPE_ETHERNET, true);
  return h;
}

export interface PcapRecord {
  /** Virtual time in integer microseconds (nanosecond files are truncated to µs). */
  timeUs: number;
  /** The captured bytes (`incl_len` of them). */
  frame: Uint8Array;
  /** The frame's length on the wire (`orig_len`); larger than `frame.length` when truncated. */
  origLen: number;
}

export interface PcapFile {
  littleEndian: boolean;
  nanosecond: boolean;
  versionMajor: number;
  versionMinor: number;
  thiszone: number;
  sigfigs: number;
  snaplen: number;
  network: number;
  records: PcapRecord[];
}

/**
 * Read a classic pcap file of either byte order and either timestamp resolution.
 * Never throws: a short or inconsistent file answers with a message naming the record.
 */
export function parsePcap(bytes: Uint8Array): Parsed<PcapFile> {
  if (bytes.length < HEADER.LEN) return fail(`pcap: file is ${bytes.length} bytes, shorter than the ${HEADER.LEN}-byte global header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicLe = view.getUint32(HEADER.MAGIC[0], true);
  const magicBe = view.getUint32(HEADER.MAGIC[0], false);
  let le: boolean;
  let nanosecond: boolean;
  if (magicLe === PCAP.MAGIC_USEC || magicLe === PCAP.MAGIC_NSEC) {
    le = true;
    nanosecond = magicLe === PCAP.MAGIC_NSEC;
  } else if (magicBe === PCAP.MAGIC_USEC || magicBe === PCAP.MAGIC_NSEC) {
    le = false;
    nanosecond = magicBe === PCAP.MAGIC_NSEC;
  } else {
    return fail(`pcap: bad magic 0x${magicBe.toString(16).padStart(8, '0')} (not a classic pcap file)`);
  }
  const file: PcapFile = {
    littleEndian: le,
    nanosecond,
    versionMajor: view.getUint16(HEADER.VERSION_MAJOR[0], le),
    versionMinor: view.getUint16(HEADER.VERSION_MINOR[0], le),
    thiszone: view.getInt32(HEADER.THISZONE[0], le),
    sigfigs: view.getUint32(HEADER.SIGFIGS[0], le),
    snaplen: view.getUint32(HEADER.SNAPLEN[0], le),
    network: view.getUint32(HEADER.NETWORK[0], le),
    records: [],
  };
  let off = HEADER.LEN;
  while (off < bytes.length) {
    const index = file.records.length;
    if (bytes.length - off < RECORD.LEN) {
      return fail(`pcap: record ${index} at byte ${off}: header truncated (${bytes.length - off} of ${RECORD.LEN} bytes)`);
    }
    const sec = view.getUint32(off + RECORD.TS_SEC[0], le);
    const frac = view.getUint32(off + RECORD.TS_USEC[0], le);
    const incl = view.getUint32(off + RECORD.INCL_LEN[0], le);
    const orig = view.getUint32(off + RECORD.ORIG_LEN[0], le);
    const fracLimit = nanosecond ? 1_000_000_000 : MICROS_PER_SEC;
    if (frac >= fracLimit) return fail(`pcap: record ${index}: sub-second field ${frac} is not below ${fracLimit}`);
    if (incl > orig) return fail(`pcap: record ${index}: incl_len ${incl} exceeds orig_len ${orig}`);
    const start = off + RECORD.LEN;
    if (bytes.length - start < incl) {
      return fail(`pcap: record ${index}: frame truncated (${bytes.length - start} of ${incl} bytes)`);
    }
    file.records.push({
      timeUs: sec * MICROS_PER_SEC + (nanosecond ? Math.floor(frac / 1000) : frac),
      frame: bytes.slice(start, start + incl),
      origLen: orig,
    });
    off = start + incl;
  }
  return ok(file);
}
