import type { FetchError } from './fetch-error.ts'

/** Exponential backoff with equal jitter: half the delay, plus a random part of the other half. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** (attempt - 1))
  return Math.round(exponential / 2 + (random() * exponential) / 2)
}

/** The `reason` label of the retries metric. */
export function retryReason(error: FetchError): string {
  if (error.status === 429) return '429'
  if (error.status !== undefined) return error.status >= 500 ? '5xx' : '4xx'
  return error.outcome === 'timeout' ? 'timeout' : 'network'
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (value === undefined || value.trim() === '') return undefined
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
