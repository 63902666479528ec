import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { JobCancelledError, type JobDefinition } from '../../../src/kit/jobs/types.ts'
import { WorkerPool } from '../../../src/kit/jobs/worker-pool.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { fast, finished, Gate, migrateKit, waitFor, withPool } from './helpers.ts'

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

test('a job cancelled while running is not retried when its handler then fails', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const queue = new JobQueue(database)
    const elsewhere = new JobQueue(database)
    const gate = new Gate()
    const pool = new WorkerPool(queue, { work: { maxAttempts: 5, handler: async () => (await gate.opened, Promise.reject(new Error('unrelated failure'))) } }, fast)
    await withPool(pool, async () => {
      const { id } = await queue.enqueue('work', {})
      await waitFor('job running', async () => (await queue.get(id))?.status === 'running')
      await elsewhere.cancel(id)
      gate.open()
      const job = await finished(queue, id)
      assert.equal(job.status, 'cancelled')
      assert.equal(job.attempts, 1)
    })
  }))
