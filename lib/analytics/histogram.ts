/**
 * Durations as log-scale histograms, so that medians and p90s add up across days: bucket 0 is
 * under a second, bucket k ≥ 1 is [2^((k-1)/4), 2^(k/4)) seconds (four per doubling, each 19 %
 * wide), the last one open-ended (from about 20 days). An estimate interpolates inside its bucket,
 * so it is within 10 % of the exact figure. The SQL twin (BUCKET_SQL) is the rebuild's; both add
 * the same epsilon so an exact power of two falls in the same bucket either way.
 */
export const BUCKETS = 84;
const EPSILON = 1e-9;

export function bucketOf(ms: number): number {
  if (ms < 1000) return 0;
  return Math.min(BUCKETS - 1, 1 + Math.floor(4 * Math.log2(ms / 1000) + EPSILON));
}

/** The same bucket in SQL, of an interval in milliseconds. */
export const bucketSql = (ms: string) =>
  `(CASE WHEN ${ms} < 1000 THEN 0 ELSE LEAST(${BUCKETS - 1}, 1 + floor(4 * ln((${ms})::float8 / 1000) / ln(2::float8) + ${EPSILON})::int) END)`;

const lower = (k: number) => (k === 0 ? 0 : 2 ** ((k - 1) / 4));
const upper = (k: number) => (k === 0 ? 1 : 2 ** (k / 4));

/** The p-th quantile (0–1) in seconds of a histogram, or null when it is empty. */
export function quantile(hist: readonly number[], p: number): number | null {
  const n = hist.reduce((a, b) => a + b, 0);
  if (!n) return null;
  const rank = p * n;
  let seen = 0;
  for (let k = 0; k < hist.length; k++) {
    const c = hist[k];
    if (!c) continue;
    if (seen + c >= rank) {
      const frac = Math.min(1, Math.max(0, (rank - seen) / c));
      // Geometric inside a bucket (they are geometric); linear in the first, which starts at 0.
      const v = k === 0 ? frac : lower(k) * (upper(k) / lower(k)) ** frac;
      return Math.round(v * 10) / 10;
    }
    seen += c;
  }
  return Math.round(lower(hist.length - 1) * 10) / 10;
}

export const emptyHistogram = (): number[] => new Array<number>(BUCKETS).fill(0);
