import type { Kysely } from 'kysely'
import type { Clock } from '../../../kit/clock.ts'
import type { JobQueue } from '../../../kit/jobs/queue.ts'
import type { JobDefinition, JobHelpers } from '../../../kit/jobs/types.ts'
import * as repo from '../repository/scrapes.ts'
import type { HotelsTables } from '../repository/tables.ts'
import { LIST_PAGE_SIZE, type City } from '../source/profile.ts'
import type { Scraper } from '../source/scraper.ts'
import { describe, transient } from './job-errors.ts'
import { HOTEL_JOB } from './scrapes.ts'
import type { Scrape } from './scrape.ts'

export const SEARCH_MAX_ATTEMPTS = 3

export interface ScrapeJobDeps {
  db: Kysely<HotelsTables>
  jobs: JobQueue
  scraper: Scraper
  clock: Clock
  /** List and hotel pages one search fetches at most. */
  maxPages: number
}

export const hotelJobKey = (scrapeId: number, hotelId: number): string => `${HOTEL_JOB}:${scrapeId}:${hotelId}`

/**
 * `hotels.search`: resolves the city, fetches its list pages and fans out one
 * `hotels.hotel` sub-job per hotel. Each list page is recorded with its hotels and their
 * sub-jobs in one transaction, so a rerun (after a crash or a restart) skips the pages
 * it already has and enqueues nothing twice.
 */
export function searchJob(deps: ScrapeJobDeps, concurrency: number): JobDefinition {
  const { db, clock } = deps
  return {
    concurrency,
    maxAttempts: SEARCH_MAX_ATTEMPTS,
    handler: async (_payload: unknown, helpers: JobHelpers) => {
      const scrape = await repo.findScrape(db, helpers.jobId)
      if (!scrape) throw new Error(`hotels.search job ${helpers.jobId} has no search record`)
      if (scrape.listedAt !== null || scrape.finishedAt !== null) {
        await repo.finishIfDone(db, scrape.id, clock.now())
        return { alreadyListed: true }
      }
      try {
        return await list(deps, scrape, helpers)
      } catch (error) {
        if (helpers.signal.aborted) throw error
        if (transient(error) && helpers.attempt < SEARCH_MAX_ATTEMPTS) throw error
        const message = describe(error, helpers.log)
        await repo.failScrape(db, scrape.id, message, clock.now())
        return { failed: message }
      }
    },
    // The worker died during the last attempt: the search fails as a whole, saying why.
    onExhausted: async (_payload: unknown, job) => {
      const scrape = await repo.findScrape(db, job.id)
      if (scrape) await repo.failScrape(db, scrape.id, job.error, clock.now())
    },
  }
}

async function list(deps: ScrapeJobDeps, scrape: Scrape, helpers: JobHelpers) {
  const { db, jobs, scraper, clock, maxPages } = deps
  const { signal } = helpers
  let city: City | null = scrape.city
  if (!city) {
    city = await scraper.city(scrape.query, signal)
    await repo.setCity(db, scrape.id, city, clock.now())
  }
  const fetched = await repo.fetchedPages(db, scrape.id)
  let note: string | null = null
  for (let n = 0; n < scrape.pages; n++) {
    const pageNo = scrape.firstPage + n
    if (fetched.has(pageNo)) continue
    const spent = await repo.pagesSpent(db, scrape.id)
    if (spent >= maxPages) {
      note = `stopped at HOTELS_MAX_PAGES (${maxPages} pages)`
      break
    }
    const page = await scraper.listPage(city, pageNo, signal)
    if (!page || page.hotels.length === 0) {
      note = `${city.name} has no list page ${pageNo}`
      break
    }
    const budget = maxPages - spent - 1
    const items = page.hotels.map((entry, i) => ({
      entry,
      position: n * LIST_PAGE_SIZE + i,
      ...(i >= budget ? { skipped: `not fetched: the search reached HOTELS_MAX_PAGES (${maxPages} pages)` } : {}),
    }))
    await db.transaction().execute(async (trx) => {
      const queued = await repo.storeListPage(trx, scrape.id, { pageNo, url: scraper.listPageUrl(city, pageNo), items }, clock.now())
      await jobs.enqueueMany(
        queued.map((hotelId) => ({ type: HOTEL_JOB, payload: { scrapeId: scrape.id, hotelId }, key: hotelJobKey(scrape.id, hotelId) })),
        trx,
      )
    })
    jobs.notify(HOTEL_JOB)
    // Also where a cancel from another process is noticed.
    await helpers.progress({ listPages: n + 1, of: scrape.pages })
    if (page.total !== null && pageNo * LIST_PAGE_SIZE >= page.total) {
      if (n + 1 < scrape.pages) note = `${city.name} has ${Math.ceil(page.total / LIST_PAGE_SIZE)} list pages`
      break
    }
  }
  await repo.markListed(db, scrape.id, note, clock.now())
  await repo.finishIfDone(db, scrape.id, clock.now())
  return { city: city.name, note }
}
