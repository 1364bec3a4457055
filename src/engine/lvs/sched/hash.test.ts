import { describe, expect, it } from 'vitest';
import { hashMul, hsiphash1u32, hsiphashKey, siphash, type HsiphashKey } from './hash';
import { ip_vs_dh_hashkey } from './dh';
import { ip_vs_sh_hashkey } from './sh';
import { parseIpv4 } from '../../wire/addr';

// lib/siphash_kunit.c (test vectors from the SipHash reference, github.com/veorq/SipHash)
const K0 = 0x0706050403020100n;
const K1 = 0x0f0e0d0c0b0a0908n;
const SIPHASH_2_4 = [
  0x726fdb47dd0e0e31n, 0x74f839c593dc67fdn, 0x0d6c8009d9a94f5an, 0x85676696d7fb7e2dn, 0xcf2794e0277187b7n, 0x18765564cd99a68dn,
  0xcbc9466e58fee3cen, 0xab0200f58b01d137n, 0x93f5f5799a932462n, 0x9e0082df0ba9e4b0n, 0x7a5dbbc594ddb9f3n, 0xf4b32f46226bada7n,
  0x751e8fbc860ee5fbn, 0x14ea5627c0843d90n, 0xf723ca908e7af2een, 0xa129ca6149be45e5n, 0x3f2acc7f57c29bdbn, 0x699ae9f52cbe4794n,
  0x4bc1b3f0968dd39cn, 0xbb6dc91da77961bdn, 0xbed65cf21aa2ee98n, 0xd0f2cbb02e3b67c7n, 0x93536795e3a33e88n, 0xa80c038ccd5ccec8n,
  0xb8ad50c6f649af94n, 0xbce192de8a85b8ean, 0x17d835b85bbb15f3n, 0x2f2e6163076bcfadn, 0xde4daaaca71dc9a5n, 0xa6a2506687956571n,
  0xad87a3535c49ef28n, 0x32d892fad841c342n, 0x7127512f72f27ccen, 0xa7f32346f95978e3n, 0x12e0b01abb051238n, 0x15e034d40fa197aen,
  0x314dffbe0815a3b4n, 0x027990f029623981n, 0xcadcd4e59ef40c4dn, 0x9abfd8766a33735cn, 0x0e3ea96b5304a7d0n, 0xad0c42d6fc585992n,
  0x187306c89bc215a9n, 0xd4a60abcf3792b95n, 0xf935451de4f21df2n, 0xa9538f0419755787n, 0xdb9acddff56ca510n, 0xd06c98cd5c0975ebn,
  0xe612a3cb9ecba951n, 0xc766e62cfcadaf96n, 0xee64435a9752fe72n, 0xa192d576b245165an, 0x0a8787bf8ecb74b2n, 0x81b3e73d20b49b6fn,
  0x7fa8220ba3b2ecean, 0x245731c13ca42499n, 0xb78dbfaf3a8d83bdn, 0xea1ad565322a1a0bn, 0x60e61c23a3795013n, 0x6606d7e446282b93n,
  0x6ca4ecb15c5f91e1n, 0x9f626da15c9625f3n, 0xe51b38608ef25f57n, 0x958a324ceb064572n,
];
// BITS_PER_LONG == 64: hsiphash is SipHash-1-3 truncated to u32
const HSIPHASH_64 = [
  0x050fc4dc, 0x7d57ca93, 0x4dc7d44d, 0xe7ddf7fb, 0x88d38328, 0x49533b67, 0xc59f22a7, 0x9bb11140, 0x8d299a8e, 0x6c063de4, 0x92ff097f,
  0xf94dc352, 0x57b4d9a2, 0x1229ffa7, 0xc0f95d34, 0x2a519956, 0x7d908b66, 0x63dbd80c, 0xb473e63e, 0x8d297d1c, 0xa6cce040, 0x2b45f844,
  0xa320872e, 0xdae6c123, 0x67349c8c, 0x705b0979, 0xca9913a5, 0x4ade3b35, 0xef6cd00d, 0x4ab1e1f4, 0x43c5e663, 0x8c21d1bc, 0x16a7b60d,
  0x7a8ff9bf, 0x1f2a753e, 0xbf186b91, 0xada26206, 0xa3c33057, 0xae3a36a1, 0x7b108392, 0x99e41531, 0x3f1ad944, 0xc8138825, 0xc28949a6,
  0xfaf8876b, 0x9f042196, 0x68b1d623, 0x8b5114fd, 0xdf074c46, 0x12cc86b3, 0x0a52098f, 0x9d292f9a, 0xa2f41f12, 0x43a71ed0, 0x73f0bce6,
  0x70a7e980, 0x243c6d75, 0xfdb71513, 0xa67d8a08, 0xb7e8f148, 0xf7a644ee, 0x0f1837f2, 0x4b6694e0, 0xb7bbb3a8,
];
const input = Uint8Array.from({ length: 64 }, (_, i) => i);
const testKey: HsiphashKey = { k0hi: 0x07060504, k0lo: 0x03020100, k1hi: 0x0f0e0d0c, k1lo: 0x0b0a0908 };

describe('SipHash (lib/siphash.c)', () => {
  it('SipHash-2-4 gives the 64 reference vectors for messages 0..63 bytes long', () => {
    const got = SIPHASH_2_4.map((_, i) => siphash(input.subarray(0, i), K0, K1, 2, 4));
    expect(got).toEqual(SIPHASH_2_4);
  });

  it('hsiphash on 64-bit (SipHash-1-3, low 32 bits) gives the kernel test vectors', () => {
    const got = HSIPHASH_64.map((_, i) => Number(siphash(input.subarray(0, i), K0, K1, 1, 3) & 0xffffffffn));
    expect(got).toEqual(HSIPHASH_64);
  });

  it('hsiphash_1u32(0x03020100) is test vector 4, as the kunit test checks', () => {
    expect(hsiphash1u32(0x03020100, testKey)).toBe(0x88d38328);
  });

  it('the 32-bit-halves hsiphash_1u32 equals the BigInt reference on 2000 inputs and mh keys', () => {
    const keys = [testKey, hsiphashKey(2654435761, 2654435761), hsiphashKey(2654446892, 2654446892)];
    let x = 0x12345678;
    for (let i = 0; i < 2000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const k = keys[i % 3];
      const bytes = new Uint8Array([x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24]);
      const k0 = (BigInt(k.k0hi) << 32n) | BigInt(k.k0lo);
      const k1 = (BigInt(k.k1hi) << 32n) | BigInt(k.k1lo);
      expect(hsiphash1u32(x, k)).toBe(Number(siphash(bytes, k0, k1, 1, 3) & 0xffffffffn));
    }
  });
});

describe('multiplicative hash (2654435761)', () => {
  const A = (s: string) => parseIpv4(s)!;
  it('low 32 bits of the product', () => {
    expect(hashMul(1)).toBe(2654435761);
    expect(hashMul(2)).toBe((2 * 2654435761) % 2 ** 32);
    expect(hashMul(0xffffffff)).toBe(Number((0xffffffffn * 2654435761n) & 0xffffffffn));
  });
  it('the §1.6 buckets: 192.168.1.10 → 234, 192.168.1.11 → 155, 10.0.0.1 → 177 (only the last octet matters)', () => {
    expect(ip_vs_sh_hashkey(A('192.168.1.10'), 0, 0)).toBe(234);
    expect(ip_vs_sh_hashkey(A('192.168.1.11'), 0, 0)).toBe(155);
    expect(ip_vs_sh_hashkey(A('10.0.0.1'), 0, 0)).toBe(177);
    expect(ip_vs_dh_hashkey(A('172.16.5.10'))).toBe(234);
  });
  it('sh adds the port before multiplying, and the offset after', () => {
    expect(ip_vs_sh_hashkey(A('192.168.1.10'), 1, 0)).toBe(155);
    expect(ip_vs_sh_hashkey(A('192.168.1.10'), 256, 0)).toBe(234);
    expect(ip_vs_sh_hashkey(A('192.168.1.10'), 0, 234)).toBe(212);
  });
});
