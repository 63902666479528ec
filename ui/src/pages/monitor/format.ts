import { formatMs } from '../../format.ts'
import type { Check } from './types.ts'

/** "99.95 %"; "–" without checks. Two decimals: 99.9 and 99.99 are different promises. */
export function formatUptime(share: number | null): string {
  if (share === null) return '–'
  const percent = share * 100
  return `${percent === 100 || percent === 0 ? percent.toFixed(0) : percent.toFixed(2)} %`
}

export function formatLatency(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : formatMs(ms)
}

/** The HTTP status, or why no response came (timeout, dns, refused, …). */
export function checkOutcome(check: Pick<Check, 'status' | 'error'>): string {
  if (check.status !== null) return check.error ? `${check.status} · ${check.error}` : String(check.status)
  return check.error ?? 'no response'
}

/** A check's matches as one line: `42, 7`; the whole list on hover where it is cut. */
export function formatMatches(matches: unknown[] | null): string {
  if (matches === null) return ''
  return matches.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(', ')
}
