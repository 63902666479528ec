import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Kysely } from 'kysely'
import pino from 'pino'
import { Registry } from 'prom-client'
import { FakeClock } from '../../../src/kit/clock.ts'
import { migrateToLatest } from '../../../src/kit/db/migrate.ts'
import { createCtrMetrics, registerStaleness } from '../../../src/services/ctr/metrics.ts'
import { ctrMigrations } from '../../../src/services/ctr/migrations/index.ts'
import { upsertEstimates, type CtrTables } from '../../../src/services/ctr/repository.ts'
import { Snapshot } from '../../../src/services/ctr/snapshot.ts'
import { tombstoneRetentionMs } from '../../../src/services/ctr/tombstones.ts'
import { eachDialect } from '../../helpers/databases.ts'

test('the first load is complete; later refreshes pick up only what changed', async (t) => {
  await eachDialect(t, async ({ database }) => {
    await migrateToLatest(database.db, database.dialect, 'ctr', ctrMigrations)
    const db = database.db as Kysely<CtrTables>
    const clock = new FakeClock(1_000_000)
    const registry = new Registry()
    const metrics = createCtrMetrics(registry)
    const snapshot = new Snapshot(db, { intervalMs: 60_000, clock, log: pino({ level: 'silent' }), metrics, tombstoneRetentionMs: tombstoneRetentionMs(60) })
    // More rows than one page, so the load pages through them.
    registerStaleness(registry, () => snapshot.stalenessSeconds())
    await upsertEstimates(db, Array.from({ length: 2_500 }, (_, i) => ({ adId: i, estimatedCvr: i / 10_000 })), clock.now())
    await snapshot.load()
    assert.equal(snapshot.size, 2_500)
    assert.equal(snapshot.get(2_499), 0.2499)

    clock.advance(60_000)
    await upsertEstimates(db, [{ adId: 1, estimatedCvr: 0.9 }, { adId: 5_000, estimatedCvr: 0.5 }], clock.now())
    await snapshot.refresh()
    assert.equal(snapshot.get(1), 0.9)
    assert.equal(snapshot.get(5_000), 0.5)
    assert.equal(snapshot.size, 2_501)
    clock.advance(30_000)
    assert.equal(snapshot.status().stalenessSeconds, 30)
    assert.match(await registry.metrics(), /ctr_snapshot_staleness_seconds 30/)
    await snapshot.stop()
  })
})

test('a failed refresh keeps the old snapshot and is counted', async (t) => {
  await eachDialect(t, async ({ database }) => {
    await migrateToLatest(database.db, database.dialect, 'ctr', ctrMigrations)
    const db = database.db as Kysely<CtrTables>
    const clock = new FakeClock()
    const registry = new Registry()
    const metrics = createCtrMetrics(registry)
    const snapshot = new Snapshot(db, { intervalMs: 60_000, clock, log: pino({ level: 'silent' }), metrics, tombstoneRetentionMs: tombstoneRetentionMs(60) })
    await upsertEstimates(db, [{ adId: 1, estimatedCvr: 0.3 }], clock.now())
    await snapshot.load()
    await database.db.schema.alterTable('ctr_estimate').renameTo('ctr_estimate_gone').execute()
    await snapshot.refresh()
    assert.equal(snapshot.get(1), 0.3)
    assert.notEqual(snapshot.status().lastRefreshError, null)
    assert.match(await registry.metrics(), /ctr_refresh_failures_total 1/)
    await database.db.schema.alterTable('ctr_estimate_gone').renameTo('ctr_estimate').execute()
    await snapshot.refresh()
    assert.equal(snapshot.status().lastRefreshError, null)
    await snapshot.stop()
  })
})
