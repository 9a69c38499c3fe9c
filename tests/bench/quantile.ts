/**
 * The one percentile rule of every benchmark: nearest rank (the smallest sample with at
 * least q of the samples at or below it), so p99 of 40 samples is the worst one and p50
 * of an even count is the lower middle.
 */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}
