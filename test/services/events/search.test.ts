import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import { Registry } from 'prom-client'
import { HotPaths } from '../../../src/kit/http/hot-paths.ts'
import { createHttpMetrics } from '../../../src/kit/metrics.ts'
import { EventIndex } from '../../../src/services/events/event-index.ts'
import { eventsService } from '../../../src/services/events/index.ts'
import { createEventsMetrics } from '../../../src/services/events/metrics.ts'
import { zoneConverter } from '../../../src/services/events/provider-time.ts'
import { searchRoutes } from '../../../src/services/events/search-routes.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla, type TestFlotilla } from '../../helpers/flotilla.ts'
import { eventsEnv, sample, startFetch, startProvider } from './provider.ts'

async function titles(f: TestFlotilla, query: string): Promise<string[]> {
  const res = await f.server.inject({ url: `/search?${query}` })
  assert.equal(res.statusCode, 200, `${query}: ${res.body}`)
  return res.json<{ data: { events: Array<{ title: string; start_date: string }> } }>().data.events.map((e) => `${e.title} ${e.start_date}`)
}

async function badRequest(f: TestFlotilla, query: string, message: RegExp): Promise<void> {
  const res = await f.server.inject({ url: `/search?${query}` })
  assert.equal(res.statusCode, 400, query)
  assert.match(String(res.headers['content-type']), /application\/json/)
  const body = res.json()
  assert.deepEqual(Object.keys(body), ['error', 'data'], query)
  assert.equal(body.data, null)
  assert.deepEqual(Object.keys(body.error), ['code', 'message'])
  assert.equal(body.error.code, 'EVENTS_BAD_PARAMETER')
  assert.match(body.error.message, message, query)
}

test('GET /search: the challenge contract, windows, pages and bad parameters', async (t) => {
  await eachDialect(t, async (db) => {
    const provider = await startProvider()
    provider.serve(sample('provider-v2-moment2.xml'))
    const f = await startTestFlotilla(db, eventsEnv(provider, { EVENTS_SEARCH_MAX_LIMIT: '2' }), { services: [eventsService] })
    try {
      await startFetch(f)
      const res = await f.server.inject({ url: '/search?starts_at=2021-09-15T00:00:00Z&ends_at=2021-09-16T01:00:00Z' })
      assert.equal(res.statusCode, 200)
      assert.match(String(res.headers['content-type']), /^application\/json/)
      assert.match(res.body, /^\{"data":\{"events":\[\{"id":"[0-9a-f-]{36}","title":"Tributo a Queen","start_date":"2021-09-15","start_time":"21:30:00","end_date":"2021-09-16","end_time":"00:30:00","min_price":35,"max_price":48\}\]\},"error":null\}$/)

      // Inclusive at both ends; without an offset the provider's zone (UTC) applies; offsets and dates work.
      assert.deepEqual(await titles(f, 'starts_at=2021-06-30T21:00:00&ends_at=2021-06-30T22:00:00'), ['Camela en concierto 2021-06-30'])
      assert.deepEqual(await titles(f, 'starts_at=2021-06-30T21:00:01&ends_at=2021-06-30T22:00:00'), [])
      assert.deepEqual(await titles(f, 'starts_at=2021-06-30T23:00:00%2B02:00&ends_at=2021-06-30T22:00:00Z'), ['Camela en concierto 2021-06-30'])
      assert.deepEqual(await titles(f, 'starts_at=2021-06-30T23:00:00+02:00&ends_at=2021-06-30T22:00:00Z'), ['Camela en concierto 2021-06-30'])
      assert.deepEqual(await titles(f, 'starts_at=2021-09-16&ends_at=2021-09-18'), ['Tributo a Queen 2021-09-16'])
      assert.deepEqual(await titles(f, 'ends_at=2021-09-16T00:30:00Z'), ['Camela en concierto 2021-06-30', 'Tributo a Queen 2021-09-15'])
      assert.deepEqual(await titles(f, 'starts_at=2030-01-01T00:00:00Z'), [])
      assert.deepEqual(await titles(f, 'starts_at=2021-09-16T00:00:00Z&ends_at=2021-01-01T00:00:00Z'), [])

      // Pages: the documented maximum is the default, and a header tells where the next page starts.
      const first = await f.server.inject({ url: '/search' })
      assert.equal(first.json().data.events.length, 2)
      assert.equal(first.headers['x-next-offset'], '2')
      const last = await f.server.inject({ url: '/search?offset=2&limit=2' })
      assert.deepEqual(last.json().data.events.map((e: { title: string }) => e.title), ['Tributo a Queen'])
      assert.equal(last.headers['x-next-offset'], undefined)
      assert.deepEqual(await titles(f, 'limit=1&offset=1'), ['Tributo a Queen 2021-09-15'])

      await badRequest(f, 'starts_at=yesterday', /starts_at must be an ISO 8601 date-time.*"yesterday"/)
      await badRequest(f, 'ends_at=2021-02-30T00:00:00Z', /ends_at must be/)
      await badRequest(f, 'starts_at=2021-06-30T25:00:00', /starts_at/)
      await badRequest(f, 'starts_at=2021-06-30T10:00:00%2B24:00', /starts_at/)
      await badRequest(f, 'starts_at=2021-01-01&starts_at=2021-01-02', /starts_at must be given once/)
      await badRequest(f, 'limit=0', /limit must be an integer from 1 to 2/)
      await badRequest(f, 'limit=3', /limit must be an integer from 1 to 2/)
      await badRequest(f, 'offset=-1', /offset must be an integer/)
      await badRequest(f, 'offset=1.5', /offset must be an integer/)
      await badRequest(f, `starts_at=${'9'.repeat(500)}`, /…"\)$/)

      const metrics = (await f.server.inject({ url: '/metrics' })).body
      assert.match(metrics, /events_served_total\{endpoint="search"\} \d+/)
      assert.match(metrics, /events_stored 3/)
    } finally {
      await f.close()
      await provider.close()
    }
  })
})

test('GET /search over a socket (the hot path) answers exactly as the Fastify route does', async (t) => {
  await eachDialect(t, async (db) => {
    const provider = await startProvider()
    provider.serve(sample('provider-v2-moment2.xml'))
    const f = await startTestFlotilla(db, eventsEnv(provider, { EVENTS_SEARCH_MAX_LIMIT: '2' }), { services: [eventsService] })
    try {
      await startFetch(f)
      const base = (await f.server.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')
      const queries = ['', '?offset=2&limit=2', '?limit=1&offset=1', '?starts_at=2021-06-30T23:00:00%2B02:00&ends_at=2021-06-30T22:00:00Z', '?starts_at=yesterday',
        '?starts_at=2021-01-01&starts_at=2021-01-02', '?limit=3', '?starts_at=%E0%A4%A', '?ends_at=2021-09-16T00:30:00Z&unknown=1', '?&&=&limit']
      for (const query of queries) {
        const viaFastify = await f.server.inject({ url: `/search${query}` })
        const viaSocket = await fetch(`${base}/search${query}`, { headers: { 'x-request-id': 'client-chosen-1' } })
        assert.equal(viaSocket.status, viaFastify.statusCode, query)
        assert.equal(await viaSocket.text(), viaFastify.body, query)
        assert.equal(viaSocket.headers.get('content-type'), viaFastify.headers['content-type'], query)
        assert.equal(viaSocket.headers.get('x-next-offset') ?? undefined, viaFastify.headers['x-next-offset'], query)
        assert.equal(viaSocket.headers.get('x-request-id'), 'client-chosen-1')
      }
      const head = await fetch(`${base}/search`, { method: 'HEAD' })
      assert.equal(head.status, 200)
      assert.equal(await head.text(), '')
      assert.equal(head.headers.get('content-length'), String(Buffer.byteLength((await f.server.inject({ url: '/search' })).body)))
      // Counted like any route, by its template.
      const metrics = await (await fetch(`${base}/metrics`)).text()
      assert.match(metrics, /flotilla_http_requests_total\{method="GET",route="\/search",status="400"\} [1-9]/)
    } finally {
      await f.close()
      await provider.close()
    }
  })
})

test('an unexpected failure is a 500 in the same shape, without internals', async () => {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>()
  app.decorate('hotPaths', new HotPaths({ metrics: createHttpMetrics(new Registry()) }))
  const failing = (): EventIndex => {
    throw new Error('secret database detail')
  }
  await app.register(searchRoutes({ index: failing, converter: zoneConverter('UTC'), metrics: createEventsMetrics(new Registry()), maxLimit: 10 }))
  const res = await app.inject({ url: '/search' })
  assert.equal(res.statusCode, 500)
  const body = res.json()
  assert.deepEqual(Object.keys(body), ['error', 'data'])
  assert.equal(body.error.code, 'EVENTS_INTERNAL')
  assert.doesNotMatch(res.body, /secret/)
  assert.equal(EventIndex.empty().search({ from: -Infinity, to: Infinity, offset: 0, limit: 5 }).count, 0)
  await app.close()
})
