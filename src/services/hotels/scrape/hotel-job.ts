import type { JobDefinition, JobHelpers } from '../../../kit/jobs/types.ts'
import * as items from '../repository/scrape-items.ts'
import { finishIfDone } from '../repository/scrapes.ts'
import { describe, transient } from './job-errors.ts'
import type { ScrapeJobDeps } from './search-job.ts'

export const HOTEL_MAX_ATTEMPTS = 3

function checkPayload(payload: unknown): { scrapeId: number; hotelId: number } {
  const p = payload as { scrapeId?: unknown; hotelId?: unknown } | null
  if (!Number.isSafeInteger(p?.scrapeId) || !Number.isSafeInteger(p?.hotelId)) throw new Error('hotels.hotel payload must be {"scrapeId": integer, "hotelId": integer}')
  return { scrapeId: p!.scrapeId as number, hotelId: p!.hotelId as number }
}

/**
 * `hotels.hotel`: one hotel's page, fetched and parsed, its HotelData stored with the
 * search. A hotel already finished is never fetched again, so a rerun costs nothing. A
 * malformed page or a disallowed one is recorded as the hotel's failure; the search goes on.
 */
export function hotelJob(deps: Omit<ScrapeJobDeps, 'jobs' | 'maxPages'>, concurrency: number): JobDefinition {
  const { db, scraper, clock } = deps
  return {
    concurrency,
    maxAttempts: HOTEL_MAX_ATTEMPTS,
    handler: async (payload: unknown, helpers: JobHelpers) => {
      const { scrapeId, hotelId } = checkPayload(payload)
      const item = await items.claimItem(db, scrapeId, hotelId, clock.now())
      if (!item) return { alreadyFinished: true }
      let outcome: 'succeeded' | 'failed'
      try {
        const result = await scraper.hotel(item.entry, helpers.signal)
        await items.finishItem(db, scrapeId, hotelId, { result }, clock.now())
        outcome = 'succeeded'
      } catch (error) {
        // Shutdown or cancel: the hotel stays unfinished, for the next run to fetch.
        if (helpers.signal.aborted) throw error
        const message = describe(error, helpers.log)
        if (transient(error) && helpers.attempt < HOTEL_MAX_ATTEMPTS) {
          await items.requeueItem(db, scrapeId, hotelId, message, clock.now())
          throw error
        }
        await items.finishItem(db, scrapeId, hotelId, { error: message }, clock.now())
        outcome = 'failed'
      }
      await finishIfDone(db, scrapeId, clock.now())
      return { outcome }
    },
    // The worker died during the last attempt: the hotel is a failure, and the search may be done.
    onExhausted: async (payload: unknown, job) => {
      const { scrapeId, hotelId } = checkPayload(payload)
      await items.finishItem(db, scrapeId, hotelId, { error: job.error }, clock.now())
      await finishIfDone(db, scrapeId, clock.now())
    },
  }
}
