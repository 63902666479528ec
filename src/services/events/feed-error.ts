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
  /** Cancelled, or handed back at shutdown. */
  | 'interrupted'
  /** A bug of ours rather than the provider's. */
  | 'error'

export const fetchOutcomes: readonly FetchOutcome[] = [
  'success',
  'unreachable',
  'timeout',
  'http_error',
  'too_large',
  'truncated',
  'invalid_xml',
  'refused',
  'store_failed',
  'interrupted',
  'error',
]

/** A fetch that stored nothing; the message is safe to show (no provider URL, no internals). */
export class FeedError extends Error {
  constructor(
    readonly outcome: Exclude<FetchOutcome, 'success' | 'interrupted' | 'error'>,
    message: string,
  ) {
    super(message)
    this.name = 'FeedError'
  }
}
