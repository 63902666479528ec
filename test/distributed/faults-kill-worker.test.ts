import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Database } from '../../src/kit/db/database.ts'
import { startDemoSite } from '../../src/services/hotels/demo-site/server.ts'
import type { JobProgress } from '../../src/services/hotels/scrape/progress.ts'
import { createTestDatabase, postgresSkipReason } from '../helpers/databases.ts'
import { waitFor } from '../helpers/flotilla.ts'
import { randomPlays, referenceTotals } from '../services/plays/reference.ts'
import { leaseHolders, sigkill } from './fault-helpers.ts'
import { killAll, startRole, type FlotillaProcess } from './processes.ts'

/** The surviving worker takes a dead worker's job once its lease (FLOTILLA_JOB_LEASE_MS) has passed. */
const LEASE_MS = 10_000
/** Lease expiry, the claim poll and the rerun itself, with room for a loaded machine. */
const TAKEOVER_MS = LEASE_MS + 60_000

/** Many distinct keys and a tiny memory budget: the task spills and lasts seconds. */
const INPUT = randomPlays(400_000, 20_000, 365, 11)

/** The jobs among `ids` that a worker has recorded as ended. */
async function finishedJobs(database: Database, ids: number[]): Promise<Array<{ id: number; status: string; attempts: number; error: string | null }>> {
  const rows = await database.db.selectFrom('jobs').select(['id', 'status', 'attempts', 'error']).where('id', 'in', ids).where('status', 'not in', ['queued', 'running']).execute()
  return rows.map((r: { id: number; status: string; attempts: number | string; error: string | null }) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }))
}

async function status(api: FlotillaProcess, id: string): Promise<string> {
  const body = (await (await fetch(`${api.url}/v1/tasks/status/${id}`)).json()) as { status: string }
  return body.status
}

test('kill -9 the worker running a plays task: the other worker reruns it to DONE with the right totals', async (t) => {
  const skip = await postgresSkipReason()
  if (skip) return t.skip(skip)
  const db = await createTestDatabase('postgres')
  const processes: FlotillaProcess[] = []
  try {
    const env = { ...db.env, FLOTILLA_JOB_LEASE_MS: String(LEASE_MS), FLOTILLA_SERVICES: 'plays', PLAYS_MEMORY_MB: '0.25', PLAYS_THREADS: '1' }
    // The first process migrates the database; the workers start side by side.
    const api = await startRole('api', env)
    processes.push(api)
    const workers = await Promise.all([startRole('worker', env), startRole('worker', env)])
    processes.push(...workers)

    const response = await fetch(`${api.url}/v1/data_processor/upload`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: INPUT })
    assert.equal(response.status, 202)
    const id = ((await response.json()) as { task_id: string }).task_id

    // Whichever worker claimed it, once it is PROCESSING there.
    const holder = await waitFor(
      async () => {
        const [job] = await leaseHolders(db.database, 'plays.process')
        return job && (await status(api, id)) === 'PROCESSING' ? job : undefined
      },
      30_000,
      'the task to be PROCESSING on a worker',
    )
    const victim = workers.find((w) => w.child.pid === holder.pid)
    assert.ok(victim, `the lease holder ${holder.pid} is one of the workers`)
    const survivor = workers.find((w) => w !== victim)!
    await sigkill(victim)
    t.diagnostic(`killed worker ${holder.pid} holding job ${holder.id}`)
    assert.equal(await status(api, id), 'PROCESSING', 'the task was mid-way when its worker died')

    const killedAt = Date.now()
    await waitFor(async () => ((await status(api, id)) === 'DONE' ? true : undefined), TAKEOVER_MS, 'the task to end DONE on the other worker')
    t.diagnostic(`DONE ${Date.now() - killedAt} ms after the kill`)
    assert.equal(survivor.child.exitCode, null, survivor.output())
    // The handler marks the task DONE before the worker records the job's end.
    const job = await waitFor(() => finishedJobs(db.database, [holder.id]).then(([j]) => j), 10_000, 'the job to be recorded finished')
    // The killed worker made the first attempt; only the survivor was left to make the second.
    assert.deepEqual({ status: job.status, attempts: Number(job.attempts) }, { status: 'succeeded', attempts: 2 }, `${job.error ?? ''}\n${survivor.output().slice(-4000)}`)

    const output = await fetch(`${api.url}/v1/data_processor/download/${id}`)
    assert.equal(output.status, 200)
    const totals = await output.text()
    const expected = referenceTotals(INPUT)
    assert.ok(totals === expected, `the output differs from the expected totals: ${totals.length} vs ${expected.length} characters, first difference at ${[...totals].findIndex((c, i) => c !== expected[i])}`)
  } finally {
    await killAll(processes)
    await db.cleanup()
  }
})

async function progress(api: FlotillaProcess, id: number): Promise<JobProgress> {
  const response = await fetch(`${api.url}/api/hotels/jobs/${id}`)
  assert.equal(response.status, 200)
  return (await response.json()) as JobProgress
}

test('kill -9 a worker in the middle of a hotels scrape: the search finishes on the other worker with every hotel of the city', async (t) => {
  const skip = await postgresSkipReason()
  if (skip) return t.skip(skip)
  const db = await createTestDatabase('postgres')
  // Three list pages, each answer slowed down: the scrape lasts seconds on two workers.
  const site = await startDemoSite({ hotelsPerCity: 90, latencyMs: 250 })
  const processes: FlotillaProcess[] = []
  try {
    const env = {
      ...db.env,
      FLOTILLA_JOB_LEASE_MS: String(LEASE_MS),
      FLOTILLA_SERVICES: 'hotels',
      HOTELS_SOURCE_URL: site.url,
      HOTELS_PARSE_THREADS: '1',
      HOTELS_CONCURRENCY_PER_HOST: '2',
      HOTELS_TIMEOUT_MS: '10000',
    }
    const api = await startRole('api', env)
    processes.push(api)
    const workers = await Promise.all([startRole('worker', env), startRole('worker', env)])
    processes.push(...workers)

    const response = await fetch(`${api.url}/fastapi/search-hotels-using-celery/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'Paris', page: 1, pages: 3 }),
    })
    assert.equal(response.status, 200)
    const id = Number(await response.json())

    // Mid-scrape: some hotels stored, and hotel pages in flight on the worker we kill.
    const holder = await waitFor(
      async () => {
        const p = await progress(api, id)
        if (p.status !== 'running' || p.subJobs.succeeded < 5) return undefined
        const running = await leaseHolders(db.database, 'hotels.hotel')
        return running[0]
      },
      30_000,
      'hotel pages to be in flight on a worker',
    )
    const victim = workers.find((w) => w.child.pid === holder.pid)
    assert.ok(victim, `the lease holder ${holder.pid} is one of the workers`)
    const survivor = workers.find((w) => w !== victim)!
    await sigkill(victim)
    // Read after the kill: what the dead worker still holds is what it left unfinished.
    const inFlight = (await leaseHolders(db.database, 'hotels.hotel')).filter((j) => j.pid === holder.pid).map((j) => j.id)
    const before = await progress(api, id)
    t.diagnostic(`killed worker ${holder.pid} with ${inFlight.length} hotel jobs in flight; ${before.subJobs.succeeded} of ${before.subJobs.total} hotels stored`)
    assert.equal(before.status, 'running')

    const killedAt = Date.now()
    const done = await waitFor(
      async () => {
        const p = await progress(api, id)
        return p.status === 'running' || p.status === 'queued' ? undefined : p
      },
      TAKEOVER_MS,
      'the search to finish on the other worker',
    )
    t.diagnostic(`search ${done.status} ${Date.now() - killedAt} ms after the kill`)
    assert.equal(survivor.child.exitCode, null, survivor.output())
    const expected = site.catalog.hotelsOf(site.catalog.cities[0]!)
    assert.equal(done.status, 'succeeded', done.error ?? '')
    assert.deepEqual(done.subJobs, { queued: 0, running: 0, succeeded: expected.length, failed: 0, skipped: 0, total: expected.length })
    assert.deepEqual(
      done.results.map((h) => h.id),
      expected.map((h) => h.id),
      'every hotel of the city, in list order',
    )
    assert.deepEqual(done.failures, [])

    // The jobs the killed worker held were run again, by the one worker left.
    assert.ok(inFlight.length > 0, 'the killed worker left hotel jobs unfinished')
    const rerun = await waitFor(async () => {
      const jobs = await finishedJobs(db.database, inFlight)
      return jobs.length === inFlight.length ? jobs : undefined
    }, 10_000, 'the rerun hotel jobs to be recorded finished')
    for (const job of rerun) assert.deepEqual({ status: job.status, attempts: Number(job.attempts) }, { status: 'succeeded', attempts: 2 }, `hotel job ${job.id}`)
  } finally {
    await killAll(processes)
    await site.close()
    await db.cleanup()
  }
})
