import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../../kit/clock.ts'
import { summaryJson } from './event-columns.ts'
import { eventIdBytes, formatUuid } from './event-id.ts'
import { FeedError, type FetchOutcome } from './feed-error.ts'
import type { FeedSummary } from './feed-parser.ts'
import type { FeedEvent } from './feed-record.ts'
import type { FeedSource } from './fetch-feed.ts'
import type { EventsMetrics } from './metrics.ts'
import { nextRevision, storeEvents, type EventRecord, type EventsTables, type StoreCounts } from './repository.ts'

export interface IngestDeps {
  db: Kysely<EventsTables>
  source: FeedSource
  clock: Clock
  log: Logger
  metrics: EventsMetrics
  /** Called after a commit that changed events, e.g. to refresh this process's index. */
  afterStore?: () => Promise<void>
}

/** What one ingestion did: the job's result, shown on the dashboard. */
export interface IngestReport extends FeedSummary, StoreCounts {
  outcome: FetchOutcome
  fetchedAt: number
  durationMs: number
  revision: number
}

/**
 * One ingestion: fetch and parse the whole feed first, then write what changed in one
 * transaction. A failure at any point before the commit leaves every stored event as it
 * was; it is counted, logged and thrown, and the next scheduled fetch tries again.
 */
export async function ingestFeed(deps: IngestDeps, signal?: AbortSignal): Promise<IngestReport> {
  const { clock, log, metrics } = deps
  const fetchedAt = clock.now()
  const stopTimer = metrics.fetchDuration.startTimer()
  let outcome: FetchOutcome = 'success'
  try {
    const feed = await deps.source(signal)
    const records = feed.events.map(toRecord)
    let revision = 0
    let counts: StoreCounts
    try {
      counts = await deps.db.transaction().execute(async (trx) => {
        revision = await nextRevision(trx)
        return storeEvents(trx, records, fetchedAt, revision)
      })
    } catch (error) {
      if (signal?.aborted) throw error
      log.error({ err: error }, 'events: storing the feed failed; nothing was changed')
      throw new FeedError('store_failed', 'the feed was read but could not be stored')
    }
    const report: IngestReport = { outcome, fetchedAt, durationMs: clock.now() - fetchedAt, revision, ...feed.summary, ...counts }
    metrics.written.inc({ kind: 'inserted' }, counts.inserted)
    metrics.written.inc({ kind: 'updated' }, counts.updated)
    metrics.skippedBaseEvents.inc(feed.summary.skippedBaseEvents)
    if (feed.summary.skippedBaseEvents > 0) log.warn({ skipped: feed.summary.skipped, count: feed.summary.skippedBaseEvents }, 'events: malformed base_events skipped')
    log.info({ ...report, skipped: undefined }, 'events: feed ingested')
    if (counts.inserted + counts.updated > 0) await deps.afterStore?.()
    return report
  } catch (error) {
    if (error instanceof FeedError) {
      outcome = error.outcome
      log.warn({ outcome, reason: error.message }, 'events: fetch failed; stored events unchanged')
    } else {
      outcome = signal?.aborted ? 'interrupted' : 'error'
      if (outcome === 'error') log.error({ err: error }, 'events: ingestion failed; stored events unchanged')
    }
    throw error
  } finally {
    metrics.fetches.inc({ outcome })
    stopTimer({ outcome })
  }
}

export function toRecord(e: FeedEvent): EventRecord {
  const id = eventIdBytes(e.baseEventId, e.eventId)
  const summary = summaryJson({ id, title: e.title, startWall: e.startWall, endWall: e.endWall, minPrice: e.minPrice, maxPrice: e.maxPrice })
  const contentHash = createHash('sha1').update(summary).update(`\u0000${e.startAt}\u0000${e.endAt}\u0000`).update(e.document).digest('base64url')
  return {
    id: formatUuid(id),
    baseEventId: e.baseEventId,
    eventId: e.eventId,
    title: e.title,
    startAt: e.startAt,
    endAt: e.endAt,
    minPrice: e.minPrice,
    maxPrice: e.maxPrice,
    summary,
    document: e.document,
    contentHash,
  }
}
