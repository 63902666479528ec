import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createHttpChecker, type HttpChecker } from '../../../src/services/monitor/engine/http-check.ts'
import { RegexPool } from '../../../src/services/monitor/engine/regex-pool.ts'
import { toJsRegex } from '../../../src/services/monitor/regex-syntax.ts'
import { closedPort, startTargetServer, type TargetServer } from './target-server.ts'

let target: TargetServer
let pool: RegexPool
let checker: HttpChecker

before(async () => {
  target = await startTargetServer()
  pool = new RegexPool({ threads: 1, budgetMs: 500 })
  const lookup = ((hostname: string, _options: unknown, callback: (error: Error | null, address?: string, family?: number) => void) => {
    if (hostname === 'localhost') return callback(null, '127.0.0.1', 4)
    callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }))
  }) as never
  checker = createHttpChecker({ maxBodyBytes: 1024 * 1024, maxRedirects: 3, connectionsPerOrigin: 2, userAgent: 'test', regexPool: pool, lookup })
})

after(async () => {
  await checker.close()
  await pool.close()
  await target.close()
})

test('a good page: status, time, and the matches of the regex in the tag-stripped body', async () => {
  const outcome = await checker.check({ url: target.url('/ok'), timeoutMs: 5000, regex: toJsRegex('(\\d+) EUR') })
  assert.equal(outcome.status, 200)
  assert.equal(outcome.error, null)
  assert.deepEqual(outcome.matches, ['42', '7'])
  assert.ok(outcome.durationMs >= 0)
  // Tags are stripped before matching, so a match may span them, as in the original.
  const spanning = await checker.check({ url: target.url('/ok'), timeoutMs: 5000, regex: toJsRegex('Hello Flotilla') })
  assert.deepEqual(spanning.matches, ['Hello Flotilla'])
})

test('an error status is a response, not a failure to connect', async () => {
  const outcome = await checker.check({ url: target.url('/error'), timeoutMs: 5000, regex: null })
  assert.equal(outcome.status, 500)
  assert.equal(outcome.error, null)
  assert.equal(outcome.matches, null)
})

test('redirects are followed, up to the limit; a loop is an error', async () => {
  const ok = await checker.check({ url: target.url('/redirect?n=3'), timeoutMs: 5000, regex: toJsRegex('price') })
  assert.equal(ok.status, 200)
  assert.deepEqual(ok.matches, ['price'])
  const loop = await checker.check({ url: target.url('/loop'), timeoutMs: 5000, regex: null })
  assert.equal(loop.status, null)
  assert.equal(loop.error, 'redirects')
  assert.equal(target.requests.get('/loop'), 4)
})

test('a slow answer and one that never comes time out at the deadline', async () => {
  const slow = await checker.check({ url: target.url('/slow?ms=3000'), timeoutMs: 200, regex: null })
  assert.equal(slow.status, null)
  assert.equal(slow.error, 'timeout')
  const never = await checker.check({ url: target.url('/never'), timeoutMs: 200, regex: null })
  assert.equal(never.error, 'timeout')
})

test('a huge body is read only up to the cap', async () => {
  const outcome = await checker.check({ url: target.url('/huge'), timeoutMs: 10_000, regex: toJsRegex('b') })
  assert.equal(outcome.status, 200)
  assert.equal(outcome.truncated, true)
  assert.deepEqual(outcome.matches, [])
})

test('refused connections and unknown names are told apart', async () => {
  const refused = await checker.check({ url: `http://127.0.0.1:${await closedPort()}/`, timeoutMs: 2000, regex: null })
  assert.equal(refused.error, 'refused')
  const dns = await checker.check({ url: 'http://no-such-host.invalid/', timeoutMs: 2000, regex: null })
  assert.equal(dns.error, 'dns')
})

test('checks of one website reuse its connection', async () => {
  const before = target.connections
  for (let i = 0; i < 5; i++) assert.equal((await checker.check({ url: target.url('/ok'), timeoutMs: 5000, regex: null })).status, 200)
  assert.ok(target.connections - before <= 1, `${target.connections - before} new connections for 5 checks`)
})
