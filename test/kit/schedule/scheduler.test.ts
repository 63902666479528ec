import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FakeClock } from '../../../src/kit/clock.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { WorkerPool } from '../../../src/kit/jobs/worker-pool.ts'
import { Scheduler } from '../../../src/kit/schedule/scheduler.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { Gate, migrateKit, waitFor } from '../jobs/helpers.ts'

const minute = 60_000

test('an interval schedule enqueues once per period, even with two schedulers', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 10, 0, 30))
    const queue = new JobQueue(database, { clock })
    const schedules = [{ name: 'ctr.refresh', job: 'refresh', payload: { full: false }, everyMs: minute }]
    const one = new Scheduler(queue, schedules, { clock })
    const two = new Scheduler(queue, schedules, { clock })

    assert.equal(await one.tick(), 1)
    clock.advance(20_000)
    assert.equal(await two.tick(), 0)
    assert.equal(await one.tick(), 0)
    let jobs = await queue.list({ type: 'refresh' })
    assert.equal(jobs.length, 1)
    assert.equal(jobs[0]?.key, `schedule:ctr.refresh:${Date.UTC(2026, 0, 1, 10, 0)}`)
    assert.deepEqual(jobs[0]?.payload, { full: false })

    // The first job finished; the next period fires again.
    await queue.cancel(jobs[0].id)
    clock.advance(10_000)
    assert.equal(await two.tick(), 1)
    jobs = await queue.list({ type: 'refresh' })
    assert.deepEqual(jobs.map((j) => j.key), [`schedule:ctr.refresh:${Date.UTC(2026, 0, 1, 10, 1)}`, `schedule:ctr.refresh:${Date.UTC(2026, 0, 1, 10, 0)}`])
  }))

test('a period is skipped while the previous period job is still running', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 10, 0))
    const queue = new JobQueue(database, { clock })
    const gate = new Gate()
    const pool = new WorkerPool(queue, { crawl: { handler: () => gate.opened } }, { clock, pollIntervalMs: 10 })
    const scheduler = new Scheduler(queue, [{ name: 'crawl', job: 'crawl', everyMs: minute }], { clock })
    pool.start()
    try {
      assert.equal(await scheduler.tick(), 1)
      const [first] = await queue.list({ type: 'crawl' })
      await waitFor('the first job to run', async () => (await queue.get(first!.id))?.status === 'running')
      clock.advance(minute)
      assert.equal(await scheduler.tick(), 0)
      clock.advance(minute)
      assert.equal(await scheduler.tick(), 0)
      assert.equal((await queue.list({ type: 'crawl' })).length, 1)

      gate.open()
      await waitFor('the first job to finish', async () => (await queue.get(first!.id))?.status === 'succeeded')
      assert.equal(await scheduler.tick(), 1)
      const [latest] = await queue.list({ type: 'crawl' })
      assert.equal(latest?.key, `schedule:crawl:${Date.UTC(2026, 0, 1, 10, 2)}`)
    } finally {
      await pool.stop(0)
    }
  }))

test('a queued job of the previous period also skips the period', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock(Date.UTC(2026, 0, 1))
    const queue = new JobQueue(database, { clock })
    const scheduler = new Scheduler(queue, [{ name: 'nobody-runs-this', job: 'orphan', everyMs: 1000 }], { clock })
    assert.equal(await scheduler.tick(), 1)
    for (let i = 0; i < 5; i++) {
      clock.advance(1000)
      assert.equal(await scheduler.tick(), 0)
    }
    assert.equal((await queue.list({ type: 'orphan' })).length, 1)
  }))

test('a cron schedule fires once per cron period, in UTC', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 14, 59, 59))
    const queue = new JobQueue(database, { clock })
    const scheduler = new Scheduler(queue, [{ name: 'events.pull', job: 'pull', cron: '0 */15 * * * *' }], { clock })
    const keys = async () => (await queue.list({ type: 'pull' })).map((j) => j.key).reverse()

    assert.equal(await scheduler.tick(), 1)
    assert.deepEqual(await keys(), [`schedule:events.pull:${Date.UTC(2026, 2, 2, 14, 45)}`])
    for (const job of await queue.list({ type: 'pull' })) await queue.cancel(job.id)

    clock.advance(1000)
    assert.equal(await scheduler.tick(), 1)
    clock.advance(14 * minute)
    assert.equal(await scheduler.tick(), 0)
    assert.deepEqual(await keys(), [`schedule:events.pull:${Date.UTC(2026, 2, 2, 14, 45)}`, `schedule:events.pull:${Date.UTC(2026, 2, 2, 15, 0)}`])
  }))

test('bad schedules are refused when the scheduler is built', () => {
  const queue = {} as JobQueue
  assert.throws(() => new Scheduler(queue, [{ name: 'a', job: 'j' }]), /exactly one of everyMs and cron/)
  assert.throws(() => new Scheduler(queue, [{ name: 'a', job: 'j', everyMs: 1000, cron: '* * * * *' }]), /exactly one/)
  assert.throws(() => new Scheduler(queue, [{ name: 'a', job: 'j', cron: 'not a pattern' }]), /bad cron pattern/)
  assert.throws(() => new Scheduler(queue, [{ name: 'a:b', job: 'j', everyMs: 1 }]), /schedule name/)
  assert.throws(() => new Scheduler(queue, [{ name: 'a', job: 'j', everyMs: 1 }, { name: 'a', job: 'k', everyMs: 1 }]), /two schedules/)
})

test('start ticks at once and stop ends the loop', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const scheduler = new Scheduler(queue, [{ name: 'hourly', job: 'h', everyMs: 3_600_000 }], { tickMs: 10 })
    scheduler.start()
    await waitFor('the first period to fire', async () => (await queue.list({ type: 'h' })).length === 1)
    await scheduler.stop()
    assert.equal((await queue.list({ type: 'h' })).length, 1)
  }))
