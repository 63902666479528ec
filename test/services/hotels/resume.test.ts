import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDialect } from '../../helpers/databases.ts'
import { waitFor } from '../../helpers/flotilla.ts'
import { hotelRequests, jobProgress, startDemo, startHotels, startSearch, waitForJob } from './helpers.ts'

test('a search interrupted by a restart resumes without fetching again what it had fetched', async (t) => {
  await eachDialect(t, async (db) => {
    // The first process gets list page 1 and ten hotel pages; list page 2 and the other hotels hang until it stops.
    let holding = true
    let hotelsLetThrough = 0
    const held: Array<() => void> = []
    const hold = () => new Promise<void>((resolve) => held.push(resolve))
    const site = await startDemo({
      gate: (request) => {
        if (!holding || request.userAgent !== 'FirstRun/1') return
        if (request.kind === 'list' && request.path.includes('-oa30-')) return hold()
        if (request.kind === 'hotel' && ++hotelsLetThrough > 10) return hold()
      },
    })
    const paris = site.catalog.cities[0]!
    const first = await startHotels(db, site, { HOTELS_USER_AGENT: 'FirstRun/1', HOTELS_CONCURRENCY_PER_HOST: '4' })
    let id: number
    let finishedBefore: number[]
    try {
      id = await startSearch(first, { query: 'Paris', page: 1, pages: 2 })
      const before = await waitFor(
        async () => {
          const p = await jobProgress(first, id)
          const page2Asked = site.log.some((r) => r.path.includes('-oa30-')) || held.length > 0
          return p.subJobs.total === 30 && p.subJobs.succeeded === 10 && page2Asked ? p : undefined
        },
        15_000,
        'ten hotels fetched and list page 2 asked for',
      )
      finishedBefore = before.results.map((h) => h.id)
      assert.equal(finishedBefore.length, 10)
    } finally {
      // Stops with jobs in flight: they are handed back to the queue, their requests aborted.
      await first.close()
    }
    holding = false
    for (const release of held.splice(0)) release()

    const second = await startHotels(db, site, { HOTELS_USER_AGENT: 'SecondRun/1', HOTELS_CONCURRENCY_PER_HOST: '4' })
    try {
      const done = await waitForJob(second, id)
      assert.equal(done.status, 'succeeded')
      assert.deepEqual(done.results.map((h) => h.id), site.catalog.hotelsOf(paris).map((h) => h.id), 'every hotel, in list order')
      const after = site.log.filter((r) => r.userAgent === 'SecondRun/1')
      assert.equal(after.filter((r) => r.kind === 'typeahead').length, 0, 'the city was kept')
      assert.deepEqual(after.filter((r) => r.kind === 'list').map((r) => r.path), ['/Hotels-g187147-oa30-Paris_Ile_de_France-Hotels.html'], 'only the list page not fetched before')
      const refetched = hotelRequests({ ...site, log: after }).filter((h) => finishedBefore.includes(h))
      assert.deepEqual(refetched, [], 'no finished hotel was fetched again')
      assert.equal(after.filter((r) => r.kind === 'hotel').length, 25, 'each of the other 25 hotels once')
      assert.equal((await second.runtime.jobs.list({ type: 'hotels.hotel', limit: 100 })).length, 35, 'no sub-job enqueued twice')
    } finally {
      await second.close()
      await site.close()
    }
  })
})
