import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { Registry } from 'prom-client'
import { FakeClock } from '../../../src/kit/clock.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { AdvisoryLockLeadership, LEADER_LOCK_CLASS, leadershipFor } from '../../../src/kit/schedule/leader.ts'
import { Scheduler } from '../../../src/kit/schedule/scheduler.ts'
import { createTestDatabase, postgresSkipReason, postgresUrl, type TestDatabase } from '../../helpers/databases.ts'
import { startTestFlotilla } from '../../helpers/flotilla.ts'
import { migrateKit, waitFor } from '../jobs/helpers.ts'

const RETRY_MS = 50

/** Runs `fn` on a fresh PostgreSQL schema, or skips with the reason on a laptop without one. */
async function onPostgres(t: TestContext, fn: (db: TestDatabase) => Promise<void>): Promise<void> {
  const skip = await postgresSkipReason()
  if (skip) return t.skip(skip)
  const db = await createTestDatabase('postgres')
  try {
    await fn(db)
  } finally {
    await db.cleanup()
  }
}

function leadershipOn(db: TestDatabase): AdvisoryLockLeadership {
  const source = db.database.source
  if (source.dialect !== 'postgres') throw new Error('a PostgreSQL test database was expected')
  return new AdvisoryLockLeadership({ url: source.url, schema: source.schema, retryMs: RETRY_MS })
}

/** The backend pids holding the leader lock of `schema`, seen from PostgreSQL. */
async function lockHolders(schema: string): Promise<number[]> {
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ pid: number }>(
      `select l.pid from pg_locks l
        where l.locktype = 'advisory' and l.granted and l.objsubid = 2
          and l.database = (select oid from pg_database where datname = current_database())
          and l.classid = $1::bigint::oid and l.objid = (hashtext($2)::bigint & 4294967295)::oid`,
      [LEADER_LOCK_CLASS, schema],
    )
    return rows.map((r) => r.pid)
  } finally {
    await admin.end()
  }
}

async function terminate(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  try {
    await admin.query('select pg_terminate_backend($1)', [pid])
  } finally {
    await admin.end()
  }
}

function schemaOf(db: TestDatabase): string {
  const source = db.database.source
  return source.dialect === 'postgres' && source.schema ? source.schema : 'public'
}

test('on SQLite the one process always leads', async () => {
  const db = await createTestDatabase('sqlite')
  try {
    const leadership = leadershipFor(db.database)
    await leadership.start()
    assert.equal(leadership.leading, true)
    await leadership.stop()
  } finally {
    await db.cleanup()
  }
})

test('of two schedulers on one PostgreSQL schema exactly one leads; the other takes over when it stops', (t) =>
  onPostgres(t, async (db) => {
    const one = leadershipOn(db)
    const two = leadershipOn(db)
    await Promise.all([one.start(), two.start()])
    try {
      await waitFor('a leader', () => one.leading || two.leading)
      for (let i = 0; i < 5; i++) {
        assert.equal(Number(one.leading) + Number(two.leading), 1, 'exactly one leads')
        await sleep(RETRY_MS)
      }
      assert.equal((await lockHolders(schemaOf(db))).length, 1)

      const [leader, standby] = one.leading ? [one, two] : [two, one]
      await leader.stop()
      assert.equal(leader.leading, false)
      await waitFor('the standby to take over', () => standby.leading, 5_000)
    } finally {
      await Promise.all([one.stop(), two.stop()])
    }
    assert.deepEqual(await lockHolders(schemaOf(db)), [], 'stopping releases the lock')
  }))

test('a leader whose own connection dies stops leading at once; one process leads again', (t) =>
  onPostgres(t, async (db) => {
    const one = leadershipOn(db)
    const two = leadershipOn(db)
    await Promise.all([one.start(), two.start()])
    try {
      await waitFor('a leader', () => one.leading || two.leading)
      const [leader, standby] = one.leading ? [one, two] : [two, one]
      const [pid] = await lockHolders(schemaOf(db))
      assert.ok(pid)
      await terminate(pid)
      await waitFor('the old leader to notice', () => !leader.leading, 5_000)
      // It sits out a try, so the standby usually wins; either way exactly one leads again.
      await waitFor('a new leader', () => standby.leading || leader.leading, 5_000)
      await sleep(RETRY_MS * 5)
      assert.equal(Number(one.leading) + Number(two.leading), 1)
      assert.equal((await lockHolders(schemaOf(db))).length, 1)
    } finally {
      await Promise.all([one.stop(), two.stop()])
    }
  }))

test('deployments in separate schemas of one database each elect their own leader', (t) =>
  onPostgres(t, async (first) => {
    const second = await createTestDatabase('postgres')
    const a = leadershipOn(first)
    const b = leadershipOn(second)
    try {
      await Promise.all([a.start(), b.start()])
      await waitFor('both to lead', () => a.leading && b.leading, 5_000)
    } finally {
      await Promise.all([a.stop(), b.stop()])
      await second.cleanup()
    }
  }))

test('only the leading scheduler enqueues, and the gauge says which leads', (t) =>
  onPostgres(t, async (db) => {
    await migrateKit(db.database)
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 10, 0, 30))
    const queue = new JobQueue(db.database, { clock })
    const schedules = [{ name: 'ctr.refresh', job: 'refresh', everyMs: 60_000 }]
    const registries = [new Registry(), new Registry()]
    const [one, two] = registries.map((registry) => new Scheduler(queue, schedules, { clock, registry, tickMs: 60_000, leadership: leadershipOn(db) })) as [Scheduler, Scheduler]
    one.start()
    two.start()
    try {
      await waitFor('a leader', () => one.leading || two.leading)
      const [leader, standby] = one.leading ? [one, two] : [two, one]
      // The leader fired the current period at start; that job is done with.
      const [first] = await waitFor('the start period to fire', async () => {
        const jobs = await queue.list({ type: 'refresh' })
        return jobs.length === 1 ? jobs : undefined
      })
      await queue.cancel(first!.id)
      assert.equal(await standby.tick(), 0)
      clock.advance(60_000)
      assert.equal(await standby.tick(), 0)
      assert.equal(await leader.tick(), 1)
      const gauges = await Promise.all(registries.map(async (r) => (await r.getSingleMetric('flotilla_scheduler_leader')?.get())?.values[0]?.value))
      assert.deepEqual(gauges.sort(), [0, 1])
    } finally {
      await Promise.all([one.stop(), two.stop()])
    }
    assert.equal((await queue.list({ type: 'refresh' })).length, 2, 'the start period and the next, once each')
  }))

test('the landing page and /metrics say which of two processes leads the schedulers', (t) =>
  onPostgres(t, async (db) => {
    const env = { FLOTILLA_SERVICES: 'ctr', FLOTILLA_PROFILER: 'off' }
    const one = await startTestFlotilla(db, env)
    const two = await startTestFlotilla(db, env)
    try {
      const scrape = async (f: typeof one) => /^flotilla_scheduler_leader (\d)$/m.exec((await f.server.inject({ url: '/metrics' })).body)?.[1]
      const gauges = await waitFor('both gauges to settle', async () => {
        const values = [await scrape(one), await scrape(two)]
        return values.sort().join() === '0,1' ? values : undefined
      })
      assert.deepEqual(gauges, ['0', '1'])
      const [leader, standby] = one.runtime.scheduler?.leading ? [one, two] : [two, one]
      assert.equal(await scrape(leader), '1')
      const pill = async (f: typeof one) => /<span class="pill">all<\/span> <span class="pill[^"]*" title="[^"]*">(\w+)<\/span>/.exec((await f.server.inject({ url: '/' })).body)?.[1]
      assert.equal(await pill(leader), 'leader')
      assert.equal(await pill(standby), 'standby')
    } finally {
      await one.close()
      await two.close()
    }
  }))
