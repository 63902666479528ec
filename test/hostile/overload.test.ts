import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { createServer, type Server } from '../../src/kit/http/create-server.ts'
import { createHttpMetrics, createRegistry } from '../../src/kit/metrics.ts'
import { waitFor } from '../helpers/flotilla.ts'

async function server(maxHeapMb: number | undefined): Promise<Server> {
  const registry = createRegistry()
  const app = await createServer({
    log: pino({ level: 'silent' }),
    registry,
    httpMetrics: createHttpMetrics(registry),
    auth: { enabled: false, token: 'test-token-0123456789abcdef', generated: false },
    version: '1.0.0',
    readiness: { database: async () => undefined },
    ...(maxHeapMb === undefined ? {} : { pressure: { FLOTILLA_MAX_EVENT_LOOP_DELAY_MS: 0, FLOTILLA_MAX_HEAP_MB: maxHeapMb, FLOTILLA_SHED_RETRY_AFTER_S: 7 } }),
  })
  const answer = () => ({ status: 200, body: '{"hot":true}', contentType: 'application/json' })
  app.hotPaths.add({ path: '/hot', answer })
  app.get('/hot', async (_request, reply) => reply.type('application/json').send(answer().body))
  app.get('/things', async () => ({ ok: true }))
  await app.listen({ host: '127.0.0.1', port: 0 })
  return app
}

function base(app: Server): string {
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

test('under pressure, routes and hot paths shed with 503, Retry-After and the kit error shape; health answers', async () => {
  // A 1 MB heap limit is always exceeded: the process is under pressure from its first sample on.
  const app = await server(1)
  try {
    await waitFor(() => (app.isUnderPressure() ? true : undefined), 5_000, 'pressure')

    const route = await fetch(`${base(app)}/things`)
    assert.equal(route.status, 503)
    assert.equal(route.headers.get('retry-after'), '7')
    const body = await route.json()
    assert.equal(body.error.code, 'FLOTILLA_OVERLOADED')
    assert.match(body.error.message, /overloaded/)
    // Injected requests (tests) are never shed.
    assert.equal((await app.inject({ url: '/things' })).statusCode, 200)

    // The hot path answers before Fastify, so only a real socket exercises it.
    const hot = await fetch(`${base(app)}/hot`)
    assert.equal(hot.status, 503)
    assert.equal(hot.headers.get('retry-after'), '7')
    assert.equal((await hot.json()).error.code, 'FLOTILLA_OVERLOADED')

    const health = await fetch(`${base(app)}/healthz`)
    assert.equal(health.status, 200)
    assert.deepEqual(await health.json(), { status: 'ok' })
    assert.equal((await fetch(`${base(app)}/readyz?probe=1`)).status, 200)
  } finally {
    await app.close()
  }
})

test('without pressure, the same routes and hot paths answer normally', async () => {
  const app = await server(0)
  try {
    assert.equal(app.isUnderPressure(), false)
    assert.equal((await app.inject({ url: '/things' })).statusCode, 200)
    const hot = await fetch(`${base(app)}/hot`)
    assert.equal(hot.status, 200)
    assert.deepEqual(await hot.json(), { hot: true })
  } finally {
    await app.close()
  }
})

test('without limits passed in, the server reads FLOTILLA_MAX_HEAP_MB and FLOTILLA_SHED_RETRY_AFTER_S from the environment', async () => {
  const saved = { heap: process.env.FLOTILLA_MAX_HEAP_MB, retry: process.env.FLOTILLA_SHED_RETRY_AFTER_S }
  process.env.FLOTILLA_MAX_HEAP_MB = '1'
  process.env.FLOTILLA_SHED_RETRY_AFTER_S = '9'
  let app: Server | undefined
  try {
    app = await server(undefined)
    const shedding = app
    await waitFor(() => (shedding.isUnderPressure() ? true : undefined), 5_000, 'pressure')
    const res = await fetch(`${base(app)}/things`)
    assert.equal(res.status, 503)
    assert.equal(res.headers.get('retry-after'), '9')
  } finally {
    for (const [key, value] of [['FLOTILLA_MAX_HEAP_MB', saved.heap], ['FLOTILLA_SHED_RETRY_AFTER_S', saved.retry]] as const) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
    await app?.close()
  }
})
