/**
 * Exponential backoff with "equal jitter": half the exponential delay, plus a random part
 * of the other half, so retries of jobs that failed together spread out.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30))
  return Math.round(exponential / 2 + (random() * exponential) / 2)
}
