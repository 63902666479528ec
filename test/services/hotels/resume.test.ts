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

test('a hotel whose worker died during its last attempt is reported failed, and the search still finishes', async (t) => {
  await eachDialect(t, async (db) => {
    // One hotel's page never answers the first process; the other 29 do.
    let holding = true
    const held: Array<() => void> = []
    const site = await startDemo({
      gate: (request) => {
        if (holding && request.kind === 'hotel' && request.path.includes(`-d${doomed}-`)) return new Promise<void>((resolve) => held.push(resolve))
      },
    })
    const doomed = site.catalog.hotelsOf(site.catalog.cities[0]!)[4]!.id
    const first = await startHotels(db, site, { HOTELS_CONCURRENCY_PER_HOST: '4' })
    let id: number
    try {
      id = await startSearch(first, { query: 'Paris', page: 1 })
      await waitFor(async () => ((await jobProgress(first, id)).subJobs.succeeded === 29 && held.length > 0 ? true : undefined), 15_000, '29 hotels fetched and the doomed one asked for')
    } finally {
      await first.close()
    }
    holding = false
    for (const release of held.splice(0)) release()
    // As if the worker holding the doomed hotel's last attempt had been killed: running, its lease long gone.
    const { numUpdatedRows } = await db.database.db
      .updateTable('jobs')
      .set({ status: 'running', attempts: 3, max_attempts: 3, locked_by: 'killed', locked_until: 1 })
      .where('type', '=', 'hotels.hotel')
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow()
    assert.equal(numUpdatedRows, 1n, 'only the doomed hotel was left')

    const second = await startHotels(db, site)
    try {
      const done = await waitForJob(second, id)
      assert.notEqual(done.finishedAt, null, 'the search finished')
      assert.equal(done.subJobs.succeeded, 29)
      assert.equal(done.subJobs.failed, 1)
      assert.deepEqual(done.failures.map((f) => [f.id, f.status]), [[doomed, 'failed']])
      assert.match(done.failures[0]!.error, /last attempt stopped \(lease expired\)/)
      assert.equal(site.log.filter((r) => r.kind === 'hotel' && r.path.includes(`-d${doomed}-`)).length, 1, 'asked once, by the first process; never again')
    } finally {
      await second.close()
      await site.close()
    }
  })
})
