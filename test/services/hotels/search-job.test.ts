import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDialect } from '../../helpers/databases.ts'
import { hotelRequests, jobProgress, startDemo, startHotels, startSearch, waitForJob } from './helpers.ts'

test('a background search fans out one sub-job per hotel; its progress ends at 100 with every hotel', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    const f = await startHotels(db, site)
    try {
      const id = await startSearch(f, { query: 'Paris', page: '1', pages: 3 })
      const done = await waitForJob(f, id)
      const expected = site.catalog.hotelsOf(site.catalog.cities[0]!)
      assert.equal(done.status, 'succeeded')
      assert.equal(done.progress, 100)
      assert.deepEqual(done.city, { name: 'Paris', geoId: 187147 })
      assert.deepEqual(done.subJobs, { queued: 0, running: 0, succeeded: 35, failed: 0, skipped: 0, total: 35 })
      assert.deepEqual(done.results.map((h) => h.id), expected.map((h) => h.id), 'results in list order, both pages')
      assert.ok(done.results.every((h) => h.rank !== null && h.description !== null))
      assert.equal(done.note, 'Paris has 2 list pages', 'the list said 35 hotels, so page 3 was not asked for')
      assert.deepEqual(done.failures, [])
      assert.equal(site.log.filter((r) => r.kind === 'list').length, 2)
      const subJobs = await f.runtime.jobs.list({ type: 'hotels.hotel', limit: 1000 })
      assert.equal(subJobs.length, 35)
      assert.ok(subJobs.every((j) => j.status === 'succeeded' && (j.payload as { scrapeId: number }).scrapeId === id))
      const recent = (await f.server.inject({ url: '/api/hotels/jobs' })).json().jobs
      assert.equal(recent[0].id, id)
      assert.equal('results' in recent[0], false)
    } finally {
      await f.close()
      await site.close()
    }
  })
})

test('a malformed hotel page and a disallowed one are reported as failures; the search succeeds with the rest', async (t) => {
  await eachDialect(t, async (db) => {
    const probe = await startDemo()
    const london = probe.catalog.cities[1]!
    const [disallowed, malformed] = probe.catalog.hotelsOf(london)
    await probe.close()
    const site = await startDemo({ disallow: [`/Hotel_Review-g${london.geoId}-d${disallowed!.id}-`], malformedHotels: [malformed!.id] })
    const f = await startHotels(db, site)
    try {
      const done = await waitForJob(f, await startSearch(f, { query: 'london', page: 1 }))
      assert.equal(done.status, 'succeeded')
      assert.deepEqual(done.subJobs, { queued: 0, running: 0, succeeded: 28, failed: 2, skipped: 0, total: 30 })
      assert.equal(done.results.length, 28)
      assert.deepEqual(
        done.failures.map((x) => [x.id, x.status]),
        [
          [disallowed!.id, 'failed'],
          [malformed!.id, 'failed'],
        ],
      )
      assert.match(done.failures[0]!.error, /robots\.txt disallows \/Hotel_Review-g186338-d/)
      assert.match(done.failures[1]!.error, /^malformed page: \/Hotel_Review-.*: no hotel data on the page/)
      assert.ok(!hotelRequests(site).includes(disallowed!.id))
      assert.equal(hotelRequests(site).filter((h) => h === malformed!.id).length, 1, 'a malformed page is not fetched again')
    } finally {
      await f.close()
      await site.close()
    }
  })
})

test('a flaky, slow site still yields every hotel through the sub-jobs', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo({ failFirst: 2, retryAfterSeconds: 0, latencyMs: 3 })
    const f = await startHotels(db, site, { HOTELS_CONCURRENCY_PER_HOST: '4' })
    try {
      const done = await waitForJob(f, await startSearch(f, { query: 'Rome', page: 1, pages: 2 }))
      assert.equal(done.status, 'succeeded', JSON.stringify(done.failures))
      assert.equal(done.results.length, 35)
      assert.ok(site.maxInFlight <= 4 + 1, `at most 4 requests in flight (and robots.txt), got ${site.maxInFlight}`)
    } finally {
      await f.close()
      await site.close()
    }
  })
})

test('HOTELS_MAX_PAGES caps the pages a search fetches; the rest are reported skipped', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    const f = await startHotels(db, site, { HOTELS_MAX_PAGES: '11' })
    try {
      const done = await waitForJob(f, await startSearch(f, { query: 'Vienna', page: 1, pages: 2 }))
      assert.equal(done.status, 'succeeded')
      assert.deepEqual([done.subJobs.succeeded, done.subJobs.skipped], [10, 20])
      assert.match(done.failures[0]!.error, /HOTELS_MAX_PAGES \(11 pages\)/)
      assert.equal(done.note, 'stopped at HOTELS_MAX_PAGES (11 pages)')
      assert.equal(site.log.filter((r) => r.kind === 'list' || r.kind === 'hotel').length, 11)
    } finally {
      await f.close()
      await site.close()
    }
  })
})

test('a search whose source is down fails with the reason; unknown jobs are 404', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    await site.close()
    const f = await startHotels(db, site, { HOTELS_TIMEOUT_MS: '500' })
    try {
      const id = await startSearch(f, { query: 'Paris', page: 1 })
      // Three attempts, with the kit's backoff between them.
      const done = await waitForJob(f, id, 30_000)
      assert.equal(done.status, 'failed')
      assert.equal(done.progress, 100)
      assert.match(done.error!, /^\/data\/graphql\/ids not fetched: robots\.txt could not be read \(\/robots\.txt could not be fetched \(ECONNREFUSED\)\)$/)
      const missing = await f.server.inject({ url: '/api/hotels/jobs/999999' })
      assert.equal(missing.statusCode, 404)
      assert.equal(missing.json().error.code, 'HOTELS_JOB_NOT_FOUND')
      assert.equal((await f.server.inject({ url: '/api/hotels/jobs/abc' })).statusCode, 400)
      assert.equal((await jobProgress(f, id)).status, 'failed')
    } finally {
      await f.close()
    }
  })
})
