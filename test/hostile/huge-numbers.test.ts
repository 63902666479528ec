import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TestFlotilla } from '../helpers/flotilla.ts'
import { fileFlotilla } from './api-flotilla.ts'

let f: TestFlotilla

fileFlotilla({ FLOTILLA_ROLE: 'api' }, (started) => (f = started))

// Found by test/property: `1e308` is an integer to JSON Schema, but no database takes it as an offset.
test('a page or offset too large for the database is a 4xx, not a 500', async () => {
  const created = await f.server.inject({ method: 'POST', url: '/api/monitor/websites', payload: { url: 'http://127.0.0.1:9/', intervalSeconds: 60 } })
  assert.equal(created.statusCode, 201, created.body)
  const id = created.json().id
  for (const url of [
    '/api/monitor/websites?offset=1e308',
    `/api/monitor/websites/${id}/checks?offset=1e308`,
    '/api/admin/monitor/websites?offset=1e308',
    '/v1/tasks?page=1e308',
    '/websites?page=1e308',
    '/website?keyword=x&page=1e308',
    `/monitoring?website=${encodeURIComponent('http://127.0.0.1:9/')}&page=1e308`,
  ]) {
    const res = await f.server.inject({ url })
    assert.ok(res.statusCode === 400 || res.statusCode === 422, `${url} answered ${res.statusCode}: ${res.body}`)
  }
  // The largest offset still accepted answers an empty page.
  const last = await f.server.inject({ url: `/api/monitor/websites?offset=${Number.MAX_SAFE_INTEGER}` })
  assert.equal(last.statusCode, 200)
  assert.deepEqual(last.json().items, [])
})

// Ajv coerces "Infinity" (and "1e309") to Infinity and then skips minimum/maximum, which it
// checks only for finite numbers; the kit refuses non-finite numbers after validation.
test('Infinity as an integer parameter is a 4xx, not a 500', async () => {
  for (const url of ['/api/monitor/websites?limit=Infinity', '/api/monitor/websites?offset=Infinity', '/api/admin/monitor/websites?limit=-Infinity', '/v1/tasks?page=1e309', '/websites?page=Infinity', '/api/hotels/jobs?limit=Infinity']) {
    const res = await f.server.inject({ url })
    assert.ok(res.statusCode === 400 || res.statusCode === 422, `${url} answered ${res.statusCode}: ${res.body}`)
  }
})

// The same quirk in a JSON body: the string "Infinity" was coerced past the schema and stored,
// and every later read of the row failed to serialize.
test('"Infinity" in a JSON body is a 4xx, and stores nothing that breaks a later read', async () => {
  const writes: [string, string][] = [
    ['/fastapi/search-hotels-using-celery/', '{"query":"x","page":"Infinity"}'],
    ['/api/admin/ctr/estimates', '{"adId":5,"estimatedCVR":"Infinity"}'],
    ['/api/admin/hotels/hotels', '{"uid":"Infinity","cityId":1,"name":"n","url":"http://127.0.0.1:9/"}'],
  ]
  for (const [url, payload] of writes) {
    const res = await f.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload })
    assert.ok(res.statusCode === 400 || res.statusCode === 422, `${url} ${payload} answered ${res.statusCode}: ${res.body}`)
  }
  for (const url of ['/api/hotels/jobs', '/hotels/api/drf/hotels/', '/api/admin/ctr/estimates']) {
    assert.equal((await f.server.inject({ url })).statusCode, 200, url)
  }
})

test('a streamed upload body is not walked for numbers', async () => {
  const res = await f.server.inject({ method: 'POST', url: '/v1/data_processor/upload', headers: { 'content-type': 'text/csv' }, payload: 'Song,Date,Number of Plays\nA,2020-01-01,1\n' })
  assert.equal(res.statusCode, 202, res.body)
})
