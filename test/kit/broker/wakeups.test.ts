import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JobQueue, type JobSignals } from '../../../src/kit/jobs/queue.ts'
import { WorkerPool } from '../../../src/kit/jobs/worker-pool.ts'
import { createTestDatabase } from '../../helpers/databases.ts'
import { migrateKit, waitFor } from '../jobs/helpers.ts'

const HOUR = 60 * 60 * 1000

/** Signals between queues of one process, standing in for RabbitMQ. */
class FakeSignals implements JobSignals {
  connected = true
  readonly published: string[] = []
  private readonly subscribers = new Set<{ types: string[]; wake: (type?: string) => void }>()

  publish(type: string): void {
    this.published.push(type)
    for (const s of this.subscribers) if (s.types.includes(type)) s.wake(type)
  }

  subscribe(types: string[], wake: (type?: string) => void): () => void {
    const subscriber = { types, wake }
    this.subscribers.add(subscriber)
    return () => this.subscribers.delete(subscriber)
  }

  get subscriberCount(): number {
    return this.subscribers.size
  }
}

test('a pool listens to its queue\'s signals for its own types, and stops listening when it stops', async () => {
  const testDb = await createTestDatabase('sqlite')
  try {
    await migrateKit(testDb.database)
    const signals = new FakeSignals()
    const producer = new JobQueue(testDb.database)
    producer.useSignals(signals)
    const worker = new JobQueue(testDb.database)
    worker.useSignals(signals)
    const ran: string[] = []
    const pool = new WorkerPool(worker, { mine: { handler: async () => void ran.push('mine') } }, { pollIntervalMs: HOUR, signalledPollIntervalMs: HOUR })
    pool.start()
    assert.equal(signals.subscriberCount, 1)
    await producer.enqueue('mine', {})
    await waitFor('the signalled job to run', () => ran.length === 1)
    // A type the pool has no handler for is signalled but does not concern it.
    await producer.enqueue('theirs', {})
    assert.deepEqual(signals.published, ['mine', 'theirs'])
    // Enqueued in a transaction: no signal until notify() after the commit.
    await testDb.database.db.transaction().execute((trx) => producer.enqueue('mine', {}, { trx }))
    assert.deepEqual(signals.published, ['mine', 'theirs'])
    producer.notify('mine')
    await waitFor('the job enqueued in a transaction to run', () => ran.length === 2)
    await pool.stop(0)
    assert.equal(signals.subscriberCount, 0)
  } finally {
    await testDb.cleanup()
  }
})
