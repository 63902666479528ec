import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TestFlotilla } from '../helpers/flotilla.ts'
import { fileFlotilla } from './api-flotilla.ts'
import { wellFormedError } from '../property/error-shapes.ts'

const TOKEN = 'hostile-test-token-0123456789'
let f: TestFlotilla

fileFlotilla({ FLOTILLA_ROLE: 'api', FLOTILLA_TOKEN: TOKEN }, (started) => (f = started))

/** A JSON body of about `bytes` bytes whose keys the routes know. */
function bigJson(bytes: number): string {
  return JSON.stringify({ url: 'http://127.0.0.1:9/', website_url: 'http://127.0.0.1:9/', ids: [1], name: 'x', padding: 'p'.repeat(bytes) })
}

const JSON_ROUTES: [method: 'POST' | 'PUT' | 'PATCH', url: string][] = [
  ['POST', '/api/monitor/websites'],
  ['POST', '/website'],
  ['PUT', '/websites'],
  ['POST', '/predict'],
  ['POST', '/fastapi/search-hotels-using-asyncio/'],
  ['POST', '/fastapi/save-selected-hotels/'],
  ['POST', '/hotels/api/drf/hotels/'],
  ['POST', '/api/admin/monitor/websites'],
  ['POST', '/api/db/query'],
  ['POST', '/api/auth/login'],
]

test('a JSON body over 1 MiB is refused with 413 and a message, in the route\u2019s error shape', async () => {
  const body = bigJson(1024 * 1024 + 1)
  for (const [method, url] of JSON_ROUTES) {
    // With the token: the DRF writes ask for credentials (403) before they read a body, even on loopback.
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }
    const res = await f.server.inject({ method, url, headers, payload: body })
    assert.equal(res.statusCode, 413, `${method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`)
    const parsed = res.json()
    assert.ok(wellFormedError(url, parsed), `${method} ${url}: ${res.body}`)
    assert.match(JSON.stringify(parsed), /too large/i, `${method} ${url} says why: ${res.body}`)
  }
  assert.equal((await f.server.inject({ url: '/healthz' })).statusCode, 200)
})

test('the bulk imports take more (32 MiB for monitor, 64 MiB for ctr) and refuse past it', async () => {
  const monitor = await f.server.inject({ method: 'POST', url: '/api/monitor/websites/import', headers: { 'content-type': 'text/csv' }, payload: Buffer.alloc(32 * 1024 * 1024 + 1, 'a') })
  assert.equal(monitor.statusCode, 413, monitor.body.slice(0, 200))
  assert.match(monitor.json().error.message, /too large/i)
  // Under its own limit but over the default one, the import reads the body (and refuses its content).
  const fits = await f.server.inject({ method: 'POST', url: '/api/monitor/websites/import', headers: { 'content-type': 'text/csv' }, payload: `website_url,monitoring_interval\n${'x'.repeat(2 * 1024 * 1024)},5\n` })
  assert.ok(fits.statusCode >= 400 && fits.statusCode < 500 && fits.statusCode !== 413, `${fits.statusCode}: ${fits.body.slice(0, 200)}`)
})
