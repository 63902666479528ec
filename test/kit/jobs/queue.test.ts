import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FakeClock } from '../../../src/kit/clock.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { migrateKit } from './helpers.ts'

test('enqueue stores a queued job that get and list return', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock()
    const queue = new JobQueue(database, { clock })
    const woken: Array<string | undefined> = []
    queue.onEnqueue((type) => woken.push(type))
    const { id, created } = await queue.enqueue('mail', { to: 'a@example.com' }, { maxAttempts: 5, runAt: clock.now() + 1000 })
    assert.equal(created, true)
    const job = await queue.get(id)
    assert.ok(job)
    assert.equal(job.type, 'mail')
    assert.deepEqual(job.payload, { to: 'a@example.com' })
    assert.equal(job.status, 'queued')
    assert.equal(job.attempts, 0)
    assert.equal(job.maxAttempts, 5)
    assert.equal(job.runAt, clock.now() + 1000)
    assert.equal(job.createdAt, clock.now())
    assert.equal(job.cancelRequested, false)
    assert.deepEqual(woken, ['mail'])
    await queue.enqueue('other', null)
    assert.deepEqual((await queue.list({ type: 'mail' })).map((j) => j.id), [id])
    assert.equal((await queue.list()).length, 2)
    assert.equal(await queue.get(id + 1000), undefined)
  }))

test('a job enqueued in a transaction exists only if it commits', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const woken: Array<string | undefined> = []
    queue.onEnqueue((type) => woken.push(type))
    let rolledBack: number | undefined
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        rolledBack = (await queue.enqueue('mail', { n: 1 }, { trx, key: 'k1' })).id
        throw new Error('rollback')
      }),
      /rollback/,
    )
    assert.ok(rolledBack)
    assert.equal(await queue.get(rolledBack), undefined)
    assert.deepEqual(await queue.counts(), {})

    const committed = await database.db.transaction().execute(async (trx) => (await queue.enqueue('mail', { n: 2 }, { trx, key: 'k1' })).id)
    assert.equal((await queue.get(committed))?.status, 'queued')
    // Workers are woken by the caller after commit, not from inside the transaction.
    assert.deepEqual(woken, [])
  }))

test('a dedupe key returns the existing job, also under concurrent enqueues', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const first = await queue.enqueue('report', { day: 1 }, { key: 'report:1' })
    const second = await queue.enqueue('report', { day: 1, again: true }, { key: 'report:1' })
    assert.deepEqual(second, { id: first.id, created: false })
    assert.deepEqual((await queue.get(first.id))?.payload, { day: 1 })

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => queue.enqueue('report', { i }, { key: 'report:2' })))
    assert.equal(results.filter((r) => r.created).length, 1)
    assert.equal(new Set(results.map((r) => r.id)).size, 1)
    assert.equal((await queue.counts())['report']?.queued, 2)
  }))

test('enqueueMany skips keys that exist', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    await queue.enqueue('a', 1, { key: 'x' })
    const created = await queue.enqueueMany([
      { type: 'a', payload: 2, key: 'x' },
      { type: 'a', payload: 3, key: 'y' },
      { type: 'b', payload: 4 },
    ])
    assert.equal(created, 2)
    assert.deepEqual((await queue.list({ type: 'a' })).map((j) => j.payload).sort(), [1, 3])
  }))

test('cancel cancels a queued job at once and leaves a finished one alone', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock()
    const queue = new JobQueue(database, { clock })
    const { id } = await queue.enqueue('slow', {})
    const cancelled = await queue.cancel(id)
    assert.equal(cancelled?.status, 'cancelled')
    assert.equal(cancelled?.finishedAt, clock.now())
    assert.equal((await queue.get(id))?.status, 'cancelled')
    const again = await queue.cancel(id)
    assert.equal(again?.status, 'cancelled')
    assert.equal(await queue.cancel(id + 1000), undefined)
  }))

test('counts by type and status, and purgeFinished removes old finished jobs only', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock()
    const queue = new JobQueue(database, { clock })
    const old = await queue.enqueue('a', {})
    await queue.cancel(old.id)
    clock.advance(60_000)
    const recent = await queue.enqueue('a', {})
    await queue.cancel(recent.id)
    await queue.enqueue('a', {})
    await queue.enqueue('b', {})
    assert.deepEqual(await queue.counts(), {
      a: { queued: 1, running: 0, succeeded: 0, failed: 0, cancelled: 2 },
      b: { queued: 1, running: 0, succeeded: 0, failed: 0, cancelled: 0 },
    })
    assert.equal(await queue.purgeFinished(30_000), 1)
    assert.equal(await queue.get(old.id), undefined)
    assert.equal((await queue.get(recent.id))?.status, 'cancelled')
    assert.equal((await queue.list()).length, 3)
  }))

test('findActiveByKeyPrefix matches the prefix literally', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    await queue.enqueue('s', {}, { key: 'schedule:a_b:1' })
    assert.equal(await queue.findActiveByKeyPrefix('s', 'schedule:a%'), undefined)
    assert.equal(await queue.findActiveByKeyPrefix('s', 'schedule:axb:'), undefined)
    assert.equal((await queue.findActiveByKeyPrefix('s', 'schedule:a_b:'))?.key, 'schedule:a_b:1')
    assert.equal(await queue.findActiveByKeyPrefix('other', 'schedule:a_b:'), undefined)
  }))
