import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla } from '../helpers/flotilla.ts'

test('the landing page and /api/platform describe the running process', async () => {
  const db = await createTestDatabase('sqlite')
  const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr' })
  try {
    const landing = await f.server.inject({ url: '/' })
    assert.equal(landing.statusCode, 200)
    assert.match(String(landing.headers['content-type']), /text\/html/)
    assert.match(landing.body, /ctr/)
    assert.match(landing.body, /\/predict/)
    assert.match(landing.body, /embedded/)
    assert.match(landing.body, /<svg/)

    const platform = (await f.server.inject({ url: '/api/platform' })).json()
    assert.equal(platform.mode, 'embedded')
    assert.equal(platform.role, 'all')
    assert.deepEqual(platform.services.map((s: { name: string }) => s.name), ['ctr'])
    assert.deepEqual(platform.auth, { enabled: false, authenticated: true })

    // The dashboard: index for every client-side route (built by npm test's pretest).
    const ui = await f.server.inject({ url: '/ui/ctr' })
    assert.equal(ui.statusCode, 200)
    assert.match(ui.body, /<div id="root">/)
  } finally {
    await f.close()
    await db.cleanup()
  }
})

test('off loopback the token is generated, kept in the data dir, and protects writes', async () => {
  const db = await createTestDatabase('sqlite')
  const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr', HOST: '0.0.0.0' })
  try {
    assert.equal(f.runtime.auth.enabled, true)
    assert.equal(f.runtime.auth.generated, true)
    const denied = await f.server.inject({ method: 'POST', url: '/api/ctr/estimates', payload: { estimates: [{ adId: 1, estimatedCVR: 0.5 }] } })
    assert.equal(denied.statusCode, 401)
    const allowed = await f.server.inject({
      method: 'POST',
      url: '/api/ctr/estimates',
      payload: { estimates: [{ adId: 1, estimatedCVR: 0.5 }] },
      headers: { authorization: `Bearer ${f.runtime.auth.token}` },
    })
    assert.equal(allowed.statusCode, 200)
    // The original's read endpoint stays open.
    assert.equal((await f.server.inject({ method: 'POST', url: '/predict', payload: { adId: [1] } })).json()['1'].estimatedCVR, 0.5)
  } finally {
    await f.close()
    await db.cleanup()
  }
})
