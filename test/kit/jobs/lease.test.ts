import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FakeClock } from '../../../src/kit/clock.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { type JobDefinition } from '../../../src/kit/jobs/types.ts'
import { WorkerPool } from '../../../src/kit/jobs/worker-pool.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { fast, finished, Gate, migrateKit, waitFor, withPool } from './helpers.ts'

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

test('a job whose worker died on its last attempt fails instead of running again, after its onExhausted hook', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock()
    const queue = new JobQueue(database, { clock })
    const ran: string[] = []
    const hooked: unknown[] = []
    const dead = new WorkerPool(queue, { work: { handler: () => new Promise(() => {}) } }, { ...fast, clock, workerId: 'dead' })
    const onExhausted = async (payload: unknown, { error }: { error: string }) => {
      hooked.push({ payload, error })
      // The service's table is unreachable the first time: the job must not be failed yet.
      if (hooked.length === 1) throw new Error('database gone')
    }
    const next = new WorkerPool(queue, { work: { handler: async () => void ran.push('next'), onExhausted } }, { ...fast, clock, leaseMs: 30_000, workerId: 'next' })
    dead.start()
    try {
      const { id } = await queue.enqueue('work', { task: 7 }, { maxAttempts: 1 })
      await waitFor('the doomed worker to hold the job', async () => (await queue.get(id))?.lockedBy === 'dead')
      clock.advance(60_000)
      next.start()
      await waitFor('the hook to fail once', () => hooked.length === 1)
      assert.equal((await queue.get(id))?.status, 'running', 'a hook that threw leaves the job claimed')
      clock.advance(30_001)
      const job = await finished(queue, id)
      assert.equal(job.status, 'failed')
      assert.equal(job.attempts, 1)
      assert.match(job.error ?? '', /lease expired/)
      assert.deepEqual(ran, [])
      assert.deepEqual(hooked, [
        { payload: { task: 7 }, error: 'the worker running the last attempt stopped (lease expired)' },
        { payload: { task: 7 }, error: 'the worker running the last attempt stopped (lease expired)' },
      ])
    } finally {
      await Promise.all([dead.stop(0), next.stop(0)])
    }
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
