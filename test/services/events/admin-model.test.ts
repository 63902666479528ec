import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AdminRow } from '../../../src/kit/admin/admin-model.ts'
import { eventUuid } from '../../../src/services/events/event-id.ts'
import { eventsService } from '../../../src/services/events/index.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla } from '../../helpers/flotilla.ts'
import { eventsEnv, sample, startFetch, startProvider } from './provider.ts'

const BASE = '/api/admin/events/events'

test('stored events in the admin: listed, filtered, sorted and paged, never written', async (t) => {
  await eachDialect(t, async (db) => {
    const provider = await startProvider()
    provider.serve(sample('provider-v2-moment1.xml'))
    const f = await startTestFlotilla(db, eventsEnv(provider), { services: [eventsService] })
    try {
      assert.equal((await startFetch(f)).status, 'succeeded')
      const { server } = f

      const model = (await server.inject({ url: '/api/admin' })).json().models.find((m: { service: string }) => m.service === 'events')
      assert.equal(model.key, 'id')
      assert.deepEqual(model.operations, { create: false, update: false, delete: false })
      assert.match(model.notes, /Read-only: events come from the provider feed/)

      const byStart = (await server.inject({ url: `${BASE}?sort=starts_at&order=asc` })).json()
      assert.equal(byStart.total, 3, 'the offline base_event 1700 is not stored')
      assert.deepEqual(
        byStart.rows.map((r: AdminRow) => [r.title, r.base_event_id, r.event_id, r.starts_at, r.ends_at, r.min_price, r.max_price]),
        [
          ['Pantomima Full', '322', '1642', Date.UTC(2021, 1, 10, 20), Date.UTC(2021, 1, 10, 21, 30), 55, 55],
          ['Camela en concierto', '291', '291', Date.UTC(2021, 5, 30, 21), Date.UTC(2021, 5, 30, 22), 15, 30],
          ['Los Morancos', '1591', '1642', Date.UTC(2021, 6, 31, 20), Date.UTC(2021, 6, 31, 21), 65, 75],
        ],
      )
      const first = byStart.rows[0] as AdminRow
      assert.equal(typeof first.first_seen_at, 'number', 'bigint columns arrive as numbers on PostgreSQL too')
      assert.equal(first.summary, undefined, 'the large JSON columns stay out')

      const paged = (await server.inject({ url: `${BASE}?sort=max_price&order=desc&limit=2&offset=1` })).json()
      assert.deepEqual([paged.total, paged.rows.map((r: AdminRow) => r.title)], [3, ['Pantomima Full', 'Camela en concierto']])

      const found = (await server.inject({ url: `${BASE}?filterColumn=title&filterValue=Moran` })).json()
      assert.deepEqual(found.rows.map((r: AdminRow) => r.id), [eventUuid('1591', '1642')])

      const one = await server.inject({ url: `${BASE}/${eventUuid('291', '291')}` })
      assert.equal(one.statusCode, 200)
      assert.equal(one.json().title, 'Camela en concierto')
      assert.equal((await server.inject({ url: `${BASE}/${eventUuid('1700', '1701')}` })).statusCode, 404)

      const id = eventUuid('322', '1642')
      assert.equal((await server.inject({ method: 'POST', url: BASE, payload: { id: 'x' } })).statusCode, 404)
      assert.equal((await server.inject({ method: 'PATCH', url: `${BASE}/${id}`, payload: { title: 'x' } })).statusCode, 404)
      assert.equal((await server.inject({ method: 'DELETE', url: `${BASE}/${id}` })).statusCode, 404)
      assert.equal((await server.inject({ url: '/search' })).json().data.events.length, 3, 'search still serves all three')
    } finally {
      await f.close()
      await provider.close()
    }
  })
})
