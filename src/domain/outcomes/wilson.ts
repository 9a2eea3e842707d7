/**
 * The Wilson score interval of a proportion (Wilson 1927), the usual 95 % interval for a responder
 * rate: unlike the normal ("Wald") interval it stays inside [0, 1] and is sensible for small
 * counts and for rates of 0 or 1.
 *   centre = (p + z²/2n) / (1 + z²/n),  half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)
 */
export const Z95 = 1.959963984540054;

export function wilson(successes: number, n: number, z = Z95): [number, number] | null {
  if (!Number.isInteger(n) || !Number.isInteger(successes) || n <= 0 || successes < 0 || successes > n)
    return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At 0 and n the bound is exactly 0 or 1 (the formula gives it up to rounding).
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}

/** A rate or bound to 4 decimals (0.1234 = 12.34 %). */
export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
