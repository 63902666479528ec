import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JobQueue } from '../../src/kit/jobs/queue.ts'
import { createTestDatabase, postgresSkipReason } from '../helpers/databases.ts'
import { waitFor } from '../helpers/flotilla.ts'
import { FakeProvider, PLAYS_CSV, killAll, startRole, terminate, type FlotillaProcess } from './processes.ts'

const GRACE_MS = 1_000
/** Well above the grace period plus closing connections, well below a hung process. */
const PROMPT_MS = 10_000

async function upload(api: FlotillaProcess): Promise<string> {
  const response = await fetch(`${api.url}/v1/data_processor/upload`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: PLAYS_CSV })
  assert.equal(response.status, 202)
  return ((await response.json()) as { task_id: string }).task_id
}

test('SIGTERM on every role: each exits 0 promptly; the job in flight is handed back and finished by the next worker', async (t) => {
  const skip = await postgresSkipReason()
  if (skip) return t.skip(skip)
  const db = await createTestDatabase('postgres')
  const provider = new FakeProvider()
  const processes: FlotillaProcess[] = []
  try {
    provider.hold = true
    const env = {
      ...db.env,
      FLOTILLA_SERVICES: 'events,plays',
      EVENTS_PROVIDER_URL: await provider.start(),
      EVENTS_FETCH_INTERVAL_SECONDS: '3600',
      FLOTILLA_SHUTDOWN_GRACE_MS: String(GRACE_MS),
    }
    const api = await startRole('api', env)
    const scheduler = await startRole('scheduler', env)
    const worker = await startRole('worker', env)
    processes.push(api, scheduler, worker)
    const queue = new JobQueue(db.database)

    // The scheduler's start fetch is in flight on the worker: the provider holds it.
    await waitFor(() => (provider.waiting === 1 ? true : undefined), 15_000, 'the fetch to be in flight')
    const [fetch] = await queue.list({ type: 'events.fetch' })
    assert.equal(fetch?.status, 'running')
    const before = [await upload(api), await upload(api)]
    await waitFor(async () => ((await queue.list({ type: 'plays.process' })).every((j) => j.status === 'succeeded') ? true : undefined), 15_000, 'the first tasks to run')

    const stoppedWorker = await terminate(worker)
    t.diagnostic(`worker exited ${stoppedWorker.code} in ${stoppedWorker.ms} ms`)
    assert.equal(stoppedWorker.code, 0, worker.output())
    assert.ok(stoppedWorker.ms < PROMPT_MS)
    assert.match(worker.output(), /job handed back to the queue/)
    const handedBack = await queue.get(fetch.id)
    assert.equal(handedBack?.status, 'queued', 'the fetch waits for another worker')

    // With no worker running, the api still takes tasks; they wait in the queue.
    const after = [await upload(api), await upload(api)]

    for (const p of [api, scheduler]) {
      const stopped = await terminate(p)
      t.diagnostic(`${p.role} exited ${stopped.code} in ${stopped.ms} ms`)
      assert.equal(stopped.code, 0, p.output())
      assert.ok(stopped.ms < PROMPT_MS)
    }

    provider.release()
    const next = await startRole('worker', env)
    processes.push(next)
    await waitFor(async () => ((await queue.get(fetch.id))?.status === 'succeeded' ? true : undefined), 20_000, 'the handed-back fetch to finish')
    await waitFor(async () => ((await queue.list({ type: 'plays.process' })).every((j) => j.status === 'succeeded') ? true : undefined), 20_000, 'the waiting tasks to run')

    const plays = await queue.list({ type: 'plays.process' })
    assert.equal(plays.length, before.length + after.length)
    const all = await queue.list({})
    assert.deepEqual(all.filter((j) => j.status !== 'succeeded').map((j) => `${j.type} ${j.status}`), [], 'no job lost or failed')
    assert.equal((await queue.get(fetch.id))?.attempts, 1, 'the handed-back attempt is not counted')

    const stoppedNext = await terminate(next)
    assert.equal(stoppedNext.code, 0, next.output())
  } finally {
    await killAll(processes)
    await provider.stop()
    await db.cleanup()
  }
})
