import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Registry } from 'prom-client'
import { OutboxBus } from '../../../src/kit/bus/outbox-bus.ts'
import type { BusMessage } from '../../../src/kit/bus/types.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { WorkerPool } from '../../../src/kit/jobs/worker-pool.ts'
import type { Database } from '../../../src/kit/db/database.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { migrateKit, waitFor } from '../jobs/helpers.ts'

interface Setup {
  queue: JobQueue
  bus: OutboxBus
  /** Starts the relay and a worker pool with the bus's handlers; stops them after `fn`. */
  run(fn: () => Promise<void>): Promise<void>
}

function setup(database: Database, registry?: Registry): Setup {
  const queue = new JobQueue(database, registry ? { registry } : {})
  const bus = new OutboxBus(database, queue, { pollIntervalMs: 10 })
  return {
    queue,
    bus,
    async run(fn) {
      const pool = new WorkerPool(queue, bus.jobDefinitions(), { pollIntervalMs: 10, backoffBaseMs: 1 })
      bus.startRelay()
      pool.start()
      try {
        await fn()
      } finally {
        await bus.stopRelay()
        await pool.stop(0)
      }
    },
  }
}

/** Every delivery job has finished and nothing is left to relay. */
async function settled(s: Setup): Promise<void> {
  await waitFor('deliveries to settle', async () => {
    if ((await s.bus.relay.relayOnce()) > 0) return false
    const counts = Object.entries(await s.queue.counts()).filter(([type]) => type.startsWith('bus:'))
    return counts.every(([, c]) => c.queued === 0 && c.running === 0)
  })
}

test('a message published in a committed transaction is delivered; one rolled back is not', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const registry = new Registry()
    const s = setup(database, registry)
    const received: unknown[] = []
    await s.bus.subscribe({ topic: 'orders', group: 'billing', handler: async (m) => void received.push(m.payload) })
    await s.run(async () => {
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await s.bus.publish('orders', { order: 'rolled back' }, trx)
          throw new Error('rollback')
        }),
      )
      const id = await database.db.transaction().execute((trx) => s.bus.publish('orders', { order: 'committed' }, trx))
      s.bus.notify()
      await waitFor('the committed message', () => received.length === 1)
      await settled(s)
      assert.deepEqual(received, [{ order: 'committed' }])
      const jobs = await s.queue.list({ type: 'bus:billing' })
      assert.deepEqual(jobs.map((j) => j.key), [`bus:billing:${id}`])
    })
    assert.match(await registry.metrics(), /flotilla_bus_delivered_total\{topic="orders",group="billing",outcome="success"\} 1/)
  }))

test('each consumer group gets every message', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const s = setup(database)
    const byGroup: Record<string, BusMessage[]> = { mail: [], audit: [] }
    for (const group of Object.keys(byGroup)) {
      await s.bus.subscribe({ topic: 'signup', group, concurrency: 2, handler: async (m) => void byGroup[group]!.push(m) })
    }
    await s.bus.subscribe({ topic: 'other', group: 'audit', handler: async () => assert.fail('no message on this topic') })
    await s.run(async () => {
      const ids: number[] = []
      for (let i = 0; i < 25; i++) ids.push(await s.bus.publish('signup', { user: i }))
      await waitFor('both groups to get every message', () => byGroup.mail!.length >= 25 && byGroup.audit!.length >= 25)
      await settled(s)
      for (const messages of Object.values(byGroup)) {
        assert.deepEqual(messages.map((m) => m.id).sort((a, b) => a - b), ids)
        assert.ok(messages.every((m) => m.topic === 'signup' && (m.payload as { user: number }).user === ids.indexOf(m.id)))
      }
    })
  }))

test('a failing handler is retried until it succeeds', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const s = setup(database)
    const attempts: number[] = []
    await s.bus.subscribe({
      topic: 'invoice',
      group: 'ledger',
      handler: async (m) => {
        attempts.push(m.id)
        if (attempts.length < 3) throw new Error('ledger unavailable')
      },
    })
    await s.run(async () => {
      const id = await s.bus.publish('invoice', { total: 10 })
      const job = await waitFor('delivery to succeed', async () => (await s.queue.list({ type: 'bus:ledger' })).find((j) => j.status === 'succeeded'))
      assert.equal(job.attempts, 3)
      assert.deepEqual(attempts, [id, id, id])
    })
  }))

test('a group gets only messages published after it first subscribed', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const s = setup(database)
    const early: unknown[] = []
    const late: unknown[] = []
    await s.bus.subscribe({ topic: 'news', group: 'early', handler: async (m) => void early.push(m.payload) })
    await s.bus.publish('news', 'before')
    await s.bus.subscribe({ topic: 'news', group: 'late', handler: async (m) => void late.push(m.payload) })
    await s.bus.publish('news', 'after')
    await s.run(async () => {
      await waitFor('the late group to get its message', () => late.length === 1)
      await settled(s)
      assert.deepEqual(late, ['after'])
      assert.deepEqual(early, ['before', 'after'])
    })
  }))

test('a relay in another process delivers to groups it never subscribed itself', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const consumer = setup(database)
    const got: unknown[] = []
    await consumer.bus.subscribe({ topic: 'ping', group: 'pong', handler: async (m) => void got.push(m.payload) })
    const pool = new WorkerPool(consumer.queue, consumer.bus.jobDefinitions(), { pollIntervalMs: 10 })
    // The relay's process knows the group only from the bus_subscriptions table.
    const other = setup(database)
    await other.bus.publish('ping', 1)
    pool.start()
    other.bus.startRelay()
    try {
      await waitFor('delivery', () => got.length === 1)
      assert.deepEqual(got, [1])
    } finally {
      await other.bus.stopRelay()
      await pool.stop(0)
    }
  }))
