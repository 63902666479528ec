import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import pino from 'pino'
import { REDACTED } from '../../src/kit/log.ts'
import { createTestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla } from '../helpers/flotilla.ts'

const PROTECTED = [
  { method: 'GET', url: '/api/admin' },
  { method: 'GET', url: '/api/admin/ctr/estimates' },
  { method: 'PATCH', url: '/api/admin/ctr/estimates/1', payload: { estimatedCVR: 0.2 } },
  { method: 'GET', url: '/api/profiler' },
  { method: 'GET', url: '/api/db/tables' },
  { method: 'GET', url: '/api/db/tables/ctr_estimate/rows' },
  { method: 'POST', url: '/api/db/query', payload: { sql: 'select 1' } },
  { method: 'POST', url: '/api/ctr/estimates', payload: { estimates: [{ adId: 2, estimatedCVR: 0.5 }] } },
] as const

test('on 0.0.0.0 without a configured token: writes, admin, profiler and database answer 401 without the generated token, and work with it', async () => {
  const db = await createTestDatabase('sqlite')
  const lines: string[] = []
  const log = pino({ level: 'trace', redact: { paths: REDACTED, censor: '[redacted]' } }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }))
  const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr', HOST: '0.0.0.0' }, { log })
  try {
    const { server, runtime } = f
    assert.equal(runtime.auth.generated, true)
    const token = runtime.auth.token
    await server.inject({ method: 'POST', url: '/api/ctr/estimates', payload: { estimates: [{ adId: 1, estimatedCVR: 0.1 }] }, headers: { authorization: `Bearer ${token}` } })

    for (const request of PROTECTED) {
      const denied = await server.inject({ ...request })
      assert.equal(denied.statusCode, 401, `${request.method} ${request.url} without the token`)
      const wrong = await server.inject({ ...request, headers: { authorization: 'Bearer not-the-token-at-all' } })
      assert.equal(wrong.statusCode, 401, `${request.method} ${request.url} with a wrong token`)
      const allowed = await server.inject({ ...request, headers: { authorization: `Bearer ${token}` } })
      assert.ok(allowed.statusCode < 300, `${request.method} ${request.url} with the token: ${allowed.statusCode} ${allowed.body}`)
    }
    // What stays open: the landing page, the dashboard shell (it shows the login page), the original reads.
    for (const url of ['/', '/api/platform', '/healthz', '/ui/admin']) assert.equal((await server.inject({ url })).statusCode, 200, url)
    assert.equal((await server.inject({ method: 'POST', url: '/predict', payload: { adId: [1] } })).statusCode, 200)

    // A session: HttpOnly and SameSite always, Secure when the request came over https.
    const login = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { token } })
    assert.equal(login.statusCode, 200)
    const cookie = String(login.headers['set-cookie'])
    assert.match(cookie, /flotilla_session=/)
    assert.match(cookie, /HttpOnly/)
    assert.match(cookie, /SameSite=Strict/)
    assert.doesNotMatch(cookie, /Secure/, 'plain http cannot carry a Secure cookie back')
    const proxied = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { token }, headers: { 'x-forwarded-proto': 'https' } })
    assert.match(String(proxied.headers['set-cookie']), /Secure/)

    const session = { cookie: cookie.split(';')[0]! }
    assert.equal((await server.inject({ url: '/api/profiler', headers: session })).statusCode, 200)
    const noCsrf = await server.inject({ method: 'POST', url: '/api/db/query', payload: { sql: 'select 1' }, headers: session })
    assert.equal(noCsrf.statusCode, 403, 'a cookie-authenticated write needs the CSRF header')
    const withCsrf = await server.inject({ method: 'POST', url: '/api/db/query', payload: { sql: 'select 1' }, headers: { ...session, 'x-flotilla-csrf': '1' } })
    assert.equal(withCsrf.statusCode, 200)
    assert.equal((await server.inject({ method: 'POST', url: '/api/auth/login', payload: { token: 'guess-guess-guess' } })).statusCode, 401)

    const logged = lines.join('')
    assert.ok(lines.length > 0, 'the log was captured')
    assert.ok(!logged.includes(token), 'the token never reaches the log')
  } finally {
    await f.close()
    await db.cleanup()
  }
})

test('on loopback the admin, profiler and database browser are open, as the originals were', async () => {
  const db = await createTestDatabase('sqlite')
  const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr' })
  try {
    await f.server.inject({ method: 'POST', url: '/api/ctr/estimates', payload: { estimates: [{ adId: 1, estimatedCVR: 0.1 }] } })
    for (const request of PROTECTED) {
      const response = await f.server.inject({ ...request })
      assert.ok(response.statusCode < 300, `${request.method} ${request.url}: ${response.statusCode}`)
    }
  } finally {
    await f.close()
    await db.cleanup()
  }
})
