/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4), as the kernel's
 * before()/after() (include/net/tcp.h): compare by the signed 32-bit distance.
 */
export const seqLt = (a: number, b: number): boolean => ((a - b) | 0) < 0;
export const seqLe = (a: number, b: number): boolean => ((a - b) | 0) <= 0;
export const seqGt = (a: number, b: number): boolean => ((a - b) | 0) > 0;
export const seqGe = (a: number, b: number): boolean => ((a - b) | 0) >= 0;
/** a + n, wrapped to uint32. */
export const seqAdd = (a: number, n: number): number => (a + n) >>> 0;
/** The signed distance a − b. */
export const seqSub = (a: number, b: number): number => (a - b) | 0;
