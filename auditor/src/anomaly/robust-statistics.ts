/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** Median absolute deviation from the median (unscaled). */
export function medianAbsoluteDeviation(values: readonly number[], centre = median(values)): number {
  return median(values.map((value) => Math.abs(value - centre)));
}

/**
 * 1 / Φ⁻¹(3/4): MAD × 1.4826 estimates the standard deviation of normally distributed data
 * (Rousseeuw & Croux 1993; Iglewicz & Hoaglin 1993 write the same as 0.6745 (x − median) / MAD).
 */
export const MAD_TO_SD = 1.4826;
