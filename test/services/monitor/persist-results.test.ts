import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Kysely } from 'kysely'
import { OutboxBus } from '../../../src/kit/bus/outbox-bus.ts'
import { migrateToLatest } from '../../../src/kit/db/migrate.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import type { CheckRecord } from '../../../src/services/monitor/check.ts'
import { monitorMigrations } from '../../../src/services/monitor/migrations/index.ts'
import { persistResults } from '../../../src/services/monitor/persist-results.ts'
import { listChecks } from '../../../src/services/monitor/repository/checks.ts'
import type { MonitorTables } from '../../../src/services/monitor/repository/tables.ts'
import { findWebsite, insertWebsite } from '../../../src/services/monitor/repository/websites.ts'
import { STATE_CHANGED_TOPIC, type StateChange } from '../../../src/services/monitor/state-change.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { migrateKit } from '../../kit/jobs/helpers.ts'

// More than one multi-row statement's worth (2,000), as a first interval of 10,000 websites gives.
const SITES = 2500
const T0 = Date.UTC(2026, 0, 1)

test('one batch of thousands of state changes: every row, the newest state per website, one bus event each with its row id', async (t) => {
  await eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    await migrateToLatest(database.db, database.dialect, 'monitor', monitorMigrations)
    const db = database.db as Kysely<MonitorTables>
    const bus = new OutboxBus(database, new JobQueue(database))
    const ids: number[] = []
    for (let i = 0; i < SITES; i++) ids.push((await insertWebsite(db, { url: `http://127.0.0.1:9/${i}`, intervalSeconds: 5 }, T0)).id)

    const changes: StateChange[] = ids.map((id, i) => ({ websiteId: id, url: `http://127.0.0.1:9/${i}`, from: 'unknown', to: i % 3 === 0 ? 'down' : 'up', at: T0 + 1000 + i, status: i % 3 === 0 ? null : 200, error: i % 3 === 0 ? 'refused' : null }))
    // The first website changes twice in the batch: the later change is its state.
    changes.push({ websiteId: ids[0]!, url: 'http://127.0.0.1:9/0', from: 'down', to: 'up', at: T0 + 9000, status: 200, error: null })
    const checks: CheckRecord[] = changes.map((c) => ({ websiteId: c.websiteId, startedAt: c.at, durationMs: 3, status: c.status, error: c.error, matches: null, up: c.to === 'up' }))
    await persistResults(db, bus)(checks, changes)

    const rows = await db.selectFrom('monitor_state_change').select(['id', 'website_id', 'at', 'to_state']).orderBy('id').execute()
    assert.equal(rows.length, changes.length)
    const rowById = new Map(rows.map((r) => [Number(r.id), r]))
    const events = await database.db.selectFrom('bus_outbox').select(['id', 'topic', 'payload']).orderBy('id').execute()
    assert.equal(events.length, changes.length)
    events.forEach((event, i) => {
      assert.equal(event.topic, STATE_CHANGED_TOPIC)
      const payload = JSON.parse(event.payload) as StateChange & { id: number }
      assert.deepEqual(payload, { id: payload.id, ...changes[i] }, `event ${i} is change ${i}, in order`)
      const row = rowById.get(payload.id)!
      assert.deepEqual([Number(row.website_id), Number(row.at), row.to_state], [changes[i]!.websiteId, changes[i]!.at, changes[i]!.to], `event ${i} names its own row`)
    })
    assert.equal(new Set(events.map((e) => (JSON.parse(e.payload) as { id: number }).id)).size, changes.length)

    assert.deepEqual(await findWebsite(db, ids[0]!).then((w) => [w?.state, w?.stateSince]), ['up', T0 + 9000])
    assert.deepEqual(await findWebsite(db, ids[3]!).then((w) => [w?.state, w?.stateSince]), ['down', T0 + 1003])
    assert.deepEqual(await findWebsite(db, ids[SITES - 1]!).then((w) => [w?.state, w?.stateSince]), [(SITES - 1) % 3 === 0 ? 'down' : 'up', T0 + 1000 + SITES - 1])
    const counts = await db.selectFrom('monitor_website').select(['state']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('state').orderBy('state').execute()
    assert.deepEqual(counts.map((c) => [c.state, Number(c.n)]), [['down', Math.ceil(SITES / 3) - 1], ['up', SITES - Math.ceil(SITES / 3) + 1]])
    assert.equal((await listChecks(db, ids[0]!, { limit: 10 })).length, 2)
  })
})
