import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDialect } from '../../helpers/databases.ts'
import { download, multipart, SAMPLE_INPUT, SAMPLE_OUTPUT, startPlays, uploadCsv, waitForStatus } from './helpers.ts'

test('the original client flow: multipart upload, poll, download byte-identical', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startPlays(db)
    try {
      const { payload, headers } = multipart(SAMPLE_INPUT, 'file', 'sample-input.csv')
      const res = await f.server.inject({ method: 'POST', url: '/v1/data_processor/upload', headers, payload })
      assert.equal(res.statusCode, 202, res.body)
      const id = res.json<{ task_id: string }>().task_id
      assert.match(id, /^[0-9a-f-]{36}$/)
      const status = await waitForStatus(f, id)
      assert.deepEqual(status, { status: 'DONE', download_link: `/v1/data_processor/download/${id}` })

      const got = await f.server.inject({ url: `/v1/data_processor/download/${id}` })
      assert.equal(got.statusCode, 200)
      assert.match(String(got.headers['content-type']), /^text\/csv/)
      assert.equal(got.headers['content-disposition'], 'attachment; filename="sample-input_processed.csv"')
      assert.deepEqual(got.rawPayload, SAMPLE_OUTPUT)

      const task = (await f.server.inject({ url: `/v1/tasks/${id}` })).json()
      assert.equal(task.status, 'DONE')
      assert.equal(task.rows, 7)
      assert.equal(task.output_rows, 4)
      assert.equal(task.progress, 100)
      assert.equal(task.file_name, 'sample-input.csv')
    } finally {
      await f.close()
    }
  })
})

test('a raw text/csv body works the same; ranges are served', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startPlays(db)
    try {
      const id = await uploadCsv(f, SAMPLE_INPUT)
      assert.equal((await waitForStatus(f, id)).status, 'DONE')
      assert.deepEqual(await download(f, id), SAMPLE_OUTPUT)
      const part = await f.server.inject({ url: `/v1/data_processor/download/${id}`, headers: { range: 'bytes=0-3' } })
      assert.equal(part.statusCode, 206)
      assert.equal(part.body, 'Song')
      assert.equal(part.headers['content-range'], `bytes 0-3/${SAMPLE_OUTPUT.length}`)
      const tail = await f.server.inject({ url: `/v1/data_processor/download/${id}`, headers: { range: 'bytes=-4' } })
      assert.equal(tail.body, '250\n')
      const past = await f.server.inject({ url: `/v1/data_processor/download/${id}`, headers: { range: `bytes=${SAMPLE_OUTPUT.length}-` } })
      assert.equal(past.statusCode, 416)
    } finally {
      await f.close()
    }
  })
})

test('the original error shapes: no file, unknown task, downloads before DONE', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startPlays(db)
    try {
      const none = await f.server.inject({ method: 'POST', url: '/v1/data_processor/upload' })
      assert.equal(none.statusCode, 400)
      assert.deepEqual(none.json(), { error: 'No file part in the request' })
      const wrongField = multipart(SAMPLE_INPUT, 'upload')
      const wrong = await f.server.inject({ method: 'POST', url: '/v1/data_processor/upload', ...wrongField })
      assert.deepEqual([wrong.statusCode, wrong.json()], [400, { error: 'No file part in the request' }])

      const unknown = '00000000-0000-0000-0000-000000000000'
      for (const url of [`/v1/tasks/status/${unknown}`, `/v1/tasks/${unknown}`, `/v1/data_processor/download/${unknown}`]) {
        const res = await f.server.inject({ url })
        assert.deepEqual([res.statusCode, res.json()], [404, { error: 'Task not found' }], url)
      }
      assert.equal((await f.server.inject({ method: 'DELETE', url: `/v1/tasks/${unknown}` })).statusCode, 404)

      const failed = await uploadCsv(f, 'Song,Date,Number of Plays\nUmbrella,2020-02-30,1\n')
      const status = await waitForStatus(f, failed)
      assert.deepEqual(status, { status: 'FAILED', error: 'line 2: Date must be a real date written YYYY-MM-DD (got "2020-02-30")' })
      const res = await f.server.inject({ url: `/v1/data_processor/download/${failed}` })
      assert.deepEqual([res.statusCode, res.json()], [400, { error: 'Task failed' }])
      const again = await f.server.inject({ method: 'DELETE', url: `/v1/tasks/${failed}` })
      assert.deepEqual([again.statusCode, again.json()], [409, { error: 'Task already failed' }])

      const list = (await f.server.inject({ url: '/v1/tasks?page=1&page_size=1' })).json()
      assert.equal(list.total, 1)
      assert.equal(list.tasks[0].task_id, failed)
    } finally {
      await f.close()
    }
  })
})
