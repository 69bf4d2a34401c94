/** Integer milli-point arithmetic: no floats in results. */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function divHalfEvenBig(n: bigint, d: bigint): bigint {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  let q = n / d;
  let r = n - q * d;
  if (r < 0n) {
    q -= 1n;
    r += d;
  }
  const twice = 2n * r;
  if (twice > d || (twice === d && q % 2n !== 0n)) q += 1n;
  return q;
}

/** `n / d` rounded half to even; `n` and `d` integers, `d` non-zero. */
export function divHalfEven(n: number, d: number): number {
  if (d === 0) throw new RangeError('division by zero');
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d)) {
    return Number(divHalfEvenBig(BigInt(Math.trunc(n)), BigInt(Math.trunc(d))));
  }
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const q = Math.floor(n / d);
  const r = n - q * d;
  const twice = 2 * r;
  if (twice > d || (twice === d && q % 2 !== 0)) return q + 1;
  return q === 0 ? 0 : q;
}

/** `a * b / d` rounded half to even, exact for integers (falls back to BigInt past 2^53). */
export function mulDivHalfEven(a: number, b: number, d: number): number {
  const p = a * b;
  if (Number.isSafeInteger(p) && Math.abs(p) <= MAX_SAFE) return divHalfEven(p, d);
  return Number(divHalfEvenBig(BigInt(a) * BigInt(b), BigInt(d)));
}

/** Milli-points to points, rounded half to even (SPEC 4a). */
export function milliToPoints(milli: number): number {
  return divHalfEven(milli, 1000);
}

/** A number with at most 3 decimals as an integer count of thousandths. */
export function toMilli(value: number): number {
  const r = Math.round(value * 1000);
  return r === 0 ? 0 : r;
}

/** True when `value` is finite with at most 3 decimals. */
export function hasAtMost3Decimals(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const scaled = value * 1000;
  return Math.abs(scaled - Math.round(scaled)) <= 1e-7 * Math.max(1, Math.abs(scaled));
}

/** Apply a factor given in thousandths: `value * factor1000 / 1000`, half to even. */
export function applyFactor(value: number, factor1000: number): number {
  return mulDivHalfEven(value, factor1000, 1000);
}
