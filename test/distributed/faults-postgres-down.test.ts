import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { waitFor } from '../helpers/flotilla.ts'
import { PrivatePostgres, privatePostgresSkipReason } from './fault-helpers.ts'
import { FakeProvider, PLAYS_CSV, killAll, startRole, terminate, type FlotillaProcess } from './processes.ts'

const OUTAGE_MS = 10_000
/** No request may hang: each answers well within this, database or not. */
const REQUEST_MS = 8_000

const ESTIMATES = [
  { adId: 1, estimatedCVR: 0.125 },
  { adId: 2, estimatedCVR: 0.5 },
  { adId: 3, estimatedCVR: 0.75 },
]

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_MS) })
  return { status: response.status, body: await response.text(), headers: response.headers }
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const csv = (body: Buffer): RequestInit => ({ method: 'POST', headers: { 'content-type': 'text/csv' }, body: new Uint8Array(body) })

async function uploadDone(base: string, timeoutMs: number): Promise<void> {
  const upload = await call(`${base}/v1/data_processor/upload`, csv(PLAYS_CSV))
  assert.equal(upload.status, 202, upload.body)
  const id = (JSON.parse(upload.body) as { task_id: string }).task_id
  await waitFor(
    async () => {
      const { status } = JSON.parse((await call(`${base}/v1/tasks/status/${id}`)).body) as { status: string }
      assert.notEqual(status, 'FAILED')
      return status === 'DONE' ? true : undefined
    },
    timeoutMs,
    `task ${id} to end DONE`,
  )
}

test('PostgreSQL down for 10 s: ctr and events answer from memory, what needs the database answers 503, and everything resumes after', async (t) => {
  const skip = privatePostgresSkipReason()
  if (skip) return t.skip(skip)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-faults-'))
  const provider = new FakeProvider()
  const processes: FlotillaProcess[] = []
  let cluster: PrivatePostgres | undefined
  try {
    cluster = await PrivatePostgres.create()
    await cluster.start()
    await cluster.createDatabase('flotilla')
    const env = {
      DATABASE_URL: cluster.url('flotilla'),
      FLOTILLA_DATA_DIR: dataDir,
      FLOTILLA_SERVICES: 'ctr,events,plays',
      EVENTS_PROVIDER_URL: await provider.start(),
      EVENTS_FETCH_INTERVAL_SECONDS: '3600',
      EVENTS_INDEX_REFRESH_SECONDS: '0.5',
      CTR_REFRESH_SECONDS: '0.5',
    }
    const flotilla = await startRole('all', env)
    processes.push(flotilla)
    const base = flotilla.url

    // Loaded: the ctr snapshot with the estimates, the events index with the feed.
    assert.equal((await call(`${base}/api/ctr/estimates`, json({ estimates: ESTIMATES }))).status, 200)
    const predict = json({ adId: [1, 2, 3, 404] })
    const predicted = await call(`${base}/predict`, predict)
    assert.equal(predicted.status, 200)
    assert.deepEqual(JSON.parse(predicted.body), { 1: { estimatedCVR: 0.125 }, 2: { estimatedCVR: 0.5 }, 3: { estimatedCVR: 0.75 }, 404: { estimatedCVR: -1 } })
    const searched = await waitFor(
      async () => {
        const r = await call(`${base}/search`)
        return r.status === 200 && (JSON.parse(r.body) as { data: { events: unknown[] } }).data.events.length > 0 ? r : undefined
      },
      30_000,
      'the feed to be searchable',
    )
    await uploadDone(base, 30_000)
    assert.equal((await call(`${base}/readyz`)).status, 200)

    await cluster.stop()
    const stoppedAt = Date.now()
    const seen = { plays: new Set<number>(), rounds: 0 }
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      const [p, s, health, ready, write, upload] = await Promise.all([
        call(`${base}/predict`, predict),
        call(`${base}/search`),
        call(`${base}/healthz`),
        call(`${base}/readyz`),
        call(`${base}/api/ctr/estimates`, json({ estimates: [{ adId: 4, estimatedCVR: 0.25 }] })),
        call(`${base}/v1/data_processor/upload`, csv(PLAYS_CSV)),
      ])
      assert.equal(p.status, 200, p.body)
      assert.deepEqual(JSON.parse(p.body), JSON.parse(predicted.body), '/predict answers from the snapshot')
      assert.equal(s.status, 200, s.body)
      assert.deepEqual(JSON.parse(s.body), JSON.parse(searched.body), '/search answers from the index')
      assert.equal(health.status, 200)
      assert.equal(ready.status, 503, ready.body)
      assert.deepEqual(JSON.parse(ready.body), { status: 'unavailable', checks: { database: 'unavailable' } })
      // A write needs the database: 503 with a retry hint and no internals.
      assert.equal(write.status, 503, write.body)
      assert.equal(write.headers.get('retry-after'), '5')
      assert.equal((JSON.parse(write.body) as { error: { code: string } }).error.code, 'FLOTILLA_DATABASE_UNAVAILABLE')
      assert.doesNotMatch(write.body, /ECONNREFUSED|127\.0\.0\.1|terminat/i)
      // Refused, promptly, in the original's {"error": …} shape, without internals.
      seen.plays.add(upload.status)
      assert.equal(upload.status, 503, `a plays upload cannot be taken: ${upload.body}`)
      assert.equal(upload.headers.get('retry-after'), '5')
      assert.doesNotMatch(upload.body, /ECONNREFUSED|127\.0\.0\.1|terminat/i)
      seen.rounds++
      // Pacing the probes, not waiting for anything: the machine is shared.
      await sleep(50)
    }
    t.diagnostic(`${seen.rounds} rounds during the outage; plays upload answered ${[...seen.plays].join(', ')}`)
    assert.deepEqual(readdirSync(path.join(dataDir, 'files', 'plays', 'inputs')), [], 'refused uploads leave no file behind')

    await cluster.start()
    await waitFor(async () => ((await call(`${base}/readyz`)).status === 200 ? true : undefined), 30_000, '/readyz to answer 200 again')
    await uploadDone(base, 30_000)
    assert.equal((await call(`${base}/api/ctr/estimates`, json({ estimates: [{ adId: 4, estimatedCVR: 0.25 }] }))).status, 200)
    assert.deepEqual(JSON.parse((await call(`${base}/predict`, json({ adId: [4] }))).body), { 4: { estimatedCVR: 0.25 } })
    assert.equal((await terminate(flotilla)).code, 0, flotilla.output())
  } finally {
    await killAll(processes)
    await provider.stop()
    await cluster?.destroy()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
