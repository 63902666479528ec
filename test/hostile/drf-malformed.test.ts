import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TestFlotilla } from '../helpers/flotilla.ts'
import { fileFlotilla } from './api-flotilla.ts'

const TOKEN = 'hostile-test-token-0123456789'
let f: TestFlotilla

fileFlotilla({ FLOTILLA_ROLE: 'api', FLOTILLA_TOKEN: TOKEN }, (started) => (f = started))

const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }

test('PUT and PATCH of a DRF hotel answer a body that is not JSON with 400 {"detail"}', async () => {
  for (const method of ['PUT', 'PATCH'] as const) {
    for (const payload of ['{"name":', '\u0000']) {
      const res = await f.server.inject({ method, url: '/hotels/api/drf/hotels/1/', headers, payload })
      assert.equal(res.statusCode, 400, `${method} ${JSON.stringify(payload)}: ${res.body}`)
      assert.deepEqual(res.json(), { detail: 'Malformed request.' })
    }
  }
})

// Found by test/property: the route's 400 schema was only the field-errors map, so
// serializing {"detail": "Malformed request."} threw.
test('POST of a DRF hotel answers a body that is not JSON with 400, not 500', async () => {
  for (const payload of ['{"name":', '\u0000']) {
    const res = await f.server.inject({ method: 'POST', url: '/hotels/api/drf/hotels/', headers, payload })
    assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`)
    assert.deepEqual(res.json(), { detail: 'Malformed request.' })
  }
})
