import websocket from '@fastify/websocket'
import type { Kysely } from 'kysely'
import { defineService, type ServiceInstance } from '../../kit/service.ts'
import { hotelsAdmin } from './admin-model.ts'
import { HotelsConfig } from './config.ts'
import { createHotelsMetrics } from './metrics.ts'
import { hotelsMigrations } from './migrations/index.ts'
import type { HotelsTables } from './repository/tables.ts'
import { apiRoutes } from './routes/api-routes.ts'
import { drfRoutes } from './routes/drf-routes.ts'
import { fastApiRoutes } from './routes/fastapi-routes.ts'
import { wsRoute } from './routes/ws-route.ts'
import { hotelJob } from './scrape/hotel-job.ts'
import { ProgressHub } from './scrape/progress-hub.ts'
import { HOTEL_JOB, Scrapes, SEARCH_JOB } from './scrape/scrapes.ts'
import { searchJob } from './scrape/search-job.ts'
import { createPageParser } from './source/page-parser.ts'
import { tripAdvisorProfile } from './source/profile.ts'
import { Scraper } from './source/scraper.ts'
import { SourceClient } from './source/source-client.ts'
import { SELECTED_TOPIC, STORE_GROUP, StoredHotels } from './stored-hotels.ts'

export { HotelsConfig } from './config.ts'

/** Searches listing their pages at once per process; each fans out to many hotel sub-jobs. */
const SEARCH_CONCURRENCY = 2

export const hotelsService = defineService<HotelsConfig>({
  name: 'hotels',
  description: "Scrapes a city's hotel list and hotel pages concurrently, parses them off the event loop; selections travel over the bus to a consumer that stores them",
  config: HotelsConfig,
  migrations: hotelsMigrations,
  create(ctx): ServiceInstance {
    const config = ctx.config
    const db = ctx.database.db as Kysely<HotelsTables>
    const metrics = createHotelsMetrics(ctx.metrics)
    const client = new SourceClient(
      {
        concurrencyPerHost: config.HOTELS_CONCURRENCY_PER_HOST,
        ratePerSecond: config.HOTELS_RATE_PER_SECOND,
        timeoutMs: config.HOTELS_TIMEOUT_MS,
        userAgent: config.HOTELS_USER_AGENT,
        respectRobots: config.HOTELS_RESPECT_ROBOTS,
      },
      metrics,
    )
    const parser = createPageParser(config.HOTELS_PARSE_THREADS)
    const scraper = new Scraper(client, parser, tripAdvisorProfile(config.HOTELS_SOURCE_URL), metrics)
    const scrapes = new Scrapes(db, ctx.jobs, ctx.clock)
    const stored = new StoredHotels(db, ctx.bus, ctx.clock, metrics)
    const maxPages = config.HOTELS_MAX_PAGES
    const jobDeps = { db, jobs: ctx.jobs, scraper, clock: ctx.clock, maxPages }
    let hub: ProgressHub | undefined
    return {
      async routes(app) {
        hub = new ProgressHub(scrapes, { intervalMs: 500, maxSubscriptions: 20, maxMessagesPerMinute: 60, maxConnections: 1000 }, ctx.log)
        await app.register(websocket, { options: { maxPayload: 1024 } })
        await app.register(fastApiRoutes({ scraper, scrapes, stored, maxPages }))
        await app.register(wsRoute(hub))
        await app.register(apiRoutes({ scrapes, stored, settings: settings(config) }))
        // The kit's own token: DRF writes need it even where the kit runs open.
        await app.register(drfRoutes({ stored, auth: ctx.auth }))
      },
      jobs: {
        [SEARCH_JOB]: searchJob(jobDeps, SEARCH_CONCURRENCY),
        // Twice what the host allows, so that a freed request slot always finds a hotel
        // waiting for it while others are being claimed, parsed and recorded.
        [HOTEL_JOB]: hotelJob(jobDeps, Math.min(2 * config.HOTELS_CONCURRENCY_PER_HOST, 128)),
      },
      subscriptions: [{ topic: SELECTED_TOPIC, group: STORE_GROUP, handler: async (message) => void (await stored.consume(message)) }],
      publishes: [SELECTED_TOPIC],
      admin: [hotelsAdmin({ db, stored })],
      async stop() {
        hub?.stop()
        await parser.close()
        await client.close()
      },
      status: async () => ({
        stored: await stored.count(),
        jobsRunning: await scrapes.countRunning(),
        source: new URL(config.HOTELS_SOURCE_URL).origin,
      }),
    }
  },
})

function settings(config: HotelsConfig) {
  return {
    sourceUrl: config.HOTELS_SOURCE_URL,
    concurrencyPerHost: config.HOTELS_CONCURRENCY_PER_HOST,
    ratePerSecond: config.HOTELS_RATE_PER_SECOND,
    timeoutMs: config.HOTELS_TIMEOUT_MS,
    maxPages: config.HOTELS_MAX_PAGES,
    respectRobots: config.HOTELS_RESPECT_ROBOTS,
    parseThreads: config.HOTELS_PARSE_THREADS,
  }
}
