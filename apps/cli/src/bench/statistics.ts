/** The value at `fraction` (0..1) of the sorted samples, interpolated linearly; NaN for no samples. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((left, right) => left - right);
  const position = Math.min(Math.max(fraction, 0), 1) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const lowerValue = sorted[lower] as number;
  const upperValue = sorted[upper] as number;
  return lowerValue + (upperValue - lowerValue) * (position - lower);
}

/** The median of the samples; NaN for none. */
export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** `numerator / denominator`, or NaN when the denominator is 0 or not finite. */
export function ratio(numerator: number, denominator: number): number {
  return Number.isFinite(denominator) && denominator !== 0 ? numerator / denominator : Number.NaN;
}
