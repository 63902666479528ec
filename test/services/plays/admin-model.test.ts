import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AdminRow } from '../../../src/kit/admin/admin-model.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { SAMPLE_INPUT, startPlays, uploadCsv } from './helpers.ts'

const BASE = '/api/admin/plays/tasks'

test('tasks in the admin: listed and filtered; the one write is a cancel through the service', async (t) => {
  await eachDialect(t, async (db) => {
    // An API process runs no jobs, so the tasks stay RECEIVED until cancelled.
    const f = await startPlays(db, { FLOTILLA_ROLE: 'api' })
    try {
      const { server } = f
      const first = await uploadCsv(f, SAMPLE_INPUT, '?filename=first.csv')
      const second = await uploadCsv(f, SAMPLE_INPUT, '?filename=second.csv&on_error=skip')

      const model = (await server.inject({ url: '/api/admin' })).json().models.find((m: { service: string }) => m.service === 'plays')
      assert.equal(model.key, 'task_id')
      assert.deepEqual(model.operations, { create: false, update: true, delete: false })
      assert.match(model.notes, /set its status to CANCELLED/)

      const list = (await server.inject({ url: `${BASE}?sort=file_name&order=asc` })).json()
      assert.equal(list.total, 2)
      assert.deepEqual(
        list.rows.map((r: AdminRow) => [r.task_id, r.file_name, r.status, r.on_error, r.input_bytes, r.rows, r.finished_at]),
        [
          [first, 'first.csv', 'RECEIVED', 'fail', SAMPLE_INPUT.length, null, null],
          [second, 'second.csv', 'RECEIVED', 'skip', SAMPLE_INPUT.length, null, null],
        ],
      )
      assert.equal(typeof list.rows[0].created_at, 'number')

      const refused = await server.inject({ method: 'PATCH', url: `${BASE}/${first}`, payload: { status: 'DONE' } })
      assert.equal(refused.statusCode, 400, 'only a cancel is accepted')
      assert.equal((await server.inject({ method: 'PATCH', url: `${BASE}/${first}`, payload: { file_name: 'x.csv' } })).statusCode, 400)

      const cancelled = await server.inject({ method: 'PATCH', url: `${BASE}/${first}`, payload: { status: 'CANCELLED' } })
      assert.equal(cancelled.statusCode, 200, cancelled.body)
      assert.equal(cancelled.json().status, 'CANCELLED')
      assert.equal(typeof cancelled.json().finished_at, 'number')
      assert.deepEqual((await server.inject({ url: `/v1/tasks/status/${first}` })).json(), { status: 'CANCELLED' }, 'the API sees the cancel')
      assert.equal((await f.runtime.jobs.list({ type: 'plays.process' })).find((j) => j.payload && (j.payload as { taskId: string }).taskId === first)?.status, 'cancelled', 'its job is dropped')

      const again = await server.inject({ method: 'PATCH', url: `${BASE}/${first}`, payload: { status: 'CANCELLED' } })
      assert.equal(again.statusCode, 409)
      assert.match(again.json().error.message, /already ended \(CANCELLED\)/)

      const waiting = (await server.inject({ url: `${BASE}?filterColumn=status&filterOp=eq&filterValue=RECEIVED` })).json()
      assert.deepEqual(waiting.rows.map((r: AdminRow) => r.task_id), [second])
      assert.equal((await server.inject({ url: `${BASE}/${second}` })).json().file_name, 'second.csv')
      assert.equal((await server.inject({ url: `${BASE}/nope` })).statusCode, 404)
      assert.equal((await server.inject({ method: 'DELETE', url: `${BASE}/${second}` })).statusCode, 404, 'plays declares no delete')
    } finally {
      await f.close()
    }
  })
})
