import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { HotelData } from '../../../src/services/hotels/hotel-data.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { waitFor, type TestFlotilla } from '../../helpers/flotilla.ts'
import { startDemo, startHotels } from './helpers.ts'

const TOKEN = 'test-token-0123456789abcdef'
const DRF = '/hotels/api/drf/hotels/'

function hotel(id: number, extra: Partial<HotelData> = {}): HotelData {
  return { id, name: `Hotel ${id}`, url: `http://127.0.0.1:8090/Hotel_Review-g1-d${id}-Reviews-x.html`, rating: 4.5, reviews: id * 10, rank: id, rank_total: 99, stars: 3, description: `Hotel number ${id}`, ...extra }
}

async function save(f: TestFlotilla, cityId: number, data: HotelData[]) {
  const res = await f.server.inject({ method: 'POST', url: '/fastapi/save-selected-hotels/', payload: { city_id: cityId, data } })
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(res.body, 'null')
}

const count = async (f: TestFlotilla) => (await f.server.inject({ url: DRF })).json<{ count: number }>().count

test('a saved selection travels as one hotels.selected message and is stored once per uid', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    const f = await startHotels(db, site)
    try {
      await save(f, 187147, [hotel(1), hotel(2), hotel(2)])
      await waitFor(async () => ((await count(f)) === 2 ? true : undefined), 10_000, 'two stored hotels')
      await save(f, 187147, [hotel(2, { name: 'Renamed' }), hotel(3)])
      await waitFor(async () => ((await count(f)) === 3 ? true : undefined), 10_000, 'three stored hotels')
      const { results } = (await f.server.inject({ url: DRF })).json()
      assert.deepEqual(
        results.map((h: { uid: number; city_id: number; name: string }) => [h.uid, h.city_id, h.name]),
        [
          [1, 187147, 'Hotel 1'],
          [2, 187147, 'Hotel 2'],
          [3, 187147, 'Hotel 3'],
        ],
        'a hotel selected again keeps what was stored first',
      )
      assert.deepEqual(Object.keys(results[0]).sort(), ['city_id', 'created_at', 'description', 'id', 'name', 'rank', 'rank_total', 'rating', 'reviews', 'stars', 'uid', 'updated_at', 'url'])
      const deliveries = await f.runtime.jobs.list({ type: 'bus:hotels.store' })
      assert.equal(deliveries.length, 2, 'one message per save')
      const { id: _id, ...first } = hotel(1)
      assert.deepEqual((deliveries.at(-1)!.payload as { payload: unknown[] }).payload[0], { ...first, uid: 1, city_id: 187147 }, "the original's message: id became uid, with city_id")
      const metrics = (await f.server.inject({ url: '/metrics' })).body
      assert.match(metrics, /hotels_stored_total 3/)

      const bad = await f.server.inject({ method: 'POST', url: '/fastapi/save-selected-hotels/', payload: { city_id: 1, data: [{ id: 5, url: 'x' }] } })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.json().error.message, /^body\.data\.0 must have required property 'name'/)
      const empty = await f.server.inject({ method: 'POST', url: '/fastapi/save-selected-hotels/', payload: { city_id: 1, data: [] } })
      assert.match(empty.json().error.message, /^body\.data must NOT have fewer than 1 items/)
      const noCity = await f.server.inject({ method: 'POST', url: '/fastapi/save-selected-hotels/', payload: { data: [hotel(9)] } })
      assert.match(noCity.json().error.message, /^body must have required property 'city_id'/)
    } finally {
      await f.close()
      await site.close()
    }
  })
})

test('the DRF list: 15 a page, count, next and previous links, "Invalid page." past the end', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    const f = await startHotels(db, site)
    try {
      const empty = (await f.server.inject({ url: DRF })).json()
      assert.deepEqual(empty, { count: 0, next: null, previous: null, results: [] })
      await save(f, 7, Array.from({ length: 20 }, (_, i) => hotel(i + 1)))
      await waitFor(async () => ((await count(f)) === 20 ? true : undefined), 10_000, 'twenty stored hotels')
      const first = (await f.server.inject({ url: DRF, headers: { host: 'hotels.test:8080' } })).json()
      assert.equal(first.count, 20)
      assert.equal(first.results.length, 15)
      assert.equal(first.next, 'http://hotels.test:8080/hotels/api/drf/hotels/?page=2')
      assert.equal(first.previous, null)
      const second = (await f.server.inject({ url: `${DRF}?page=2`, headers: { host: 'hotels.test:8080' } })).json()
      assert.deepEqual(second.results.map((h: { uid: number }) => h.uid), [16, 17, 18, 19, 20])
      assert.equal(second.next, null)
      assert.equal(second.previous, 'http://hotels.test:8080/hotels/api/drf/hotels/', 'DRF drops page=1')
      assert.equal((await f.server.inject({ url: `${DRF}?page=last` })).json().results.length, 5)
      for (const page of ['3', '0', 'abc']) {
        const res = await f.server.inject({ url: `${DRF}?page=${page}` })
        assert.deepEqual([res.statusCode, res.json()], [404, { detail: 'Invalid page.' }], `page ${page}`)
      }
      const one = await f.server.inject({ url: `${DRF}${first.results[0].id}/` })
      assert.equal(one.json().uid, 1)
      assert.deepEqual((await f.server.inject({ url: `${DRF}99999/` })).json(), { detail: 'Not found.' })
      const redirect = await f.server.inject({ url: '/hotels/api/drf/hotels?page=2' })
      assert.deepEqual([redirect.statusCode, redirect.headers.location], [301, '/hotels/api/drf/hotels/?page=2'])
    } finally {
      await f.close()
      await site.close()
    }
  })
})

test('DRF writes without credentials get 403 in DRF shape, even on loopback; with the token they work', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    const f = await startHotels(db, site, { FLOTILLA_TOKEN: TOKEN })
    try {
      const body = { uid: 500, city_id: 3, name: 'Written', url: 'http://x/500' }
      const forbidden = { detail: 'Authentication credentials were not provided.' }
      for (const [method, url] of [['POST', DRF], ['PUT', DRF], ['PATCH', DRF], ['DELETE', DRF], ['PUT', `${DRF}1/`], ['PATCH', `${DRF}1/`], ['DELETE', `${DRF}1/`]] as const) {
        const res = await f.server.inject({ method, url, payload: body })
        assert.deepEqual([res.statusCode, res.json()], [403, forbidden], `${method} ${url}`)
      }
      const wrong = await f.server.inject({ method: 'POST', url: DRF, payload: body, headers: { authorization: 'Bearer not-the-token-at-all' } })
      assert.deepEqual([wrong.statusCode, wrong.json()], [401, { detail: 'Invalid token.' }])

      const auth = { authorization: `Bearer ${TOKEN}` }
      const created = await f.server.inject({ method: 'POST', url: DRF, payload: body, headers: auth })
      assert.equal(created.statusCode, 201, created.body)
      const id = created.json().id
      assert.deepEqual({ ...created.json<Record<string, unknown>>(), id: 0, created_at: '', updated_at: '' }, { id: 0, uid: 500, city_id: 3, name: 'Written', description: null, url: 'http://x/500', rating: null, reviews: null, rank: null, rank_total: null, stars: null, created_at: '', updated_at: '' })
      const again = await f.server.inject({ method: 'POST', url: DRF, payload: body, headers: auth })
      assert.deepEqual([again.statusCode, again.json()], [400, { uid: ['hotel with this uid already exists.'] }])
      const invalid = await f.server.inject({ method: 'POST', url: DRF, payload: { uid: 501 }, headers: auth })
      assert.equal(invalid.statusCode, 400)
      assert.deepEqual(invalid.json().city_id ?? invalid.json().name ?? invalid.json().url, ['This field is required.'])
      assert.deepEqual((await f.server.inject({ method: 'PUT', url: DRF, payload: body, headers: auth })).json(), { detail: 'Method "PUT" not allowed.' })

      const patched = await f.server.inject({ method: 'PATCH', url: `${DRF}${id}/`, payload: { rating: 4 }, headers: auth })
      assert.deepEqual([patched.statusCode, patched.json().rating, patched.json().name], [200, 4, 'Written'])
      const put = await f.server.inject({ method: 'PUT', url: `${DRF}${id}/`, payload: { ...body, name: 'Replaced' }, headers: auth })
      assert.equal(put.json().name, 'Replaced')
      const uidChange = await f.server.inject({ method: 'PUT', url: `${DRF}${id}/`, payload: { ...body, uid: 9 }, headers: auth })
      assert.deepEqual(uidChange.json(), { uid: ['uid cannot be changed.'] })
      assert.equal((await f.server.inject({ method: 'DELETE', url: `${DRF}${id}/`, headers: auth })).statusCode, 204)
      assert.equal((await f.server.inject({ url: `${DRF}${id}/` })).statusCode, 404)
    } finally {
      await f.close()
      await site.close()
    }
  })
})

test('stored hotels in the admin: list, filter, create, edit, delete through the service', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    const f = await startHotels(db, site)
    try {
      await save(f, 11, [hotel(1), hotel(2, { rating: 3 }), hotel(3)])
      await waitFor(async () => ((await count(f)) === 3 ? true : undefined), 10_000, 'three stored hotels')
      const base = '/api/admin/hotels/hotels'
      const models = (await f.server.inject({ url: '/api/admin' })).json().models
      assert.ok(models.some((m: { service: string; name: string }) => m.service === 'hotels' && m.name === 'hotels'))
      const page = (await f.server.inject({ url: `${base}?sort=rating&order=asc&limit=2` })).json()
      assert.equal(page.total, 3)
      assert.deepEqual(page.rows.map((r: { uid: number }) => r.uid), [2, 1])
      const filtered = (await f.server.inject({ url: `${base}?filterColumn=name&filterOp=contains&filterValue=el 3` })).json()
      assert.deepEqual(filtered.rows.map((r: { uid: number; cityId: number }) => [r.uid, r.cityId]), [[3, 11]])

      const created = await f.server.inject({ method: 'POST', url: base, payload: { uid: 40, cityId: 11, name: 'By hand', url: 'http://x/40' } })
      assert.equal(created.statusCode, 201, created.body)
      const duplicate = await f.server.inject({ method: 'POST', url: base, payload: { uid: 40, cityId: 11, name: 'Again', url: 'http://x/40' } })
      assert.deepEqual([duplicate.statusCode, duplicate.json().error.code], [409, 'HOTELS_DUPLICATE_UID'])
      const id = created.json().id
      const edited = await f.server.inject({ method: 'PATCH', url: `${base}/${id}`, payload: { stars: 4.5 } })
      assert.equal(edited.json().stars, 4.5)
      assert.equal((await f.server.inject({ method: 'PATCH', url: `${base}/${id}`, payload: { uid: 41 } })).statusCode, 400, 'the uid is not editable')
      assert.equal((await f.server.inject({ method: 'DELETE', url: `${base}/${id}` })).statusCode, 204)
      assert.equal(await count(f), 3)
    } finally {
      await f.close()
      await site.close()
    }
  })
})
