import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AdminRow } from '../../../src/kit/admin/admin-model.ts'
import { createTestDatabase, eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla } from '../../helpers/flotilla.ts'

const estimates = Array.from({ length: 5 }, (_, i) => ({ adId: i + 1, estimatedCVR: (i + 1) / 10 }))

test('DELETE /api/ctr/estimates/{adId}: /predict answers -1 at once, an unknown ad is a 404, an import revives it', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr' })
    try {
      const { server } = f
      assert.equal((await server.inject({ method: 'POST', url: '/api/ctr/estimates', payload: { estimates } })).statusCode, 200)

      const deleted = await server.inject({ method: 'DELETE', url: '/api/ctr/estimates/2' })
      assert.equal(deleted.statusCode, 204)
      assert.equal(deleted.body, '')
      const predicted = await server.inject({ method: 'POST', url: '/predict', headers: { 'content-type': 'text/plain' }, payload: '{"adId": [1, 2]}' })
      assert.deepEqual(predicted.json(), { 1: { estimatedCVR: 0.1 }, 2: { estimatedCVR: -1 } }, 'a deleted ad answers as an unknown one')
      assert.equal((await server.inject({ url: '/api/ctr/estimates/2' })).statusCode, 404)
      assert.equal((await server.inject({ url: '/api/ctr/status' })).json().size, 4)

      for (const url of ['/api/ctr/estimates/2', '/api/ctr/estimates/100']) {
        const missing = await server.inject({ method: 'DELETE', url })
        assert.equal(missing.statusCode, 404, url)
        assert.equal(missing.json().error.code, 'CTR_AD_NOT_FOUND')
        assert.match(missing.json().error.message, /no estimate for ad (2|100)/)
      }
      assert.equal((await server.inject({ method: 'DELETE', url: '/api/ctr/estimates/x' })).statusCode, 400)

      const revived = await server.inject({ method: 'POST', url: '/api/ctr/estimates', headers: { 'content-type': 'text/csv' }, payload: 'adId,estimatedCVR\n2,0.875\n' })
      assert.equal(revived.statusCode, 200)
      assert.deepEqual((await server.inject({ method: 'POST', url: '/predict', payload: { adId: [2] } })).json(), { 2: { estimatedCVR: 0.875 } })
    } finally {
      await f.close()
    }
  })
})

test('off loopback a delete needs the token', async () => {
  const db = await createTestDatabase('sqlite')
  const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr', HOST: '0.0.0.0' })
  try {
    const authorization = `Bearer ${f.runtime.auth.token}`
    await f.server.inject({ method: 'POST', url: '/api/ctr/estimates', payload: { estimates }, headers: { authorization } })
    assert.equal((await f.server.inject({ method: 'DELETE', url: '/api/ctr/estimates/1' })).statusCode, 401)
    assert.equal((await f.server.inject({ method: 'DELETE', url: '/api/ctr/estimates/1', headers: { authorization } })).statusCode, 204)
  } finally {
    await f.close()
    await db.cleanup()
  }
})

test('the admin deletes an estimate through the same delete, and creating it again revives it', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr' })
    try {
      const { server } = f
      assert.equal((await server.inject({ method: 'POST', url: '/api/ctr/estimates', payload: { estimates } })).statusCode, 200)
      const model = (await server.inject({ url: '/api/admin' })).json().models.find((m: { service: string; name: string }) => m.service === 'ctr' && m.name === 'estimates')
      assert.deepEqual(model.operations, { create: true, update: true, delete: true })
      assert.doesNotMatch(model.notes, /not deleted/)

      assert.equal((await server.inject({ method: 'DELETE', url: '/api/admin/ctr/estimates/3' })).statusCode, 204)
      assert.deepEqual((await server.inject({ method: 'POST', url: '/predict', payload: { adId: [3] } })).json(), { 3: { estimatedCVR: -1 } })
      assert.equal((await server.inject({ url: '/api/admin/ctr/estimates/3' })).statusCode, 404)
      const page = (await server.inject({ url: '/api/admin/ctr/estimates' })).json()
      assert.equal(page.total, 4)
      assert.deepEqual(page.rows.map((r: AdminRow) => r.adId), [1, 2, 4, 5])
      assert.equal((await server.inject({ method: 'DELETE', url: '/api/admin/ctr/estimates/3' })).statusCode, 404, 'already deleted')
      assert.equal((await server.inject({ method: 'DELETE', url: '/api/admin/ctr/estimates/99' })).statusCode, 404)

      const created = await server.inject({ method: 'POST', url: '/api/admin/ctr/estimates', payload: { adId: 3, estimatedCVR: 0.625 } })
      assert.equal(created.statusCode, 201, 'a deleted ad is not taken: creating it revives it')
      assert.deepEqual((await server.inject({ method: 'POST', url: '/predict', payload: { adId: [3] } })).json(), { 3: { estimatedCVR: 0.625 } })
      assert.equal((await server.inject({ url: '/api/admin/ctr/estimates' })).json().total, 5)
    } finally {
      await f.close()
    }
  })
})
