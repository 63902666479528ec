import type { Kysely } from 'kysely'
import Type, { type Static } from 'typebox'
import { ConfigError } from '../../kit/config.ts'
import { defineService, type ServiceInstance } from '../../kit/service.ts'
import { eventsAdmin } from './admin-model.ts'
import { apiRoutes } from './api-routes.ts'
import { eventsCli } from './cli.ts'
import { defaultFeedLimits } from './feed-parser.ts'
import { enqueueStartFetch, FETCH_JOB, fetchJob, fetchSchedule } from './fetch-job.ts'
import { httpFeedSource } from './fetch-feed.ts'
import { LiveIndex } from './live-index.ts'
import { createEventsMetrics, registerStoredGauge } from './metrics.ts'
import { eventsMigrations } from './migrations/index.ts'
import { zoneConverter, type ZoneConverter } from './provider-time.ts'
import type { EventsTables } from './repository.ts'
import { searchRoutes } from './search-routes.ts'
import { v1Routes } from './v1-routes.ts'

export const EventsConfig = Type.Object({
  EVENTS_PROVIDER_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'the provider feed (XML, either dialect); unset: nothing is fetched' })),
  EVENTS_FETCH_CRON: Type.Optional(Type.String({ minLength: 1, description: 'cron pattern (UTC) for fetches; overrides EVENTS_FETCH_INTERVAL_SECONDS' })),
  EVENTS_FETCH_INTERVAL_SECONDS: Type.Integer({ default: 60, minimum: 1, description: 'seconds between fetches when no cron is set' }),
  EVENTS_FETCH_TIMEOUT_SECONDS: Type.Number({ default: 60, minimum: 0.1, description: 'a fetch (download and parse) that takes longer fails' }),
  EVENTS_MAX_FEED_MB: Type.Number({ default: 256, minimum: 0.001, description: 'a larger feed is refused' }),
  EVENTS_PROVIDER_TIME_ZONE: Type.String({ default: 'UTC', minLength: 1, description: 'IANA zone in which the feed times (which carry none) are read' }),
  EVENTS_INDEX_REFRESH_SECONDS: Type.Number({ default: 5, minimum: 0.1, description: 'how often search processes look for ingestions run elsewhere' }),
  EVENTS_SEARCH_MAX_LIMIT: Type.Integer({ default: 1000, minimum: 1, maximum: 100_000, description: 'most events one /search answer holds (the limit parameter default)' }),
  EVENTS_V1_MAX_EVENTS: Type.Integer({ default: 10_000, minimum: 1, maximum: 1_000_000, description: 'most documents one /v1/api/events answer holds' }),
})
export type EventsConfig = Static<typeof EventsConfig>

function converterFor(zone: string): ZoneConverter {
  try {
    return zoneConverter(zone)
  } catch {
    throw new ConfigError([{ variable: 'EVENTS_PROVIDER_TIME_ZONE', message: `is not a time zone Intl knows (got ${JSON.stringify(zone)})` }])
  }
}

export const eventsService = defineService<EventsConfig>({
  name: 'events',
  description: 'Pulls a provider XML event feed on a schedule, keeps every event ever on sale online, answers time-window searches from memory',
  config: EventsConfig,
  migrations: eventsMigrations,
  cli: eventsCli,
  create(ctx): ServiceInstance {
    const config = ctx.config
    const db = ctx.database.db as Kysely<EventsTables>
    const converter = converterFor(config.EVENTS_PROVIDER_TIME_ZONE)
    const metrics = createEventsMetrics(ctx.metrics)
    const serves = ctx.role === 'api' || ctx.role === 'all'
    const schedules = ctx.role === 'scheduler' || ctx.role === 'all'
    const index = serves ? new LiveIndex(db, { dialect: ctx.database.dialect, intervalMs: config.EVENTS_INDEX_REFRESH_SECONDS * 1000, clock: ctx.clock, log: ctx.log, metrics }) : undefined
    if (index) registerStoredGauge(ctx.metrics, () => index.current.size)
    const url = config.EVENTS_PROVIDER_URL
    const schedule = fetchSchedule({ cron: config.EVENTS_FETCH_CRON, everySeconds: config.EVENTS_FETCH_INTERVAL_SECONDS })
    const job = url
      ? fetchJob({
          db,
          source: httpFeedSource({
            url,
            timeoutMs: config.EVENTS_FETCH_TIMEOUT_SECONDS * 1000,
            maxBytes: Math.round(config.EVENTS_MAX_FEED_MB * 1024 * 1024),
            converter,
            limits: defaultFeedLimits,
          }),
          clock: ctx.clock,
          log: ctx.log,
          metrics,
          afterStore: index ? () => index.refresh() : undefined,
        })
      : undefined
    return {
      async routes(app) {
        // Only processes that serve HTTP get here, and those hold an index.
        if (!index) return
        await app.register(searchRoutes({ index: () => index.current, converter, metrics, maxLimit: config.EVENTS_SEARCH_MAX_LIMIT }))
        await app.register(v1Routes({ db, converter, metrics, maxEvents: config.EVENTS_V1_MAX_EVENTS }))
        await app.register(
          apiRoutes({
            jobs: ctx.jobs,
            index,
            provider: {
              url,
              schedule: schedule.cron ? `cron ${schedule.cron} (UTC)` : `every ${config.EVENTS_FETCH_INTERVAL_SECONDS} s`,
              timeZone: converter.zone,
              timeoutSeconds: config.EVENTS_FETCH_TIMEOUT_SECONDS,
              maxFeedMb: config.EVENTS_MAX_FEED_MB,
            },
            searchMaxLimit: config.EVENTS_SEARCH_MAX_LIMIT,
          }),
        )
      },
      // Without a provider there is nothing to fetch: no job, no schedule.
      jobs: job ? { [FETCH_JOB]: job } : undefined,
      schedules: job ? [schedule] : [],
      async start() {
        await index?.load()
        if (job && schedules) await enqueueStartFetch(ctx.jobs, schedule, 'events')
      },
      stop: async () => index?.stop(),
      status: async () => ({ stored: index?.current.size ?? null, provider: url ? new URL(url).host : null, schedule: schedule.cron ?? `${config.EVENTS_FETCH_INTERVAL_SECONDS}s` }),
      admin: [eventsAdmin({ db })],
    }
  },
})
