import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { WorkerPool } from '../../../src/kit/jobs/worker-pool.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { fast, finished, Gate, migrateKit, waitFor, withPool } from './helpers.ts'

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
