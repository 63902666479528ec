import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TestFlotilla } from '../helpers/flotilla.ts'
import { fileFlotilla } from './api-flotilla.ts'

let f: TestFlotilla

fileFlotilla({ FLOTILLA_ROLE: 'api' }, (started) => (f = started))

// Found by test/property: Fastify refused these before routing in its own shape
// ({"error":"Bad Request","code":"FST_ERR_BAD_URL",…}), not the kit's.
test('a path with bytes that are not UTF-8 is a 400 in the kit\u2019s error shape', async () => {
  for (const url of ['/api/monitor/websites/%FF%FE', '/v1/tasks/%C0%AF', '/hotels/api/drf/hotels/%FF/', '/api/admin/plays/tasks/%ED%A0%80']) {
    const res = await f.server.inject({ url })
    assert.equal(res.statusCode, 400, url)
    const body = res.json()
    assert.equal(typeof body.error?.code, 'string', `${url}: ${res.body}`)
    assert.equal(typeof body.error?.message, 'string', `${url}: ${res.body}`)
  }
})
