import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { base64Decode, base64Encode, base64urlDecode, base64urlEncode } from './base64';
import { crc32 } from './crc32';
import { DICTIONARY_V1_TEXT, dictionaryV1 } from './dictionary';
import { inflateCapped } from './inflate';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('base64 / base64url', () => {
  it('RFC 4648 §10 test vectors', () => {
    const vectors: Array<[string, string]> = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, b64] of vectors) {
      expect(base64Encode(ascii(plain))).toBe(b64);
      expect(base64urlEncode(ascii(plain))).toBe(b64.replace(/=+$/, ''));
      expect(base64Decode(b64)).toEqual({ ok: true, bytes: ascii(plain) });
    }
    expect(base64urlEncode(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('-_-_');
    expect(base64Encode(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('+/+/');
  });

  it('round-trips any bytes, and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const u = base64urlEncode(bytes);
        expect(u).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64urlDecode(u)).toEqual({ ok: true, bytes });
        expect(base64Decode(base64Encode(bytes))).toEqual({ ok: true, bytes });
      }),
    );
  });

  it('is strict: foreign characters, padding in base64url, impossible lengths', () => {
    expect(base64urlDecode('Zm9v+')).toEqual({ ok: false, error: 'character "+" at position 5 is not base64url' });
    expect(base64urlDecode('Zg==')).toEqual({ ok: false, error: 'character "=" at position 3 is not base64url' });
    expect(base64Decode('Zm9v_')).toEqual({ ok: false, error: 'character "_" at position 5 is not base64' });
    expect(base64urlDecode('Zm9vY')).toEqual({ ok: false, error: 'base64url of 5 characters cannot be complete' });
  });
});

describe('crc32', () => {
  it('the check value of CRC-32/ISO-HDLC', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('dictionary of link format 1', () => {
  it('is frozen: links made with it must decode forever (a new dictionary is a new link format)', () => {
    expect(DICTIONARY_V1_TEXT.length).toBe(4890);
    expect(crc32(dictionaryV1()).toString(16)).toBe('3585e8ec');
    expect(/^[\x20-\x7e]*$/.test(DICTIONARY_V1_TEXT)).toBe(true);
    expect(DICTIONARY_V1_TEXT.length).toBeLessThanOrEqual(32 * 1024); // DEFLATE's window: more would be ignored
  });
});

describe('inflateCapped', () => {
  const text = ascii('hello lvslab '.repeat(500));
  const packed = deflateSync(text, { level: 9 });

  it('inflates within the limit', () => {
    expect(inflateCapped(packed, 1 << 20)).toEqual({ ok: true, bytes: text });
    const dict = ascii('hello lvslab ');
    expect(inflateCapped(deflateSync(text, { dictionary: dict }), 1 << 20, dict)).toEqual({ ok: true, bytes: text });
  });

  it('stops at the limit, truncated or corrupt input is an error', () => {
    expect(inflateCapped(packed, text.length - 1)).toEqual({ ok: false, error: `it inflates to more than ${text.length - 1} bytes`, tooLarge: true });
    expect(inflateCapped(packed.subarray(0, packed.length - 2), 1 << 20)).toEqual({ ok: false, error: 'the compressed data is invalid (unexpected EOF)' });
    expect(inflateCapped(Uint8Array.of(0xff, 0xff, 0xff), 1 << 20)).toEqual({ ok: false, error: 'the compressed data is invalid (invalid block type)' });
    expect(inflateCapped(new Uint8Array(0), 1 << 20)).toEqual({ ok: false, error: 'there is no compressed data' });
  });

  it('a 100 MB bomb costs no more than the limit', () => {
    const bomb = deflateSync(new Uint8Array(100 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    expect(inflateCapped(bomb, 2 * 1024 * 1024)).toMatchObject({ ok: false, tooLarge: true });
  });
});
