/** How fetching a page ended; also the `outcome` label of the pages-fetched metric. */
export type FetchOutcome = 'ok' | 'not_found' | 'http_error' | 'unreachable' | 'timeout' | 'too_large' | 'disallowed' | 'gave_up'

export const fetchOutcomes: readonly FetchOutcome[] = ['ok', 'not_found', 'http_error', 'unreachable', 'timeout', 'too_large', 'disallowed', 'gave_up']

/**
 * A page that could not be fetched. Messages name the path and the status, never a
 * library's message. `transient` failures (5xx, 429, timeouts, broken connections) may
 * succeed later; the others will not.
 */
export class FetchError extends Error {
  constructor(
    readonly outcome: Exclude<FetchOutcome, 'ok'>,
    message: string,
    readonly transient: boolean,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'FetchError'
  }
}

/** A network error's code (ECONNREFUSED, UND_ERR_SOCKET…), never its message. */
export function networkCode(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined
  return code ?? (error instanceof Error ? error.name : 'unknown error')
}
