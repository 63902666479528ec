import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TestFlotilla } from '../helpers/flotilla.ts'
import { fileFlotilla } from './api-flotilla.ts'

// What SECURITY.md promises of a Flotilla bound to another address than loopback.
const TOKEN = 'hostile-test-token-0123456789'
let f: TestFlotilla

fileFlotilla({ HOST: '0.0.0.0', FLOTILLA_TOKEN: TOKEN, FLOTILLA_ROLE: 'api' }, (started) => (f = started))

test('off loopback: writes, the admin, the profiler and the database browser need the token; reads stay open', async () => {
  const closed: [string, string, unknown?][] = [
    ['GET', '/api/admin'],
    ['GET', '/api/admin/monitor/websites'],
    ['GET', '/api/profiler'],
    ['GET', '/api/db/tables'],
    ['POST', '/api/db/query', { sql: 'select 1' }],
    ['POST', '/api/monitor/websites', { url: 'http://127.0.0.1:9/', intervalSeconds: 60 }],
    ['POST', '/website', { website_url: 'http://127.0.0.1:9/', monitoring_interval: 60 }],
    ['POST', '/api/events/fetch'],
  ]
  for (const [method, url, payload] of closed) {
    const res = await f.server.inject({ method: method as 'GET', url, ...(payload ? { payload: payload } : {}) })
    assert.equal(res.statusCode, 401, `${method} ${url}: ${res.body}`)
    const authed = await f.server.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${TOKEN}` }, ...(payload ? { payload: payload } : {}) })
    assert.notEqual(authed.statusCode, 401, `${method} ${url} with the token`)
    const wrong = await f.server.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${TOKEN}x` }, ...(payload ? { payload: payload } : {}) })
    assert.equal(wrong.statusCode, 401, `${method} ${url} with a wrong token`)
  }
  for (const url of ['/websites', '/search', '/stats', '/v1/tasks', '/hotels/api/drf/hotels/', '/healthz', '/metrics', '/openapi.json']) {
    assert.equal((await f.server.inject({ url })).statusCode, 200, url)
  }
  // POST /predict is a read.
  assert.notEqual((await f.server.inject({ method: 'POST', url: '/predict', payload: [1] })).statusCode, 401)
})

test('the session cookie is HttpOnly and SameSite=Strict, Secure behind https; cookie writes need the CSRF header', async () => {
  const login = await f.server.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { token: TOKEN } })
  assert.equal(login.statusCode, 200)
  const cookie = String(login.headers['set-cookie'])
  assert.match(cookie, /HttpOnly/)
  assert.match(cookie, /SameSite=Strict/)
  assert.match(cookie, /Secure/)
  const session = cookie.split(';')[0]!
  const payload = { url: 'http://127.0.0.1:9/csrf', intervalSeconds: 60 }
  const noHeader = await f.server.inject({ method: 'POST', url: '/api/monitor/websites', headers: { cookie: session }, payload })
  assert.equal(noHeader.statusCode, 403)
  const withHeader = await f.server.inject({ method: 'POST', url: '/api/monitor/websites', headers: { cookie: session, 'x-flotilla-csrf': '1' }, payload })
  assert.equal(withHeader.statusCode, 201, withHeader.body)
  assert.equal((await f.server.inject({ url: '/api/admin', headers: { cookie: session } })).statusCode, 200)
})

test('login is rate-limited per address: guessing the token online stops at 10 a minute', async () => {
  const statuses: number[] = []
  for (let i = 0; i < 12; i++) {
    statuses.push((await f.server.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.8.7', payload: { token: `guess-${i}-0123456789abcdef` } })).statusCode)
  }
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401))
  assert.deepEqual(statuses.slice(10), [429, 429])
  // Even the right token waits out the minute.
  assert.equal((await f.server.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.8.7', payload: { token: TOKEN } })).statusCode, 429)
})
