import Type from 'typebox'
import type { Server } from '../../../kit/http/create-server.ts'
import { JobNotFoundError } from '../errors.ts'
import type { Scrapes } from '../scrape/scrapes.ts'
import type { StoredHotels } from '../stored-hotels.ts'
import { JobProgress, ProgressSummary } from './schemas.ts'

export interface HotelsSettings {
  sourceUrl: string
  concurrencyPerHost: number
  ratePerSecond: number
  timeoutMs: number
  maxPages: number
  respectRobots: boolean
  parseThreads: number
}

const Status = Type.Object({
  source: Type.String({ description: 'the origin HOTELS_SOURCE_URL points at' }),
  concurrencyPerHost: Type.Integer(),
  ratePerSecond: Type.Number({ description: '0: no limit' }),
  timeoutMs: Type.Integer(),
  maxPages: Type.Integer(),
  respectRobots: Type.Boolean(),
  parseThreads: Type.Integer({ description: '0: parsing on the event loop' }),
  stored: Type.Integer({ description: 'hotels stored from selections' }),
  searchesRunning: Type.Integer(),
})

/** Beyond the original, under /api/hotels: a search's progress, recent searches, the settings. */
export function apiRoutes(deps: { scrapes: Scrapes; stored: StoredHotels; settings: HotelsSettings }) {
  const { scrapes, stored, settings } = deps
  return async function routes(app: Server): Promise<void> {
    const tags = ['hotels']
    app.get(
      '/api/hotels/jobs/:id',
      {
        schema: {
          tags,
          summary: "A background search's progress: 0 to 100, its sub-jobs by status, the hotels fetched so far and the failures",
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          response: { 200: JobProgress },
        },
      },
      async (request) => {
        const progress = await scrapes.progress(request.params.id)
        if (!progress) throw new JobNotFoundError(request.params.id)
        return progress
      },
    )

    app.get(
      '/api/hotels/jobs',
      {
        schema: {
          tags,
          summary: 'Recent background searches, newest first (without their hotels)',
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
          response: { 200: Type.Object({ jobs: Type.Array(ProgressSummary) }) },
        },
      },
      async (request) => ({ jobs: await scrapes.recent(request.query.limit) }),
    )

    app.get('/api/hotels/status', { schema: { tags, summary: 'The source and politeness settings, hotels stored, searches running', response: { 200: Status } } }, async () => {
      const { sourceUrl, ...rest } = settings
      return { source: new URL(sourceUrl).origin, ...rest, stored: await stored.count(), searchesRunning: await scrapes.countRunning() }
    })
  }
}
