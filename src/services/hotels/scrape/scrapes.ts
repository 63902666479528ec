import type { Kysely } from 'kysely'
import type { Clock } from '../../../kit/clock.ts'
import type { JobQueue } from '../../../kit/jobs/queue.ts'
import * as items from '../repository/scrape-items.ts'
import * as repo from '../repository/scrapes.ts'
import type { HotelsTables } from '../repository/tables.ts'
import { outcomes, summarize, type HotelFailure, type JobProgress, type ProgressSummary } from './progress.ts'
import type { HotelData } from '../hotel-data.ts'

export const SEARCH_JOB = 'hotels.search'
export const HOTEL_JOB = 'hotels.hotel'

export interface SearchPayload {
  query: string
  page: number
  pages: number
}

/** The background searches: started by the routes, run by the jobs, watched through here. */
export class Scrapes {
  constructor(
    private readonly db: Kysely<HotelsTables>,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  /** The search's record and its job in one transaction: neither exists without the other. */
  async start(search: SearchPayload): Promise<number> {
    const id = await this.db.transaction().execute(async (trx) => {
      const job = await this.jobs.enqueue(SEARCH_JOB, search, { trx })
      await repo.insertScrape(trx, { id: job.id, query: search.query, firstPage: search.page, pages: search.pages }, this.clock.now())
      return job.id
    })
    this.jobs.notify(SEARCH_JOB)
    return id
  }

  async summary(id: number): Promise<ProgressSummary | undefined> {
    const scrape = await repo.findScrape(this.db, id)
    if (!scrape) return undefined
    const [counts, job] = await Promise.all([items.itemCounts(this.db, id), scrape.finishedAt === null ? this.jobs.get(id) : undefined])
    return summarize(scrape, counts, job)
  }

  async progress(id: number): Promise<JobProgress | undefined> {
    const summary = await this.summary(id)
    if (!summary) return undefined
    return { ...summary, ...outcomes(await items.finishedItems(this.db, id)) }
  }

  /** Hotels finished at or after `since` (ms): what a watcher has not seen yet, give or take the same millisecond. */
  async finishedSince(id: number, since: number): Promise<{ results: HotelData[]; failures: HotelFailure[]; latest: number }> {
    const finished = await items.finishedItems(this.db, id, since)
    const latest = finished.reduce((max, item) => Math.max(max, item.finishedAt ?? 0), since)
    return { ...outcomes(finished), latest }
  }

  async recent(limit: number): Promise<ProgressSummary[]> {
    const scrapes = await repo.listScrapes(this.db, limit)
    return (await Promise.all(scrapes.map((s) => this.summary(s.id)))).filter((s) => s !== undefined)
  }

  /** Searches still running, or finished at or after `since`. */
  activeIds(since: number, limit = 50): Promise<number[]> {
    return repo.activeScrapeIds(this.db, since, limit)
  }

  /** Searches not finished yet (queued or running). */
  countRunning(): Promise<number> {
    return repo.countUnfinishedScrapes(this.db)
  }
}
