const RATIO = 1.1
const LOG_RATIO = Math.log(RATIO)

/** Bucket k holds latencies in (1.1^(k-1), 1.1^k] ms; bucket 0 holds 1 ms and less. */
export function bucketOf(ms: number): number {
  return ms <= 1 ? 0 : Math.ceil(Math.log(ms) / LOG_RATIO - 1e-9)
}

/** A bucket's representative: the geometric middle, within 5% of any value in it. */
function valueOf(bucket: number): number {
  return bucket === 0 ? 1 : RATIO ** (bucket - 0.5)
}

/**
 * A mergeable latency histogram with 10% wide buckets, so percentiles over a month come
 * from hourly roll-ups to within 5%. Stored sparse, as "bucket:count" pairs.
 */
export class LatencyHistogram {
  private readonly counts = new Map<number, number>()
  total = 0

  add(ms: number, n = 1): void {
    const b = bucketOf(ms)
    this.counts.set(b, (this.counts.get(b) ?? 0) + n)
    this.total += n
  }

  merge(encoded: string): void {
    if (!encoded) return
    for (const pair of encoded.split(',')) {
      const [b, n] = pair.split(':').map(Number)
      if (Number.isInteger(b) && Number.isInteger(n) && n! > 0) {
        this.counts.set(b!, (this.counts.get(b!) ?? 0) + n!)
        this.total += n!
      }
    }
  }

  encode(): string {
    return [...this.counts]
      .sort((a, b) => a[0] - b[0])
      .map(([b, n]) => `${b}:${n}`)
      .join(',')
  }

  /** The nearest-rank percentile (p in (0, 100]), or null when empty. */
  percentile(p: number): number | null {
    if (this.total === 0) return null
    const rank = Math.max(1, Math.ceil((p / 100) * this.total))
    let seen = 0
    for (const [b, n] of [...this.counts].sort((x, y) => x[0] - y[0])) {
      seen += n
      if (seen >= rank) return Math.round(valueOf(b))
    }
    return null
  }
}

/** The nearest-rank percentile of exact values (sorted ascending). */
export function exactPercentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!
}
