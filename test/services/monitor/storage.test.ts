import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql, type Kysely } from 'kysely'
import { migrateToLatest } from '../../../src/kit/db/migrate.ts'
import type { CheckRecord } from '../../../src/services/monitor/check.ts'
import { monitorMigrations } from '../../../src/services/monitor/migrations/index.ts'
import { insertChecks, listChecks } from '../../../src/services/monitor/repository/checks.ts'
import type { MonitorTables } from '../../../src/services/monitor/repository/tables.ts'
import { eachDialect } from '../../helpers/databases.ts'

const SITES = 1000
const ROUNDS = 60

/** Checks as the engine writes them: a second's worth of websites per batch, in start order. */
function batches(): CheckRecord[][] {
  const out: CheckRecord[][] = []
  const t0 = Date.UTC(2026, 0, 1)
  for (let round = 0; round < ROUNDS; round++) {
    for (let second = 0; second < 5; second++) {
      const batch: CheckRecord[] = []
      for (let id = 1 + second; id <= SITES; id += 5) {
        batch.push({ websiteId: id, startedAt: t0 + round * 5000 + second * 1000 + (id % 997), durationMs: 20 + (id % 300), status: id % 50 === 0 ? null : 200, error: id % 50 === 0 ? 'timeout' : null, matches: null, up: id % 50 !== 0 })
      }
      out.push(batch)
    }
  }
  return out
}

async function bytesUsed(db: Kysely<MonitorTables>, dialect: string): Promise<number> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ bytes: number }>`select sum(pgsize) as bytes from dbstat where name in ('monitor_check', 'monitor_check_website_time')`.execute(db)
    return Number(rows[0]!.bytes)
  }
  const { rows } = await sql<{ bytes: number }>`select pg_total_relation_size('monitor_check') as bytes`.execute(db)
  return Number(rows[0]!.bytes)
}

test('a raw check takes under 100 bytes on SQLite, index included', async (t) => {
  await eachDialect(t, async ({ database }, st) => {
    await migrateToLatest(database.db, database.dialect, 'monitor', monitorMigrations)
    const db = database.db as Kysely<MonitorTables>
    for (const batch of batches()) await insertChecks(db, batch)
    if (database.dialect === 'postgres') await sql`vacuum analyze monitor_check`.execute(db)
    const perCheck = (await bytesUsed(db, database.dialect)) / (SITES * ROUNDS)
    st.diagnostic(`${database.dialect}: ${perCheck.toFixed(1)} bytes per raw check (table and indexes)`)
    if (database.dialect === 'sqlite') assert.ok(perCheck < 100, `${perCheck.toFixed(1)} bytes per check`)
    const newest = await listChecks(db, 50, { limit: 2 })
    assert.deepEqual(newest.map((c) => [c.status, c.error, c.up]), [[null, 'timeout', false], [null, 'timeout', false]])
    assert.ok(newest[0]!.startedAt > newest[1]!.startedAt)
  })
})
