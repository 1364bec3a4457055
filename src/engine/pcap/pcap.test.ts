import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PCAP, PCAP_MAX_TIME_US, PcapWriter, parsePcap, pcapHeader } from './pcap';
import { fromHex, toHex } from '../wire/bytes';

function mustParse(bytes: Uint8Array) {
  const r = parsePcap(bytes);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('pcap global header', () => {
  it('is exactly the 24 little-endian bytes libpcap writes', () => {
    const bytes = new PcapWriter().toBytes();
    expect(toHex(bytes)).toBe(
      'd4c3b2a1' + // magic 0xa1b2c3d4, microseconds, little-endian
        '0200' + // version_major 2
        '0400' + // version_minor 4
        '00000000' + // thiszone 0
        '00000000' + // sigfigs 0
        '00000400' + // snaplen 262144 = 0x00040000
        '01000000', // LINKTYPE_ETHERNET
    );
    expect(pcapHeader()).toEqual(bytes);
  });

  it('an empty capture has no records', () => {
    const w = new PcapWriter();
    expect(w.count).toBe(0);
    expect(w.byteLength).toBe(24);
    expect(mustParse(w.toBytes()).records).toEqual([]);
  });
});

describe('pcap records', () => {
  it('split the virtual time into ts_sec and ts_usec and carry both lengths', () => {
    const w = new PcapWriter();
    w.add(12_345_678, fromHex('0102030405'));
    expect(w.count).toBe(1);
    const bytes = w.toBytes();
    expect(bytes.length).toBe(24 + 16 + 5);
    expect(toHex(bytes.subarray(24))).toBe(
      '0c000000' + // ts_sec 12
        '4e460500' + // ts_usec 345678 = 0x0005464e
        '05000000' + // incl_len 5
        '05000000' + // orig_len 5
        '0102030405',
    );
  });

  it('time 0 and the last microsecond of a second', () => {
    const w = new PcapWriter();
    w.add(0, new Uint8Array(1));
    w.add(1_999_999, new Uint8Array(1));
    const [a, b] = mustParse(w.toBytes()).records;
    expect(a.timeUs).toBe(0);
    expect(b.timeUs).toBe(1_999_999);
    const v = new DataView(w.toBytes().buffer);
    expect(v.getUint32(24 + 17, true)).toBe(1); // second record's ts_sec
    expect(v.getUint32(24 + 17 + 4, true)).toBe(999_999);
  });

  it('copies the frame: later changes to the caller\'s buffer do not leak in', () => {
    const w = new PcapWriter();
    const buf = fromHex('aabbcc');
    w.add(5, buf);
    buf[0] = 0;
    expect(toHex(mustParse(w.toBytes()).records[0].frame)).toBe('aabbcc');
  });

  it('truncates frames longer than snaplen and keeps orig_len', () => {
    const w = new PcapWriter({ snaplen: 4 });
    w.add(1, fromHex('0102030405060708'));
    const f = mustParse(w.toBytes());
    expect(f.snaplen).toBe(4);
    expect(toHex(f.records[0].frame)).toBe('01020304');
    expect(f.records[0].origLen).toBe(8);
  });

  it('rejects times that are not integer microseconds in range', () => {
    const w = new PcapWriter();
    for (const t of [-1, 1.5, Number.NaN, Infinity, PCAP_MAX_TIME_US + 1]) {
      expect(() => w.add(t, new Uint8Array(1))).toThrow(RangeError);
    }
    w.add(PCAP_MAX_TIME_US, new Uint8Array(1));
    expect(mustParse(w.toBytes()).records[0].timeUs).toBe(PCAP_MAX_TIME_US);
  });

  it('round-trips any sequence of frames through parsePcap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ timeUs: fc.integer({ min: 0, max: 2 ** 40 }), frame: fc.uint8Array({ maxLength: 200 }) }), { maxLength: 20 }),
        (recs) => {
          const w = new PcapWriter();
          for (const r of recs) w.add(r.timeUs, r.frame);
          const bytes = w.toBytes();
          expect(bytes.length).toBe(w.byteLength);
          const f = mustParse(bytes);
          expect(f).toMatchObject({
            littleEndian: true,
            nanosecond: false,
            versionMajor: 2,
            versionMinor: 4,
            thiszone: 0,
            sigfigs: 0,
            snaplen: PCAP.SNAPLEN,
            network: PCAP.LINKTYPE_ETHERNET,
          });
          expect(f.records.map((r) => ({ timeUs: r.timeUs, frame: r.frame }))).toEqual(recs);
        },
      ),
    );
  });
});

describe('parsePcap', () => {
  it('reads big-endian and nanosecond files', () => {
    const be = fromHex(
      'a1b23c4d' + '0002' + '0004' + '00000000' + '00000000' + '0000ffff' + '00000001' +
        '00000003' + '3b9ac9ff' + '00000002' + '00000002' + 'beef',
    );
    const f = mustParse(be);
    expect(f.littleEndian).toBe(false);
    expect(f.nanosecond).toBe(true);
    expect(f.snaplen).toBe(65535);
    expect(f.records).toEqual([{ timeUs: 3_999_999, frame: fromHex('beef'), origLen: 2 }]);
  });

  it('answers errors instead of throwing', () => {
    expect(parsePcap(new Uint8Array(3))).toEqual({ ok: false, error: expect.stringContaining('shorter than the 24-byte') });
    expect(parsePcap(new Uint8Array(24))).toEqual({ ok: false, error: expect.stringContaining('bad magic') });
    const w = new PcapWriter();
    w.add(1, fromHex('01020304'));
    const full = w.toBytes();
    expect(parsePcap(full.subarray(0, full.length - 1))).toEqual({ ok: false, error: expect.stringContaining('record 0: frame truncated') });
    expect(parsePcap(full.subarray(0, 30))).toEqual({ ok: false, error: expect.stringContaining('header truncated') });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (b) => { parsePcap(b); }));
  });
});
