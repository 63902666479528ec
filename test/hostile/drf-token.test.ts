import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla } from '../helpers/flotilla.ts'

// Found while writing test/hostile: hotels resolved the token itself, and on loopback without
// FLOTILLA_TOKEN each resolution generates a new random one, so the DRF writes checked a
// token nobody had. Services now get the runtime's auth settings.
test('on loopback without FLOTILLA_TOKEN, the DRF writes accept the token the rest of Flotilla uses', async () => {
  const db = await createTestDatabase('sqlite')
  const f = await startTestFlotilla(db, { FLOTILLA_ROLE: 'api' })
  try {
    const res = await f.server.inject({ method: 'POST', url: '/hotels/api/drf/hotels/', headers: { authorization: `Bearer ${f.runtime.auth.token}` }, payload: {} })
    assert.notEqual(res.statusCode, 401, res.body)
  } finally {
    await f.close()
    await db.cleanup()
  }
})
