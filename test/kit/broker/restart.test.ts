import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Broker } from '../../../src/kit/broker/broker.ts'
import { OutboxBus } from '../../../src/kit/bus/outbox-bus.ts'
import type { Database } from '../../../src/kit/db/database.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { WorkerPool } from '../../../src/kit/jobs/worker-pool.ts'
import { createTestDatabase, postgresSkipReason, requireServices } from '../../helpers/databases.ts'
import { migrateKit, waitFor } from '../jobs/helpers.ts'
import { PrivateRabbit } from './helpers.ts'

const JOBS = 1000
const MESSAGES = 1000
const GROUPS = ['ledger', 'mailer']

/** One worker process's kit: queue, pool, bus consumers and relay, over its own connection. */
function workerProcess(database: Database, url: string, prefix: string, ran: Map<number, number>, seen: Map<string, Set<number>>) {
  const broker = new Broker({ url, prefix, reconnectBaseMs: 100, reconnectMaxMs: 1000 })
  const queue = new JobQueue(database)
  const bus = new OutboxBus(database, queue, { pollIntervalMs: 200 })
  broker.carry(queue, bus)
  const pool = new WorkerPool(
    queue,
    { work: { concurrency: 8, handler: async (_payload, { jobId }) => void ran.set(jobId, (ran.get(jobId) ?? 0) + 1) } },
    { pollIntervalMs: 200, signalledPollIntervalMs: 2000 },
  )
  return {
    async start() {
      for (const group of GROUPS) await bus.subscribe({ topic: 'burst', group, concurrency: 4, handler: async (m) => void seen.get(group)!.add(m.id) })
      bus.startRelay()
      pool.start()
    },
    async stop() {
      await pool.stop(0)
      await bus.stopRelay()
      await broker.close()
    },
  }
}

test('restarting RabbitMQ during a burst of 1,000 jobs and 1,000 bus messages loses none', { timeout: 120_000 }, async (t) => {
  const skip = await postgresSkipReason()
  if (skip) return t.skip(skip)
  const rabbit = await PrivateRabbit.create()
  if (!rabbit) {
    const reason = 'rabbitmq-server is not installed: install it (apt-get install rabbitmq-server) to run this test'
    if (requireServices) throw new Error(`FLOTILLA_REQUIRE_SERVICES=1 but ${reason}`)
    return t.skip(reason)
  }
  const testDb = await createTestDatabase('postgres')
  const prefix = 'flotilla-restart'
  const ran = new Map<number, number>()
  const seen = new Map(GROUPS.map((g) => [g, new Set<number>()]))
  const producerBroker = new Broker({ url: rabbit.url, prefix, reconnectBaseMs: 100, reconnectMaxMs: 1000 })
  const producerQueue = new JobQueue(testDb.database)
  const producerBus = new OutboxBus(testDb.database, producerQueue)
  producerBroker.carry(producerQueue, producerBus)
  const workers = [0, 1].map(() => workerProcess(testDb.database, rabbit.url, prefix, ran, seen))
  try {
    await rabbit.start()
    await migrateKit(testDb.database)
    for (const w of workers) await w.start()
    await producerBroker.connected()

    const jobIds: number[] = []
    const messageIds: number[] = []
    let restarting: Promise<void> | undefined
    let whileDown = 0
    for (let i = 0; i < JOBS; i++) {
      // A quarter of the way in, the node stops; it comes back while the burst goes on.
      if (i === JOBS / 4) restarting = rabbit.stop().then(() => rabbit.start())
      jobIds.push((await producerQueue.enqueue('work', { i })).id)
      messageIds.push(await producerBus.publish('burst', { i }))
      if (!producerBroker.ready) whileDown++
    }
    assert.ok(whileDown > 0, 'part of the burst went out while the broker was down')
    await restarting
    await producerBroker.connected(30_000)

    await waitFor('every job to run', () => jobIds.every((id) => ran.has(id)), 60_000)
    for (const group of GROUPS) await waitFor(`${group} to see every message`, () => seen.get(group)!.size === MESSAGES, 60_000)
    const counts = (await producerQueue.counts())['work']!
    assert.equal(counts.succeeded, JOBS)
    for (const group of GROUPS) assert.deepEqual([...seen.get(group)!].sort((a, b) => a - b), messageIds)
    const unrelayed = await testDb.database.db.selectFrom('bus_outbox').select('id').where('relayed_at', 'is', null).execute()
    assert.equal(unrelayed.length, 0)
  } finally {
    for (const w of workers) await w.stop()
    await producerBroker.close()
    // Its queues and exchanges go with its data directory.
    await rabbit.destroy()
    await testDb.cleanup()
  }
})
