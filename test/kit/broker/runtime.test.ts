import assert from 'node:assert/strict'
import { test } from 'node:test'
import pino from 'pino'
import { createRuntime } from '../../../src/kit/runtime.ts'
import { defineService } from '../../../src/kit/service.ts'
import { createTestDatabase, postgresSkipReason } from '../../helpers/databases.ts'
import { waitFor } from '../jobs/helpers.ts'
import { brokerSkipReason, brokerUrl, deleteBrokerObjects, uniquePrefix } from './helpers.ts'

test('with BROKER_URL, a runtime runs jobs and bus messages through RabbitMQ, reports it in /readyz, and closes cleanly', { timeout: 60_000 }, async (t) => {
  const skip = (await brokerSkipReason()) ?? (await postgresSkipReason())
  if (skip) return t.skip(skip)
  const testDb = await createTestDatabase('postgres')
  const prefix = uniquePrefix()
  const handled: string[] = []
  const service = defineService({
    name: 'probe',
    description: 'exercises jobs and the bus',
    create: ({ jobs, bus }) => ({
      jobs: {
        'probe.job': {
          handler: async () => {
            handled.push('job')
            await bus.publish('probe.done', { ok: true })
          },
        },
      },
      subscriptions: [{ topic: 'probe.done', group: 'probe-listener', handler: async () => void handled.push('message') }],
      start: async () => void (await jobs.enqueue('probe.job', {})),
    }),
  })
  const runtime = await createRuntime({
    services: [service],
    database: testDb.database,
    log: pino({ level: 'silent' }),
    env: { ...testDb.env, LOG_LEVEL: 'silent', BROKER_URL: brokerUrl, BROKER_PREFIX: prefix },
  })
  try {
    await waitFor('the job and its message to be handled', () => handled.length === 2, 20_000)
    assert.deepEqual(handled, ['job', 'message'])
    const counts = await runtime.jobs.counts()
    assert.equal(counts['bus:probe-listener'], undefined, 'the message travelled through RabbitMQ, not a delivery job')
    const ready = await waitFor('readiness', async () => {
      const res = await runtime.server!.inject('/readyz')
      return res.statusCode === 200 ? res.json() : undefined
    })
    assert.deepEqual(ready.checks, { database: 'ok', broker: 'ok' })
  } finally {
    await runtime.close()
    await deleteBrokerObjects(brokerUrl, prefix, ['probe-listener'])
    await testDb.cleanup()
  }
})
