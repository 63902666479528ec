import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { eachDialect } from '../../helpers/databases.ts'
import { waitFor } from '../../helpers/flotilla.ts'
import { download, startPlays, uploadCsv, waitForStatus } from './helpers.ts'
import { randomPlays, referenceTotals } from './reference.ts'

// Slow to process on purpose: many keys under a tiny budget spill again and again.
const BIG = randomPlays(500_000, 20_000, 365, 3)

test('cancel: a running task stops and leaves no file; a queued one is dropped at once', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startPlays(db, { PLAYS_MEMORY_MB: '0.25', PLAYS_THREADS: '1' })
    try {
      const running = await uploadCsv(f, BIG)
      const queued = await uploadCsv(f, BIG)
      await waitForStatus(f, running, ['PROCESSING'])

      const dropped = await f.server.inject({ method: 'DELETE', url: `/v1/tasks/${queued}` })
      assert.equal(dropped.statusCode, 200, dropped.body)
      assert.equal(dropped.json().status, 'CANCELLED')

      const res = await f.server.inject({ method: 'DELETE', url: `/v1/tasks/${running}` })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json().status, 'CANCELLED')
      assert.deepEqual((await f.server.inject({ url: `/v1/tasks/status/${running}` })).json(), { status: 'CANCELLED' })
      const download = await f.server.inject({ url: `/v1/data_processor/download/${running}` })
      assert.deepEqual([download.statusCode, download.json()], [400, { error: 'Task cancelled' }])

      // The job ends cancelled (its handler saw the cancel and stopped), not succeeded.
      const jobs = await waitFor(async () => {
        const list = await f.runtime.jobs.list({ type: 'plays.process' })
        return list.every((j) => j.status === 'cancelled') ? list : undefined
      }, 20_000, 'both jobs to end cancelled')
      assert.equal(jobs.length, 2)
      const files = path.join(f.dataDir, 'files', 'plays')
      for (const sub of ['inputs', 'outputs', 'work']) assert.deepEqual(readdirSync(path.join(files, sub)), [], `${sub} is empty`)
    } finally {
      await f.close()
    }
  })
})

test('on_error=skip through the API: DONE, with the skipped rows reported; metrics count them', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startPlays(db)
    try {
      const input = 'Song,Date,Number of Plays\nA,2020-01-01,1\nA,2020-01-01,oops\nB,2020-01-02,3\n'
      const id = await uploadCsv(f, input, '?on_error=skip&filename=mine.csv')
      assert.equal((await waitForStatus(f, id)).status, 'DONE')
      assert.equal((await download(f, id)).toString(), 'Song,Date,Total Number of Plays for Date\nA,2020-01-01,1\nB,2020-01-02,3\n')
      const task = (await f.server.inject({ url: `/v1/tasks/${id}` })).json()
      assert.equal(task.file_name, 'mine.csv')
      assert.equal(task.rows, 2)
      assert.equal(task.rows_skipped, 1)
      assert.deepEqual(task.skipped_examples, [{ line: 3, reason: 'Number of Plays must be a whole number, 0 or more (got "oops")' }])

      const metrics = (await f.server.inject({ url: '/metrics' })).body
      assert.match(metrics, /plays_tasks\{status="DONE"\} 1/)
      assert.match(metrics, /plays_rows_processed_total 2/)
      assert.match(metrics, /plays_rows_skipped_total 1/)
      assert.match(metrics, new RegExp(`plays_bytes_processed_total ${Buffer.byteLength(input)}`))
      assert.match(metrics, /plays_task_duration_seconds_count\{outcome="done"\} 1/)
      assert.match(metrics, /plays_spills_total 0/)
    } finally {
      await f.close()
    }
  })
})

test('a tiny memory budget through the service: spills counted, output right', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startPlays(db, { PLAYS_MEMORY_MB: '0.25' })
    try {
      const input = randomPlays(50_000, 2_000, 100, 5)
      const id = await uploadCsv(f, input)
      assert.equal((await waitForStatus(f, id)).status, 'DONE')
      assert.equal((await download(f, id)).toString(), referenceTotals(input))
      const task = (await f.server.inject({ url: `/v1/tasks/${id}` })).json()
      assert.ok(task.spills > 0, `spills: ${task.spills}`)
      assert.match((await f.server.inject({ url: '/metrics' })).body, new RegExp(`plays_spills_total ${task.spills}`))
    } finally {
      await f.close()
    }
  })
})
