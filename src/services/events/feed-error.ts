/** How a fetch ended: a metric label, so a fixed, small set. */
export type FetchOutcome =
  | 'success'
  | 'unreachable'
  | 'timeout'
  | 'http_error'
  | 'too_large'
  | 'truncated'
  | 'invalid_xml'
  | 'refused'
  | 'store_failed'

export const fetchOutcomes: readonly FetchOutcome[] = ['success', 'unreachable', 'timeout', 'http_error', 'too_large', 'truncated', 'invalid_xml', 'refused', 'store_failed']

/** A fetch that stored nothing; the message is safe to show (no provider URL, no internals). */
export class FeedError extends Error {
  constructor(
    readonly outcome: Exclude<FetchOutcome, 'success'>,
    message: string,
  ) {
    super(message)
    this.name = 'FeedError'
  }
}
