import assert from 'node:assert/strict'
import { test } from 'node:test'
import pg from 'pg'
import pino from 'pino'
import { freePort } from '../../../bench/lib/processes.ts'
import { openDatabase } from '../../../src/kit/db/database.ts'
import { createServer } from '../../../src/kit/http/create-server.ts'
import { createHttpMetrics, createRegistry } from '../../../src/kit/metrics.ts'

function pgError(code: string, message: string): Error {
  return Object.assign(new pg.DatabaseError(message, 0, 'error'), { code })
}

test('a database that is down or restarting answers 503 with a retry hint, never 500, and no internals', async () => {
  const registry = createRegistry()
  const app = await createServer({
    log: pino({ level: 'silent' }),
    registry,
    httpMetrics: createHttpMetrics(registry),
    auth: { enabled: false, token: 'test-token-0123456789abcdef', generated: false },
    version: '1.2.3',
    readiness: {},
  })
  // Nothing listens there: the real error pg gives for a server that is down.
  const down = openDatabase({ url: `postgres://postgres@127.0.0.1:${await freePort()}/nowhere` })
  const thrown: Record<string, () => Promise<unknown>> = {
    refused: () => down.db.selectFrom('anything').selectAll().execute(),
    'shutting-down': () => Promise.reject(pgError('57P01', 'terminating connection due to administrator command')),
    'starting-up': () => Promise.reject(pgError('57P03', 'the database system is starting up')),
    cut: () => Promise.reject(new Error('Connection terminated unexpectedly')),
    'not-the-connection': () => Promise.reject(pgError('23505', 'duplicate key value violates unique constraint "secret_pkey"')),
  }
  for (const [name, fail] of Object.entries(thrown)) app.get(`/${name}`, () => fail())
  await app.ready()
  try {
    for (const name of ['refused', 'shutting-down', 'starting-up', 'cut']) {
      const res = await app.inject({ url: `/${name}` })
      assert.equal(res.statusCode, 503, `${name}: ${res.body}`)
      assert.equal(res.headers['retry-after'], '5')
      assert.deepEqual(res.json(), { error: { code: 'FLOTILLA_DATABASE_UNAVAILABLE', message: 'the database is unavailable; try again shortly' } })
    }
    const other = await app.inject({ url: '/not-the-connection' })
    assert.equal(other.statusCode, 500)
    assert.equal(other.json().error.code, 'FLOTILLA_INTERNAL')
    assert.doesNotMatch(other.body, /secret|duplicate/)
  } finally {
    await app.close()
    await down.close()
  }
})
