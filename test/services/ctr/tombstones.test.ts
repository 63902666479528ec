import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Kysely } from 'kysely'
import pino from 'pino'
import { Registry } from 'prom-client'
import { FakeClock } from '../../../src/kit/clock.ts'
import { migrateToLatest } from '../../../src/kit/db/migrate.ts'
import type { JobHelpers } from '../../../src/kit/jobs/types.ts'
import { deleteEstimate } from '../../../src/services/ctr/delete-estimate.ts'
import { importEstimates } from '../../../src/services/ctr/import-estimates.ts'
import { createCtrMetrics } from '../../../src/services/ctr/metrics.ts'
import { ctrMigrations } from '../../../src/services/ctr/migrations/index.ts'
import { changedSince, findEstimate, upsertEstimates, type CtrTables, type EstimateChange } from '../../../src/services/ctr/repository.ts'
import { Snapshot } from '../../../src/services/ctr/snapshot.ts'
import { purgeTombstonesJob, tombstoneRetentionMs } from '../../../src/services/ctr/tombstones.ts'
import { eachDialect, type TestDatabase } from '../../helpers/databases.ts'

const RETENTION_MS = tombstoneRetentionMs(60)
const log = pino({ level: 'silent' })

async function setUp({ database }: TestDatabase) {
  await migrateToLatest(database.db, database.dialect, 'ctr', ctrMigrations)
  const db = database.db as Kysely<CtrTables>
  const clock = new FakeClock()
  /** A snapshot as one serving process holds it; several on one database are several processes. */
  const process = (logger = log) => new Snapshot(db, { intervalMs: 60_000, clock, log: logger, metrics: createCtrMetrics(new Registry()), tombstoneRetentionMs: RETENTION_MS })
  const tombstones = async () => (await db.selectFrom('ctr_tombstone').select('ad_id').orderBy('ad_id').execute()).map((r) => Number(r.ad_id))
  return { db, clock, process, tombstones }
}

async function allChanges(db: Kysely<CtrTables>, since: number, pageSize: number): Promise<EstimateChange[]> {
  const out: EstimateChange[] = []
  for await (const page of changedSince(db, since, pageSize)) out.push(...page.changes)
  return out
}

test('a delete drops the ad from this process at once, from another at its next refresh, and re-creating it revives it', async (t) => {
  await eachDialect(t, async (testDb) => {
    const { db, clock, process, tombstones } = await setUp(testDb)
    await upsertEstimates(db, [{ adId: 1, estimatedCvr: 0.25 }, { adId: 2, estimatedCvr: 0.5 }, { adId: 3, estimatedCvr: 0.75 }], clock.now())
    const here = process()
    const there = process()
    await here.load()
    await there.load()

    clock.advance(60_000)
    assert.equal(await deleteEstimate({ db, snapshot: here }, 2, clock.now()), true)
    assert.equal(here.get(2), -1, 'the deleting process answers -1 at once')
    assert.equal(here.size, 2)
    assert.equal(await findEstimate(db, 2), undefined)
    assert.deepEqual(await tombstones(), [2])
    assert.equal(there.get(2), 0.5, 'another process still serves it until it refreshes')
    await there.refresh()
    assert.equal(there.get(2), -1)
    assert.equal(there.size, 2)
    assert.equal(await deleteEstimate({ db, snapshot: here }, 2, clock.now()), false, 'deleting it again finds nothing')
    assert.equal(await deleteEstimate({ db, snapshot: here }, 99, clock.now()), false)

    const later = process()
    await later.load()
    assert.equal(later.get(2), -1, 'a full load skips tombstones')
    assert.equal(later.size, 2)

    clock.advance(60_000)
    await importEstimates(db, [{ adId: 2, estimatedCvr: 0.125 }], clock.now())
    await here.refresh()
    await there.refresh()
    await later.refresh()
    for (const snapshot of [here, there, later]) assert.equal(snapshot.get(2), 0.125, 're-creating the ad revives it everywhere')
    assert.deepEqual(await tombstones(), [], 'the revived ad has no tombstone left')
    await Promise.all([here.stop(), there.stop(), later.stop()])
  })
})

test('the change feed holds writes and deletes in one stamp order, page after page', async (t) => {
  await eachDialect(t, async (testDb) => {
    const { db, clock, process } = await setUp(testDb)
    const snapshot = process()
    await upsertEstimates(db, [1, 2, 3, 4].map((adId) => ({ adId, estimatedCvr: adId / 10 })), 10)
    clock.set(20)
    await deleteEstimate({ db, snapshot }, 2, 20)
    await deleteEstimate({ db, snapshot }, 4, 20)
    await upsertEstimates(db, [{ adId: 5, estimatedCvr: 0.5 }], 30)
    const expected = [
      { adId: 1, estimatedCvr: 0.1 },
      { adId: 3, estimatedCvr: 0.3 },
      { adId: 2, estimatedCvr: null },
      { adId: 4, estimatedCvr: null },
      { adId: 5, estimatedCvr: 0.5 },
    ]
    // Pages of one and two rows step through both tables by (stamp, ad_id).
    assert.deepEqual(await allChanges(db, 0, 1), expected)
    assert.deepEqual(await allChanges(db, 0, 2), expected)
    assert.deepEqual(await allChanges(db, 15, 1000), expected.slice(2))

    await upsertEstimates(db, [{ adId: 4, estimatedCvr: 0.9 }], 40)
    assert.deepEqual(await allChanges(db, 15, 1000), [{ adId: 2, estimatedCvr: null }, { adId: 5, estimatedCvr: 0.5 }, { adId: 4, estimatedCvr: 0.9 }])
    await snapshot.stop()
  })
})

test('expired tombstones are purged, and a snapshot older than the retention reloads in full', async (t) => {
  await eachDialect(t, async (testDb) => {
    const { db, clock, process, tombstones } = await setUp(testDb)
    await upsertEstimates(db, [1, 2, 3].map((adId) => ({ adId, estimatedCvr: adId / 10 })), clock.now())
    const current = process()
    const logged: string[] = []
    const stale = process(pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line).msg) }))
    await current.load()
    await stale.load()

    // Ad 1 is deleted; the stale process stops refreshing (a long GC pause, a partition).
    clock.advance(60_000)
    await deleteEstimate({ db, snapshot: current }, 1, clock.now())
    clock.advance(RETENTION_MS + 1)
    await deleteEstimate({ db, snapshot: current }, 2, clock.now())

    const purge = purgeTombstonesJob({ db, clock, retentionMs: RETENTION_MS, log })
    assert.deepEqual(await purge.handler(undefined, {} as JobHelpers), { purged: 1 })
    assert.deepEqual(await tombstones(), [2], 'a tombstone younger than the retention stays')
    assert.deepEqual(await purge.handler(undefined, {} as JobHelpers), { purged: 0 }, 'purging again is harmless')

    // Ad 1's tombstone is gone: only a full reload can tell the stale process it was deleted.
    assert.equal(stale.get(1), 0.1)
    await stale.refresh()
    assert.equal(stale.get(1), -1)
    assert.equal(stale.get(2), -1)
    assert.equal(stale.get(3), 0.3)
    assert.equal(stale.size, 1)
    assert.equal(stale.status().lastRefreshError, null)
    assert.deepEqual(logged, ['ctr snapshot too stale to catch up (tombstones it missed may be purged); reloading it in full'])

    // A process refreshing on time stays incremental and still sees later deletes.
    clock.advance(60_000)
    await deleteEstimate({ db, snapshot: current }, 3, clock.now())
    await stale.refresh()
    assert.equal(stale.get(3), -1)
    assert.equal(stale.size, 0)
    assert.equal(logged.length, 1, 'no second full reload')
    await Promise.all([current.stop(), stale.stop()])
  })
})

test('the retention is a day, or ten refresh intervals when those are longer', () => {
  assert.equal(tombstoneRetentionMs(60), 24 * 60 * 60_000)
  assert.equal(tombstoneRetentionMs(3 * 60 * 60), 30 * 60 * 60_000)
})
