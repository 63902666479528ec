import assert from 'node:assert/strict'
import { test } from 'node:test'
import pino from 'pino'
import Type from 'typebox'
import { createServer, type Server } from '../../../src/kit/http/create-server.ts'
import { NotFoundError } from '../../../src/kit/http/errors.ts'
import { createHttpMetrics, createRegistry } from '../../../src/kit/metrics.ts'

const TOKEN = 'test-token-0123456789abcdef'

async function server(options: { authEnabled?: boolean; ready?: boolean } = {}): Promise<Server> {
  const registry = createRegistry()
  const app = await createServer({
    log: pino({ level: 'silent' }),
    registry,
    httpMetrics: createHttpMetrics(registry),
    auth: { enabled: options.authEnabled ?? false, token: TOKEN, generated: false },
    version: '1.2.3',
    readiness: { database: async () => (options.ready === false ? Promise.reject(new Error('down')) : undefined) },
  })
  app.get('/things/:id', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: Type.Object({ id: Type.Integer() }) } } }, async (request) => {
    if (request.params.id === 404) throw new NotFoundError('no thing 404')
    if (request.params.id === 500) throw new Error('SQLITE_CORRUPT: secret internals at /var/db')
    return { id: request.params.id }
  })
  app.post('/things', { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }) }) } }, async (request) => ({ name: request.body.name }))
  app.post('/lookups', { config: { access: 'read' } }, async () => ({ ok: true }))
  await app.ready()
  return app
}

test('errors share one shape; validation names the field; 5xx never leak internals', async () => {
  const app = await server()
  const invalid = await app.inject({ url: '/things/abc' })
  assert.equal(invalid.statusCode, 400)
  assert.equal(invalid.json().error.code, 'FLOTILLA_VALIDATION')
  assert.match(invalid.json().error.message, /params\.id/)

  const body = await app.inject({ method: 'POST', url: '/things', payload: { name: '' } })
  assert.equal(body.statusCode, 400)
  assert.match(body.json().error.message, /body\.name/)

  const missing = await app.inject({ url: '/things/404' })
  assert.deepEqual(missing.json(), { error: { code: 'FLOTILLA_NOT_FOUND', message: 'no thing 404' } })

  const crash = await app.inject({ url: '/things/500' })
  assert.equal(crash.statusCode, 500)
  assert.equal(crash.json().error.code, 'FLOTILLA_INTERNAL')
  assert.doesNotMatch(crash.body, /SQLITE|secret|\/var/)

  const noRoute = await app.inject({ url: '/nowhere' })
  assert.equal(noRoute.statusCode, 404)
  assert.equal(noRoute.json().error.code, 'FLOTILLA_ROUTE_NOT_FOUND')

  const badJson = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' })
  assert.equal(badJson.statusCode, 400)
  assert.ok(badJson.json().error.code)
  await app.close()
})

test('request ids: one is made, or the caller\u2019s is kept', async () => {
  const app = await server()
  const made = await app.inject({ url: '/things/1' })
  assert.match(String(made.headers['x-request-id']), /^[0-9a-f-]{36}$/)
  const crash = await app.inject({ url: '/things/500', headers: { 'x-request-id': 'abc-123' } })
  assert.match(crash.json().error.message, /abc-123/)
  assert.equal(crash.headers['x-request-id'], 'abc-123')
  await app.close()
})

test('health, readiness, metrics by route template, OpenAPI', async () => {
  const app = await server()
  assert.deepEqual((await app.inject({ url: '/healthz' })).json(), { status: 'ok' })
  assert.deepEqual((await app.inject({ url: '/readyz' })).json(), { status: 'ok', checks: { database: 'ok' } })
  await app.inject({ url: '/things/7' })
  await app.inject({ url: '/things/8' })
  const metrics = (await app.inject({ url: '/metrics' })).body
  assert.match(metrics, /flotilla_http_requests_total\{method="GET",route="\/things\/:id",status="200"\} 2/)
  assert.doesNotMatch(metrics, /things\/7/)
  assert.match(metrics, /process_cpu_seconds_total/)
  const doc = (await app.inject({ url: '/openapi.json' })).json()
  assert.equal(doc.info.version, '1.2.3')
  assert.ok(doc.paths['/things/{id}'])
  assert.equal((await app.inject({ url: '/docs/' })).statusCode, 200)
  await app.close()

  const down = await server({ ready: false })
  const readyz = await down.inject({ url: '/readyz' })
  assert.equal(readyz.statusCode, 503)
  assert.deepEqual(readyz.json(), { status: 'unavailable', checks: { database: 'unavailable' } })
  await down.close()
})

test('on loopback everything is open', async () => {
  const app = await server({ authEnabled: false })
  assert.equal((await app.inject({ method: 'POST', url: '/things', payload: { name: 'a' } })).statusCode, 200)
  await app.close()
})

test('off loopback: writes need the token or a session with the CSRF header; reads stay open', async () => {
  const app = await server({ authEnabled: true })
  assert.equal((await app.inject({ url: '/things/1' })).statusCode, 200)
  assert.equal((await app.inject({ method: 'POST', url: '/lookups' })).statusCode, 200)
  const anonymous = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a' } })
  assert.equal(anonymous.statusCode, 401)
  assert.equal(anonymous.json().error.code, 'FLOTILLA_UNAUTHORIZED')
  const wrong = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a' }, headers: { authorization: 'Bearer nope' } })
  assert.equal(wrong.statusCode, 401)
  const bearer = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a' }, headers: { authorization: `Bearer ${TOKEN}` } })
  assert.equal(bearer.statusCode, 200)

  assert.equal((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { token: 'wrong' } })).statusCode, 401)
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { token: TOKEN } })
  assert.equal(login.statusCode, 200)
  const cookie = login.cookies.find((c) => c.name === 'flotilla_session')
  assert.ok(cookie)
  assert.equal(cookie.httpOnly, true)
  assert.equal(cookie.sameSite, 'Strict')
  const cookies = { flotilla_session: cookie.value }
  const noCsrf = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a' }, cookies })
  assert.equal(noCsrf.statusCode, 403)
  const withCsrf = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a' }, cookies, headers: { 'x-flotilla-csrf': '1' } })
  assert.equal(withCsrf.statusCode, 200)
  const forged = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a' }, cookies: { flotilla_session: `${Date.now() + 1e6}.forged` }, headers: { 'x-flotilla-csrf': '1' } })
  assert.equal(forged.statusCode, 401)
  await app.close()
})

test('login attempts are rate limited', async () => {
  const app = await server({ authEnabled: true })
  const codes: number[] = []
  for (let i = 0; i < 12; i++) codes.push((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { token: 'guess' } })).statusCode)
  assert.deepEqual(codes.slice(0, 10), Array(10).fill(401))
  assert.equal(codes[11], 429)
  await app.close()
})
