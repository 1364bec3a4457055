import type { Ipv4 } from '../../wire/addr';

/**
 * inet_aton(3): `a.b.c.d`, and the short forms `a.b.c` (c is 16 bits),
 * `a.b` (b is 24 bits) and `a` (32 bits); each part decimal, octal (leading
 * 0) or hex (0x). `ping 10.1` pings 10.0.0.1 because of this.
 */
export function inetAton(text: string): Ipv4 | undefined {
  if (text === '' || /\s/.test(text)) return undefined;
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9]\d*$/.test(p)) v = parseInt(p, 10);
    else return undefined;
    if (!Number.isFinite(v)) return undefined;
    nums.push(v);
  }
  const last = nums[nums.length - 1];
  const head = nums.slice(0, -1);
  if (head.some((n) => n > 255)) return undefined;
  const lastBits = 8 * (5 - nums.length);
  if (last >= 2 ** lastBits) return undefined;
  let ip = 0;
  head.forEach((n, i) => (ip += n * 2 ** (24 - 8 * i)));
  return (ip + last) >>> 0;
}
