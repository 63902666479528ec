import type { Kysely } from 'kysely'
import Type, { type Static } from 'typebox'
import { defineService } from '../../kit/service.ts'
import { estimatesAdmin } from './admin-model.ts'
import { apiRoutes } from './api-routes.ts'
import { ctrCli } from './cli.ts'
import { createCtrMetrics, registerStaleness } from './metrics.ts'
import { ctrMigrations } from './migrations/index.ts'
import { predictRoutes } from './predict-routes.ts'
import type { CtrTables } from './repository.ts'
import { Snapshot } from './snapshot.ts'
import { PURGE_EVERY_MS, PURGE_TOMBSTONES_JOB, purgeTombstonesJob, tombstoneRetentionMs } from './tombstones.ts'

export const CtrConfig = Type.Object({
  CTR_REFRESH_SECONDS: Type.Number({ default: 60, minimum: 0.1, description: 'seconds between incremental snapshot refreshes' }),
  CTR_MAX_IDS: Type.Integer({ default: 10_000, minimum: 1, description: 'most ad ids one /predict request may ask for' }),
})
type CtrConfig = Static<typeof CtrConfig>

export const ctrService = defineService<CtrConfig>({
  name: 'ctr',
  description: 'Estimated CTRs for ad ids, served from an in-memory snapshot refreshed in the background',
  config: CtrConfig,
  migrations: ctrMigrations,
  cli: ctrCli,
  create(ctx) {
    const db = ctx.database.db as Kysely<CtrTables>
    const serves = ctx.role === 'api' || ctx.role === 'all'
    const metrics = createCtrMetrics(ctx.metrics)
    const retentionMs = tombstoneRetentionMs(ctx.config.CTR_REFRESH_SECONDS)
    const s = new Snapshot(db, { intervalMs: ctx.config.CTR_REFRESH_SECONDS * 1000, clock: ctx.clock, log: ctx.log, metrics, tombstoneRetentionMs: retentionMs })
    registerStaleness(ctx.metrics, () => s.stalenessSeconds())
    const maxIds = ctx.config.CTR_MAX_IDS
    return {
      async routes(app) {
        await app.register(predictRoutes({ snapshot: s, metrics, registry: ctx.metrics, maxIds }))
        await app.register(apiRoutes({ db, snapshot: s, clock: ctx.clock, maxIds }))
      },
      jobs: { [PURGE_TOMBSTONES_JOB]: purgeTombstonesJob({ db, clock: ctx.clock, retentionMs, log: ctx.log }) },
      schedules: [{ name: 'purge-tombstones', job: PURGE_TOMBSTONES_JOB, everyMs: PURGE_EVERY_MS }],
      // Only processes that answer lookups hold the table.
      start: serves ? () => s.load() : undefined,
      stop: () => s.stop(),
      status: async () => ({ ...s.status(), maxIds }),
      admin: [estimatesAdmin({ db, snapshot: s, clock: ctx.clock })],
    }
  },
})
