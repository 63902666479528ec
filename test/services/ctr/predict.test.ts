import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla } from '../../helpers/flotilla.ts'

const SAMPLE = readFileSync(new URL('../../../../shared/data/ctr/estimated-ctr.csv', import.meta.url))

test('the original interface, as its clients used it', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr' })
    try {
      const imported = await f.server.inject({ method: 'POST', url: '/api/ctr/estimates', headers: { 'content-type': 'text/csv' }, payload: SAMPLE })
      assert.equal(imported.statusCode, 200, imported.body)
      assert.deepEqual(imported.json(), { imported: 59 })

      // The original's clients send JSON as text/plain.
      const res = await f.server.inject({ method: 'POST', url: '/predict', headers: { 'content-type': 'text/plain' }, payload: '{"adId": [1, 2, 100, 1]}' })
      assert.equal(res.statusCode, 200)
      assert.match(String(res.headers['content-type']), /application\/json/)
      assert.deepEqual(res.json(), { '1': { estimatedCVR: 0.841029708 }, '2': { estimatedCVR: 0.924865252 }, '100': { estimatedCVR: -1 } })

      const json = await f.server.inject({ method: 'POST', url: '/predict', payload: { adId: [59] } })
      assert.equal(json.statusCode, 200)
      assert.deepEqual(Object.keys(json.json()), ['59'])

      const empty = await f.server.inject({ method: 'POST', url: '/predict', payload: { adId: [] } })
      assert.deepEqual(empty.json(), {})

      for (const payload of ['', 'not json', '{}', '{"adId": 5}', '{"adId": ["x"]}', '{"adId": [1.5]}', 'null', '{"adid": [1]}']) {
        const bad = await f.server.inject({ method: 'POST', url: '/predict', headers: { 'content-type': 'text/plain' }, payload })
        assert.equal(bad.statusCode, 400, payload)
        assert.equal(bad.body, '"bad request"', payload)
      }

      const stats = await f.server.inject({ method: 'GET', url: '/stats' })
      assert.equal(stats.statusCode, 200)
      assert.match(stats.body, /ctr_lookups_total \d+/)
      assert.match(stats.body, /ctr_snapshot_size 59/)
    } finally {
      await f.close()
    }
  })
})

test('more ids than the limit is a 413 with a clear message', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr', CTR_MAX_IDS: '3' })
    try {
      const res = await f.server.inject({ method: 'POST', url: '/predict', payload: { adId: [1, 2, 3, 4] } })
      assert.equal(res.statusCode, 413)
      assert.equal(res.json().error.code, 'CTR_TOO_MANY_IDS')
      assert.match(res.json().error.message, /at most 3 ids; this one has 4/)
    } finally {
      await f.close()
    }
  })
})

test('the API: single lookups, status, bulk upsert all or nothing', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr' })
    try {
      const ok = await f.server.inject({ method: 'POST', url: '/api/ctr/estimates', payload: { estimates: [{ adId: 5, estimatedCVR: 0.25 }, { adId: 6, estimatedCVR: 1 }] } })
      assert.deepEqual(ok.json(), { imported: 2 })
      assert.deepEqual((await f.server.inject({ url: '/api/ctr/estimates/5' })).json(), { adId: 5, estimatedCVR: 0.25 })
      const missing = await f.server.inject({ url: '/api/ctr/estimates/7' })
      assert.equal(missing.statusCode, 404)
      assert.equal(missing.json().error.code, 'CTR_AD_NOT_FOUND')

      const bad = await f.server.inject({ method: 'POST', url: '/api/ctr/estimates', headers: { 'content-type': 'text/csv' }, payload: 'adId,estimatedCVR\n5,0.9\n6,2\n' })
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(bad.json().error, { code: 'CTR_BAD_CSV', message: 'line 3: estimatedCVR must be a number in [0, 1] (got "2")', details: { line: 3 } })
      // Nothing of the rejected file was stored: ad 5 keeps its value.
      assert.deepEqual((await f.server.inject({ url: '/api/ctr/estimates/5' })).json(), { adId: 5, estimatedCVR: 0.25 })
      const stored = await db.database.db.selectFrom('ctr_estimate').select('estimated_cvr').where('ad_id', '=', 5).executeTakeFirstOrThrow()
      assert.equal(Number(stored.estimated_cvr), 0.25)

      const badJson = await f.server.inject({ method: 'POST', url: '/api/ctr/estimates', payload: { estimates: [{ adId: 1, estimatedCVR: -0.1 }] } })
      assert.equal(badJson.statusCode, 400)
      assert.match(badJson.json().error.message, /estimates\[0\]\.estimatedCVR/)

      const status = (await f.server.inject({ url: '/api/ctr/status' })).json()
      assert.equal(status.size, 2)
      assert.equal(status.maxIds, 10_000)
      assert.equal(status.lastRefreshError, null)
      assert.equal(typeof status.stalenessSeconds, 'number')
    } finally {
      await f.close()
    }
  })
})
