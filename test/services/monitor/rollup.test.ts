import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Kysely } from 'kysely'
import { migrateToLatest } from '../../../src/kit/db/migrate.ts'
import type { CheckRecord } from '../../../src/services/monitor/check.ts'
import { exactPercentile } from '../../../src/services/monitor/latency-histogram.ts'
import { monitorMigrations } from '../../../src/services/monitor/migrations/index.ts'
import { checkSamples, insertChecks } from '../../../src/services/monitor/repository/checks.ts'
import { getMeta, listRollups, setMeta } from '../../../src/services/monitor/repository/rollups.ts'
import type { MonitorTables } from '../../../src/services/monitor/repository/tables.ts'
import { insertWebsite } from '../../../src/services/monitor/repository/websites.ts'
import { applyRetention } from '../../../src/services/monitor/retention.ts'
import { floorHour, HOUR_MS, ROLLED_UP_UNTIL, rollUp } from '../../../src/services/monitor/rollup.ts'
import { websiteStats } from '../../../src/services/monitor/stats.ts'
import { eachDialect } from '../../helpers/databases.ts'

const NOW = Date.UTC(2026, 2, 10, 10, 5)
const GRACE = 10 * 60_000

function lcg(seed: number): () => number {
  let s = seed
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32
}

/** 50 hours of a check a minute for each website, with slow, failing and unanswered ones. */
function history(ids: number[]): CheckRecord[] {
  const random = lcg(7)
  const out: CheckRecord[] = []
  for (let t = NOW - 50 * HOUR_MS; t < NOW; t += 60_000) {
    for (const id of ids) {
      const r = random()
      const status = r < 0.05 ? null : r < 0.15 ? 503 : 200
      out.push({ websiteId: id, startedAt: t + id * 1000, durationMs: Math.round(5 + random() * random() * 2000), status, error: status === null ? 'timeout' : null, matches: null, up: status === 200 })
    }
  }
  return out
}

test('roll-ups equal the raw checks they summarize; stats combine roll-ups and recent raw; retention keeps what is not rolled up', async (t) => {
  await eachDialect(t, async ({ database }) => {
    await migrateToLatest(database.db, database.dialect, 'monitor', monitorMigrations)
    const db = database.db as Kysely<MonitorTables>
    const ids: number[] = []
    for (const url of ['https://a.test/', 'https://b.test/']) ids.push((await insertWebsite(db, { url, intervalSeconds: 60 }, NOW - 60 * HOUR_MS)).id)
    const checks = history(ids)
    await insertChecks(db, checks)

    // Nothing is rolled up yet: retention must not delete a single raw check.
    assert.equal((await applyRetention(db, { now: NOW, rawRetentionMs: HOUR_MS, rollupRetentionMs: 365 * 24 * HOUR_MS })).checks, 0)

    const first = await rollUp(db, { now: NOW, graceMs: GRACE, rawRetentionMs: 7 * 24 * HOUR_MS, maxHours: 100 })
    assert.equal(await getMeta(db, ROLLED_UP_UNTIL), floorHour(NOW - GRACE))
    assert.ok(first.hours >= 49)
    for (const id of ids) {
      const rollups = await listRollups(db, id, 0, NOW)
      assert.ok(rollups.length >= 49)
      for (const r of rollups) {
        const mine = checks.filter((c) => c.websiteId === id && floorHour(c.startedAt) === r.hour)
        const answered = mine.filter((c) => c.status !== null).map((c) => c.durationMs)
        assert.deepEqual(
          { checks: r.checks, up: r.upChecks, responses: r.responses, sum: r.sumMs, min: r.minMs, max: r.maxMs },
          { checks: mine.length, up: mine.filter((c) => c.up).length, responses: answered.length, sum: answered.reduce((a, b) => a + b, 0), min: Math.min(...answered), max: Math.max(...answered) },
        )
        const total = r.histogram.split(',').reduce((n, pair) => n + Number(pair.split(':')[1]), 0)
        assert.equal(total, answered.length)
      }
    }

    // Rolling up again (the watermark reset) gives the same rows.
    const before = await listRollups(db, ids[0]!, 0, NOW)
    await setMeta(db, ROLLED_UP_UNTIL, NOW - 50 * HOUR_MS - HOUR_MS)
    await rollUp(db, { now: NOW, graceMs: GRACE, rawRetentionMs: 7 * 24 * HOUR_MS, maxHours: 100 })
    assert.deepEqual(await listRollups(db, ids[0]!, 0, NOW), before)

    const expected = (id: number, from: number) => {
      const mine = checks.filter((c) => c.websiteId === id && c.startedAt >= from)
      const latencies = mine.filter((c) => c.status !== null).map((c) => c.durationMs).sort((a, b) => a - b)
      return { checks: mine.length, up: mine.filter((c) => c.up).length, latencies }
    }
    const statsBefore = await websiteStats(db, ids[1]!, NOW)
    const [hour, day] = statsBefore
    // The last hour is all raw: exact figures.
    const lastHour = expected(ids[1]!, NOW - HOUR_MS)
    assert.equal(hour!.checks, lastHour.checks)
    assert.equal(hour!.uptime, lastHour.up / lastHour.checks)
    assert.equal(hour!.latencyMs.p95, exactPercentile(lastHour.latencies, 95))
    // The last day reaches roll-ups: whole hours at its far edge, percentiles within 5%.
    const lastDay = expected(ids[1]!, floorHour(NOW - 24 * HOUR_MS))
    assert.equal(day!.checks, lastDay.checks)
    assert.equal(day!.upChecks, lastDay.up)
    for (const p of [50, 95, 99] as const) {
      const exact = exactPercentile(lastDay.latencies, p)!
      const estimate = day!.latencyMs[`p${p}`]!
      assert.ok(Math.abs(estimate - exact) <= Math.max(1, exact * 0.06), `p${p}: ${estimate} vs ${exact}`)
    }

    // Raw checks older than a day go; the week's figures, from roll-ups, stay the same.
    const deleted = await applyRetention(db, { now: NOW, rawRetentionMs: 24 * HOUR_MS, rollupRetentionMs: 365 * 24 * HOUR_MS })
    assert.equal(deleted.checks, checks.filter((c) => c.startedAt < NOW - 24 * HOUR_MS).length)
    assert.equal((await checkSamples(db, ids, 0, NOW - 24 * HOUR_MS)).length, 0)
    assert.deepEqual((await websiteStats(db, ids[1]!, NOW))[2], statsBefore[2])
  })
})
