import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCString, decodeLatin1, decodeUtf8, encodeLatin1, encodeUtf8, uniqueKeys } from './text';

describe('text', () => {
  it('encodes UTF-8 like TextEncoder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(encodeUtf8(s)).toEqual(new TextEncoder().encode(s));
      }),
    );
    expect(encodeUtf8('\ud800x')).toEqual(new TextEncoder().encode('\ud800x'));
  });

  it('decodes UTF-8 like TextDecoder, never throwing on bad bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(decodeUtf8(encodeUtf8(s))).toBe(s);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        expect(decodeUtf8(b)).toBe(new TextDecoder().decode(b));
      }),
    );
  });

  it('takes the whole-chunk paths for long text and ASCII, with the same result', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 60, maxLength: 300 }), (s) => {
        expect(encodeUtf8(s)).toEqual(new TextEncoder().encode(s));
      }),
    );
    const reply = 'HTTP/1.1 200 OK\r\nServer: Apache/2.4.6 (CentOS)\r\n\r\n' + 'x'.repeat(10_000);
    expect(decodeUtf8(encodeUtf8(reply))).toBe(reply);
    expect(decodeUtf8(encodeUtf8(reply), 4, 20)).toBe(reply.slice(4, 24));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 100, maxLength: 9000 }).map((b) => b.map((x) => x & 0x7f)), (b) => {
        expect(decodeUtf8(b)).toBe(new TextDecoder().decode(b));
      }),
      { numRuns: 30 },
    );
  });

  it('handles Latin-1 and C strings', () => {
    expect(decodeLatin1(encodeLatin1('GET / HTTP/1.0\r\n'))).toBe('GET / HTTP/1.0\r\n');
    expect(decodeCString(Uint8Array.of(0x31, 0x31, 0, 0x32), 0, 4)).toBe('11');
    const key = uniqueKeys();
    expect([key('a'), key('a'), key('b'), key('a')]).toEqual(['a', 'a#2', 'b', 'a#3']);
  });
});
