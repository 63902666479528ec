import type { TestDatabase } from '../../helpers/databases.ts'
import { startTestFlotilla, waitFor, type TestFlotilla } from '../../helpers/flotilla.ts'
import { hotelsService } from '../../../src/services/hotels/index.ts'
import { startDemoSite, type DemoSite, type DemoSiteOptions } from '../../../src/services/hotels/demo-site/server.ts'
import type { JobProgress } from '../../../src/services/hotels/scrape/progress.ts'

/** A small demo site: 35 hotels a city (two list pages), no latency unless asked. */
export function startDemo(options: DemoSiteOptions = {}): Promise<DemoSite> {
  return startDemoSite({ hotelsPerCity: 35, ...options })
}

export function hotelsEnv(site: DemoSite, extra: Record<string, string> = {}): Record<string, string> {
  return { HOTELS_SOURCE_URL: site.url, HOTELS_PARSE_THREADS: '1', HOTELS_TIMEOUT_MS: '3000', FLOTILLA_SHUTDOWN_GRACE_MS: '0', ...extra }
}

export function startHotels(db: TestDatabase, site: DemoSite, extra: Record<string, string> = {}): Promise<TestFlotilla> {
  return startTestFlotilla(db, hotelsEnv(site, extra), { services: [hotelsService] })
}

export async function searchNow(f: TestFlotilla, body: unknown) {
  return f.server.inject({ method: 'POST', url: '/fastapi/search-hotels-using-asyncio/', payload: body as object })
}

/** Starts a background search; returns its job id. */
export async function startSearch(f: TestFlotilla, body: Record<string, unknown>): Promise<number> {
  const res = await f.server.inject({ method: 'POST', url: '/fastapi/search-hotels-using-celery/', payload: body })
  if (res.statusCode !== 200) throw new Error(`search-hotels-using-celery answered ${res.statusCode}: ${res.body}`)
  const id = res.json<string>()
  if (typeof id !== 'string') throw new Error(`the job id is not a string: ${res.body}`)
  return Number(id)
}

export async function jobProgress(f: TestFlotilla, id: number): Promise<JobProgress> {
  const res = await f.server.inject({ url: `/api/hotels/jobs/${id}` })
  if (res.statusCode !== 200) throw new Error(`GET /api/hotels/jobs/${id}: ${res.statusCode} ${res.body}`)
  return res.json<JobProgress>()
}

export function waitForJob(f: TestFlotilla, id: number, timeoutMs = 20_000): Promise<JobProgress> {
  return waitFor(
    async () => {
      const progress = await jobProgress(f, id)
      return ['succeeded', 'failed', 'cancelled'].includes(progress.status) ? progress : undefined
    },
    timeoutMs,
    `search job ${id} to finish`,
  )
}

/** Hotel page requests the site answered, by hotel id. */
export function hotelRequests(site: DemoSite): number[] {
  return site.log.filter((r) => r.kind === 'hotel').map((r) => Number(/-d(\d+)-/.exec(r.path)?.[1]))
}
