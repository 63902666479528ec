import type { Kysely } from 'kysely'
import { defineService, type ServiceInstance } from '../../kit/service.ts'
import { websitesAdmin } from './admin-model.ts'
import { alertSubscription, WEBHOOK_JOB, webhookJob } from './alerts.ts'
import { monitorCli } from './cli.ts'
import { MonitorConfig, parseDuration } from './config.ts'
import { createEngine } from './engine/create-engine.ts'
import { createMonitorMetrics } from './metrics.ts'
import { monitorMigrations } from './migrations/index.ts'
import { countByState } from './repository/websites.ts'
import type { MonitorTables } from './repository/tables.ts'
import { applyRetention, purgeWebsite } from './retention.ts'
import { rollUp } from './rollup.ts'
import { apiRoutes } from './routes/api-routes.ts'
import { originalRoutes } from './routes/original-routes.ts'
import { statsRoutes } from './routes/stats-routes.ts'
import { STATE_CHANGED_TOPIC } from './state-change.ts'
import { PURGE_JOB, WebsiteService } from './website-service.ts'

const ROLLUP_JOB = 'monitor.rollup'
const RETENTION_JOB = 'monitor.retention'
/** A check may end (and be written) this long after its hour: the longest timeout, and then some. */
const ROLLUP_GRACE_MS = 10 * 60_000

export const monitorService = defineService<MonitorConfig>({
  name: 'monitor',
  description: 'Checks websites on a fixed cadence (status, response time, regex matches), keeps history and uptime, alerts on state change',
  config: MonitorConfig,
  migrations: monitorMigrations,
  cli: monitorCli,
  create(ctx): ServiceInstance {
    const config = ctx.config
    const rawRetentionMs = parseDuration('MONITOR_RAW_RETENTION', config.MONITOR_RAW_RETENTION)
    const rollupRetentionMs = parseDuration('MONITOR_ROLLUP_RETENTION', config.MONITOR_ROLLUP_RETENTION)
    const db = ctx.database.db as Kysely<MonitorTables>
    const metrics = createMonitorMetrics(ctx.metrics)
    // The engine runs where jobs run: processes whose role includes the workers.
    const engine = ctx.role === 'worker' || ctx.role === 'all' ? createEngine(ctx, db, metrics) : undefined
    const websites = new WebsiteService({
      db,
      dialect: ctx.database.dialect,
      clock: ctx.clock,
      jobs: ctx.jobs,
      onChange: (w) => engine?.host.apply(w),
      onDelete: (id) => engine?.host.remove(id),
    })
    const status = async () => ({ websites: await countByState(db), engine: engine?.status() ?? null })
    return {
      async routes(app) {
        await app.register(originalRoutes({ db, dialect: ctx.database.dialect, websites }))
        await app.register(apiRoutes({ db, dialect: ctx.database.dialect, clock: ctx.clock, websites }))
        await app.register(statsRoutes({ db, clock: ctx.clock, websites, status }))
      },
      jobs: {
        [WEBHOOK_JOB]: webhookJob(metrics),
        [ROLLUP_JOB]: { handler: async () => rollUp(db, { now: ctx.clock.now(), graceMs: ROLLUP_GRACE_MS, rawRetentionMs, log: ctx.log }) },
        [RETENTION_JOB]: { handler: async () => applyRetention(db, { now: ctx.clock.now(), rawRetentionMs, rollupRetentionMs, log: ctx.log }) },
        [PURGE_JOB]: {
          handler: async (payload: { websiteId?: unknown }) => {
            if (typeof payload?.websiteId !== 'number') throw new TypeError('a purge job needs {websiteId}')
            return { checksDeleted: await purgeWebsite(db, payload.websiteId) }
          },
        },
      },
      schedules: [
        { name: 'rollup', job: ROLLUP_JOB, everyMs: 10 * 60_000 },
        { name: 'retention', job: RETENTION_JOB, everyMs: 60 * 60_000 },
      ],
      subscriptions: [alertSubscription({ db, jobs: ctx.jobs, globalWebhook: config.MONITOR_WEBHOOK_URL })],
      publishes: [STATE_CHANGED_TOPIC],
      start: engine ? () => engine.host.start() : undefined,
      stop: engine ? () => engine.stop() : undefined,
      status,
      admin: [websitesAdmin({ db, websites })],
    }
  },
})
