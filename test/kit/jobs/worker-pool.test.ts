import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Registry } from 'prom-client'
import { FakeClock } from '../../../src/kit/clock.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { JobCancelledError, type JobDefinition } from '../../../src/kit/jobs/types.ts'
import { WorkerPool, type WorkerPoolOptions } from '../../../src/kit/jobs/worker-pool.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { Gate, migrateKit, waitFor } from './helpers.ts'

const fast: WorkerPoolOptions = { pollIntervalMs: 10, backoffBaseMs: 1 }

async function withPool<T>(pool: WorkerPool, fn: () => Promise<T>): Promise<T> {
  pool.start()
  try {
    return await fn()
  } finally {
    await pool.stop(0)
  }
}

function finished(queue: JobQueue, id: number) {
  return waitFor(`job ${id} to finish`, async () => {
    const job = await queue.get(id)
    return job && ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : undefined
  })
}

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

test('a cancelled queued job never runs', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const ran: number[] = []
    const pool = new WorkerPool(queue, { echo: { handler: async (_p, h) => void ran.push(h.jobId) } }, fast)
    const cancelled = await queue.enqueue('echo', {})
    await queue.cancel(cancelled.id)
    await withPool(pool, async () => {
      const later = await queue.enqueue('echo', {})
      assert.equal((await finished(queue, later.id)).status, 'succeeded')
      assert.deepEqual(ran, [later.id])
      assert.equal((await queue.get(cancelled.id))?.status, 'cancelled')
    })
  }))

test('cancelling a running job aborts its signal in this process', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    let reason: unknown
    const handler = (_p: unknown, h: { signal: AbortSignal }) =>
      new Promise((_resolve, reject) => h.signal.addEventListener('abort', () => reject((reason = h.signal.reason) as Error)))
    const pool = new WorkerPool(queue, { wait: { handler } }, fast)
    await withPool(pool, async () => {
      const { id } = await queue.enqueue('wait', {})
      await waitFor('job running', async () => (await queue.get(id))?.status === 'running')
      const requested = await queue.cancel(id)
      assert.equal(requested?.status, 'running')
      assert.equal(requested?.cancelRequested, true)
      const job = await finished(queue, id)
      assert.equal(job.status, 'cancelled')
      assert.ok(reason instanceof JobCancelledError)
    })
  }))

test('a job cancelled from another process stops at its next progress call', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    // A second queue has no listeners: like an API process, it can only write the request down.
    const elsewhere = new JobQueue(database)
    let thrown: unknown
    const handler: JobDefinition['handler'] = async (_p, h) => {
      for (;;) {
        try {
          await h.progress('working')
        } catch (err) {
          thrown = err
          throw err
        }
        await new Promise((r) => setTimeout(r, 5))
      }
    }
    const pool = new WorkerPool(queue, { loop: { handler, maxAttempts: 5 } }, fast)
    await withPool(pool, async () => {
      const { id } = await queue.enqueue('loop', {})
      await waitFor('job running', async () => (await queue.get(id))?.progress === 'working')
      await elsewhere.cancel(id)
      const job = await finished(queue, id)
      assert.equal(job.status, 'cancelled')
      assert.equal(job.attempts, 1)
      assert.ok(thrown instanceof JobCancelledError)
    })
  }))

test('a job whose worker died (lease expired) runs again, and the dead worker records nothing', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock()
    const queue = new JobQueue(database, { clock })
    const gate = new Gate()
    const options = { ...fast, clock, leaseMs: 30_000 }
    const hung = new WorkerPool(queue, { work: { handler: async () => (await gate.opened, 'from the hung worker') } }, { ...options, workerId: 'hung' })
    const healthy = new WorkerPool(queue, { work: { handler: async () => 'from the healthy worker' } }, { ...options, workerId: 'healthy' })
    hung.start()
    try {
      const { id } = await queue.enqueue('work', {})
      const held = await waitFor('the first worker to hold the job', async () => {
        const job = await queue.get(id)
        return job?.lockedBy === 'hung' ? job : undefined
      })
      assert.equal(held.lockedUntil, clock.now() + 30_000)
      clock.advance(30_001)
      healthy.start()
      const job = await finished(queue, id)
      assert.equal(job.status, 'succeeded')
      assert.equal(job.attempts, 2)
      assert.equal(job.result, 'from the healthy worker')
      gate.open()
      await waitFor('the hung worker to give up', () => hung.running === 0)
      assert.equal((await queue.get(id))?.result, 'from the healthy worker')
    } finally {
      await Promise.all([hung.stop(0), healthy.stop(0)])
    }
  }))

test('a job whose worker died on its last attempt fails instead of running again', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock()
    const queue = new JobQueue(database, { clock })
    const ran: string[] = []
    const dead = new WorkerPool(queue, { work: { handler: () => new Promise(() => {}) } }, { ...fast, clock, workerId: 'dead' })
    const next = new WorkerPool(queue, { work: { handler: async () => void ran.push('next') } }, { ...fast, clock, workerId: 'next' })
    dead.start()
    try {
      const { id } = await queue.enqueue('work', {}, { maxAttempts: 1 })
      await waitFor('the doomed worker to hold the job', async () => (await queue.get(id))?.lockedBy === 'dead')
      clock.advance(60_000)
      next.start()
      const job = await finished(queue, id)
      assert.equal(job.status, 'failed')
      assert.equal(job.attempts, 1)
      assert.match(job.error ?? '', /lease expired/)
      assert.deepEqual(ran, [])
    } finally {
      await Promise.all([dead.stop(0), next.stop(0)])
    }
  }))

test('stop waits for running jobs within the grace period', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const gate = new Gate()
    const pool = new WorkerPool(queue, { work: { handler: async () => (await gate.opened, 'finished') } }, fast)
    pool.start()
    const { id } = await queue.enqueue('work', {})
    await waitFor('job running', async () => (await queue.get(id))?.status === 'running')
    const stopped = pool.stop(60_000)
    gate.open()
    await stopped
    assert.equal((await queue.get(id))?.status, 'succeeded')
  }))

test('stop hands a job still running after the grace period back to the queue', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    let reason: unknown
    const stubborn = new WorkerPool(
      queue,
      { work: { handler: (_p, h) => new Promise((_r, reject) => h.signal.addEventListener('abort', () => reject((reason = h.signal.reason) as Error))) } },
      fast,
    )
    stubborn.start()
    const { id } = await queue.enqueue('work', {})
    await waitFor('job running', async () => (await queue.get(id))?.status === 'running')
    await stubborn.stop(20)
    const handedBack = await queue.get(id)
    assert.equal(handedBack?.status, 'queued')
    assert.equal(handedBack?.attempts, 0)
    assert.equal(handedBack?.lockedBy, null)
    assert.equal((reason as Error).name, 'JobInterruptedError')

    const successor = new WorkerPool(queue, { work: { handler: async () => 'taken over' } }, fast)
    await withPool(successor, async () => {
      const job = await finished(queue, id)
      assert.equal(job.result, 'taken over')
      assert.equal(job.attempts, 1)
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

test('a worker whose lease renewal finds the job taken aborts the handler and records nothing', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    let reason: unknown
    const handler: JobDefinition['handler'] = (_p, h) =>
      new Promise((_r, reject) => h.signal.addEventListener('abort', () => reject((reason = h.signal.reason) as Error)))
    const pool = new WorkerPool(queue, { work: { handler } }, { ...fast, leaseMs: 60 })
    await withPool(pool, async () => {
      const { id } = await queue.enqueue('work', {})
      await waitFor('job running', async () => (await queue.get(id))?.status === 'running')
      // Another worker took the job over after this one's lease expired.
      await database.db.updateTable('jobs').set({ locked_by: 'thief' }).where('id', '=', id).execute()
      await waitFor('the handler to be aborted', () => reason)
      assert.equal((reason as Error).name, 'JobInterruptedError')
      await waitFor('the run to end', () => pool.running === 0)
      const job = await queue.get(id)
      assert.equal(job?.status, 'running')
      assert.equal(job?.lockedBy, 'thief')
      assert.equal(job?.error, null)
    })
  }))
