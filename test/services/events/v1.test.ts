import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventsService } from '../../../src/services/events/index.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla, type TestFlotilla } from '../../helpers/flotilla.ts'
import { eventsEnv, sample, startFetch, startProvider } from './provider.ts'

type Document = { base_event: Record<string, string> & { event: Record<string, string> & { zone: Array<Record<string, string>> } } }

async function documents(f: TestFlotilla, query: string): Promise<Document[]> {
  const res = await f.server.inject({ url: `/v1/api/events${query}` })
  assert.equal(res.statusCode, 200, `${query}: ${res.body}`)
  return res.json()
}

const ids = (docs: Document[]) => docs.map((d) => `${d.base_event.base_event_id}/${d.base_event.event.event_id}`)

test('GET /v1/api/events: the original shape, every value a string as written, strict bounds', async (t) => {
  await eachDialect(t, async (db) => {
    const provider = await startProvider()
    provider.serve(sample('provider-v1.xml'))
    const f = await startTestFlotilla(db, eventsEnv(provider, { EVENTS_V1_MAX_EVENTS: '1' }), { services: [eventsService] })
    try {
      await startFetch(f)
      const res = await f.server.inject({ url: '/v1/api/events?start_date=2019-07-01T00:00:00' })
      assert.match(String(res.headers['content-type']), /^application\/json/)
      assert.deepEqual(res.json(), [
        {
          base_event: {
            base_event_id: '1591',
            sell_mode: 'online',
            organizer_company_id: '1',
            title: 'Theater',
            event: {
              event_date: '2019-07-31T20:00:00',
              event_id: '1642',
              sell_from: '2017-06-26T00:00:00',
              sell_to: '2019-07-31T19:50:00',
              sold_out: 'false',
              zone: [
                { zone_id: '186', capacity: '2', max_price: '75.00', name: 'Amfiteatre', numbered: 'true' },
                { zone_id: '186', capacity: '16', max_price: '75.00', name: 'Amfiteatre', numbered: 'false' },
              ],
            },
          },
        },
      ])

      // EVENTS_V1_MAX_EVENTS is 1 here: the first page says where the next one starts.
      const page = await f.server.inject({ url: '/v1/api/events' })
      assert.deepEqual(ids(page.json()), ['291/291'])
      assert.equal(page.headers['x-next-offset'], '1')
      assert.deepEqual(ids(await documents(f, '?offset=1')), ['1591/1642'])

      // Strictly between: an event at either bound is left out.
      assert.deepEqual(ids(await documents(f, '?start_date=2019-06-30T21:00:00&end_date=2019-07-31T20:00:01')), ['1591/1642'])
      assert.deepEqual(ids(await documents(f, '?start_date=2019-06-30T20:59:59&end_date=2019-07-31T20:00:00')), ['291/291'])
      assert.deepEqual(ids(await documents(f, '?start_date=2019-06-30T21:00:00&end_date=2019-07-31T20:00:00')), [])
      // strptime takes one digit where two are usual.
      assert.deepEqual(ids(await documents(f, '?start_date=2019-7-1T0:0:0')), ['1591/1642'])

      for (const query of ['start_date=2019-06-30', 'end_date=2019-06-30T21:00:00Z', 'start_date=2019-13-01T00:00:00', 'end_date=tomorrow', 'start_date=']) {
        const bad = await f.server.inject({ url: `/v1/api/events?${query}` })
        assert.equal(bad.statusCode, 400, query)
        assert.deepEqual(Object.keys(bad.json()), ['error', 'detail'])
        assert.equal(bad.json().error, 'HTTPBadRequest')
        assert.match(bad.json().detail, /does not match format '%Y-%m-%dT%H:%M:%S'/, query)
      }
    } finally {
      await f.close()
      await provider.close()
    }
  })
})

test('the docs at the original path, and the service without a provider', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'events' }, { services: [eventsService] })
    try {
      const ui = await f.server.inject({ url: '/v1/api/docs/ui' })
      assert.equal(ui.statusCode, 302)
      assert.equal(ui.headers.location, '/docs')
      assert.equal((await f.server.inject({ url: '/docs/' })).statusCode, 200)
      const openapi = (await f.server.inject({ url: '/openapi.json' })).json()
      for (const path of ['/search', '/v1/api/events', '/api/events/status', '/api/events/fetch']) assert.ok(openapi.paths[path], path)
      assert.equal(openapi.paths['/v1/api/docs/ui'], undefined)

      const status = (await f.server.inject({ url: '/api/events/status' })).json()
      assert.deepEqual(status.provider, { configured: false, host: null, schedule: 'every 60 s', timeZone: 'UTC', timeoutSeconds: 60, maxFeedMb: 256 })
      assert.equal(status.lastFetch, null)
      assert.equal(status.index.size, 0)
      const fetch = await f.server.inject({ method: 'POST', url: '/api/events/fetch' })
      assert.equal(fetch.statusCode, 409)
      assert.equal(fetch.json().error.code, 'EVENTS_NO_PROVIDER')
      assert.deepEqual((await f.server.inject({ url: '/search' })).json(), { data: { events: [] }, error: null })
      assert.deepEqual((await f.server.inject({ url: '/v1/api/events' })).json(), [])
    } finally {
      await f.close()
    }
  })
})

test('a bad time zone stops the start, naming its variable', async (t) => {
  await eachDialect(t, async (db) => {
    await assert.rejects(startTestFlotilla(db, { FLOTILLA_SERVICES: 'events', EVENTS_PROVIDER_TIME_ZONE: 'Mars/Olympus' }, { services: [eventsService] }), /EVENTS_PROVIDER_TIME_ZONE/)
  })
})
