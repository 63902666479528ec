import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AdminRow } from '../../src/kit/admin/admin-model.ts'
import { eachDialect } from '../helpers/databases.ts'
import { startTestFlotilla } from '../helpers/flotilla.ts'

test('ctr estimates: list with filter, sort and paging; create and edit through the upsert, seen by /predict at once', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr' })
    try {
      const { server } = f
      const estimates = Array.from({ length: 30 }, (_, i) => ({ adId: i + 1, estimatedCVR: (i % 10) / 10 }))
      assert.equal((await server.inject({ method: 'POST', url: '/api/ctr/estimates', payload: { estimates } })).statusCode, 200)

      const models = (await server.inject({ url: '/api/admin' })).json().models
      const model = models.find((m: { service: string; name: string }) => m.service === 'ctr' && m.name === 'estimates')
      assert.equal(model.key, 'adId')
      assert.deepEqual(model.operations, { create: true, update: true, delete: true })
      assert.match(model.notes, /deleted ad answers -1/)
      assert.deepEqual(model.schema.properties.estimatedCVR, { type: 'number', minimum: 0, maximum: 1 })

      const page = (await server.inject({ url: '/api/admin/ctr/estimates?limit=10&offset=10' })).json()
      assert.equal(page.total, 30)
      assert.deepEqual(page.rows.map((r: AdminRow) => r.adId), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20])

      const sorted = (await server.inject({ url: '/api/admin/ctr/estimates?sort=estimatedCVR&order=desc&limit=3' })).json()
      assert.deepEqual(sorted.rows.map((r: AdminRow) => [r.adId, r.estimatedCVR]), [[30, 0.9], [20, 0.9], [10, 0.9]])

      const filtered = (await server.inject({ url: '/api/admin/ctr/estimates?filterColumn=estimatedCVR&filterOp=gt&filterValue=0.75' })).json()
      assert.equal(filtered.total, 6)
      const exact = (await server.inject({ url: '/api/admin/ctr/estimates?filterColumn=adId&filterValue=7' })).json()
      assert.deepEqual(exact.rows.map((r: AdminRow) => r.adId), [7])
      const badFilter = await server.inject({ url: '/api/admin/ctr/estimates?filterColumn=adId&filterValue=seven' })
      assert.equal(badFilter.statusCode, 400)
      assert.match(badFilter.json().error.message, /not an integer/)
      assert.equal((await server.inject({ url: '/api/admin/ctr/estimates?sort=ad_id' })).statusCode, 400, 'only declared columns sort')

      const invalid = await server.inject({ method: 'POST', url: '/api/admin/ctr/estimates', payload: { adId: 100, estimatedCVR: 1.5 } })
      assert.equal(invalid.statusCode, 400)
      assert.match(invalid.json().error.message, /estimatedCVR must be <= 1/)
      const extra = await server.inject({ method: 'POST', url: '/api/admin/ctr/estimates', payload: { adId: 100, estimatedCVR: 0.5, updatedAt: 1 } })
      assert.equal(extra.statusCode, 400, 'read-only columns cannot be written')
      const taken = await server.inject({ method: 'POST', url: '/api/admin/ctr/estimates', payload: { adId: 5, estimatedCVR: 0.5 } })
      assert.equal(taken.statusCode, 409)

      const created = await server.inject({ method: 'POST', url: '/api/admin/ctr/estimates', payload: { adId: 100, estimatedCVR: 0.125 } })
      assert.equal(created.statusCode, 201)
      assert.equal(created.json().estimatedCVR, 0.125)
      const edited = await server.inject({ method: 'PATCH', url: '/api/admin/ctr/estimates/5', payload: { estimatedCVR: 0.875 } })
      assert.equal(edited.statusCode, 200)
      assert.equal(edited.json().estimatedCVR, 0.875)
      assert.equal((await server.inject({ method: 'PATCH', url: '/api/admin/ctr/estimates/5', payload: { adId: 6 } })).statusCode, 400, 'the key is not editable')
      assert.equal((await server.inject({ method: 'PATCH', url: '/api/admin/ctr/estimates/555', payload: { estimatedCVR: 0.1 } })).statusCode, 404)

      const predicted = (await server.inject({ method: 'POST', url: '/predict', payload: { adId: [5, 100] } })).json()
      assert.deepEqual(predicted, { 5: { estimatedCVR: 0.875 }, 100: { estimatedCVR: 0.125 } }, 'the snapshot serves what the admin wrote')
      assert.equal((await server.inject({ method: 'DELETE', url: '/api/admin/ctr/estimates/5' })).statusCode, 204)
      const afterDelete = (await server.inject({ method: 'POST', url: '/predict', payload: { adId: [5] } })).json()
      assert.deepEqual(afterDelete, { 5: { estimatedCVR: -1 } }, 'a deleted ad is unknown at once')
      assert.equal((await server.inject({ method: 'DELETE', url: '/api/admin/ctr/estimates/5' })).statusCode, 404)
    } finally {
      await f.close()
    }
  })
})
