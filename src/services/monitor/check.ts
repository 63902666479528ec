/** Why a check failed to get a usable answer (the new API's `error`). */
export type ErrorKind = 'timeout' | 'dns' | 'refused' | 'reset' | 'tls' | 'redirects' | 'network' | 'regex'

/** Stored as a small integer: one byte a row instead of a string. */
const CODES: Record<ErrorKind, number> = { timeout: 1, dns: 2, refused: 3, reset: 4, tls: 5, redirects: 6, network: 7, regex: 8 }
const KINDS = Object.fromEntries(Object.entries(CODES).map(([k, v]) => [v, k])) as Record<number, ErrorKind>

export function errorCode(kind: ErrorKind | null): number | null {
  return kind === null ? null : CODES[kind]
}

export function errorKind(code: number | null): ErrorKind | null {
  return code === null ? null : (KINDS[code] ?? 'network')
}

/** One match as Python's findall gives it: the match, its one group, or all its groups. */
export type Match = string | string[]

/** What one HTTP check found, before it is judged up or down. */
export interface CheckOutcome {
  /** The final response's status after redirects; null when no response came. */
  status: number | null
  /** Request start to the end of the (capped) body, in milliseconds. */
  durationMs: number
  error: ErrorKind | null
  /** Matches of the website's regex in the tag-stripped body; null without a regex. */
  matches: Match[] | null
  /** The body was longer than the cap; only its start was read. */
  truncated: boolean
}

/** One stored check. */
export interface Check {
  id: number
  websiteId: number
  startedAt: number
  durationMs: number
  status: number | null
  error: ErrorKind | null
  matches: Match[] | null
  up: boolean
}

export type CheckRecord = Omit<Check, 'id'>

export function isUp(outcome: CheckOutcome, regexMustMatch: boolean): boolean {
  if (outcome.status === null || outcome.status >= 400) return false
  return !regexMustMatch || (outcome.matches !== null && outcome.matches.length > 0)
}

/** The bounded label set of `monitor_checks_total` (never a URL). */
export type CheckLabel = 'up' | 'http-error' | 'no-match' | ErrorKind

export function checkLabel(outcome: CheckOutcome, up: boolean): CheckLabel {
  if (outcome.error !== null) return outcome.error
  if (up) return 'up'
  return outcome.status !== null && outcome.status >= 400 ? 'http-error' : 'no-match'
}

/** The original's encoding of a check that got no HTTP response. */
export const NO_RESPONSE_STATUS = 999
export const NO_RESPONSE_TIME = 9999
