import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { FeedError } from './feed-error.ts'
import { FeedParser, type FeedLimits, type ParsedFeed } from './feed-parser.ts'
import type { ZoneConverter } from './provider-time.ts'

export interface FetchFeedOptions {
  url: string
  /** The whole fetch: connecting, downloading and parsing. */
  timeoutMs: number
  maxBytes: number
  converter: ZoneConverter
  limits?: FeedLimits
  /** The job's signal: cancellation or shutdown. */
  signal?: AbortSignal
}

/** Where a feed comes from; tests and the CLI hand in others. */
export type FeedSource = (signal?: AbortSignal) => Promise<ParsedFeed>

export function httpFeedSource(options: Omit<FetchFeedOptions, 'signal'>): FeedSource {
  return (signal) => fetchFeed({ ...options, signal })
}

/**
 * GETs the provider's feed and parses it as it downloads, so a feed is never held whole
 * in memory. Every way it can go wrong ends in a FeedError, except the job's own abort,
 * which is rethrown as its reason.
 */
export async function fetchFeed(options: FetchFeedOptions): Promise<ParsedFeed> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  const fail = (error: unknown, stage: 'connect' | 'read'): Error => {
    if (options.signal?.aborted) return options.signal.reason instanceof Error ? options.signal.reason : new Error('fetch aborted')
    if (error instanceof FeedError) return error
    if (timeout.aborted) return new FeedError('timeout', `the provider did not deliver the feed within ${options.timeoutMs / 1000} s`)
    if (error instanceof TypeError && /encoded data|invalid/i.test(error.message) && stage === 'read') {
      return new FeedError('invalid_xml', 'the feed is not valid UTF-8')
    }
    return stage === 'connect'
      ? new FeedError('unreachable', `the provider could not be reached (${describe(error)})`)
      : new FeedError('truncated', `the connection broke before the feed was complete (${describe(error)})`)
  }

  let response: Response
  try {
    response = await fetch(options.url, { signal, headers: { accept: 'application/xml, text/xml;q=0.9, */*;q=0.1' } })
  } catch (error) {
    throw fail(error, 'connect')
  }
  const reader = response.body?.getReader()
  try {
    if (!response.ok) throw new FeedError('http_error', `the provider answered HTTP ${response.status}`)
    if (!reader) throw new FeedError('invalid_xml', 'the provider answered with no body')
    const declared = Number(response.headers.get('content-length') ?? Number.NaN)
    if (declared > options.maxBytes) throw tooLarge(options.maxBytes)
    const parser = new FeedParser(options.converter, options.limits)
    const decoder = new TextDecoder('utf-8', { fatal: true })
    let bytes = 0
    let parsedSinceTurn = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.byteLength
      if (bytes > options.maxBytes) throw tooLarge(options.maxBytes)
      parser.write(decoder.decode(value, { stream: true }))
      // Chunks already received come back as microtasks, one after the other: without a
      // turn of the event loop now and then, a feed of a few MB parses in one stretch.
      parsedSinceTurn += value.byteLength
      if (parsedSinceTurn >= TURN_EVERY_BYTES) {
        parsedSinceTurn = 0
        await yieldToLoop()
      }
    }
    parser.write(decoder.decode())
    return parser.end()
  } catch (error) {
    throw fail(error, 'read')
  } finally {
    await reader?.cancel().catch(() => {})
  }
}

/** Bytes parsed between turns of the event loop: a few milliseconds of parsing. */
const TURN_EVERY_BYTES = 256 * 1024

function tooLarge(maxBytes: number): FeedError {
  return new FeedError('too_large', `the feed is larger than the ${+(maxBytes / 1024 / 1024).toFixed(3)} MiB allowed (EVENTS_MAX_FEED_MB)`)
}

/** A network error's code, never its message (which may quote the URL and its credentials). */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause
  const code = typeof cause?.code === 'string' ? cause.code : undefined
  return code ?? (error instanceof Error ? error.name : 'unknown error')
}
