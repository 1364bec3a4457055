/** Greatest common divisor of two positive integers (lib/math/gcd.c), used by wrr and mh. */
export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}
