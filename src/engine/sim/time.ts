/** Virtual time: integer microseconds since the world started. Never read from a clock. */
export type Micros = number;

export const MICROS_PER_MS = 1_000;
export const MICROS_PER_SEC = 1_000_000;

export const ms = (n: number): Micros => Math.round(n * MICROS_PER_MS);
export const sec = (n: number): Micros => Math.round(n * MICROS_PER_SEC);

/** `12.345` — seconds with three decimals, as the CLI transcript prints them. */
export function formatSeconds(t: Micros): string {
  return (t / MICROS_PER_SEC).toFixed(3);
}
