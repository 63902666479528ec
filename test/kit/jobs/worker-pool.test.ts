import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Registry } from 'prom-client'
import { FakeClock } from '../../../src/kit/clock.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { type JobDefinition } from '../../../src/kit/jobs/types.ts'
import { WorkerPool } from '../../../src/kit/jobs/worker-pool.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { fast, finished, Gate, migrateKit, waitFor, withPool } from './helpers.ts'

test('a worker runs a job and records its result, and metrics count it', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const registry = new Registry()
    const queue = new JobQueue(database, { registry })
    const seen: unknown[] = []
    const pool = new WorkerPool(queue, { add: { handler: async (p: { a: number; b: number }, h) => (seen.push(h.attempt), { sum: p.a + p.b }) } }, fast)
    await withPool(pool, async () => {
      const { id } = await queue.enqueue('add', { a: 2, b: 3 })
      const job = await finished(queue, id)
      assert.equal(job.status, 'succeeded')
      assert.deepEqual(job.result, { sum: 5 })
      assert.equal(job.attempts, 1)
      assert.equal(job.lockedBy, null)
      assert.deepEqual(seen, [1])
    })
    const metrics = await registry.metrics()
    assert.match(metrics, /flotilla_jobs_completed_total\{type="add",outcome="succeeded"\} 1/)
    assert.match(metrics, /flotilla_job_duration_seconds_count\{type="add"\} 1/)
    assert.match(metrics, /flotilla_jobs_running\{type="add"\} 0/)
  }))

test('never runs more jobs of a type at once than its concurrency', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const gate = new Gate()
    let current = 0
    let max = 0
    const definition: JobDefinition = {
      concurrency: 3,
      handler: async () => {
        max = Math.max(max, ++current)
        await gate.opened
        current--
      },
    }
    const pool = new WorkerPool(queue, { limited: definition }, fast)
    await withPool(pool, async () => {
      const ids = await Promise.all(Array.from({ length: 10 }, () => queue.enqueue('limited', {}).then((r) => r.id)))
      await waitFor('three jobs running', () => current === 3)
      assert.equal((await queue.counts())['limited']?.running, 3)
      gate.open()
      for (const id of ids) assert.equal((await finished(queue, id)).status, 'succeeded')
      assert.equal(max, 3)
    })
  }))

test('a failing job is retried with backoff, then fails with its error', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock()
    const queue = new JobQueue(database, { clock })
    const pool = new WorkerPool(
      queue,
      { flaky: { maxAttempts: 3, handler: async (_p, h) => Promise.reject(new Error(`boom ${h.attempt}`)) } },
      { pollIntervalMs: 10, backoffBaseMs: 1000, clock },
    )
    await withPool(pool, async () => {
      const { id } = await queue.enqueue('flaky', {})
      const failedAt = clock.now()
      const first = await waitFor('first attempt to fail', async () => {
        const job = await queue.get(id)
        return job?.status === 'queued' && job.attempts === 1 ? job : undefined
      })
      assert.equal(first.error, 'boom 1')
      assert.ok(first.runAt >= failedAt + 500 && first.runAt <= failedAt + 1000, `retry at +${first.runAt - failedAt} ms`)
      clock.set(first.runAt)
      const second = await waitFor('second attempt to fail', async () => {
        const job = await queue.get(id)
        return job?.status === 'queued' && job.attempts === 2 ? job : undefined
      })
      assert.ok(second.runAt >= first.runAt + 1000 && second.runAt <= first.runAt + 2000, `retry at +${second.runAt - first.runAt} ms`)
      clock.set(second.runAt)
      const last = await finished(queue, id)
      assert.equal(last.status, 'failed')
      assert.equal(last.attempts, 3)
      assert.equal(last.error, 'boom 3')
      assert.equal(last.finishedAt, second.runAt)
    })
  }))

test('a job that fails once succeeds on its next attempt', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const pool = new WorkerPool(
      queue,
      { once: { handler: async (_p, h) => (h.attempt === 1 ? Promise.reject(new Error('first')) : 'ok') } },
      fast,
    )
    await withPool(pool, async () => {
      const { id } = await queue.enqueue('once', {})
      const job = await finished(queue, id)
      assert.equal(job.status, 'succeeded')
      assert.equal(job.attempts, 2)
      assert.equal(job.result, 'ok')
      assert.equal(job.error, null)
    })
  }))

test('progress is recorded while the job runs', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const gate = new Gate()
    const pool = new WorkerPool(
      queue,
      {
        steps: {
          handler: async (_p, h) => {
            await h.progress({ done: 1, of: 2 })
            await gate.opened
            await h.progress({ done: 2, of: 2 })
            return 'done'
          },
        },
      },
      fast,
    )
    await withPool(pool, async () => {
      const { id } = await queue.enqueue('steps', {})
      const running = await waitFor('progress', async () => {
        const job = await queue.get(id)
        return job?.progress ? job : undefined
      })
      assert.equal(running.status, 'running')
      assert.deepEqual(running.progress, { done: 1, of: 2 })
      gate.open()
      const job = await finished(queue, id)
      assert.deepEqual(job.progress, { done: 2, of: 2 })
      assert.equal(job.result, 'done')
    })
  }))

test('a pool never claims jobs of types it has no handler for', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const pool = new WorkerPool(queue, { mine: { handler: async () => 'ok' } }, fast)
    await withPool(pool, async () => {
      const theirs = await queue.enqueue('theirs', {})
      const mine = await queue.enqueue('mine', {})
      assert.equal((await finished(queue, mine.id)).status, 'succeeded')
      const other = await queue.get(theirs.id)
      assert.equal(other?.status, 'queued')
      assert.equal(other?.attempts, 0)
    })
  }))

/** Claim statements per job type, as the database saw them (the type is the claim's first parameter). */
function countClaims(database: { onQuery: (l: (e: { query: { sql: string; parameters: readonly unknown[] } }) => void) => () => void }) {
  const claims = new Map<string, number>()
  const off = database.onQuery(({ query }) => {
    if (!query.sql.startsWith('with "expired"')) return
    const type = String(query.parameters[0])
    claims.set(type, (claims.get(type) ?? 0) + 1)
  })
  return { claims, off }
}

test('a freed slot claims only types that may have work: idle types are not claimed after every job', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const idle = ['idle-a', 'idle-b', 'idle-c', 'idle-d']
    const definitions: Record<string, JobDefinition> = { work: { concurrency: 4, handler: async () => {} } }
    for (const type of idle) definitions[type] = { handler: async () => {} }
    // No poll within the test: only the start, enqueues and freed slots make the pool claim.
    const pool = new WorkerPool(queue, definitions, { pollIntervalMs: 60_000 })
    const { claims, off } = countClaims(database)
    try {
      await withPool(pool, async () => {
        await waitFor('the first claim of every type', () => idle.every((type) => claims.has(type)))
        await queue.enqueueMany(Array.from({ length: 40 }, () => ({ type: 'work', payload: null })))
        await waitFor('40 jobs done', async () => (await queue.counts())['work']?.succeeded === 40)
        // An enqueue of an idle type is still claimed at once, poll or not.
        const { id } = await queue.enqueue('idle-c', null)
        assert.equal((await finished(queue, id)).status, 'succeeded')
      })
    } finally {
      off()
    }
    assert.ok((claims.get('work') ?? 0) >= 10, `40 jobs four at a time take at least ten claims: ${claims.get('work')}`)
    for (const type of ['idle-a', 'idle-b', 'idle-d']) assert.equal(claims.get(type), 1, `${type} claimed once, at start, not after each of 40 jobs`)
    // At start; on its enqueue (the job fills its one slot, so there may be more); once more when it is done.
    assert.equal(claims.get('idle-c'), 3)
  }))

test('the poll keeps its own clock: a delayed job of an idle type runs while other jobs keep the pool busy', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    let streaming = true
    let ranWhileBusy: boolean | undefined
    const pool = new WorkerPool(
      queue,
      { work: { concurrency: 2, handler: async () => {} }, later: { handler: async () => void (ranWhileBusy = streaming) } },
      { pollIntervalMs: 200 },
    )
    await withPool(pool, async () => {
      const { id } = await queue.enqueue('later', null, { runAt: Date.now() + 300 })
      // Jobs every 10 ms wake the pool far more often than it polls, for up to 10 s.
      const deadline = Date.now() + 10_000
      while (ranWhileBusy === undefined && Date.now() < deadline) {
        await queue.enqueue('work', null)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      streaming = false
      assert.equal((await finished(queue, id)).status, 'succeeded')
      assert.equal(ranWhileBusy, true, 'the delayed job waited for the other jobs to stop')
    })
  }))
