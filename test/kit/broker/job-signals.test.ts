import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { Broker } from '../../../src/kit/broker/broker.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { WorkerPool } from '../../../src/kit/jobs/worker-pool.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { migrateKit, waitFor } from '../jobs/helpers.ts'
import { brokerSkipReason, brokerUrl, deleteBrokerObjects, uniquePrefix } from './helpers.ts'

const HOUR = 60 * 60 * 1000

test('a job enqueued in one process is started by an idle worker in another at once, not at its next poll', { timeout: 30_000 }, async (t) => {
  const skip = await brokerSkipReason()
  if (skip) return t.skip(skip)
  await eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const prefix = uniquePrefix()
    // Two processes' worth of kit: each its own queue and broker connection, one database.
    const producerBroker = new Broker({ url: brokerUrl, prefix })
    const workerBroker = new Broker({ url: brokerUrl, prefix })
    const producer = new JobQueue(database)
    const worker = new JobQueue(database)
    producer.useSignals(producerBroker.signals)
    worker.useSignals(workerBroker.signals)
    const started: number[] = []
    // Polls so rare that only a signal can explain a start within the test's time.
    const pool = new WorkerPool(
      worker,
      { ping: { concurrency: 2, handler: async (_payload, { jobId }) => void started.push(jobId) } },
      { pollIntervalMs: HOUR, signalledPollIntervalMs: HOUR },
    )
    try {
      await Promise.all([producerBroker.connected(), workerBroker.connected()])
      pool.start()
      await workerBroker.signals.listening()
      // Lets the pool's own looks (at start, and when its signal queue became ready) end,
      // so that nothing but a signal can start the jobs below before the hour is up.
      await sleep(200)

      const first = await producer.enqueue('ping', {})
      await waitFor('the first job to start', () => started.includes(first.id), 10_000)
      // Enqueued inside a transaction: signalled by notify() after the commit.
      const second = await database.db.transaction().execute((trx) => producer.enqueue('ping', {}, { trx }))
      producer.notify('ping')
      await waitFor('the second job to start', () => started.includes(second.id), 10_000)
      await waitFor('both jobs to succeed', async () => (await worker.counts())['ping']?.succeeded === 2)
      assert.deepEqual(started, [first.id, second.id])
    } finally {
      await pool.stop(0)
      await Promise.all([producerBroker.close(), workerBroker.close()])
      await deleteBrokerObjects(brokerUrl, prefix, [])
    }
  })
})
