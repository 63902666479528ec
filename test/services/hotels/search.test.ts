import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Catalog } from '../../../src/services/hotels/demo-site/catalog.ts'
import type { HotelData } from '../../../src/services/hotels/hotel-data.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { hotelRequests, searchNow, startDemo, startHotels } from './helpers.ts'

test('the asyncio search: page 1 (JSON layout) and page 2 (link layout) of a city, every hotel read from its page', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    const f = await startHotels(db, site)
    try {
      const paris = site.catalog.cities[0]!
      const expected = site.catalog.hotelsOf(paris)
      const first = await searchNow(f, { query: 'Paris', page: 1 })
      assert.equal(first.statusCode, 200, first.body)
      assert.equal(first.headers['x-hotels-failed'], '0')
      const hotels = first.json<HotelData[]>()
      assert.deepEqual(hotels.map((h) => h.id), expected.slice(0, 30).map((h) => h.id))
      const h = expected[0]!
      assert.deepEqual(hotels[0], {
        id: h.id,
        name: h.name,
        description: h.description,
        url: `${site.url}/Hotel_Review-g187147-d${h.id}-Reviews-${h.slug}-Paris_Ile_de_France.html`,
        rating: h.rating,
        reviews: h.reviews,
        rank: 1,
        rank_total: 35,
        stars: h.stars,
      })
      const second = (await searchNow(f, { query: 'paris', page: '2' })).json<HotelData[]>()
      assert.deepEqual(second.map((x) => [x.id, x.rank, x.rating]), expected.slice(30).map((x) => [x.id, x.rank, x.rating]))
      assert.deepEqual(site.log.filter((r) => r.kind === 'list').map((r) => r.path), [
        '/Hotels-g187147-Paris_Ile_de_France-Hotels.html',
        '/Hotels-g187147-oa30-Paris_Ile_de_France-Hotels.html',
      ])
      assert.deepEqual((await searchNow(f, { query: 'Paris', page: 3 })).json(), [], 'past the last page there are no hotels')
    } finally {
      await f.close()
      await site.close()
    }
  })
})

test('a flaky, slow site (5xx, 429 with Retry-After) still yields every hotel', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo({ failFirst: 2, retryAfterSeconds: 0, latencyMs: 5 })
    const f = await startHotels(db, site)
    try {
      const res = await searchNow(f, { query: 'London', page: 1 })
      assert.equal(res.statusCode, 200, res.body)
      const hotels = res.json<HotelData[]>()
      assert.equal(hotels.length, 30)
      assert.ok(hotels.every((h) => h.rank !== null && h.description !== null), 'every hotel page was read')
      assert.equal(res.headers['x-hotels-failed'], '0')
      assert.equal(site.log.filter((r) => r.kind === 'hotel' && r.status === 200).length, 30)
      assert.equal(site.log.filter((r) => r.kind === 'hotel').length, 90, 'each hotel page failed twice first')
      const metrics = (await f.server.inject({ url: '/metrics' })).body
      assert.match(metrics, /hotels_fetch_retries_total\{kind="hotel",reason="429"\} 30/)
      assert.match(metrics, /hotels_pages_fetched_total\{kind="hotel",outcome="ok"\} 30/)
    } finally {
      await f.close()
      await site.close()
    }
  })
})

test('a hotel robots.txt disallows, or whose page is malformed, comes back with its list data and is counted', async (t) => {
  await eachDialect(t, async (db) => {
    const rome = new Catalog(1, 35).cities[2]!
    const [blocked, broken] = new Catalog(1, 35).hotelsOf(rome)
    const strict = await startDemo({ listVariant: 'json', disallow: [`/Hotel_Review-g${rome.geoId}-d${blocked!.id}-`], malformedHotels: [broken!.id] })
    const g = await startHotels(db, strict)
    try {
      const res = await searchNow(g, { query: 'Rome', page: 1 })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.headers['x-hotels-failed'], '2')
      const hotels = res.json<HotelData[]>()
      assert.equal(hotels.length, 30)
      const listOnly = hotels.filter((h) => h.rank === null).map((h) => h.id)
      assert.deepEqual(listOnly, [blocked!.id, broken!.id])
      assert.equal(hotels[0]!.rating, blocked!.rating, 'the list page rating is kept')
      assert.ok(!hotelRequests(strict).includes(blocked!.id), 'the disallowed page was never requested')
      const metrics = (await g.server.inject({ url: '/metrics' })).body
      assert.match(metrics, /hotels_malformed_pages_total\{kind="hotel"\} 1/)
      assert.match(metrics, /hotels_pages_fetched_total\{kind="hotel",outcome="disallowed"\} 1/)
    } finally {
      await g.close()
      await strict.close()
    }
  })
})

test('bad input gets a 400 naming the field; an unreachable source a 503', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    const f = await startHotels(db, site)
    try {
      const cases: Array<[unknown, RegExp]> = [
        [{ query: '', page: 1 }, /^body\.query must NOT have fewer than 1 characters/],
        [{ query: '   ', page: 1 }, /^body\.query must not be blank/],
        [{ query: 'Paris', page: 0 }, /^body\.page must be >= 1/],
        [{ query: 'Paris', page: 'two' }, /^body\.page must be integer/],
        [{ query: 'Paris' }, /^body must have required property 'page'/],
        [{ page: 1 }, /^body must have required property 'query'/],
        [{ query: 'x'.repeat(201), page: 1 }, /^body\.query must NOT have more than 200 characters/],
      ]
      for (const url of ['/fastapi/search-hotels-using-asyncio/', '/fastapi/search-hotels-using-celery/']) {
        for (const [payload, message] of cases) {
          const res = await f.server.inject({ method: 'POST', url, payload: payload as object })
          assert.equal(res.statusCode, 400, `${url} ${JSON.stringify(payload)}: ${res.body}`)
          assert.match(res.json().error.message, message)
        }
        const notJson = await f.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"query": "Paris",' })
        assert.equal(notJson.statusCode, 400)
      }
      assert.equal(site.log.length, 0, 'nothing was fetched for bad input')
      const tooManyPages = await f.server.inject({ method: 'POST', url: '/fastapi/search-hotels-using-celery/', payload: { query: 'Paris', page: 1, pages: 101 } })
      assert.match(tooManyPages.json().error.message, /^body\.pages must be <= 100/)

      await site.close()
      const down = await searchNow(f, { query: 'Paris', page: 1 })
      assert.equal(down.statusCode, 503, down.body)
      assert.equal(down.json().error.code, 'HOTELS_SOURCE_UNAVAILABLE')
      assert.match(down.json().error.message, /^the hotel source could not be read: \/data\/graphql\/ids not fetched: robots\.txt could not be read/)
    } finally {
      await f.close()
      await site.close().catch(() => {})
    }
  })
})
