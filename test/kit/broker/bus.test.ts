import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { Connection } from 'rabbitmq-client'
import { Broker, type BrokerOptions } from '../../../src/kit/broker/broker.ts'
import { OutboxBus } from '../../../src/kit/bus/outbox-bus.ts'
import type { BusMessage } from '../../../src/kit/bus/types.ts'
import type { Database } from '../../../src/kit/db/database.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { createTestDatabase, postgresSkipReason } from '../../helpers/databases.ts'
import { migrateKit, waitFor } from '../jobs/helpers.ts'
import { brokerSkipReason, brokerUrl, deleteBrokerObjects, queueDepth, uniquePrefix } from './helpers.ts'

/** One process's bus over RabbitMQ: its own queue, bus and broker connection. */
function processBus(database: Database, options: BrokerOptions): { bus: OutboxBus; broker: Broker; queue: JobQueue } {
  const broker = new Broker(options)
  const queue = new JobQueue(database)
  const bus = new OutboxBus(database, queue, { pollIntervalMs: 50 })
  broker.carry(queue, bus)
  return { bus, broker, queue }
}

async function skipReason(): Promise<string | undefined> {
  return (await brokerSkipReason()) ?? (await postgresSkipReason())
}

test('over RabbitMQ, each consumer group gets every message once, however many processes consume it', { timeout: 60_000 }, async (t) => {
  const skip = await skipReason()
  if (skip) return t.skip(skip)
  const testDb = await createTestDatabase('postgres')
  const prefix = uniquePrefix()
  const processes = [0, 1].map(() => processBus(testDb.database, { url: brokerUrl, prefix }))
  const seen = { billing: [] as number[], audit: [] as number[] }
  try {
    await migrateKit(testDb.database)
    for (const { bus } of processes) {
      await bus.subscribe({ topic: 'orders', group: 'billing', concurrency: 4, handler: async (m) => void seen.billing.push(m.id) })
      await bus.subscribe({ topic: 'orders', group: 'audit', handler: async (m) => void seen.audit.push(m.id) })
      await bus.subscribe({ topic: 'refunds', group: 'audit', handler: async (m) => void seen.audit.push(m.id) })
    }
    for (const { bus } of processes) bus.startRelay()
    const published: number[] = []
    const orders: number[] = []
    for (let i = 0; i < 200; i++) {
      const topic = i % 4 === 0 ? 'refunds' : 'orders'
      const id = await processes[i % 2]!.bus.publish(topic, { i })
      published.push(id)
      if (topic === 'orders') orders.push(id)
    }
    // A message in a rolled-back transaction never leaves the outbox.
    await assert.rejects(
      testDb.database.db.transaction().execute(async (trx) => {
        await processes[0]!.bus.publish('orders', { rolledBack: true }, trx)
        throw new Error('rollback')
      }),
    )
    await waitFor('every group to see every message', () => seen.billing.length >= orders.length && seen.audit.length >= published.length, 30_000)
    await sleep(300) // room for a stray repeat to show up
    assert.deepEqual([...seen.billing].sort((a, b) => a - b), orders)
    assert.deepEqual([...seen.audit].sort((a, b) => a - b), published)
    const unrelayed = await testDb.database.db.selectFrom('bus_outbox').select('id').where('relayed_at', 'is', null).execute()
    assert.equal(unrelayed.length, 0)
    const deliveryJobs = await processes[0]!.queue.list({ limit: 10 })
    assert.equal(deliveryJobs.length, 0, 'no delivery jobs: the broker carried the messages')
  } finally {
    for (const { bus } of processes) await bus.stopRelay()
    for (const { broker } of processes) await broker.close()
    await deleteBrokerObjects(brokerUrl, prefix, ['billing', 'audit'])
    await testDb.cleanup()
  }
})

test('a message a group keeps rejecting is dead-lettered after N deliveries while the rest flow on', { timeout: 60_000 }, async (t) => {
  const skip = await skipReason()
  if (skip) return t.skip(skip)
  const testDb = await createTestDatabase('postgres')
  const prefix = uniquePrefix()
  const { bus, broker } = processBus(testDb.database, { url: brokerUrl, prefix, maxDeliveries: 3, retryBaseMs: 0 })
  const attempts = new Map<number, number>()
  const fine: number[] = []
  const ledger: number[] = []
  try {
    await migrateKit(testDb.database)
    await bus.subscribe({
      topic: 'orders',
      group: 'picky',
      handler: async (m: BusMessage<{ poison: boolean }>) => {
        attempts.set(m.id, (attempts.get(m.id) ?? 0) + 1)
        if (m.payload.poison) throw new Error('cannot handle this one')
        fine.push(m.id)
      },
    })
    await bus.subscribe({ topic: 'orders', group: 'ledger', handler: async (m) => void ledger.push(m.id) })
    bus.startRelay()
    const ids: number[] = []
    for (let i = 0; i < 10; i++) ids.push(await bus.publish('orders', { poison: i === 3 }))
    const poison = ids[3]!
    await waitFor('the poison message to be dead-lettered', async () => (await queueDepth(brokerUrl, broker.names.deadLetterQueue('picky'))) === 1, 30_000)
    await waitFor('the others to be handled', () => fine.length === 9 && ledger.length === 10, 30_000)
    assert.equal(attempts.get(poison), 3)
    assert.deepEqual(fine.sort((a, b) => a - b), ids.filter((id) => id !== poison))
    assert.deepEqual(ledger.sort((a, b) => a - b), ids)

    // The dead letter is the message itself, outbox id and all, for a person to look at.
    const connection = new Connection(brokerUrl)
    try {
      const dead = await connection.basicGet({ queue: broker.names.deadLetterQueue('picky'), noAck: true })
      assert.equal((dead?.body as BusMessage).id, poison)
      assert.equal(dead?.messageId, String(poison))
    } finally {
      await connection.close()
    }
  } finally {
    await bus.stopRelay()
    await broker.close()
    await deleteBrokerObjects(brokerUrl, prefix, ['picky', 'ledger'])
    await testDb.cleanup()
  }
})

test('the relay leaves messages in the outbox while the broker is unreachable, and readiness says so', { timeout: 30_000 }, async (t) => {
  const skip = await postgresSkipReason()
  if (skip) return t.skip(skip)
  const testDb = await createTestDatabase('postgres')
  const prefix = uniquePrefix()
  // Nothing listens on port 1: the broker is "down" for this process.
  const { bus, broker } = processBus(testDb.database, { url: 'amqp://guest:guest@127.0.0.1:1', prefix })
  try {
    await migrateKit(testDb.database)
    await bus.subscribe({ topic: 'orders', group: 'billing', handler: async () => {} })
    const id = await bus.publish('orders', {})
    await assert.rejects(bus.relay.relayOnce(), /not connected/)
    await assert.rejects(broker.ping(), /not connected/)
    const row = await testDb.database.db.selectFrom('bus_outbox').select('relayed_at').where('id', '=', id).executeTakeFirstOrThrow()
    assert.equal(row.relayed_at, null)
  } finally {
    await broker.close()
    await testDb.cleanup()
  }
})
